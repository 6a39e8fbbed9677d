import { readFileSync } from 'node:fs';
import type { Convention, ResolvedConfig } from '../config/types';
import type { ParsedFile } from '../sql/statement';

/**
 * How each migration runner wraps a migration file.
 * - `always`: an explicit transaction per file. Flyway (`executeInTransaction`, default
 *   true), dbmate (unless `transaction:false`), Knex and TypeORM (by default), Rails
 *   (unless `disable_ddl_transaction!`).
 * - `multi-statement`: the file is sent as one query string. PostgreSQL runs a string of
 *   several statements as one implicit transaction block, so CONCURRENTLY fails there,
 *   but a file holding a single statement runs outside any block. Prisma, golang-migrate.
 * - `never`: autocommit. Sequelize, and plain files run with psql.
 */
type RunnerTransaction = 'always' | 'multi-statement' | 'never';

const RUNNER_TRANSACTION: Readonly<Record<Convention, RunnerTransaction>> = {
  plain: 'never',
  flyway: 'always',
  'golang-migrate': 'multi-statement',
  dbmate: 'always',
  prisma: 'multi-statement',
  knex: 'always',
  typeorm: 'always',
  sequelize: 'never',
  rails: 'always',
  // Kysely's Migrator on PostgreSQL, node-pg-migrate and goose: a transaction per migration unless it opts out.
  kysely: 'always',
  'node-pg-migrate': 'always',
  goose: 'always',
  django: 'always',
  alembic: 'always',
  laravel: 'always',
};

/**
 * Whether a COMMIT written in the file ends the runner's transaction, so that the statements
 * after it (until a BEGIN) run in autocommit. True where the runner opens its transaction
 * with a BEGIN of its own on one connection (Rails, Knex, TypeORM). Not for Flyway: with
 * autocommit off, PgJDBC sends a new BEGIN before the next statement. Not for dbmate: the
 * Go driver's own COMMIT at the end fails once the transaction is gone. Not for
 * multi-statement runners: PostgreSQL opens a new implicit block for the next statement.
 */
const COMMIT_ENDS_RUNNER_TRANSACTION: Readonly<Record<Convention, boolean>> = {
  plain: false,
  flyway: false,
  'golang-migrate': false,
  dbmate: false,
  prisma: false,
  knex: true,
  typeorm: true,
  sequelize: false,
  rails: true,
  // One BEGIN on one connection from node-postgres, as Knex does.
  kysely: true,
  'node-pg-migrate': true,
  // A Go database/sql transaction, like dbmate's.
  goose: false,
  // Not modelled: the frameworks' own commit after the migration is assumed to need its transaction.
  django: false,
  alembic: false,
  laravel: false,
};

export function commitEndsRunnerTransaction(config: ResolvedConfig): boolean {
  return config.convention ? COMMIT_ENDS_RUNNER_TRANSACTION[config.convention] : config.transactional === true;
}

/** The runner's implicit transaction for this file: config first, then in-file opt-outs, then the convention. */
export function implicitTransaction(file: ParsedFile, config: ResolvedConfig): boolean {
  if (config.transactional !== undefined) return config.transactional;
  if (file.comments.some((c) => /^migrate:(up|down)\b.*\btransaction:false\b/.test(c.body))) return false;
  switch (config.convention ? RUNNER_TRANSACTION[config.convention] : 'never') {
    case 'always':
      return true;
    case 'multi-statement':
      return file.statements.length > 1;
    case 'never':
      return false;
  }
}

/** Per-script settings a runner keeps beside a migration file. */
export interface ScriptConfig {
  /** Flyway's `executeInTransaction`: false runs the script outside a transaction. */
  readonly executeInTransaction?: boolean;
}

/**
 * Where Flyway looks for a script's own settings: `V12__add_index.sql.conf` beside
 * `V12__add_index.sql`. Adapters read that file (if any) and hand its text to
 * `withScriptConfig`; only `.sql` files have one.
 */
export function scriptConfigPath(fileName: string): string | undefined {
  return /\.sql$/i.test(fileName) ? `${fileName}.conf` : undefined;
}

/**
 * Flyway script config files are Java properties: `key=value` (or `key: value`) lines,
 * `#` and `!` comments. Only the keys Lockstep models are kept.
 */
export function parseScriptConfig(text: string): ScriptConfig {
  let executeInTransaction: boolean | undefined;
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const sep = line.search(/[=:]/);
    if (sep < 0) continue;
    const key = line.slice(0, sep).trim();
    const value = line
      .slice(sep + 1)
      .trim()
      .toLowerCase();
    if (key === 'executeInTransaction' && (value === 'true' || value === 'false')) executeInTransaction = value === 'true';
  }
  return executeInTransaction === undefined ? {} : { executeInTransaction };
}

/**
 * The config for a file whose runner settings say how it runs. A Flyway script config is
 * Flyway's own: it applies unless the project is configured for another convention, and
 * it decides the file's transaction over the convention's default.
 */
export function withScriptConfig(config: ResolvedConfig, scriptConfigText: string | undefined): ResolvedConfig {
  if (scriptConfigText === undefined) return config;
  if (config.convention !== undefined && config.convention !== 'flyway') return config;
  const script = parseScriptConfig(scriptConfigText);
  if (script.executeInTransaction === undefined) return config;
  return { ...config, transactional: script.executeInTransaction };
}

/**
 * The config with the Flyway per-script config beside the file (`V12__x.sql.conf`) applied,
 * read from disk: the CLI and the editor lint a file with the same settings.
 */
export function withScriptConfigOf(config: ResolvedConfig, fileName: string): ResolvedConfig {
  const conf = scriptConfigPath(fileName);
  if (!conf) return config;
  let text: string;
  try {
    text = readFileSync(conf, 'utf8');
  } catch {
    return config; // none, or unreadable: the convention's default applies
  }
  return withScriptConfig(config, text);
}
