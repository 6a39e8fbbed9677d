import type { Dialect } from '../types';
import { forwardText } from '../sql/runner-sections';
import type { MigrationSource } from './adapter';
import { adapterFor } from './registry';

/** What a migration file runs going forward, as SQL text, for engines that execute it. */
export interface ForwardSql {
  readonly sql: string;
  /** The runner's transaction, when a source adapter read the file (undefined for SQL files). */
  readonly transactional?: boolean;
}

/**
 * A framework migration's forward statements as one SQL text (rollback code is never run);
 * any other file's text unchanged. Used by simulate, for the migration and for the earlier
 * migrations it replays. For SQL files, rollback sections and files are left out.
 */
export function forwardSql(file: string | undefined, text: string, dialect: Dialect): ForwardSql {
  const adapter = adapterFor({ ...(file !== undefined ? { path: file } : {}), text });
  // SQL files: only the forward section (goose Up, dbmate up); a rollback file runs nothing.
  if (!adapter) return { sql: forwardText(file, text) };
  const source = adapter.read({ ...(file !== undefined ? { path: file } : {}), text }, { dialect });
  return { sql: sourceSql(source), transactional: source.transactional };
}

/** The forward statements of a read migration as one SQL script, in run order. */
export function sourceSql(source: MigrationSource): string {
  const sql = source.statements
    .filter((s) => s.direction === 'forward')
    .map((s) => {
      const body = s.sql.trim();
      return body.endsWith(';') ? body : `${body};`;
    })
    .join('\n');
  return sql === '' ? '' : `${sql}\n`;
}
