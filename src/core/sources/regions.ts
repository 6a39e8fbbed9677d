import type { JsToken, Span } from './scan';

/** What may stand right before a method or function name in a definition. */
const BEFORE_METHOD = new Set(['{', '}', ',', ';', 'async', 'function', 'public', 'private', 'protected', 'static', 'override', '*']);
const BEFORE_PROPERTY = new Set(['{', ',']);
const BEFORE_FIELD = new Set(['{', '}', ';', 'const', 'let', 'var', 'public', 'private', 'protected', 'static', 'override']);
const OPENERS: Readonly<Record<string, number>> = { '(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1 };

export interface FunctionRegion extends Span {
  /** Offset of the function's name token. */
  readonly nameStart: number;
  /** Offset of the body's opening brace, when the body is a block. */
  readonly bodyStart?: number;
}

/**
 * The definitions of a migration direction (`up` or `down`) in the forms the frameworks
 * use: class methods (`async up(queryRunner) {`), object methods and properties
 * (`down: async (queryInterface) => {`), `exports.down = function (knex) {…}`,
 * `export async function down(db) {…}` and `export const down = …`. Each region runs from
 * the name to the end of the function body (or of an expression body).
 */
export function functionRegions(tokens: readonly JsToken[], name: string): FunctionRegion[] {
  const out: FunctionRegion[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word' || t.value !== name || !isDefinition(tokens, k)) continue;
    const region = bodyAfter(tokens, k);
    out.push(region);
    while (k + 1 < tokens.length && tokens[k + 1]!.start < region.end) k++;
  }
  return out;
}

function isDefinition(tokens: readonly JsToken[], k: number): boolean {
  const prev = tokens[k - 1]?.value;
  const next = tokens[k + 1]?.value;
  if (next === '(') return prev === undefined || BEFORE_METHOD.has(prev);
  if (next === ':') return prev !== undefined && BEFORE_PROPERTY.has(prev);
  if (next === '=') {
    if (prev === '.') return tokens[k - 2]?.value === 'exports';
    return prev === undefined || BEFORE_FIELD.has(prev);
  }
  return false;
}

/** From the name at `k`: the first block at depth 0 is the body; otherwise the expression's end. */
function bodyAfter(tokens: readonly JsToken[], k: number): FunctionRegion {
  const nameStart = tokens[k]!.start;
  let depth = 0;
  for (let j = k + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'punct' && !(t.kind === 'word' && depth === 0 && j > k + 2 && /^(exports|module|export)$/.test(t.value))) continue;
    if (t.kind === 'word') return { start: nameStart, nameStart, end: tokens[j - 1]!.end };
    if (depth === 0 && t.value === '{') {
      const close = matching(tokens, j);
      return { start: nameStart, nameStart, bodyStart: t.start, end: close };
    }
    if (depth === 0 && (t.value === ';' || t.value === ',')) return { start: nameStart, nameStart, end: t.start };
    depth += OPENERS[t.value] ?? 0;
    if (depth < 0) return { start: nameStart, nameStart, end: t.start };
  }
  return { start: nameStart, nameStart, end: tokens[tokens.length - 1]?.end ?? nameStart };
}

/** Offset just past the brace that closes the one at `open`. */
function matching(tokens: readonly JsToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    depth += OPENERS[t.value] ?? 0;
    if (depth === 0) return t.end;
  }
  return tokens[tokens.length - 1]!.end;
}

export function within(spans: readonly Span[], offset: number): boolean {
  return spans.some((s) => offset >= s.start && offset < s.end);
}
