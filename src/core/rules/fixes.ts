import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { quoteIdentifier, quoteQualified } from '../engines/identifiers';
import { tokenize } from '../sql/tokens';
import type { TextEdit } from '../types';
import type { FileState, Fix } from './types';

/**
 * Building blocks for fixes. Fixes are plain text edits on the original file, so they
 * keep the user's formatting and comments everywhere they do not touch.
 */

/** Offset just past the statement's terminating semicolon (or its end when there is none). */
function afterSemicolon(file: ParsedFile, statement: ParsedStatement): number {
  const m = /^\s*;/.exec(file.text.slice(statement.end));
  return m ? statement.end + m[0].length : statement.end;
}

/** The statement's whole line span: from its line start to past its semicolon and newline. */
export function statementLines(file: ParsedFile, statement: ParsedStatement): { start: number; end: number } {
  const start = file.lines.lineStart(statement.range.start.line);
  const leading = file.text.slice(start, statement.start);
  const from = /^\s*$/.test(leading) ? start : statement.start;
  let end = afterSemicolon(file, statement);
  const rest = /^[ \t]*\r?\n/.exec(file.text.slice(end));
  if (rest) end += rest[0].length;
  return { start: from, end };
}

/** The indentation of the statement's first line. */
function indentOf(file: ParsedFile, statement: ParsedStatement): string {
  const start = file.lines.lineStart(statement.range.start.line);
  return /^[ \t]*/.exec(file.text.slice(start, statement.start))![0];
}

/**
 * A fix's line as written at `indent`. A `--` comment line that quotes the user's names
 * stays one comment even when a quoted name holds a line break: every line it spans is
 * commented, so nothing of the name becomes SQL.
 */
function fixLine(line: string, indent: string): string {
  if (!line.startsWith('--')) return `${indent}${line}`;
  return `${indent}${line.replace(/\r\n|\r|\n/g, `\n${indent}-- `)}`;
}

/** Insert whole lines above the statement, at its indentation. */
export function insertLinesBefore(file: ParsedFile, statement: ParsedStatement, lines: readonly string[]): TextEdit {
  const indent = indentOf(file, statement);
  const at = file.lines.lineStart(statement.range.start.line);
  const onOwnLine = /^\s*$/.test(file.text.slice(at, statement.start));
  const text = lines.map((l) => `${fixLine(l, indent)}\n`).join('');
  return onOwnLine ? { start: at, end: at, text } : { start: statement.start, end: statement.start, text: `\n${text}${indent}` };
}

/**
 * Text to insert after a statement so that new statements can follow it: a `;` when the
 * statement has none (the last statement of a file may omit it).
 */
function terminator(file: ParsedFile, statement: ParsedStatement): string {
  return afterSemicolon(file, statement) === statement.end ? ';' : '';
}

/** Insert text after the statement's semicolon, keeping whatever followed it on that line on a line of its own. */
export function insertAfterStatement(file: ParsedFile, statement: ParsedStatement, text: string): TextEdit {
  const at = afterSemicolon(file, statement);
  const blanks = /^[ \t]*/.exec(file.text.slice(at, at + 4096))![0].length;
  const next = file.text[at + blanks];
  // Another statement on the same line would otherwise be glued to, or commented out by, the insertion: it moves to a line of its own.
  if (next === undefined || next === '\n' || next === '\r') return { start: at, end: at, text: `${terminator(file, statement)}${text}` };
  return { start: at, end: at + blanks, text: `${terminator(file, statement)}${text}\n${indentOf(file, statement)}` };
}

/** Insert whole lines after the statement's semicolon, at its indentation. */
export function insertLinesAfter(file: ParsedFile, statement: ParsedStatement, lines: readonly string[]): TextEdit {
  const indent = indentOf(file, statement);
  return insertAfterStatement(file, statement, lines.map((l) => `\n${fixLine(l, indent)}`).join(''));
}

/** Insert `text` right after the first keyword `word` (case-insensitive) in the statement. */
export function insertAfterWord(statement: ParsedStatement, word: string, text: string, occurrence = 0): TextEdit | undefined {
  const matches = tokenize(statement.text).filter((t) => t.kind === 'word' && t.upper === word.toUpperCase());
  const token = matches[occurrence];
  if (!token) return undefined;
  const at = statement.start + token.end;
  return { start: at, end: at, text };
}

/** Replace the statement's text (not its semicolon). */
export function replaceStatement(statement: ParsedStatement, text: string): TextEdit {
  return { start: statement.start, end: statement.end, text };
}

/**
 * The statement that closes the explicit transaction the given statement sits in
 * (the next COMMIT, ROLLBACK or END), if any.
 */
export function closingStatement(file: ParsedFile, statement: ParsedStatement): ParsedStatement | undefined {
  return file.statements.find((s) => s.index > statement.index && s.operations.some((op) => op.kind === 'transaction' && op.action !== 'begin'));
}

/**
 * Moves a statement (rewritten as `sql`) out of its explicit transaction: removed from
 * its place and re-inserted after the closing COMMIT. Returns undefined when the
 * transaction is not explicit in this file.
 */
export function moveAfterTransaction(file: ParsedFile, statement: ParsedStatement, sql: string, extra: readonly string[] = []): TextEdit[] | undefined {
  const closing = closingStatement(file, statement);
  if (!closing) return undefined;
  const span = statementLines(file, statement);
  return [{ start: span.start, end: span.end, text: '' }, insertAfterStatement(file, closing, ['', '', `${sql};`, ...extra].join('\n'))];
}

/** Quote an identifier only when PostgreSQL would need it. */
export function ident(name: string): string {
  return quoteIdentifier('postgresql', name);
}

/** A table name as SQL, schema-qualified when it was written that way. */
export function tableSql(table: { readonly schema?: string; readonly name: string }): string {
  return quoteQualified('postgresql', table);
}

/** The statement's SQL with one of its own edits applied (for moving a fixed statement elsewhere). */
function editedStatementSql(statement: ParsedStatement, edit: TextEdit): string {
  const from = edit.start - statement.start;
  const to = edit.end - statement.start;
  return statement.text.slice(0, from) + edit.text + statement.text.slice(to);
}

/**
 * Removes one inline column constraint — `[CONSTRAINT name] UNIQUE` or
 * `[CONSTRAINT name] CHECK (…)` — from a single-column statement, so it can be added on its
 * own afterwards. Undefined when the keyword is not there exactly once at the top level or
 * carries options the separate form would have to repeat (NULLS, USING INDEX, WITH, NO INHERIT).
 */
export function removeInlineConstraint(statement: ParsedStatement, keyword: 'UNIQUE' | 'CHECK'): { edit: TextEdit; name?: string; body?: string } | undefined {
  const tokens = tokenize(statement.text);
  const hits = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.kind === 'word' && t.upper === keyword && t.depth === 0);
  if (hits.length !== 1) return undefined;
  const { i } = hits[0]!;
  let from = i;
  let name: string | undefined;
  const before = tokens[i - 2];
  if (before?.kind === 'word' && before.upper === 'CONSTRAINT' && tokens[i - 1]) {
    from = i - 2;
    const n = tokens[i - 1]!;
    name = n.kind === 'quoted' ? n.text.slice(1, -1).replace(/""/g, '"') : n.text.toLowerCase();
  }
  let to = i;
  let body: string | undefined;
  if (keyword === 'CHECK') {
    const open = tokens[i + 1];
    if (open?.text !== '(') return undefined;
    const closeIndex = tokens.findIndex((t, k) => k > i + 1 && t.text === ')' && t.depth === open.depth);
    if (closeIndex < 0) return undefined;
    body = statement.text.slice(open.end, tokens[closeIndex]!.start).trim();
    to = closeIndex;
  }
  const next = tokens[to + 1];
  if (next && next.kind === 'word' && ['NULLS', 'USING', 'WITH', 'NO', 'INCLUDE', 'DEFERRABLE', 'INITIALLY', 'NOT'].includes(next.upper)) {
    // `NOT NULL` after the constraint is another constraint; `NOT DEFERRABLE` / `NOT ENFORCED` belong to this one.
    if (!(next.upper === 'NOT' && tokens[to + 2]?.upper === 'NULL')) return undefined;
  }
  if (next && next.kind === 'word' && keyword === 'UNIQUE' && next.upper === 'NULLS') return undefined;
  // Take the whitespace before the constraint with it, so the column definition reads as if it was never there.
  let start = tokens[from]!.start;
  while (start > 0 && /\s/.test(statement.text[start - 1]!)) start--;
  return {
    edit: { start: statement.start + start, end: statement.start + tokens[to]!.end, text: '' },
    ...(name ? { name } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

/**
 * A fix that turns a statement into its CONCURRENTLY form with `edit`. Outside any
 * transaction the edit is enough; inside a BEGIN … COMMIT written in the file the rewritten
 * statement also moves after the COMMIT. Inside a runner's transaction there is nowhere in the
 * file to move it: undefined.
 */
export function concurrentlyFix(file: ParsedFile, statement: ParsedStatement, state: FileState, edit: TextEdit, title: string): Fix | undefined {
  if (!state.inTransaction) return { title, edits: [edit] };
  if (!state.explicitTransaction || state.implicitTransaction) return undefined;
  const moved = moveAfterTransaction(file, statement, editedStatementSql(statement, edit));
  return moved ? { title: `${title}, after the transaction commits`, edits: moved } : undefined;
}
