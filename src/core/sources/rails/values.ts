import { N, type RubyNode } from './prism';

/**
 * The value of a Ruby literal as a migration argument: symbols and strings (names, SQL),
 * numbers, booleans, nil, arrays, hashes of options, and `-> { "now()" }` (a default given
 * as SQL). Anything else (a variable, a method call, an interpolation) is `UNKNOWN`: the
 * call is then reported as not analysed rather than guessed.
 */
export type RubyValue =
  | string
  | number
  | boolean
  | null
  | { readonly sym: string }
  | { readonly sql: string }
  | readonly RubyValue[]
  | { readonly hash: ReadonlyMap<string, RubyValue> }
  | typeof UNKNOWN;

export const UNKNOWN: unique symbol = Symbol('unknown');

export function valueOf(node: RubyNode | null | undefined): RubyValue {
  if (!node) return UNKNOWN;
  if (node instanceof N.SymbolNode) return { sym: node.unescaped.value };
  if (node instanceof N.StringNode) return node.unescaped.value;
  if (node instanceof N.IntegerNode || node instanceof N.FloatNode) return Number(node.value);
  if (node instanceof N.TrueNode) return true;
  if (node instanceof N.FalseNode) return false;
  if (node instanceof N.NilNode) return null;
  if (node instanceof N.ArrayNode) {
    const items = node.elements.map(valueOf);
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (node instanceof N.HashNode || node instanceof N.KeywordHashNode) return hashOf(node.elements);
  if (node instanceof N.LambdaNode) return lambdaSql(node.body);
  if (node instanceof N.ParenthesesNode && node.body instanceof N.StatementsNode && node.body.body.length === 1) return valueOf(node.body.body[0]);
  if (node instanceof N.CallNode && node.name === 'lambda' && !node.receiver && node.block instanceof N.BlockNode) return lambdaSql(node.block.body);
  return UNKNOWN;
}

function hashOf(elements: readonly RubyNode[]): RubyValue {
  const map = new Map<string, RubyValue>();
  for (const e of elements) {
    if (!(e instanceof N.AssocNode)) return UNKNOWN; // **splat
    const key = valueOf(e.key);
    const k = nameOf(key);
    if (k === undefined) return UNKNOWN;
    map.set(k, valueOf(e.value));
  }
  return { hash: map };
}

/** `-> { "now()" }`: the SQL expression a default is given as. */
function lambdaSql(body: RubyNode | null): RubyValue {
  if (body instanceof N.StatementsNode && body.body.length === 1) {
    const v = valueOf(body.body[0]);
    if (typeof v === 'string') return { sql: v };
  }
  return UNKNOWN;
}

/** The name a symbol or string stands for. */
export function nameOf(v: RubyValue): string | undefined {
  if (typeof v === 'string') return v;
  if (isSym(v)) return v.sym;
  return undefined;
}

export function isSym(v: RubyValue): v is { readonly sym: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'sym' in v;
}

export function isHash(v: RubyValue): v is { readonly hash: ReadonlyMap<string, RubyValue> } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'hash' in v;
}

export function isSql(v: RubyValue): v is { readonly sql: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'sql' in v;
}
