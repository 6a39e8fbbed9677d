import { MYSQL_FUNCTION_VOLATILITY } from '../../engines/mysql/functions';
import { checkDeadline, type Deadline } from '../../deadline';
import type { MysqlClauses, Operation } from '../../operations';
import { isAstNode, type AstNode } from '../nsp/ast';
import { mapNspStatement, withClauses, type NspMapContext } from '../nsp/map';
import { LineIndex } from '../positions';
import { splitStatements, type RawStatement } from '../split';
import { MAX_GRAMMAR_STATEMENT_CHARS, tooLargeReason, type DialectParser, type ParsedFile, type ParsedStatement, type StatementError } from '../statement';
import { lexicalError, recognizeClause, recognizeStatement, splitAlterTable } from './clauses';

/** The part of node-sql-parser's Parser class we use. */
interface NspParser {
  astify(sql: string, opt: { database: string }): unknown;
  exprToSQL(expr: unknown, opt: { database: string }): string;
}

type Flavor = 'mysql' | 'mariadb';

/**
 * MySQL and MariaDB: node-sql-parser's grammar for each, loaded from its own build so
 * only that dialect's grammar (about 0.3 MB) is bundled. Statements are split by
 * `splitStatements` (which knows backticks, `#` comments and trigger bodies) and parsed
 * one at a time, so a statement the grammar rejects is reported and the rest still run.
 */
export async function loadMysqlParser(flavor: Flavor = 'mysql'): Promise<DialectParser> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const mod = (flavor === 'mariadb' ? require('node-sql-parser/build/mariadb') : require('node-sql-parser/build/mysql')) as {
    Parser: new () => NspParser;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const parser = new mod.Parser();
  return { dialect: flavor, parse: (text, options) => parseFile(parser, flavor, text, options?.deadline) };
}

export function loadMariadbParser(): Promise<DialectParser> {
  return loadMysqlParser('mariadb');
}

interface FileParseState {
  foreignKeyChecksOff: boolean;
}

function parseFile(parser: NspParser, flavor: Flavor, text: string, deadline?: Deadline): ParsedFile {
  const lines = new LineIndex(text);
  const { statements: raw, comments } = splitStatements(text, flavor);
  const state: FileParseState = { foreignKeyChecksOff: false };
  const statements = raw.map((r, index) => {
    checkDeadline(deadline);
    return parseStatement(parser, flavor, r, index, lines, state);
  });
  return { dialect: flavor, text, lines, statements, comments };
}

function parseStatement(parser: NspParser, flavor: Flavor, raw: RawStatement, index: number, lines: LineIndex, state: FileParseState): ParsedStatement {
  const base = { index, start: raw.start, end: raw.end, text: raw.text, range: lines.range(raw.start, raw.end) };
  const ctx: NspMapContext = {
    statementIndex: index,
    sqlOf: (expr) => parser.exprToSQL(expr, { database: flavor }),
    functionVolatility: (name) => MYSQL_FUNCTION_VOLATILITY[name],
    foreignKeyChecksOff: state.foreignKeyChecksOff,
  };
  if (raw.text.length > MAX_GRAMMAR_STATEMENT_CHARS) {
    const lexical = lexicalError(raw.text);
    if (lexical) return { ...base, operations: [], error: { ...lexical, offset: raw.start + lexical.offset } };
    const recognized = recognizeStatement(raw.text, index);
    return recognized ? { ...base, operations: recognized } : { ...base, operations: [], notAnalysed: tooLargeReason(raw.text.length) };
  }
  const result = parseOperations(parser, flavor, raw.text, ctx);
  if ('error' in result) return { ...base, operations: [], error: { ...result.error, offset: raw.start + result.error.offset } };
  for (const op of result.operations) {
    if (op.kind === 'other' && op.tag.startsWith('set:foreign_key_checks=')) state.foreignKeyChecksOff = /=(0|off|false)$/.test(op.tag);
  }
  return { ...base, operations: result.operations };
}

type ParseResult = { operations: Operation[] } | { error: StatementError };

function astify(parser: NspParser, flavor: Flavor, sql: string): { ast: AstNode[] } | { error: StatementError } {
  try {
    const out = parser.astify(sql, { database: flavor });
    return { ast: (Array.isArray(out) ? out : [out]).filter(isAstNode) };
  } catch (err) {
    return { error: nspError(err) };
  }
}

export function nspError(err: unknown): StatementError {
  const location = isAstNode(err) && isAstNode(err['location']) ? err['location'] : undefined;
  const start = location && isAstNode(location['start']) ? location['start'] : undefined;
  const offset = typeof start?.['offset'] === 'number' ? start['offset'] : 0;
  const message = err instanceof Error ? err.message : String(err);
  return { message: shortMessage(message), offset };
}

/** node-sql-parser lists every token it expected; keep what was found, which is what a reader needs. */
function shortMessage(message: string): string {
  const found = /but (.+) found\.?$/.exec(message);
  return found ? `unexpected ${found[1]}` : message;
}

function parseOperations(parser: NspParser, flavor: Flavor, sql: string, ctx: NspMapContext): ParseResult {
  const whole = astify(parser, flavor, sql);
  if ('ast' in whole) return { operations: whole.ast.flatMap((a) => mapNspStatement(a, ctx)) };
  // The fallbacks below read clauses by pattern; a statement the server could not even
  // tokenize (a quote or comment left open, unbalanced parentheses) is a syntax error.
  const lexical = lexicalError(sql);
  if (lexical) return { error: lexical };
  const recognized = recognizeStatement(sql, ctx.statementIndex);
  if (recognized) return { operations: recognized };
  const byClause = parseAlterByClause(parser, flavor, sql, ctx);
  return byClause ?? { error: whole.error };
}

/** ALTER TABLE parsed clause by clause; undefined when any clause is neither parsed nor recognized. */
function parseAlterByClause(parser: NspParser, flavor: Flavor, sql: string, ctx: NspMapContext): ParseResult | undefined {
  const parts = splitAlterTable(sql);
  if (!parts || parts.clauses.length === 0) return undefined;
  const ops: Operation[] = [];
  let clauses: MysqlClauses = {};
  const parseClause = (clause: string): boolean => {
    const known = recognizeClause(clause, parts.table, ctx.statementIndex);
    if (known?.kind === 'clause') {
      clauses = { ...clauses, ...known.clauses };
      return true;
    }
    const one = astify(parser, flavor, `${parts.head} ${clause}`);
    if ('ast' in one) {
      for (const a of one.ast) {
        for (const op of mapNspStatement(a, ctx)) {
          if (op.mysql) clauses = { ...clauses, ...op.mysql };
          ops.push(op);
        }
      }
      return true;
    }
    if (!known) return false;
    if (known.kind === 'ops') ops.push(...known.ops);
    else if (known.kind === 'multi-add') return known.columns.every((c) => parseClause(`ADD COLUMN ${c}`));
    return true;
  };
  for (const clause of parts.clauses) if (!parseClause(clause)) return undefined;
  const statementClauses: MysqlClauses = {
    ...(clauses.algorithm ? { algorithm: clauses.algorithm } : {}),
    ...(clauses.lock ? { lock: clauses.lock } : {}),
  };
  return { operations: withClauses(ops, statementClauses) };
}
