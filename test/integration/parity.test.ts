import { strict as assert } from 'node:assert';
import { findTable, readTable } from '../../src/core/simulate/catalog';
import { startPglite } from '../../src/core/simulate/engine/pglite';
import { connectServer } from '../../src/core/simulate/engine/server';
import type { SqlSession } from '../../src/core/simulate/engine/session';
import { replaySchema } from '../../src/core/simulate/replay';
import { seedOrder, seedTables } from '../../src/core/simulate/seed';
import { traceStatements } from '../../src/core/simulate/trace';
import { loadPostgresParser } from '../../src/core/sql/postgres/parser';
import { testServerUrl } from './server';

/**
 * The locks and rewrite verdict PGlite shows for add-column scenarios equal those a real
 * PostgreSQL server shows for the same statements on the same schema and data.
 */

const SCHEMA = `
DROP TABLE IF EXISTS users, plans CASCADE;
CREATE TABLE plans (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, plan_id int REFERENCES plans(id), score int);
CREATE INDEX users_email ON users (email);
`;

const SCENARIOS: readonly string[] = [
  'ALTER TABLE users ADD COLUMN nickname text',
  'ALTER TABLE users ADD COLUMN tier int DEFAULT 0',
  'ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 0',
  'ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT now()',
  'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()',
  'ALTER TABLE users ADD COLUMN r float8 DEFAULT random()',
  'ALTER TABLE users ADD COLUMN doubled bigint GENERATED ALWAYS AS (id * 2) STORED',
  'ALTER TABLE users ADD COLUMN tier int NOT NULL',
  'ALTER TABLE users ADD COLUMN plan2 int REFERENCES plans(id)',
  'ALTER TABLE users ADD COLUMN code varchar(20) UNIQUE',
  'ALTER TABLE users ALTER COLUMN score TYPE bigint',
  'CREATE INDEX users_score ON users (score)',
  'ALTER TABLE users ADD CONSTRAINT score_pos CHECK (score > 0) NOT VALID',
  'ALTER TABLE users ADD CONSTRAINT score_pos CHECK (score > 0)',
  'ALTER TABLE users ADD CONSTRAINT users_plan_fk2 FOREIGN KEY (plan_id) REFERENCES plans(id) NOT VALID',
];

interface Verdict {
  locks: string[];
  rewrite: boolean;
  error: string | null;
}

async function prepare(session: SqlSession): Promise<void> {
  await replaySchema(session, [{ file: 'schema.sql', text: SCHEMA }]);
  const tables = [];
  for (const n of ['users', 'plans']) tables.push(await readTable(session, (await findTable(session, n))!));
  await seedTables(
    session,
    seedOrder(tables).map((table) => ({ table, rows: table.displayName === 'plans' ? 3 : 2000 })),
  );
}

async function verdicts(session: SqlSession): Promise<Verdict[]> {
  const parser = await loadPostgresParser();
  const out: Verdict[] = [];
  for (const sql of SCENARIOS) {
    const parsed = parser.parse(sql);
    // Every scenario runs on the same starting state: rolled back afterwards.
    const [t] = await traceStatements(session, parsed.statements, { transactional: false, rollbackOnly: true });
    out.push({
      locks: t!.locks
        .filter((l) => l.relationKind === 'table')
        .map((l) => `${l.relation} ${l.mode}`)
        .sort(),
      rewrite: t!.tables.some((a) => a.rewritten),
      error: t!.error?.code ?? null,
    });
  }
  return out;
}

describe('PGlite and a real PostgreSQL server agree on locks and rewrites', function () {
  let pglite: Verdict[];
  let server: Verdict[];

  before(async function () {
    const p = await startPglite();
    try {
      await prepare(p);
      pglite = await verdicts(p);
    } finally {
      await p.close();
    }
    const s = await connectServer(testServerUrl());
    try {
      await prepare(s);
      server = await verdicts(s);
      await s.exec('DROP TABLE IF EXISTS users, plans CASCADE');
    } finally {
      await s.close();
    }
  });

  SCENARIOS.forEach((sql, i) => {
    it(sql, function () {
      assert.deepEqual(pglite[i], server[i]);
      assert.ok(pglite[i]!.locks.length > 0 || pglite[i]!.error, 'some lock or an error was observed');
    });
  });
});
