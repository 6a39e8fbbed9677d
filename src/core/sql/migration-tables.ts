import type { QualifiedName } from '../operations';

/**
 * Tables in which migration runners record which migrations ran. A migration that updates
 * one (Alembic's `UPDATE alembic_version SET version_num = …` in offline SQL, a hand-written
 * `INSERT`/`UPDATE schema_migrations`) touches a row or two, never application data.
 * Names as each runner creates them by default.
 */
const BOOKKEEPING_TABLES = new Set([
  'alembic_version', // Alembic
  'schema_migrations', // Rails, golang-migrate, dbmate
  'ar_internal_metadata', // Rails
  'django_migrations', // Django
  'flyway_schema_history', // Flyway
  'schema_version', // Flyway before 5
  'knex_migrations', // Knex
  'knex_migrations_lock',
  'migrations', // TypeORM, Laravel
  'sequelizemeta', // Sequelize
  '_prisma_migrations', // Prisma
  '__efmigrationshistory', // Entity Framework Core
  'goose_db_version', // goose
  'pgmigrations', // node-pg-migrate
  'kysely_migration', // Kysely
  'kysely_migration_lock',
  'databasechangelog', // Liquibase
  'databasechangeloglock',
]);

export function isMigrationBookkeepingTable(table: QualifiedName): boolean {
  return BOOKKEEPING_TABLES.has(table.name.toLowerCase());
}
