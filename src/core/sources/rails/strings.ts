import { N, type RubyNode } from './prism';

/** A Ruby string literal's value as SQL, with where each character sits in the host file. */
export interface MappedString {
  readonly sql: string;
  /** Host offset of each character, plus one entry for the end. */
  readonly offsets: readonly number[];
  /** Interpolations (`#{…}`) were replaced by placeholder names: not exactly what runs. */
  readonly inexact: boolean;
  readonly start: number;
  readonly end: number;
}

type Span = (l: { startOffset: number; length: number }) => { start: number; end: number };

/**
 * The SQL of a string literal, heredoc or interpolated string. The value is Prism's
 * (escapes applied, a `<<~` heredoc's indentation removed); each character is matched back
 * to its place in the source so that a syntax error points into the string.
 */
export function mappedString(node: RubyNode, text: string, span: Span): MappedString | undefined {
  if (node instanceof N.StringNode) {
    const content = span(node.contentLoc);
    const { sql, offsets } = align(node.unescaped.value, text, content.start, content.end);
    return { sql, offsets: [...offsets, content.end], inexact: false, ...content };
  }
  if (node instanceof N.InterpolatedStringNode) {
    let sql = '';
    const offsets: number[] = [];
    let inexact = false;
    for (const part of node.parts) {
      if (part instanceof N.StringNode) {
        const content = span(part.contentLoc);
        const a = align(part.unescaped.value, text, content.start, content.end);
        sql += a.sql;
        offsets.push(...a.offsets);
      } else {
        // `#{table}` → `_table___`: an identifier of the same length, so the SQL still parses.
        const s = span(part.location);
        const name = placeholder(text.slice(s.start, s.end), s.end - s.start);
        sql += name;
        for (let i = 0; i < name.length; i++) offsets.push(s.start + i);
        inexact = true;
      }
    }
    const whole = span(node.location);
    const start = offsets[0] ?? whole.start;
    const end = node.closingLoc ? span(node.closingLoc).start : whole.end;
    return { sql, offsets: [...offsets, Math.max(end, offsets[offsets.length - 1] ?? end)], inexact, start, end };
  }
  return undefined;
}

/** Matches each character of `value` to the source between start and end, skipping removed indentation and escapes. */
function align(value: string, text: string, start: number, end: number): { sql: string; offsets: number[] } {
  const offsets: number[] = [];
  let j = start;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    let k = j;
    while (k < end && text[k] !== c && text[k] !== '\\') k++;
    if (k >= end) k = Math.min(j, end);
    offsets.push(k);
    j = text[k] === '\\' ? k + 2 : k + 1;
  }
  return { sql: value, offsets };
}

function placeholder(source: string, length: number): string {
  let name = source.replace(/^#\{|\}$/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
  if (!/^[A-Za-z_]/.test(name)) name = '_' + name;
  return (name + '_'.repeat(length)).slice(0, Math.max(1, length));
}
