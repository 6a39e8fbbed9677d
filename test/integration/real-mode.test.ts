import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectServer, ServerRefusal, type ServerSession } from '../../src/core/simulate/engine/server';
import { simulate } from '../../src/core/simulate/simulate';
import { testServerUrl } from './server';

/** Real database mode: traces on the server, changes nothing, refuses without rights. */

const MIGRATION = `ALTER TABLE rm_items ADD COLUMN note text;
SET lock_timeout = 0;
CREATE INDEX CONCURRENTLY rm_items_note ON rm_items (note);
UPDATE rm_items SET note = 'x';
ALTER TABLE rm_items ADD COLUMN tier int NOT NULL;`;

describe('real database mode', function () {
  let admin: ServerSession;
  let dir: string;
  let file: string;

  before(async function () {
    admin = await connectServer(testServerUrl());
    await admin.exec('DROP TABLE IF EXISTS rm_items');
    await admin.exec('CREATE TABLE rm_items (id bigserial PRIMARY KEY, name text NOT NULL)');
    await admin.exec("INSERT INTO rm_items (name) SELECT 'n' || i FROM generate_series(1, 5000) i");
    await admin.exec('ANALYZE rm_items');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-real-'));
    file = path.join(dir, '001.sql');
    fs.writeFileSync(file, MIGRATION);
  });

  after(async function () {
    await admin.exec('DROP TABLE IF EXISTS rm_items');
    await admin.exec('DROP ROLE IF EXISTS lockstep_reader');
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('traces with the server row counts, rolls everything back and never runs CONCURRENTLY', async function () {
    const t = await simulate({ file, url: testServerUrl() });
    assert.equal(t.assumptions.engine.kind, 'server');
    assert.equal(t.assumptions.tables['rm_items']!.rowsSource, 'server');
    assert.equal(t.assumptions.tables['rm_items']!.rows, 5000);
    assert.deepEqual(
      t.statements[0]!.locks.filter((l) => l.relationKind === 'table').map((l) => l.mode),
      ['AccessExclusiveLock'],
    );
    assert.match(t.statements[1]!.notes.join(' '), /keeps its own lock_timeout/);
    assert.match(t.statements[2]!.skipped ?? '', /real database mode/);
    assert.equal(t.statements[2]!.locks[0]!.source, 'rule');
    assert.equal(t.statements[4]!.error?.code, '23502');
    assert.ok(t.warnings.some((w) => w.includes('rolled back')));
    const cols = await admin.query<{ n: number }>("select count(*)::int as n from information_schema.columns where table_name = 'rm_items'");
    assert.equal(cols.rows[0]!.n, 2, 'no column was added');
    const idx = await admin.query<{ n: number }>("select count(*)::int as n from pg_indexes where tablename = 'rm_items'");
    assert.equal(idx.rows[0]!.n, 1, 'no index was built');
    const note = await admin.query<{ n: number }>('select count(*)::int as n from rm_items');
    assert.equal(note.rows[0]!.n, 5000);
  });

  it('a table locked by another session stops the catalog queries at lock_timeout instead of blocking', async function () {
    const holder = await connectServer(testServerUrl());
    try {
      await holder.exec('BEGIN; LOCK TABLE rm_items IN ACCESS EXCLUSIVE MODE');
      await assert.rejects(simulate({ file, url: testServerUrl(), serverLockTimeoutMs: 300 }), (err: unknown) => {
        assert.equal((err as { code?: string }).code, '55P03');
        assert.match((err as Error).message, /locked by another session/);
        return true;
      });
    } finally {
      await holder.exec('ROLLBACK');
      await holder.close();
    }
  });

  it('models the migration’s own ROLLBACK by undoing its transaction’s statements', async function () {
    const f = path.join(dir, '002.sql');
    fs.writeFileSync(
      f,
      'BEGIN;\nALTER TABLE rm_items ADD COLUMN z int;\nROLLBACK;\nALTER TABLE rm_items ADD COLUMN z int;\nALTER TABLE rm_items ADD COLUMN z int;',
    );
    const t = await simulate({ file: f, url: testServerUrl() });
    assert.equal(t.statements[3]!.error, null, 'the first ADD COLUMN was undone by the migration’s ROLLBACK');
    assert.equal(t.statements[4]!.error?.code, '42701', 'the second sees the third’s column');
    assert.match(t.statements[2]!.notes.join(' '), /modelled, not sent/);
  });

  it('refuses when the user does not own the tables', async function () {
    await admin.exec('DROP ROLE IF EXISTS lockstep_reader');
    await admin.exec('CREATE ROLE lockstep_reader LOGIN');
    await admin.exec('GRANT SELECT ON rm_items TO lockstep_reader');
    const url = new URL(testServerUrl());
    url.username = 'lockstep_reader';
    await assert.rejects(simulate({ file, url: url.toString() }), (err: unknown) => {
      assert.ok(err instanceof ServerRefusal);
      assert.equal(err.reason, 'rights');
      assert.match(err.message, /does not own rm_items/);
      return true;
    });
  });
});
