import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateSqlite } from '../../../src/core/simulate/sqlite/simulate';

describe('SQLite simulation on sql.js', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-sqlite-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'migrations', '001_init.sql'),
      'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));\nCREATE INDEX users_age ON users (age);\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, sql: string): string => {
    const file = join(dir, 'migrations', name);
    writeFileSync(file, sql);
    return file;
  };

  it('replays earlier migrations, seeds rows and reports the real error where the migration stops', async () => {
    const file = write(
      '002_status.sql',
      "ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active';\nCREATE INDEX users_status ON users (status);\nALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;\nALTER TABLE users ADD COLUMN z INTEGER;\n",
    );
    const t = await simulateSqlite({ file, rows: { users: 4000 }, sampleRows: 1000 });
    assert.deepEqual(t.replay.failures, []);
    assert.equal(t.seeding[0]?.rows, 1000);
    assert.equal(t.assumptions.engine.kind, 'sqljs');
    assert.equal(t.assumptions.dialect, 'sqlite');
    assert.deepEqual(
      t.statements.map((s) => s.costClass),
      ['metadata', 'index-build', 'metadata', 'metadata'],
    );
    assert.equal(t.statements[0]!.error, null);
    assert.equal(t.statements[2]!.error?.message, 'Cannot add a column with non-constant default');
    assert.match(t.statements[3]!.skipped ?? '', /stopped at statement 3/);
    // The index build ran on 1,000 rows and is scaled to 4,000.
    assert.equal(t.statements[1]!.sample.rows, 1000);
    assert.ok(t.statements[1]!.notes.some((n) => /scaled to 4000 rows/.test(n)));
  });

  it('the same statement succeeds on an empty table', async () => {
    const file = write('003_created.sql', 'ALTER TABLE users ADD COLUMN seen_at TEXT DEFAULT CURRENT_TIMESTAMP;\n');
    const t = await simulateSqlite({ file, rows: { users: 0 } });
    assert.equal(t.statements[0]!.error, null);
  });

  it('reports forms the target SQLite lacks even though the bundled engine runs them', async () => {
    const file = write('004_not_null.sql', 'ALTER TABLE users ALTER COLUMN age SET NOT NULL;\n');
    const old = await simulateSqlite({ file, rows: { users: 500 }, targetVersion: '3.45.0' });
    assert.match(old.statements[0]!.error?.message ?? '', /SQLite 3\.45\.0 cannot run this ALTER TABLE form/);
    const current = await simulateSqlite({ file, rows: { users: 500 }, targetVersion: '3.54.1' });
    assert.equal(current.statements[0]!.error, null);
  });

  it('prices an unbatched backfill and its batched alternative', async () => {
    const file = write('005_backfill.sql', 'ALTER TABLE users ADD COLUMN score INTEGER;\nUPDATE users SET score = age * 2;\n');
    const t = await simulateSqlite({ file, rows: { users: 3000 } });
    const update = t.statements[1]!;
    assert.equal(update.costClass, 'backfill');
    assert.equal(update.sample.rowsWritten, 3000);
    assert.equal(update.backfill?.batches, 3);
  });
});
