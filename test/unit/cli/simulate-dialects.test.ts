import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Timeline } from '../../../src/core/simulate/timeline';
import { cli } from '../../helpers/cli';
import { migrationFolder, schemaErrors } from '../../engine/helpers';

/**
 * `lockstep simulate` for the engines other than PostgreSQL: SQLite runs on sql.js with
 * synthetic rows, MySQL and MariaDB are priced from versioned facts. Both run in-process
 * in well under a second, so they are unit tests; PostgreSQL's path is in test/engine.
 */
describe('lockstep simulate: SQLite, MySQL and MariaDB (CLI)', () => {
  const sqlite = migrationFolder({
    'lockstep.config.json': JSON.stringify({ dialect: 'sqlite', targetVersion: '3.45.0', tables: { users: { rows: 3000 } } }),
    'migrations/0001_users.sql': 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n',
    'migrations/0002_plan.sql': "ALTER TABLE users ADD COLUMN plan TEXT NOT NULL DEFAULT 'free';\nCREATE INDEX users_plan ON users (plan);\n",
    'migrations/0003_bad.sql': 'ALTER TABLE users ADD COLUMN team TEXT NOT NULL;\nCREATE INDEX users_team ON users (team);\n',
  });
  // No config: the dialect comes from the flag, or from the SQL's backticks.
  const mysql = migrationFolder({ 'mysql/0001_status.sql': 'ALTER TABLE `orders` ADD COLUMN stage VARCHAR(20) AFTER id;\n' });
  after(() => {
    sqlite.remove();
    mysql.remove();
  });

  const json = (stdout: string): Timeline => JSON.parse(stdout) as Timeline;

  it('SQLite: replays, seeds and runs on sql.js; JSON follows the published schema', async () => {
    const r = await cli('simulate', sqlite.file('migrations/0002_plan.sql'), '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const t = json(r.stdout);
    assert.deepEqual(schemaErrors(t), []);
    assert.equal(t.assumptions.dialect, 'sqlite');
    assert.equal(t.assumptions.engine.kind, 'sqljs');
    assert.equal(t.assumptions.targetVersionText, '3.45.0');
    assert.equal(t.assumptions.tables['users']?.rows, 3000);
    assert.equal(t.seeding[0]?.rows, 3000, 'seeds up to the production size by default');
    assert.deepEqual(
      t.statements.map((s) => s.costClass),
      ['metadata', 'index-build'],
    );
  });

  it("SQLite: a statement SQLite refuses is the engine's error, exit status 1, and the text names SQLite, not PGlite", async () => {
    const r = await cli('simulate', sqlite.file('migrations/0003_bad.sql'), '--sample', '500');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /predicted on SQLite 3\.45\.0 \(run on sql\.js, SQLite 3\.\d+\.\d+\)/);
    assert.match(r.stdout, /ERROR SQLITE_ERROR Cannot add a NOT NULL column with default value NULL/);
    assert.match(r.stdout, /database write lock on users/);
    assert.doesNotMatch(r.stdout, /PostgreSQL|PGlite|calibration:/);
  });

  it('SQLite: --target overrides the config file and the error follows the target version', async () => {
    const file = sqlite.file('migrations/0004_not_null.sql');
    fs.writeFileSync(file, 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n');
    const old = json((await cli('simulate', file, '--format', 'json', '--sample', '100')).stdout);
    assert.match(old.statements[0]?.error?.message ?? '', /SQLite 3\.45\.0 cannot run this ALTER TABLE form/);
    const current = await cli('simulate', file, '--format', 'json', '--sample', '100', '--target', '3.53.0');
    assert.equal(json(current.stdout).statements[0]?.error, null, current.stdout);
    assert.equal(json(current.stdout).assumptions.targetVersionText, '3.53.0');
    fs.rmSync(file);
  });

  it('SQLite: the HTML report is written for it', async () => {
    const out = path.join(sqlite.dir, 'report.html');
    const r = await cli('simulate', sqlite.file('migrations/0002_plan.sql'), '--format', 'html', '-o', out, '--sample', '100');
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<html/i);
    assert.match(html, /"dialect":"sqlite"/);
  });

  it('MySQL: --dialect and --target choose the versioned facts; the timeline is marked rule-derived', async () => {
    const file = mysql.file('mysql/0001_status.sql');
    const older = json((await cli('simulate', file, '--dialect', 'mysql', '--target', '8.0.28', '--rows', 'orders=10000000', '--format', 'json')).stdout);
    const newer = json((await cli('simulate', file, '--dialect', 'mysql', '--target', '8.0.29', '--rows', 'orders=10000000', '--format', 'json')).stdout);
    assert.deepEqual(schemaErrors(older), []);
    assert.deepEqual(schemaErrors(newer), []);
    assert.equal(older.assumptions.engine.kind, 'facts');
    assert.equal(older.assumptions.dialect, 'mysql');
    assert.equal(older.assumptions.targetVersionText, '8.0.28');
    assert.ok(older.statements[0]!.rewrite, 'AFTER before 8.0.29 rebuilds the table');
    assert.ok(!newer.statements[0]!.rewrite, 'INSTANT at any position from 8.0.29');
    assert.ok(older.statements[0]!.locks.every((l) => l.source === 'rule'));
    assert.ok(older.totalMs > newer.totalMs);
  });

  it('MySQL: detected from the SQL without a flag; text output says nothing ran', async () => {
    const r = await cli('simulate', mysql.file('mysql/0001_status.sql'), '--rows', 'orders=2000000');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /predicted on MySQL 8\.\d+\.\d+ \(rule-derived from versioned facts: nothing ran\)/);
    assert.match(r.stdout, /orders: 2,000,000 rows \(cli\)\n/);
    assert.doesNotMatch(r.stdout, /PGlite|sample 0/);
  });

  it('MariaDB: --dialect mariadb --target 10.4', async () => {
    const r = await cli(
      'simulate',
      mysql.file('mysql/0001_status.sql'),
      '--dialect',
      'mariadb',
      '--target',
      '10.4',
      '--rows',
      'orders=2000000',
      '--format',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    const t = json(r.stdout);
    assert.deepEqual(schemaErrors(t), []);
    assert.equal(t.assumptions.dialect, 'mariadb');
    assert.equal(t.assumptions.engine.version, 'MariaDB 10.4');
    assert.ok(!t.statements[0]!.rewrite, 'MariaDB 10.4 adds a column at any position instantly');
  });

  it('refuses flags that do not apply to the engine', async () => {
    const url = await cli('simulate', sqlite.file('migrations/0002_plan.sql'), '--url', 'postgres://localhost/x');
    assert.equal(url.code, 2);
    assert.match(url.stderr, /--url traces on a PostgreSQL server; this migration is sqlite/);
    const pg = await cli('simulate', mysql.file('mysql/0001_status.sql'), '--dialect', 'mysql', '--pg-version', '16');
    assert.equal(pg.code, 2);
    assert.match(pg.stderr, /--pg-version is for PostgreSQL/);
  });
});

/** The README's commands on examples/sqlite and examples/mysql print what the README says they print. */
describe('README examples for SQLite and MySQL', () => {
  const examples = path.join(__dirname, '..', '..', '..', 'examples');

  it('simulate examples/sqlite: the real SQLite error, exit status 1', async () => {
    const r = await cli('simulate', path.join(examples, 'sqlite', 'migrations', '0002_add_user_plan.sql'), '--sample', '2000');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /ERROR SQLITE_ERROR Cannot add a NOT NULL column with default value NULL/);
  });

  it('plan examples/sqlite: expand, batches, the 12-step rebuild, then the index', async () => {
    const r = await cli('plan', path.join(examples, 'sqlite', 'migrations', '0002_add_user_plan.sql'), '--backfill', "users.plan='free'");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ALTER TABLE users ADD COLUMN plan TEXT;/);
    assert.match(r.stdout, /UPDATE users SET plan = 'free' WHERE rowid IN \(SELECT rowid FROM users WHERE plan IS NULL ORDER BY rowid LIMIT 5000\);/);
    assert.match(r.stdout, /PRAGMA foreign_keys = OFF;[\s\S]*DROP TABLE users;[\s\S]*COMMIT;[\s\S]*CREATE INDEX users_plan ON users \(plan\);/);
  });

  it('simulate examples/mysql: rule-derived, nothing ran', async () => {
    const r = await cli('simulate', path.join(examples, 'mysql', 'migrations', '0002_add_order_stage.sql'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /predicted on MySQL 8\.0\.28 \(rule-derived from versioned facts: nothing ran\)/);
  });

  it('plan examples/mysql: INSTANT add without AFTER, batches, gh-ost for the NOT NULL on 10M rows', async () => {
    const r = await cli('plan', path.join(examples, 'mysql', 'migrations', '0002_add_order_stage.sql'), '--batch-size', '50000');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ALTER TABLE orders ADD COLUMN stage VARCHAR\(20\) NULL, ALGORITHM=INSTANT;/);
    assert.match(r.stdout, /gh-ost --host=<host> --database=<database> --table=orders --alter="MODIFY COLUMN stage VARCHAR\(20\) NOT NULL"/);
    assert.match(r.stderr, /AFTER cannot be INSTANT on MySQL 8\.0\.28/);
  });
});
