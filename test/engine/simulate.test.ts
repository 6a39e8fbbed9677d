import { strict as assert } from 'node:assert';
import { simulate } from '../../src/core/simulate/simulate';
import type { Timeline, TimelineStatement } from '../../src/core/simulate/timeline';
import { migrationFolder, schemaErrors } from './helpers';

const SCHEMA = `
CREATE TYPE plan_kind AS ENUM ('free', 'pro');
CREATE TABLE plans (id serial PRIMARY KEY, name text NOT NULL UNIQUE, kind plan_kind NOT NULL);
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar(120) NOT NULL UNIQUE,
  plan_id int NOT NULL REFERENCES plans(id),
  status text NOT NULL CHECK (status IN ('active', 'banned')),
  score int,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

async function run(migration: string, extra: Partial<Parameters<typeof simulate>[0]> = {}): Promise<Timeline> {
  const f = migrationFolder({ '001_schema.sql': SCHEMA, '002_change.sql': migration });
  try {
    const t = await simulate({ file: f.file('002_change.sql'), rows: { users: 1_000_000, plans: 5 }, sampleRows: 2_000, ...extra });
    assert.deepEqual(schemaErrors(t), [], 'timeline matches docs/timeline.schema.json');
    return t;
  } finally {
    f.remove();
  }
}

function lockOn(s: TimelineStatement, relation: string): string[] {
  return s.locks.filter((l) => l.relation === relation).map((l) => l.mode);
}

describe('simulate on PGlite: operation classes', function () {
  let t: Timeline;
  before(async function () {
    t = await run(`
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE users ALTER COLUMN score SET NOT NULL;
CREATE INDEX users_created ON users (created_at);
CREATE INDEX CONCURRENTLY users_nickname ON users (nickname);
ALTER TABLE users ADD CONSTRAINT score_positive CHECK (score > 0) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT score_positive;
UPDATE users SET nickname = email;
UPDATE users SET nickname = email WHERE id BETWEEN 1 AND 500;
`);
  });

  it('seeds the touched table and the table it references, parents first', function () {
    assert.deepEqual(
      t.seeding.map((s) => [s.table, s.rows]),
      [
        ['plans', 5],
        ['users', 2000],
      ],
    );
    assert.equal(t.assumptions.tables['users']!.rows, 1_000_000);
    assert.equal(t.assumptions.tables['users']!.rowsSource, 'cli');
  });

  it('metadata-only ADD COLUMN: AccessExclusiveLock observed, no rewrite, no scan', function () {
    const s = t.statements[0]!;
    assert.equal(s.costClass, 'metadata');
    assert.deepEqual(lockOn(s, 'users'), ['AccessExclusiveLock']);
    assert.equal(s.locks[0]!.source, 'observed');
    assert.equal(s.locks[0]!.blocks, 'reads+writes');
    assert.equal(s.rewrite, false);
    assert.equal(s.scan, false);
  });

  it('volatile default: the table is rewritten (filenode changed) and rows scale to production', function () {
    const s = t.statements[1]!;
    assert.equal(s.costClass, 'rewrite');
    assert.equal(s.rewrite, true);
    assert.equal(s.rewriteSource, 'observed');
    assert.ok(lockOn(s, 'users').includes('AccessExclusiveLock'));
    assert.equal(s.rowsWritten, 1_000_000);
    assert.ok(Number.isFinite(s.durationMs) && s.durationMs > 0);
  });

  it('SET NOT NULL without a proving CHECK scans the table (and fails on seeded NULLs)', function () {
    const s = t.statements[2]!;
    // score is nullable and seeded without NULLs by default, so the scan succeeds.
    assert.equal(s.error, null);
    assert.equal(s.scan, true);
    assert.equal(s.costClass, 'scan');
  });

  it('CREATE INDEX takes ShareLock (blocks writes) and reads every row', function () {
    const s = t.statements[3]!;
    assert.equal(s.costClass, 'index-build');
    assert.ok(lockOn(s, 'users').includes('ShareLock'));
    assert.equal(s.locks.find((l) => l.relation === 'users' && l.mode === 'ShareLock')!.blocks, 'writes');
  });

  it('CREATE INDEX CONCURRENTLY runs outside a transaction with its lock from engine facts', function () {
    const s = t.statements[4]!;
    assert.equal(s.costClass, 'concurrent-index-build');
    assert.equal(s.transaction, 'no-transaction');
    assert.deepEqual(
      s.locks.map((l) => [l.relation, l.mode, l.source]),
      [['users', 'ShareUpdateExclusiveLock', 'rule']],
    );
    assert.equal(s.error, null);
  });

  it('ADD CHECK NOT VALID is metadata; VALIDATE takes ShareUpdateExclusiveLock and scans', function () {
    assert.equal(t.statements[5]!.costClass, 'metadata');
    const v = t.statements[6]!;
    assert.equal(v.costClass, 'validation');
    assert.deepEqual(lockOn(v, 'users'), ['ShareUpdateExclusiveLock']);
    assert.equal(v.scan, true);
  });

  it('single-statement backfill: RowExclusiveLock, every row written, batched alternative priced', function () {
    const s = t.statements[7]!;
    assert.equal(s.costClass, 'backfill');
    assert.deepEqual(lockOn(s, 'users'), ['RowExclusiveLock']);
    assert.equal(s.rowsWritten, 1_000_000);
    assert.ok(s.backfill);
    assert.equal(s.backfill!.batches, Math.ceil(1_000_000 / s.backfill!.batchSize));
  });

  it('batched backfill: a bounded UPDATE writes its share of the rows', function () {
    const s = t.statements[8]!;
    assert.equal(s.costClass, 'batched-backfill');
    assert.equal(s.rowsWritten, 250_000);
  });

  it('the statements follow one another on the time axis', function () {
    for (let i = 1; i < t.statements.length; i++) {
      const p = t.statements[i - 1]!;
      assert.ok(Math.abs(t.statements[i]!.startMs - (p.startMs + p.lockWaitMs + p.durationMs)) < 0.5);
    }
  });
});

describe('simulate on PGlite: errors are results', function () {
  it('ADD COLUMN NOT NULL without a default fails with the engine error 23502', async function () {
    const t = await run('ALTER TABLE users ADD COLUMN tier int NOT NULL;');
    const s = t.statements[0]!;
    assert.equal(s.error?.code, '23502');
    assert.match(s.error!.message, /contains null values/);
    assert.ok(t.warnings.some((w) => w.includes('line 1')));
  });

  it('a failure inside BEGIN … COMMIT skips the rest of the transaction', async function () {
    const t = await run(
      'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int NOT NULL;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;',
    );
    assert.equal(t.statements[1]!.transaction, 'transaction');
    assert.equal(t.statements[2]!.error?.code, '23502');
    assert.match(t.statements[3]!.skipped ?? '', /aborted the transaction/);
  });

  it('a lock held by an earlier statement of the transaction is listed as not acquired and keeps blocking', async function () {
    const t = await run('BEGIN;\nALTER TABLE users ADD COLUMN a int;\nUPDATE users SET a = 1 WHERE id < 10;\nCOMMIT;');
    const upd = t.statements[2]!;
    const held = upd.locks.find((l) => l.relation === 'users' && l.mode === 'AccessExclusiveLock');
    assert.ok(held);
    assert.equal(held!.acquired, false);
    const first = t.statements[1]!;
    assert.ok(first.blocked && first.blocked.holdMs >= upd.durationMs, 'lock held until COMMIT');
  });

  it('CREATE INDEX CONCURRENTLY inside a transaction fails with 25001', async function () {
    const t = await run('BEGIN;\nCREATE INDEX CONCURRENTLY i ON users (score);\nCOMMIT;');
    assert.equal(t.statements[1]!.error?.code, '25001');
  });

  it('a statement the engine cannot parse is reported with its line', async function () {
    const t = await run('ALTER TABLE users ADD COLUMN ok int;\nALTER TABLE nope ADD COLUMN x int;');
    assert.equal(t.statements[1]!.error?.code, '42P01');
    assert.equal(t.statements[1]!.line, 2);
  });

  it('schema statements that fail to replay are reported with file and line, then skipped', async function () {
    const f = migrationFolder({
      '001.sql': 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE broken (x nosuchtype);',
      '002.sql': 'ALTER TABLE t ADD COLUMN y int;',
    });
    try {
      const t = await simulate({ file: f.file('002.sql'), sampleRows: 100 });
      assert.equal(t.replay.failures.length, 1);
      assert.equal(t.replay.failures[0]!.line, 2);
      assert.match(t.replay.failures[0]!.file, /001\.sql$/);
      assert.equal(t.statements[0]!.error, null);
    } finally {
      f.remove();
    }
  });

  it('--schema loads a dump instead of replaying earlier migrations', async function () {
    const f = migrationFolder({
      'schema.sql':
        "SELECT pg_catalog.set_config('search_path', '', false);\n\\restrict abc\nCREATE TABLE public.items (id bigint NOT NULL, name text);\nALTER TABLE ONLY public.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);",
      'm/001.sql': 'ALTER TABLE items ADD COLUMN price numeric(10,2) DEFAULT 0;',
    });
    try {
      const t = await simulate({ file: f.file('m/001.sql'), schemaFile: f.file('schema.sql'), sampleRows: 500 });
      assert.deepEqual(t.replay.failures, []);
      assert.equal(t.seeding[0]!.rows, 500);
      assert.equal(t.statements[0]!.error, null);
      assert.equal(t.statements[0]!.rewrite, false);
    } finally {
      f.remove();
    }
  });
});

describe('simulate: target version rules and the workload', function () {
  it('SET NOT NULL proven by a validated CHECK skips the scan on 18 but scans on PostgreSQL 11 (rule)', async function () {
    const sql =
      'ALTER TABLE users ADD CONSTRAINT s_nn CHECK (status IS NOT NULL);\nALTER TABLE users ALTER COLUMN status DROP NOT NULL;\nALTER TABLE users ALTER COLUMN status SET NOT NULL;';
    const t18 = await run(sql, { targetVersion: 18 });
    assert.equal(t18.statements[2]!.scan, false);
    const t11 = await run(sql, { targetVersion: 11 });
    assert.equal(t11.statements[2]!.scan, true);
    assert.ok(t11.statements[2]!.notes.some((n) => n.includes('PostgreSQL 11')));
  });

  it('plain SELECTs pile up behind an AccessExclusiveLock that waits for a long transaction', async function () {
    const t = await run('ALTER TABLE users ADD COLUMN a int;', {
      workload: { default: { readsPerSecond: 200, writesPerSecond: 10, queryMs: 5, longestTransactionMs: 10_000 } },
    });
    const s = t.statements[0]!;
    assert.equal(s.lockWaitMs, 10_000);
    assert.ok(s.blocked);
    assert.ok(s.blocked!.reads >= 2000, `reads queued: ${s.blocked!.reads}`);
    assert.ok(s.blocked!.maxWaitMs >= 10_000);
  });

  it('lock_timeout with retries gives up and reports 55P03 when the long transaction outlasts them', async function () {
    const t = await run("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a int;", {
      workload: { default: { longestTransactionMs: 60_000 }, retries: 2, retryDelayMs: 500 },
    });
    const s = t.statements[1]!;
    assert.equal(s.error?.code, '55P03');
    assert.equal(s.blocked!.attempts, 3);
    assert.equal(s.blocked!.gaveUp, true);
    assert.equal(s.blocked!.maxWaitMs, 1000);
  });
});
