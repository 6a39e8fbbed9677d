import type { Convention } from '../../config/types';

export interface Detection {
  readonly convention: Convention;
  /** Why, for messages: "V3__add_index.sql looks like a Flyway migration". */
  readonly reason: string;
}

const PRISMA = /^(?:.*\/)?\d{14}_[^/]+\/migration\.sql$/;
const FLYWAY = /^V\d+(?:[._]\d+)*__.+\.sql$/;
/** The `.up.sql` marks golang-migrate; a lone `.down.sql` is also how plain folders name rollbacks. */
const GOLANG_MIGRATE = /^\d+_.+\.up\.sql$/;

/**
 * Recognises a migration folder's convention from the files already in it: names first
 * (Prisma folders, Flyway versions, golang-migrate up/down pairs), then content (dbmate
 * directives, ORM migration classes). Undefined for an empty or unrecognised folder.
 */
export function detectConvention(existing: readonly string[], read: (name: string) => string | undefined): Detection | undefined {
  const base = (p: string): string => p.split('/').pop()!;
  const found = (convention: Convention, file: string, what: string): Detection => ({ convention, reason: `${file} looks like ${what}` });
  const prisma = existing.find((e) => PRISMA.test(e) || base(e) === 'migration_lock.toml');
  if (prisma) return found('prisma', prisma, 'a Prisma migration');
  const flyway = existing.find((e) => FLYWAY.test(base(e)));
  if (flyway) return found('flyway', flyway, 'a Flyway versioned migration');
  const golang = existing.find((e) => GOLANG_MIGRATE.test(base(e)));
  if (golang) return found('golang-migrate', golang, 'a golang-migrate migration');
  const sql = existing.filter((e) => e.endsWith('.sql'));
  const dbmate = sql.find((e) => /^--\s*migrate:up\b/m.test(read(e) ?? ''));
  if (dbmate) return found('dbmate', dbmate, 'a dbmate migration (-- migrate:up)');
  const goose = sql.find((e) => /^--\s*\+goose\s+Up\b/im.test(read(e) ?? ''));
  if (goose) return found('goose', goose, 'a goose migration (-- +goose Up)');
  for (const e of existing.filter((f) => /\.(?:[cm]?js|ts)$/.test(f) && !f.endsWith('.d.ts'))) {
    const text = read(e) ?? '';
    if (/\bMigrationInterface\b|\bqueryRunner\b/.test(text)) return found('typeorm', e, 'a TypeORM migration');
    if (/\bqueryInterface\b/.test(text)) return found('sequelize', e, 'a Sequelize migration');
    if (/['"]kysely['"]|\bKysely\s*</.test(text)) return found('kysely', e, 'a Kysely migration');
    if (/['"]node-pg-migrate['"]|\bpgm\s*\./.test(text)) return found('node-pg-migrate', e, 'a node-pg-migrate migration');
    if (/\bknex\b|\bKnex\b/.test(text)) return found('knex', e, 'a Knex migration');
  }
  const plain = sql[0];
  if (plain) return found('plain', plain, 'a plain SQL migration');
  return undefined;
}
