import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

/*
 * Host languages other than Ruby and JavaScript are parsed with tree-sitter, using the
 * grammars VS Code itself ships (@vscode/tree-sitter-wasm): one runtime, one package, a
 * parser made for editors (error-tolerant, incremental, UTF-16 offsets). The runtime and a
 * grammar load asynchronously once; after `loadGrammar` resolves, `grammarParser` parses
 * synchronously, so an adapter's `read` stays a plain call per keystroke.
 */

export type Grammar = 'python' | 'php' | 'c-sharp' | 'typescript' | 'elixir';
export type SyntaxNode = TreeSitter.Node;

type Runtime = typeof TreeSitter;

let runtime: Promise<Runtime> | undefined;
const languages = new Map<Grammar, Promise<TreeSitter.Language>>();
const parsers = new Map<Grammar, TreeSitter.Parser>();

/** The package's `wasm/` folder, else beside the bundle (the extension ships the files in dist/). */
function wasmDir(): string {
  try {
    return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  } catch {
    return __dirname;
  }
}

/**
 * Where a grammar's WASM file is. VS Code's set has no Elixir grammar; the grammar's own
 * package (tree-sitter-elixir, maintained by the Elixir team) publishes one built for the
 * same runtime.
 */
function grammarFile(grammar: Grammar): string {
  if (grammar === 'elixir') {
    try {
      return join(dirname(require.resolve('tree-sitter-elixir/package.json')), 'tree-sitter-elixir.wasm');
    } catch {
      return join(__dirname, 'tree-sitter-elixir.wasm');
    }
  }
  return join(wasmDir(), `tree-sitter-${grammar}.wasm`);
}

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('@vscode/tree-sitter-wasm') as Runtime;
    const dir = wasmDir();
    await ts.Parser.init({ locateFile: (file: string) => join(dir, file) });
    return ts;
  })();
  return runtime;
}

/** Loads a grammar (once); afterwards {@link grammarParser} returns its parser synchronously. */
export async function loadGrammar(grammar: Grammar): Promise<void> {
  if (parsers.has(grammar)) return;
  const ts = await loadRuntime();
  let language = languages.get(grammar);
  if (!language) {
    language = ts.Language.load(readFileSync(grammarFile(grammar)));
    languages.set(grammar, language);
  }
  const lang = await language;
  if (!parsers.has(grammar)) {
    const parser = new ts.Parser();
    parser.setLanguage(lang);
    parsers.set(grammar, parser);
  }
}

/** The loaded parser for a grammar, or undefined until {@link loadGrammar} has resolved. */
export function grammarParser(grammar: Grammar): TreeSitter.Parser | undefined {
  return parsers.get(grammar);
}

const queries = new Map<string, TreeSitter.Query>();

/**
 * The nodes a query captures (`(comment) @c`), found inside the WASM runtime: far cheaper
 * than walking every node from JavaScript, where each node access crosses into WASM.
 */
export function captures(grammar: Grammar, source: string, node: SyntaxNode): SyntaxNode[] {
  const key = `${grammar}\u0000${source}`;
  let query = queries.get(key);
  if (!query) {
    const language = parsers.get(grammar)?.language;
    if (!language) return [];
    const ts = require('@vscode/tree-sitter-wasm') as Runtime; // eslint-disable-line @typescript-eslint/no-require-imports
    query = new ts.Query(language, source);
    queries.set(key, query);
  }
  return query.captures(node).map((c) => c.node);
}

/** Children that carry meaning (no punctuation, no comments). */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
}
