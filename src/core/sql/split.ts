import type { Dialect } from '../types';

/** One statement's text as it stands in the file, without the terminating semicolon. */
export interface RawStatement {
  /** 0-based UTF-16 offset of the statement's first significant character. */
  readonly start: number;
  /** Offset just past its last significant character (before any `;`). */
  readonly end: number;
  readonly text: string;
}

/** A comment found between or inside statements, kept for suppression directives. */
export interface SourceComment {
  readonly start: number;
  readonly end: number;
  /** The comment's body without its `--`, `#` or `/* *\/` markers, trimmed. */
  readonly body: string;
}

export interface SplitResult {
  readonly statements: RawStatement[];
  readonly comments: SourceComment[];
}

interface LexState {
  readonly text: string;
  readonly dialect: Dialect;
  i: number;
}

/**
 * Splits SQL text into statements on top-level semicolons, skipping over strings,
 * quoted identifiers, dollar quotes, comments and compound bodies (`BEGIN ATOMIC … END`,
 * SQLite/MySQL trigger bodies). It never throws: unterminated quotes run to the end of
 * the text, so a broken statement stays one statement and the parser reports it.
 */
export function splitStatements(text: string, dialect: Dialect = 'postgresql'): SplitResult {
  const statements: RawStatement[] = [];
  const comments: SourceComment[] = [];
  const st: LexState = { text, dialect, i: 0 };
  let stmtStart = -1;
  let lastSignificant = -1;
  let words: string[] = []; // leading keywords of the current statement, upper-cased
  let blockDepth = 0; // BEGIN … END nesting inside a compound body
  // The mysql client's `DELIMITER //` command: statements end at `//` until `DELIMITER ;`.
  const clientDelimiters = dialect === 'mysql' || dialect === 'mariadb';
  let delimiter = ';';
  let copyFromStdin = false; // PostgreSQL `COPY … FROM STDIN`: its rows follow the statement

  const flush = (): void => {
    if (stmtStart >= 0) {
      statements.push({ start: stmtStart, end: lastSignificant, text: text.slice(stmtStart, lastSignificant) });
    }
    stmtStart = -1;
    lastSignificant = -1;
    words = [];
    blockDepth = 0;
    copyFromStdin = false;
  };

  while (st.i < text.length) {
    const ch = text[st.i]!;
    const next = text[st.i + 1];

    if (ch === '-' && next === '-') {
      comments.push(readLineComment(st, 2));
      continue;
    }
    if (ch === '#' && (dialect === 'mysql' || dialect === 'mariadb')) {
      comments.push(readLineComment(st, 1));
      continue;
    }
    if (ch === '/' && next === '*') {
      comments.push(readBlockComment(st, dialect === 'postgresql'));
      continue;
    }
    const code = text.charCodeAt(st.i);
    if (code === 32 || code === 10 || code === 9 || code === 13 || (code > 127 && /\s/.test(ch))) {
      st.i++;
      continue;
    }
    if (clientDelimiters && stmtStart < 0 && (ch === 'D' || ch === 'd')) {
      const command = readDelimiterCommand(text, st.i);
      if (command) {
        delimiter = command.delimiter;
        st.i = command.end;
        continue;
      }
    }
    if (delimiter !== ';') {
      if (text.startsWith(delimiter, st.i)) {
        flush();
        st.i += delimiter.length;
        continue;
      }
    } else if (ch === ';' && blockDepth === 0) {
      const rowsFollow = copyFromStdin;
      flush();
      st.i++;
      // The rows of `COPY … FROM STDIN` (pg_dump output) are data, not SQL: skip them.
      if (rowsFollow) st.i = copyDataBlock(text, st.i).next;
      continue;
    }

    if (stmtStart < 0) stmtStart = st.i;
    const tokenStart = st.i;
    if (ch === "'") skipQuoted(st, "'", backslashEscapes(st, tokenStart));
    else if (ch === '"') skipQuoted(st, '"', false);
    else if (ch === '`' && dialect !== 'postgresql') skipQuoted(st, '`', false);
    else if (ch === '[' && dialect === 'sqlite') skipUntil(st, ']');
    else if (ch === '$' && dialect === 'postgresql' && skipDollarQuoted(st)) {
      /* consumed */
    } else if (isWordStartCode(code)) {
      const wordStart = st.i;
      skipWord(st);
      // Only short words can be the keywords that open or close bodies (PROCEDURE is the longest).
      const word = st.i - wordStart <= 9 ? text.slice(wordStart, st.i).toUpperCase() : '';
      if (word) blockDepth = trackBlocks(word, words, blockDepth, dialect);
      if (word === 'STDIN' && dialect === 'postgresql' && words[0] === 'COPY') copyFromStdin = true;
      if (words.length < 8) words.push(word);
    } else st.i++;
    lastSignificant = st.i;
  }
  flush();
  return { statements, comments };
}

/** `DELIMITER x` at the start of a statement, up to the end of its line; the client never sends it. */
function readDelimiterCommand(text: string, at: number): { delimiter: string; end: number } | undefined {
  if (text.slice(at, at + 9).toUpperCase() !== 'DELIMITER') return undefined;
  let i = at + 9;
  if (text[i] !== ' ' && text[i] !== '\t') return undefined;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const start = i;
  while (i < text.length && !/\s/.test(text[i]!)) i++;
  if (i === start) return undefined;
  let end = text.indexOf('\n', i);
  if (end < 0) end = text.length;
  return { delimiter: text.slice(start, i), end };
}

/**
 * The inline rows of a `COPY … FROM STDIN` whose `;` ends just before `after`: from the
 * next line up to the line `\.` (or the end of the text, as psql reads it). `next` is where
 * SQL resumes.
 */
export function copyDataBlock(text: string, after: number): { readonly start: number; readonly end: number; readonly next: number } {
  const nl = text.indexOf('\n', after);
  if (nl < 0) return { start: text.length, end: text.length, next: text.length };
  const start = nl + 1;
  let line = start;
  while (line < text.length) {
    let lineEnd = text.indexOf('\n', line);
    if (lineEnd < 0) lineEnd = text.length;
    const body = text.slice(line, text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    if (body === '\\.') return { start, end: line, next: lineEnd };
    line = lineEnd + 1;
  }
  return { start, end: text.length, next: text.length };
}

function readLineComment(st: LexState, markerLength: number): SourceComment {
  const start = st.i;
  let end = st.text.indexOf('\n', start);
  if (end < 0) end = st.text.length;
  st.i = end;
  return { start, end, body: st.text.slice(start + markerLength, end).trim() };
}

function readBlockComment(st: LexState, nests: boolean): SourceComment {
  const start = st.i;
  let depth = 0;
  while (st.i < st.text.length) {
    if (st.text.startsWith('/*', st.i)) {
      depth = nests || depth === 0 ? depth + 1 : depth;
      st.i += 2;
    } else if (st.text.startsWith('*/', st.i)) {
      depth--;
      st.i += 2;
      if (depth === 0) break;
    } else st.i++;
  }
  const end = st.i;
  const inner = st.text.slice(start + 2, Math.max(start + 2, end - 2));
  return { start, end, body: inner.trim() };
}

/** PostgreSQL's E'…' strings and MySQL's strings treat backslash as an escape. */
function backslashEscapes(st: LexState, quoteAt: number): boolean {
  if (st.dialect === 'mysql' || st.dialect === 'mariadb') return true;
  if (st.dialect !== 'postgresql') return false;
  const prev = st.text[quoteAt - 1];
  return (prev === 'E' || prev === 'e') && !isWordChar(st.text[quoteAt - 2] ?? ' ');
}

function skipQuoted(st: LexState, quote: string, backslash: boolean): void {
  st.i++;
  while (st.i < st.text.length) {
    const c = st.text[st.i]!;
    if (backslash && c === '\\') {
      // A backslash as the file's last character escapes nothing: stay inside the text.
      st.i = Math.min(st.i + 2, st.text.length);
      continue;
    }
    st.i++;
    if (c === quote) {
      if (st.text[st.i] === quote)
        st.i++; // doubled quote is a literal quote
      else return;
    }
  }
}

function skipUntil(st: LexState, close: string): void {
  const end = st.text.indexOf(close, st.i + 1);
  st.i = end < 0 ? st.text.length : end + 1;
}

/** `$$ … $$` or `$tag$ … $tag$`. Returns false when the `$` starts something else (`$1`). */
function skipDollarQuoted(st: LexState): boolean {
  const m = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(st.text.slice(st.i, st.i + 64));
  if (!m) return false;
  if (st.i > 0 && isWordChar(st.text[st.i - 1]!)) return false; // identifier containing `$`
  const tag = m[0];
  const close = st.text.indexOf(tag, st.i + tag.length);
  st.i = close < 0 ? st.text.length : close + tag.length;
  return true;
}

function isWordStartCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code > 127;
}

function isWordCode(code: number): boolean {
  return isWordStartCode(code) || (code >= 48 && code <= 57) || code === 36;
}

function isWordChar(c: string): boolean {
  return isWordCode(c.charCodeAt(0));
}

function skipWord(st: LexState): void {
  while (st.i < st.text.length && isWordCode(st.text.charCodeAt(st.i))) st.i++;
}

/**
 * Semicolons inside compound bodies do not end the statement: PostgreSQL's
 * `BEGIN ATOMIC … END` function bodies and trigger bodies in SQLite/MySQL
 * (`CREATE TRIGGER … BEGIN …; …; END`). Transaction `BEGIN;` never opens a block
 * because it is the statement's first word.
 */
function trackBlocks(word: string, leading: readonly string[], depth: number, dialect: Dialect): number {
  const opensBody =
    word === 'BEGIN' &&
    leading.length > 0 &&
    leading[0] === 'CREATE' &&
    (dialect === 'postgresql' ? true : leading.includes('TRIGGER') || leading.includes('PROCEDURE') || leading.includes('FUNCTION'));
  if (opensBody) return depth + 1;
  if (depth > 0 && (word === 'CASE' || (word === 'BEGIN' && dialect !== 'postgresql'))) return depth + 1;
  if (depth > 0 && word === 'END') return depth - 1;
  return depth;
}
