import type { Span } from './scan';

/** Which SQL quote the text written so far leaves open; carried across the parts of one piece of SQL. */
export interface QuoteState {
  quote: string | null;
}

interface Unit {
  /** What the source stands for: one character, or '' for a line continuation. */
  readonly value: string;
  readonly at: number;
  readonly length: number;
}

const QUOTES = new Set(["'", '"', '`']);

/**
 * Writes the value of a literal's part (its JavaScript escapes applied) into `out`, which
 * holds the host text from offset `base` on, so every character keeps its place in the file.
 * An escape is longer than the character it stands for, so spaces pad it; where they go
 * matters for quotes: an escaped opening quote is padded before (` "name`), a closing one
 * after (`name" `), so the padding never lands inside a quoted identifier or string.
 * Escaped line breaks become spaces, because a real line break would shift every line
 * below; their offsets are returned so a SQL line comment can be ended there.
 */
export function cookPart(text: string, part: Span, out: string[], base: number, state: QuoteState): number[] {
  const units = unitsOf(text, part);
  const softBreaks: number[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u.value === '\n' && u.length > 1) softBreaks.push(u.at);
    if (!QUOTES.has(u.value)) {
      write(out, u, base, 'after');
      continue;
    }
    if (state.quote === null) {
      state.quote = u.value;
      write(out, u, base, 'before');
    } else if (state.quote !== u.value) {
      write(out, u, base, 'after');
    } else if (units[k + 1]?.value === u.value) {
      // A doubled quote inside a quoted section: keep the pair together.
      write(out, u, base, 'before');
      write(out, units[++k]!, base, 'after');
    } else {
      state.quote = null;
      write(out, u, base, 'after');
    }
  }
  return softBreaks;
}

function write(out: string[], u: Unit, base: number, pad: 'before' | 'after'): void {
  const at = u.at - base;
  if (u.value === '') {
    out[at] = ' '; // a line continuation's backslash; the line break after it is its own unit
    return;
  }
  const value = u.length === 1 ? u.value : printable(u.value);
  const chars = value.length <= u.length ? value : '\ufffd'.repeat(u.length);
  const offset = pad === 'before' ? u.length - chars.length : 0;
  for (let k = 0; k < u.length; k++) {
    const c = chars[k - offset];
    out[at + k] = k >= offset && c !== undefined ? c : ' ';
  }
}

/** Escaped control characters (tabs, line breaks) read as a space in SQL. */
function printable(value: string): string {
  return value.length === 1 && value.charCodeAt(0) < 0x20 ? ' ' : value;
}

const SIMPLE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', v: '\v', f: '\f', b: '\b' };

function unitsOf(text: string, part: Span): Unit[] {
  const units: Unit[] = [];
  let i = part.start;
  while (i < part.end) {
    const c = text[i]!;
    if (c !== '\\') {
      units.push({ value: c, at: i, length: 1 });
      i++;
      continue;
    }
    const e = escapeAt(text, i, part.end);
    units.push({ value: e.value, at: i, length: e.length });
    i += e.length;
  }
  return units;
}

function escapeAt(text: string, at: number, end: number): { length: number; value: string } {
  const next = text[at + 1];
  if (next === undefined || at + 1 >= end) return { length: 1, value: '\\' };
  if (next === '\n' || next === '\r' || next === '\u2028' || next === '\u2029') return { length: 1, value: '' }; // line continuation
  if (next in SIMPLE) return { length: 2, value: SIMPLE[next]! === '\r' ? '\n' : SIMPLE[next]! };
  if (next === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(at + 2, Math.min(end, at + 4)));
    if (hex) return { length: 4, value: String.fromCharCode(parseInt(hex[0], 16)) };
  }
  if (next === 'u') {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(at + 2, Math.min(end, at + 10)));
    if (braced) return { length: 2 + braced[0].length, value: codePoint(parseInt(braced[1]!, 16)) };
    const hex = /^[0-9a-fA-F]{4}/.exec(text.slice(at + 2, Math.min(end, at + 6)));
    if (hex) return { length: 6, value: String.fromCharCode(parseInt(hex[0], 16)) };
  }
  if (next === '0' && !/[0-9]/.test(text[at + 2] ?? '')) return { length: 2, value: '\0' };
  return { length: 2, value: next };
}

function codePoint(n: number): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}
