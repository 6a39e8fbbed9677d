import type { Operation } from '../../operations';
import { checkDeadline, type Deadline } from '../../deadline';
import { byteToCharOffset, LineIndex } from '../positions';
import { splitStatements, type RawStatement } from '../split';
import type { DialectParser, ParsedFile, ParsedStatement, StatementError } from '../statement';
import { mapStatement } from './map';
import { isNode, list, str, unwrap, walk } from './nodes';

/** The slice of libpg-query's API we use; loaded lazily because it instantiates WASM. */
export interface PgQuery {
  loadModule(): Promise<void>;
  parseSync(sql: string): { stmts?: { stmt: unknown }[] };
  parsePlPgSQLSync(sql: string): unknown;
}

let loading: Promise<PgQuery> | undefined;

export function loadPgQuery(): Promise<PgQuery> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('libpg-query') as PgQuery;
    await mod.loadModule();
    return mod;
  })();
  return loading;
}

/** The PostgreSQL parser: libpg_query (PostgreSQL 18's own grammar, compiled to WASM). */
export async function loadPostgresParser(): Promise<DialectParser> {
  const pg = await loadPgQuery();
  return { dialect: 'postgresql', parse: (text, options) => parseFile(pg, text, options?.deadline) };
}

function parseFile(pg: PgQuery, text: string, deadline?: Deadline): ParsedFile {
  const lines = new LineIndex(text);
  const { statements: raw, comments } = splitStatements(text, 'postgresql');
  const statements = raw.map((r, index) => {
    checkDeadline(deadline);
    return parseStatement(pg, r, index, lines);
  });
  return { dialect: 'postgresql', text, lines, statements, comments };
}

function parseStatement(pg: PgQuery, raw: RawStatement, index: number, lines: LineIndex): ParsedStatement {
  const base = { index, start: raw.start, end: raw.end, text: raw.text, range: lines.range(raw.start, raw.end) };
  let tree: { stmts?: { stmt: unknown }[] };
  try {
    tree = pg.parseSync(raw.text);
  } catch (err) {
    return { ...base, operations: [], error: statementError(err, raw) };
  }
  const charAt = byteToCharOffset(raw.text);
  const operations = (tree.stmts ?? []).flatMap((s) =>
    mapStatement({
      stmt: s.stmt,
      text: raw.text,
      statementIndex: index,
      charAt,
      parseProcedural: (body) => proceduralOperations(pg, body, index),
    }),
  );
  const procedural = (tree.stmts ?? []).some((s) => isNode(s.stmt) && 'DoStmt' in s.stmt);
  return { ...base, operations, ...(procedural ? { procedural } : {}) };
}

function statementError(err: unknown, raw: RawStatement): StatementError {
  const details = isNode(err) && isNode(err['sqlDetails']) ? err['sqlDetails'] : undefined;
  const cursor = typeof details?.['cursorPosition'] === 'number' ? details['cursorPosition'] : 0;
  const message = err instanceof Error ? err.message : String(err);
  const offset = raw.start + Math.min(byteToCharOffset(raw.text)(Math.max(0, cursor)), raw.text.length);
  return { message, offset };
}

/**
 * SQL found inside a DO block's PL/pgSQL body: plain statements and EXECUTE of a
 * constant string. Each is parsed and mapped as if it stood in the DO statement's place.
 */
function proceduralOperations(pg: PgQuery, body: string, statementIndex: number): Operation[] {
  let tree: unknown;
  try {
    tree = pg.parsePlPgSQLSync(`DO $lockstep$${body}$lockstep$`);
  } catch {
    return [];
  }
  const queries: string[] = [];
  walk(tree, (tag, node) => {
    if (tag === 'PLpgSQL_stmt_execsql') {
      const q = str(unwrap(node['sqlstmt'], 'PLpgSQL_expr'), 'query');
      if (q) queries.push(q);
    } else if (tag === 'PLpgSQL_stmt_dynexecute') {
      const q = str(unwrap(node['query'], 'PLpgSQL_expr'), 'query');
      const literal = q && /^\s*'((?:[^']|'')*)'\s*$/.exec(q);
      if (literal) queries.push(literal[1]!.replace(/''/g, "'"));
    }
  });
  return queries.flatMap((q) => {
    try {
      const parsed = pg.parseSync(q);
      return list(parsed.stmts).flatMap((s) =>
        mapStatement({
          stmt: isNode(s) ? s['stmt'] : undefined,
          text: q,
          statementIndex,
          charAt: byteToCharOffset(q),
          parseProcedural: () => [],
        }).map((op): Operation => (op.kind === 'update' ? { ...op, inProcedural: true } : op)),
      );
    } catch {
      return [];
    }
  });
}
