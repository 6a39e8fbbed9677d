import type { HostComment, HostError } from '../adapter';
import { captures, grammarParser, namedChildren, type SyntaxNode } from '../tree-sitter';

/*
 * Literal Elixir values read from tree-sitter-elixir's syntax tree: what migration calls take
 * as arguments (`:users`, `"free"`, `[:a, :b]`, `null: false`, `{:array, :string}`,
 * `fragment("now()")`). Anything else (a variable, a function call, an interpolation) is
 * `unknown`, so a caller never guesses what runs.
 */

interface Base {
  readonly node: SyntaxNode;
}

export type ExValue =
  | (Base & { kind: 'atom'; value: string })
  | (Base & { kind: 'str'; value: string; offsets: number[]; exact: boolean })
  | (Base & { kind: 'num'; value: number; text: string })
  | (Base & { kind: 'bool'; value: boolean })
  | (Base & { kind: 'nil' })
  | (Base & { kind: 'list'; items: ExValue[]; keywords: Map<string, ExValue> })
  | (Base & { kind: 'tuple'; items: ExValue[] })
  | (Base & { kind: 'map'; empty: boolean })
  | (Base & { kind: 'call'; name: string; args: ExArgs })
  | (Base & { kind: 'unknown' });

/** A call's arguments: positional values, then the trailing keyword list (`null: false, default: 0`). */
export interface ExArgs {
  readonly positional: ExValue[];
  readonly keywords: Map<string, ExValue>;
}

export interface ElixirModule {
  readonly root: SyntaxNode;
  readonly comments: HostComment[];
  readonly errors: HostError[];
}

export function parseElixir(text: string): ElixirModule | undefined {
  const tree = grammarParser('elixir')?.parse(text);
  if (!tree) return undefined;
  const root = tree.rootNode;
  const comments = captures('elixir', '(comment) @c', root).map((n) => ({
    range: { start: n.startIndex, end: n.endIndex },
    body: n.text.replace(/^#\s?/, ''),
  }));
  const errors = root.hasError
    ? captures('elixir', '[(ERROR) (MISSING)] @e', root).map((n) => ({
        start: n.startIndex,
        end: Math.max(n.endIndex, n.startIndex + 1),
        message: 'Elixir syntax error',
      }))
    : [];
  return { root, comments, errors };
}

/** The called name of a call node: `add` for `add :a, :b`, `Repo.query!` for a remote call. */
export function callName(node: SyntaxNode): string | undefined {
  if (node.type !== 'call') return undefined;
  const target = node.childForFieldName('target');
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'dot') return target.text;
  return undefined;
}

/** The `do … end` block of a call, if any. */
export function doBlock(node: SyntaxNode): SyntaxNode | undefined {
  return node.namedChildren.find((c): c is SyntaxNode => c?.type === 'do_block');
}

/** The statements of a `do … end` block, comments left out. */
export function blockStatements(block: SyntaxNode | undefined): SyntaxNode[] {
  return block ? namedChildren(block) : [];
}

export function readArgs(call: SyntaxNode): ExArgs {
  const list = call.namedChildren.find((c): c is SyntaxNode => c?.type === 'arguments');
  const positional: ExValue[] = [];
  const keywords = new Map<string, ExValue>();
  for (const a of list ? namedChildren(list) : []) {
    if (a.type === 'keywords') readKeywords(a, keywords);
    else positional.push(readValue(a));
  }
  return { positional, keywords };
}

function readKeywords(node: SyntaxNode, into: Map<string, ExValue>): void {
  for (const pair of namedChildren(node)) {
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (!key || !value) continue;
    into.set(keywordName(key), readValue(value));
  }
}

/** `null: ` → `null`; `"quoted key": ` → `quoted key`. */
function keywordName(key: SyntaxNode): string {
  const text = key.text.trim().replace(/:$/, '');
  return text.startsWith('"') ? text.slice(1, -1) : text;
}

export function readValue(node: SyntaxNode): ExValue {
  switch (node.type) {
    case 'atom':
      return { kind: 'atom', value: node.text.slice(1), node };
    case 'quoted_atom': {
      const s = readString(node);
      return s.exact ? { kind: 'atom', value: s.value, node } : { kind: 'unknown', node };
    }
    case 'string':
    case 'charlist':
      return { kind: 'str', ...readString(node), node };
    case 'sigil': {
      const name = node.namedChildren.find((c) => c?.type === 'sigil_name')?.text;
      // ~s and ~S are strings; other sigils (~w, ~r, …) are not SQL text.
      return name === 's' || name === 'S' ? { kind: 'str', ...readString(node, name === 'S'), node } : { kind: 'unknown', node };
    }
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? { kind: 'num', value, text: node.text.replace(/_/g, ''), node } : { kind: 'unknown', node };
    }
    case 'boolean':
      return { kind: 'bool', value: node.text === 'true', node };
    case 'nil':
      return { kind: 'nil', node };
    case 'list': {
      const items: ExValue[] = [];
      const keywords = new Map<string, ExValue>();
      for (const c of namedChildren(node)) {
        if (c.type === 'keywords') readKeywords(c, keywords);
        else items.push(readValue(c));
      }
      return { kind: 'list', items, keywords, node };
    }
    case 'tuple':
      return { kind: 'tuple', items: namedChildren(node).map(readValue), node };
    case 'map':
      return { kind: 'map', empty: namedChildren(node).length === 0, node };
    case 'call': {
      const name = callName(node);
      return name && !doBlock(node) ? { kind: 'call', name, args: readArgs(node), node } : { kind: 'unknown', node };
    }
    default:
      return { kind: 'unknown', node };
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', s: ' ', '0': '\0', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * A string's value, with the host offset of each character (one more entry for the end), so
 * a finding in SQL lands in the string. An interpolation (`#{…}`) becomes a placeholder and
 * marks the value inexact.
 */
function readString(node: SyntaxNode, raw = false): { value: string; offsets: number[]; exact: boolean } {
  let value = '';
  const offsets: number[] = [];
  let exact = true;
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === 'quoted_content') {
      for (let i = 0; i < part.text.length; i++) offsets.push(part.startIndex + i);
      value += part.text;
    } else if (part.type === 'escape_sequence' && !raw) {
      const body = part.text.slice(1);
      const ch = ESCAPES[body] ?? (body.length === 1 ? body : undefined);
      if (ch === undefined) exact = false;
      offsets.push(part.startIndex);
      value += ch ?? '?';
    } else if (part.type === 'escape_sequence') {
      for (let i = 0; i < part.text.length; i++) offsets.push(part.startIndex + i);
      value += part.text;
    } else if (part.type === 'interpolation') {
      exact = false;
      const stand = '0';
      offsets.push(part.startIndex);
      value += stand;
    }
  }
  const content = node.namedChildren.filter((c) => c?.type === 'quoted_content' || c?.type === 'escape_sequence' || c?.type === 'interpolation');
  offsets.push(content.length > 0 ? content[content.length - 1]!.endIndex : node.endIndex);
  return { value, offsets, exact };
}

/** An atom's or a string's text: table and column names may be written either way. */
export function name(v: ExValue | undefined): string | undefined {
  if (v?.kind === 'atom') return v.value;
  if (v?.kind === 'str' && v.exact) return v.value;
  return undefined;
}

export function str(v: ExValue | undefined): string | undefined {
  return v?.kind === 'str' && v.exact ? v.value : undefined;
}

export function bool(v: ExValue | undefined): boolean | undefined {
  return v?.kind === 'bool' ? v.value : undefined;
}
