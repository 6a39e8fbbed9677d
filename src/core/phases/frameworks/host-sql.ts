import type { Operation } from '../../operations';
import { loadPgQuery, loadPostgresParser, type PgQuery } from '../../sql/postgres/parser';
import type { DialectParser } from '../../sql/statement';

/**
 * The PostgreSQL parser, loaded once, for the synchronous framework writers: they read the
 * planner's statements as operations (to choose a framework call) and compare the SQL a
 * call emits with the statement it stands for. Before `prepareHostSql` resolves, nothing
 * matches, so a writer falls back to the framework's raw-SQL call: never a wrong call.
 */
let parser: DialectParser | undefined;
let pg: PgQuery | undefined;

export async function prepareHostSql(): Promise<void> {
  parser ??= await loadPostgresParser();
  pg ??= await loadPgQuery();
}

/** The operations of one statement, or undefined when it is not exactly one parsed statement. */
export function operationsOf(sql: string): readonly Operation[] | undefined {
  const file = parser?.parse(sql);
  const only = file?.statements.length === 1 ? file.statements[0] : undefined;
  return only && !only.error ? only.operations : undefined;
}

/** Parse trees without source positions: equal when two spellings are the same statements. */
function tree(sql: string): string | undefined {
  if (!pg) return undefined;
  try {
    return JSON.stringify(pg.parseSync(sql).stmts ?? [], (key, value: unknown) =>
      key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value,
    );
  } catch {
    return undefined;
  }
}

/** Whether `actual` runs exactly the statements of `expected` (quoting and spacing aside). */
export function sameStatements(actual: readonly string[], expected: readonly string[]): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((a, i) => {
    const t = tree(a);
    return t !== undefined && t === tree(expected[i]!);
  });
}
