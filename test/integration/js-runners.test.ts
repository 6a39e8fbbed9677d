import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { resolveConfig, type Convention } from '../../src/core/config';
import { planMigration } from '../../src/core/phases';
import { testServerUrl } from './server';

/**
 * Plans written for Kysely and node-pg-migrate are run by the real runners (Kysely's
 * Migrator with its FileMigrationProvider, node-pg-migrate's runner) on the test
 * PostgreSQL: the migrations must be accepted, run in order, and leave the change made
 * with every existing row filled.
 */
const RISKY = 'ALTER TABLE users ADD COLUMN plan text NOT NULL;\nCREATE INDEX users_email_idx ON users (email);\n';

describe('phased plans run by the real JavaScript runners (PostgreSQL)', function () {
  let url: string;
  let admin: Client;
  let dir: string;
  const db = `lockstep_js_runners_${process.pid}`;

  before(async function () {
    try {
      url = testServerUrl();
    } catch (err) {
      console.log(`      (skipped: ${(err as Error).message})`);
      this.skip();
    }
    admin = new Client({ connectionString: url });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-js-runner-'));
    await admin.query(`DROP DATABASE IF EXISTS ${db}`);
    await admin.query(`CREATE DATABASE ${db}`);
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  });

  const dbUrl = (): string => {
    const u = new URL(url);
    u.pathname = `/${db}`;
    return u.toString();
  };

  /** Plans RISKY into `folder` in the convention and writes the files beside the folder's first migration. */
  const writePlan = async (folder: string, convention: Convention): Promise<string[]> => {
    const result = await planMigration(RISKY, {
      config: resolveConfig({ dialect: 'postgresql', targetVersion: 15 }),
      convention,
      outDir: folder,
      fileName: path.join(folder, 'risky.sql'),
      batchSize: 7,
      pauseMs: 0,
      backfillValues: { 'users.plan': "'free'" },
    });
    assert.equal(result.refused, undefined);
    for (const f of result.files) fs.writeFileSync(path.join(folder, f.path), f.content);
    return result.files.map((f) => f.path);
  };

  const check = async (): Promise<void> => {
    const c = new Client({ connectionString: dbUrl() });
    await c.connect();
    try {
      const col = await c.query<{ is_nullable: string }>(
        "select is_nullable from information_schema.columns where table_name = 'users' and column_name = 'plan'",
      );
      assert.equal(col.rows[0]?.is_nullable, 'NO');
      const rows = await c.query<{ n: string }>("select count(*) as n from users where plan = 'free'");
      assert.equal(Number(rows.rows[0]?.n), 40);
      const index = await c.query<{ valid: boolean }>(
        "select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'users_email_idx'",
      );
      assert.equal(index.rows[0]?.valid, true);
    } finally {
      await c.end();
    }
  };

  it("Kysely: the Migrator (disableTransactions, as the files' header says) runs every phase", async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(
      path.join(dir, '20240101000000_users.js'),
      "import { sql } from 'kysely';\nexport async function up(db) {\n  await sql`CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL)`.execute(db);\n  await sql`INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 40) AS g`.execute(db);\n}\n",
    );
    // The Migrator imports the files from this package's folder tree, where kysely resolves.
    fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
    const written = await writePlan(dir, 'kysely');
    assert.ok(
      written.every((f) => f.endsWith('.js')),
      written.join(', '),
    );
    const { Kysely, Migrator, FileMigrationProvider, PostgresDialect } = await import('kysely');
    const { Pool } = await import('pg');
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: dbUrl(), max: 3 }) }) });
    try {
      const migrator = new Migrator({
        db: kysely,
        provider: new FileMigrationProvider({ fs: fs.promises, path, migrationFolder: dir }),
        disableTransactions: true,
      });
      const { error, results } = await migrator.migrateToLatest();
      assert.equal(error, undefined, String(error));
      assert.deepEqual(
        results?.map((r) => r.status),
        results?.map(() => 'Success'),
      );
      assert.equal(results?.length, 1 + written.length);
    } finally {
      await kysely.destroy();
    }
    await check();
  });

  it('node-pg-migrate: its runner runs every phase, pgm.noTransaction() where a phase needs it', async () => {
    fs.writeFileSync(
      path.join(dir, '1704067200000_users.js'),
      "exports.up = (pgm) => {\n  pgm.sql(`CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL)`);\n  pgm.sql(`INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 40) AS g`);\n};\n",
    );
    const written = await writePlan(dir, 'node-pg-migrate');
    assert.ok(
      written.every((f) => /^\d{13}_.+\.js$/.test(f)),
      written.join(', '),
    );
    const { runner } = await import('node-pg-migrate');
    const logs: string[] = [];
    const ran = await runner({
      databaseUrl: dbUrl(),
      dir,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      log: (m: string) => logs.push(m),
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => logs.push(m) },
    });
    assert.equal(ran.length, 1 + written.length, logs.join('\n'));
    await check();
  });
});
