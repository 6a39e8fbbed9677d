import type { PlanOptions } from '../../../src/core/phases';

/**
 * Unsafe migrations of an existing `users` table (and the `orgs` it references), with the
 * schema and rows they run against. Shared by the lint, engine and integration tests.
 */
export interface Scenario {
  readonly name: string;
  readonly sql: string;
  readonly options?: PlanOptions;
}

export const BASE_SCHEMA = `
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  nickname text,
  score integer,
  created_at timestamptz NOT NULL DEFAULT now()
);`;

/** Rows for the base schema; `n` users. */
export function seedSql(n: number): string {
  return `
INSERT INTO orgs SELECT g, 'org ' || g FROM generate_series(1, 10) g;
INSERT INTO users (email, nickname, score)
SELECT 'user' || g || '@example.com',
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'nick' || g END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE g END
  FROM generate_series(1, ${n}) g;`;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'NOT NULL column with a volatile default, and an index on it',
    sql: `ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
CREATE INDEX users_token_idx ON users (token);`,
  },
  {
    name: 'nullable column filled by an UPDATE, then SET NOT NULL and a unique index',
    sql: `ALTER TABLE users ADD COLUMN email_lower text;
UPDATE users SET email_lower = lower(email);
ALTER TABLE users ALTER COLUMN email_lower SET NOT NULL;
CREATE UNIQUE INDEX users_email_lower_key ON users (email_lower);`,
  },
  {
    name: 'column with a foreign key, filled by an UPDATE, and a CHECK on an existing column',
    sql: `ALTER TABLE users ADD COLUMN org_id bigint REFERENCES orgs (id);
UPDATE users SET org_id = 1 + id % 10;
ALTER TABLE users ADD CONSTRAINT users_score_positive CHECK (score >= 0);`,
  },
  {
    name: 'NOT NULL column with a constant default (catalog-only on PG11+)',
    sql: `ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;`,
  },
  {
    name: 'NOT NULL column without a default, value given by the user',
    sql: `ALTER TABLE users ADD COLUMN plan text NOT NULL;`,
    options: { backfillValues: { 'users.plan': `'free'` } },
  },
  {
    name: 'type change that rewrites the table (int → bigint)',
    sql: `ALTER TABLE users ALTER COLUMN score TYPE bigint;`,
  },
  {
    // The earlier migrations tell the planner the column is NOT NULL with a default: both
    // are recreated on the column swapped in.
    name: 'type change of a NOT NULL column with a default, its definition known (timestamptz → timestamp)',
    sql: `ALTER TABLE users ALTER COLUMN created_at TYPE timestamp;`,
    options: { earlierSql: [BASE_SCHEMA] },
  },
  {
    name: 'column rename',
    sql: `ALTER TABLE users RENAME COLUMN nickname TO display_name;`,
  },
  {
    name: 'unique constraint on an existing column',
    sql: `ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);`,
  },
  {
    // The README's hand-written example: the file adds its own NOT NULL helper check and
    // drops it after SET NOT NULL, so the drop must come after the add, not in phase 1.
    name: 'hand-phased column: own NOT NULL check added, validated, used and dropped',
    sql: `SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN org_id bigint;
ALTER TABLE users ALTER COLUMN org_id SET DEFAULT 1;
UPDATE users SET org_id = 1 WHERE org_id IS NULL;
ALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_org_id_fkey;
ALTER TABLE users ADD CONSTRAINT users_org_id_not_null CHECK (org_id IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_org_id_not_null;
ALTER TABLE users ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_org_id_not_null;
CREATE INDEX users_org_id_idx ON users (org_id);`,
  },
  {
    name: 'unbatched UPDATE of an existing column',
    sql: `UPDATE users SET score = 0 WHERE score IS NULL;`,
  },
];
