import type { Dialect } from '../types';
import { forwardText } from '../sql/runner-sections';
import type { MigrationSource, SourceNote } from './adapter';
import { isScriptFile } from './index';
import { adapterFor } from './registry';
import { readScript } from './script-source';

/** What a migration file runs going forward, as SQL text, for engines that execute it. */
export interface ForwardSql {
  readonly sql: string;
  /** The runner's transaction, when a source adapter read the file (undefined for SQL files). */
  readonly transactional?: boolean;
  /** Calls that run but whose SQL is not in `sql` (builder calls not translated). */
  readonly notes?: readonly SourceNote[];
}

/**
 * A framework migration's forward statements as one SQL text (rollback code is never run);
 * any other file's text unchanged. Used by simulate and plan, for the migration and for the
 * earlier migrations simulate replays. For SQL files, rollback sections and files are left
 * out. JavaScript/TypeScript migrations are read as lint reads them: the SQL of their runner
 * calls and the SQL their schema-builder calls emit, in source order.
 */
export function forwardSql(file: string | undefined, text: string, dialect: Dialect): ForwardSql {
  if (isScriptFile(file)) {
    const source = readScript(text, dialect);
    return { sql: onHostLines(text, source), transactional: source.transactional, notes: source.notes };
  }
  const adapter = adapterFor({ ...(file !== undefined ? { path: file } : {}), text });
  // SQL files: only the forward section (goose Up, dbmate up); a rollback file runs nothing.
  if (!adapter) return { sql: forwardText(file, text) };
  const source = adapter.read({ ...(file !== undefined ? { path: file } : {}), text }, { dialect });
  return { sql: sourceSql(source), transactional: source.transactional };
}

/** The statements each on (or, when an earlier one runs long, after) its host line, so reports show the file's line numbers. */
function onHostLines(text: string, source: MigrationSource): string {
  let sql = '';
  let sqlLine = 0;
  let hostLine = 0;
  let from = 0;
  for (const s of source.statements) {
    if (s.direction !== 'forward') continue;
    for (; from < s.range.start && from < text.length; from++) if (text[from] === '\n') hostLine++;
    const gap = sql === '' ? hostLine : Math.max(1, hostLine - sqlLine);
    sql += '\n'.repeat(gap);
    sqlLine += gap;
    const body = s.sql.trim();
    sql += body.endsWith(';') ? body : `${body};`;
    sqlLine += body.split('\n').length - 1;
  }
  return sql === '' ? '' : `${sql}\n`;
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
