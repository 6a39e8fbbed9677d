import { forwardSql } from '../sources/migration-sql';
import * as fs from 'node:fs';
import { quotePostgresIdent as quoteIfNeeded } from '../engines/postgres/identifiers';
import type { Operation } from '../operations';
import { loadParser } from '../sql/parsers';
import { loadPostgresParser } from '../sql/postgres/parser';
import type { Dialect } from '../types';
import type { ParsedFile } from '../sql/statement';
import { forwardText } from '../sql/runner-sections';

/**
 * What a caller needs before it starts a simulation (which tables need row counts), kept
 * apart from the simulator so that asking does not load the engine.
 */

/** Names of the tables a migration touches, as written. */
export function touchedTables(ops: readonly Operation[]): string[] {
  const names = new Set<string>();
  const add = (n: { schema?: string; name: string } | undefined): void => {
    if (n) names.add(n.schema ? `${quoteIfNeeded(n.schema)}.${quoteIfNeeded(n.name)}` : quoteIfNeeded(n.name));
  };
  for (const op of ops) {
    if ('table' in op) add(op.table);
    if (op.kind === 'add-column') add(op.column.references?.table);
    if (op.kind === 'add-constraint') add(op.references?.table);
    if (op.kind === 'drop-table') op.tables.forEach(add);
  }
  return [...names];
}

/** The migration's statements, from `sql` or else read from `file`, parsed as its dialect (default PostgreSQL). */
export async function parseMigration(req: { readonly file: string; readonly sql?: string; readonly dialect?: Dialect }): Promise<ParsedFile> {
  const text = forwardSql(req.file, req.sql ?? fs.readFileSync(req.file, 'utf8'), req.dialect ?? 'postgresql').sql;
  const parser = req.dialect && req.dialect !== 'postgresql' ? await loadParser(req.dialect) : await loadPostgresParser();
  return parser.parse(text);
}
