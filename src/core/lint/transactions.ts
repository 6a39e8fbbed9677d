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
export type RunnerTransaction = 'always' | 'multi-statement' | 'never';

export const RUNNER_TRANSACTION: Readonly<Record<Convention, RunnerTransaction>> = {
  plain: 'never',
  flyway: 'always',
  'golang-migrate': 'multi-statement',
  dbmate: 'always',
  prisma: 'multi-statement',
  knex: 'always',
  typeorm: 'always',
  sequelize: 'never',
  rails: 'always',
};

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
