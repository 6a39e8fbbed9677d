import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { resolveConfig } from '../../src/core/config';
import { planMigration } from '../../src/core/phases';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { splitStatements } from '../../src/core/sql/split';
import { applyFiles, freshSchema, nullCounts, snapshot } from '../unit/phases/apply';
import { testServerUrl } from './server';

/**
 * The README's PostgreSQL examples, planned and applied in order on the real test server
 * (Debian PostgreSQL 15 in CI) the way psql -f runs the plain files: each set must run
 * without an error and end at the schema the original migration reaches, every row filled.
 */
const ROOT = path.join(__dirname, '../..');
const BASE = fs.readFileSync(path.join(ROOT, 'examples/migrations/0001_create_plans_and_users.sql'), 'utf8');
const SEED = `INSERT INTO plans (name) VALUES ('free'), ('pro');
INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 2000) g;`;
const EXAMPLES = ['examples/migrations/0002_add_user_plan.sql', 'examples/phased/0002_add_user_plan_by_hand.sql'];

describe('README examples: phased plans applied on a real PostgreSQL server', function () {
  this.timeout(120_000);
  const database = `lockstep_examples_${process.pid}`;
  let admin: Client;
  let session: ServerSession;

  before(async () => {
    const base = testServerUrl();
    admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const u = new URL(base);
    u.pathname = `/${database}`;
    session = await connectServer(u.toString());
  });

  after(async () => {
    await session?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin?.end();
  });

  for (const example of EXAMPLES) {
    it(example, async () => {
      const sql = fs.readFileSync(path.join(ROOT, example), 'utf8');
      // The original, statement by statement as psql -f runs it.
      await freshSchema(session, 'original', BASE, SEED);
      for (const s of splitStatements(sql).statements) await session.exec(s.text);
      const plan = await planMigration(sql, {
        config: resolveConfig({ targetVersion: session.majorVersion }),
        convention: 'plain',
        pauseMs: 0,
        batchSize: 500,
      });
      await freshSchema(session, 'phased', BASE, SEED);
      await applyFiles(session, 'plain', plan.files, 'up');
      assert.deepEqual(await snapshot(session, 'phased'), await snapshot(session, 'original'), `on ${session.versionText}`);
      assert.deepEqual(await nullCounts(session, 'phased', 'users'), await nullCounts(session, 'original', 'users'));
    });
  }
});
