import type { Dialect } from '../types';
import { quoteMysqlIdent } from './mysql/identifiers';
import { quotePostgresIdent } from './postgres/identifiers';
import { quoteSqliteIdent } from './sqlite/identifiers';

/**
 * The one place that decides how a name is written in generated SQL, per dialect, from each
 * engine's own keyword list (see the data/ folders beside each engine).
 */
export function quoteIdentifier(dialect: Dialect, name: string): string {
  switch (dialect) {
    case 'postgresql':
      return quotePostgresIdent(name);
    case 'mysql':
    case 'mariadb':
      return quoteMysqlIdent(name);
    case 'sqlite':
      return quoteSqliteIdent(name);
  }
}

/** `schema.name`, each part quoted as needed, or just the name. */
export function quoteQualified(dialect: Dialect, n: { readonly schema?: string; readonly name: string }): string {
  return n.schema ? `${quoteIdentifier(dialect, n.schema)}.${quoteIdentifier(dialect, n.name)}` : quoteIdentifier(dialect, n.name);
}
