/**
 * Problems in a lockstep.config.json as the editor should underline them: JSON syntax errors
 * at their offset, and the validator's shape errors on the key they name. Without `vscode`,
 * so the unit tests run it.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { validateConfig } from '../core/config';

export interface ConfigProblem {
  readonly message: string;
  /** Offsets into the file's text, `[start, end)`. */
  readonly start: number;
  readonly end: number;
}

export function configProblems(text: string): ConfigProblem[] {
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length > 0 || !tree) {
    return syntax.map((e) => ({
      message: `lockstep.config.json is not valid JSON (${printParseErrorCode(e.error)}); Lockstep uses its defaults until it is fixed.`,
      start: e.offset,
      end: e.offset + Math.max(1, e.length),
    }));
  }
  const { errors } = validateConfig(JSON.parse(text));
  return errors
    .map((message) => {
      const node = keyNode(tree, keyPath(message));
      return { message: `${message}; this entry is ignored.`, start: node?.offset ?? 0, end: node ? node.offset + node.length : 1 };
    })
    .sort((a, b) => a.start - b.start);
}

/**
 * The key a validator message is about: it starts with the key in quotes (`"rules.foo" must…`,
 * `"tables.users.rows" …`), and an unknown name follows in quotes (`"rules": unknown rule "x"`).
 */
function keyPath(message: string): string[] {
  const quoted = [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  if (quoted.length === 0) return [];
  const path = quoted[0]!.split('.');
  if (/^"[^"]*": unknown /.test(message) && quoted[1] !== undefined) path.push(quoted[1]);
  return path;
}

/** The property's key node for `path`, or the nearest ancestor that exists. */
function keyNode(tree: Node, path: readonly string[]): Node | undefined {
  for (let n = path.length; n > 0; n--) {
    const value = findNodeAtLocation(tree, path.slice(0, n));
    const key = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
    if (key) return key;
  }
  return undefined;
}
