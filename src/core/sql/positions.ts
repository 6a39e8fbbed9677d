import type { Position, Range } from '../types';

/**
 * Converts offsets in a text to 1-based line/column positions.
 * Built once per file; lookups are a binary search over line starts.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    // Line breaks as editors count them: LF, CRLF and a lone CR (old Mac files).
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */ || (code === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { offset: clamped, line: lo + 1, column: clamped - this.lineStarts[lo]! + 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/**
 * libpg_query reports locations as UTF-8 byte offsets; editors want UTF-16 indexes.
 * For pure-ASCII text the two agree and the conversion is skipped.
 */
export function byteToCharOffset(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => b;
  const map: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[bytes + k] = i;
    bytes += width;
    if (code >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return (b) => map[Math.max(0, Math.min(b, bytes))] ?? text.length;
}
