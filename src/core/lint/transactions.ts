import type { Convention, ResolvedConfig } from '../config/types';
import type { ParsedFile } from '../sql/statement';

/**
 * Whether each migration runner wraps a migration file in a transaction by default.
 * Sources: Flyway `executeInTransaction` (default true); golang-migrate and Prisma send the
 * file as one multi-statement query, which PostgreSQL runs as one implicit transaction;
 * dbmate wraps unless `transaction:false`; Knex and TypeORM wrap by default; Rails wraps
 * unless `disable_ddl_transaction!`; Sequelize does not; plain files run under autocommit.
 */
export const RUNNER_TRANSACTION: Readonly<Record<Convention, boolean>> = {
  plain: false,
  flyway: true,
  'golang-migrate': true,
  dbmate: true,
  prisma: true,
  knex: true,
  typeorm: true,
  sequelize: false,
  rails: true,
};

/** The runner's implicit transaction for this file: config first, then in-file opt-outs, then the convention. */
export function implicitTransaction(file: ParsedFile, config: ResolvedConfig): boolean {
  if (config.transactional !== undefined) return config.transactional;
  if (file.comments.some((c) => /^migrate:(up|down)\b.*\btransaction:false\b/.test(c.body))) return false;
  return config.convention ? RUNNER_TRANSACTION[config.convention] : false;
}
