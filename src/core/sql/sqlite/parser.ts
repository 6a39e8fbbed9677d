import type { Database, SqlJsStatic } from 'sql.js';
import { checkDeadline, type Deadline } from '../../deadline';
import { isSqliteSyntaxError, loadSqlJs } from '../../engines/sqlite/engine';
import { SQLITE_FUNCTION_VOLATILITY } from '../../engines/sqlite/functions';
import type { Operation } from '../../operations';
import { nspError } from '../mysql/parser';
import { isAstNode } from '../nsp/ast';
import { mapNspStatement, type NspMapContext } from '../nsp/map';
import { LineIndex } from '../positions';
import { splitStatements, type RawStatement } from '../split';
import { MAX_GRAMMAR_STATEMENT_CHARS, tooLargeReason, type DialectParser, type ParsedFile, type ParsedStatement, type StatementError } from '../statement';
import { recognizeSqlite } from './recognize';
import { recordSchemaStatements, replaySchemaStatement } from './schema';

interface NspParser {
  astify(sql: string, opt: { database: string }): unknown;
  exprToSQL(expr: unknown, opt: { database: string }): string;
}

/**
 * SQLite: node-sql-parser's sqlite grammar maps statements to operations, and the real
 * engine (sql.js) decides what is a syntax error. node-sql-parser rejects valid SQLite
 * (PRAGMA, BEGIN TRANSACTION, the ALTER forms of 3.53), so a statement is reported only
 * when SQLite's own parser rejects it too. DDL is replayed (never a query: see
 * `replaySchemaStatement`) against an empty in-memory database as the file goes, so later
 * statements are checked against the schema known so far.
 */
export async function loadSqliteParser(): Promise<DialectParser> {
  const SQL = await loadSqlJs();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('node-sql-parser/build/sqlite') as { Parser: new () => NspParser };
  const parser = new mod.Parser();
  return { dialect: 'sqlite', parse: (text, options) => parseFile(SQL, parser, text, options?.deadline) };
}

/** Statements that change the schema and are replayed on the scratch database. */
const SCHEMA_STATEMENT = /^\s*(CREATE|ALTER|DROP)\b/i;

function parseFile(SQL: SqlJsStatic, parser: NspParser, text: string, deadline?: Deadline): ParsedFile {
  const lines = new LineIndex(text);
  const { statements: raw, comments } = splitStatements(text, 'sqlite');
  const db = new SQL.Database();
  const schema: { index: number; sql: string }[] = [];
  try {
    const statements = raw.map((r, index) => {
      checkDeadline(deadline);
      const parsed = parseStatement(db, parser, r, index, lines);
      if (!parsed.error && SCHEMA_STATEMENT.test(r.text) && replaySchemaStatement(db, r.text)) schema.push({ index, sql: r.text });
      return parsed;
    });
    const file: ParsedFile = { dialect: 'sqlite', text, lines, statements, comments };
    recordSchemaStatements(file, SQL, schema);
    return file;
  } finally {
    db.close();
  }
}

function parseStatement(db: Database, parser: NspParser, raw: RawStatement, index: number, lines: LineIndex): ParsedStatement {
  const base = { index, start: raw.start, end: raw.end, text: raw.text, range: lines.range(raw.start, raw.end) };
  const ctx: NspMapContext = {
    statementIndex: index,
    sqlOf: (expr) => parser.exprToSQL(expr, { database: 'sqlite' }),
    functionVolatility: (name) => SQLITE_FUNCTION_VOLATILITY[name],
  };
  const engineError = syntaxErrorFromEngine(db, raw);
  const recognized = recognizeSqlite(raw.text, index);
  if (raw.text.length > MAX_GRAMMAR_STATEMENT_CHARS) {
    if (recognized) return { ...base, operations: recognized };
    if (engineError) return { ...base, operations: [], error: engineError };
    return { ...base, operations: [], notAnalysed: tooLargeReason(raw.text.length) };
  }
  let operations: Operation[] | undefined;
  let grammarError: StatementError | undefined;
  try {
    const out = parser.astify(raw.text, { database: 'sqlite' });
    operations = (Array.isArray(out) ? out : [out]).filter(isAstNode).flatMap((a) => mapNspStatement(a, ctx));
  } catch (err) {
    grammarError = nspError(err);
  }
  // Forms SQLite itself rejects but that name a change the rules can explain (ALTER COLUMN TYPE…).
  if (recognized && (engineError || !operations)) return { ...base, operations: recognized };
  if (engineError) return { ...base, operations: [], error: engineError };
  if (operations) return { ...base, operations };
  // SQLite accepted what the grammar did not: keep the statement, modelled as `other`.
  void grammarError;
  return { ...base, operations: [{ kind: 'other', statementIndex: index, tag: raw.text.trim().split(/\s+/)[0]!.toLowerCase() }] };
}

/** SQLite's verdict on the statement's syntax; errors about unknown tables or columns are not syntax errors. */
function syntaxErrorFromEngine(db: Database, raw: RawStatement): StatementError | undefined {
  try {
    db.prepare(raw.text).free();
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!isSqliteSyntaxError(message)) return undefined;
    return { message: `SQLite: ${message}`, offset: raw.start + nearOffset(raw.text, message) };
  }
}

/** `near "FOO": syntax error` → where FOO starts in the statement. */
function nearOffset(text: string, message: string): number {
  const m = /near "([^"]*)"/.exec(message);
  if (!m) return /incomplete input/.test(message) ? Math.max(0, text.length - 1) : 0;
  const at = text.indexOf(m[1]!);
  return at < 0 ? 0 : at;
}
