import { basename, dirname, join } from 'node:path';
import { findUpwards } from '../upwards';
import type { Dialect } from '../../types';
import type { MigrationSource, ProjectDatabase, SourceAdapter, SourceFile } from '../adapter';
import { translateRails } from './translate';

/** `config/database.yml` adapter names → dialect. */
const DATABASE_ADAPTERS: Readonly<Record<string, Dialect>> = {
  postgresql: 'postgresql',
  postgis: 'postgresql',
  cockroachdb: 'postgresql',
  mysql2: 'mysql',
  trilogy: 'mysql',
  sqlite3: 'sqlite',
};

/**
 * Rails (ActiveRecord) migrations: `db/migrate/<version>_<name>.rb`. The SQL is what the
 * PostgreSQL adapter emits; for a project on another engine only the raw SQL strings are
 * checked and each schema call says it was not analysed.
 */
export const railsAdapter: SourceAdapter = {
  id: 'rails',
  label: 'Rails (ActiveRecord)',
  languageIds: ['ruby'],
  globs: ['**/db/migrate/*.rb'],

  recognises(file: SourceFile): boolean {
    if (file.path !== undefined) return file.path.toLowerCase().endsWith('.rb');
    return file.text.includes('ActiveRecord::Migration');
  },

  projectDatabase(filePath, readFile): ProjectDatabase | undefined {
    return findUpwards(
      dirname(filePath),
      (dir): ProjectDatabase | null | undefined => {
        const path = join(dir, 'config', 'database.yml');
        const yml = readFile(path);
        if (yml === undefined) return undefined;
        // The project's database.yml decides, even when it names no adapter Lockstep knows.
        const adapter = databaseYmlAdapter(yml);
        const dialect = adapter ? DATABASE_ADAPTERS[adapter] : undefined;
        return dialect ? { dialect, reason: `config/database.yml names the ${adapter} adapter (${path})` } : null;
      },
      5,
    );
  },

  read(file: SourceFile, options): MigrationSource {
    const source = translateRails(file.text);
    const order = file.path ? railsAdapter.orderKey(file.path) : undefined;
    if (options.dialect === 'postgresql') return order ? { ...source, order } : source;
    // The translation writes PostgreSQL; on other engines keep only what the user wrote as SQL.
    const kept = source.statements.filter((s) => s.kind === 'raw');
    const dropped = source.statements.filter((s) => s.kind !== 'raw' && s.direction === 'forward');
    const seen = new Set<number>();
    const notes = dropped
      .filter((s) => !seen.has(s.range.start) && seen.add(s.range.start))
      .map((s) => ({ range: s.range, message: `\`${s.call}\` is not analysed: Rails SQL is translated for PostgreSQL only so far.` }));
    return { ...source, statements: kept, notes: [...source.notes, ...notes], ...(order ? { order } : {}) };
  },

  advice(ruleId: string): string | undefined {
    return RAILS_ADVICE[ruleId];
  },

  orderKey(filePath: string): string | undefined {
    const m = /^(\d+)_/.exec(basename(filePath));
    return m ? m[1]!.padStart(20, '0') : undefined;
  },
};

/** The safe forms in Rails, by rule. */
const RAILS_ADVICE: Readonly<Record<string, string>> = {
  'create-index-non-concurrently':
    'Use `add_index …, algorithm: :concurrently` in a migration of its own with `disable_ddl_transaction!`: the index builds under SHARE UPDATE EXCLUSIVE, so reads and writes continue.',
  'concurrently-in-transaction':
    'Add `disable_ddl_transaction!` to the migration class: CONCURRENTLY cannot run inside the transaction Rails wraps migrations in.',
  'constraint-without-not-valid':
    'Add it with `validate: false` (`add_foreign_key …, validate: false`, `add_check_constraint …, validate: false`), then `validate_foreign_key` / `validate_check_constraint` in a later migration: validation scans without blocking writes.',
  'backfill-in-migration':
    'Backfill in batches outside the schema change: a migration with `disable_ddl_transaction!` that runs `Model.in_batches(of: 10_000) { |b| b.update_all(…) }`, or a background job.',
  'require-lock-timeout':
    "Set a lock timeout for the migration (`execute \"SET lock_timeout = '5s'\"` first, or `lock_timeout` in config/database.yml's `variables`) and retry when it times out.",
  'set-not-null-scans-table':
    'Add `add_check_constraint :table, "column IS NOT NULL", validate: false`, validate it in a later migration, then `change_column_null` (PostgreSQL 12+ skips the scan) and drop the check.',
};

/**
 * The adapter of the `production` section of database.yml, else the first one named. The
 * file is YAML with ERB; only plain `adapter:` lines are read (an ERB value gives nothing).
 */
export function databaseYmlAdapter(yml: string): string | undefined {
  let section = '';
  let first: string | undefined;
  for (const line of yml.split(/\r?\n/)) {
    const top = /^([A-Za-z_][\w-]*):\s*(?:#.*)?$/.exec(line);
    if (top) {
      section = top[1]!;
      continue;
    }
    const m = /^\s+adapter:\s*["']?([\w-]+)["']?\s*(?:#.*)?$/.exec(line);
    if (!m) continue;
    if (section === 'production') return m[1];
    first ??= m[1];
  }
  return first;
}
