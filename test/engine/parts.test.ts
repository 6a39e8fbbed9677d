import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { fitClass, predictMs, type CostProfile } from '../../src/core/engines/postgres/cost-model';
import { findTable, readTable } from '../../src/core/simulate/catalog';
import { startPglite } from '../../src/core/simulate/engine/pglite';
import { connectServer, ServerRefusal } from '../../src/core/simulate/engine/server';
import { blockedQueries, modelLockWait, type LockRequest } from '../../src/core/simulate/lock-queue';
import { precedingMigrations } from '../../src/core/simulate/order';
import { replaySchema } from '../../src/core/simulate/replay';
import { runSimulation } from '../../src/core/simulate/runner';
import { seedOrder, seedTables } from '../../src/core/simulate/seed';
import { DEFAULT_WORKLOAD } from '../../src/core/simulate/workload';
import { migrationFolder, schemaErrors } from './helpers';

describe('PGlite host', function () {
  it('starts on a copy of the template and removes its data folder on close', async function () {
    const s = await startPglite();
    assert.equal(s.majorVersion, 18);
    assert.ok(fs.existsSync(s.dataDir));
    assert.ok(!s.dataDir.includes('memory://'));
    await s.close();
    assert.ok(!fs.existsSync(s.dataDir));
  });
});

describe('migration order', function () {
  it('orders Prisma folders, Flyway versions, numbered files and plain paths', function () {
    const f = migrationFolder({
      'prisma/migrations/20240102_b/migration.sql': '',
      'prisma/migrations/20240101_a/migration.sql': '',
      'prisma/migrations/20240103_c/migration.sql': '',
      'flyway/V1__init.sql': '',
      'flyway/V1.10__late.sql': '',
      'flyway/V1.2__early.sql': '',
      'flyway/V2__target.sql': '',
      'num/9_a.sql': '',
      'num/10_b.sql': '',
      'num/10_b.down.sql': '',
      'num/11_c.up.sql': '',
      'plain/a.sql': '',
      'plain/b.sql': '',
    });
    try {
      const rel = (xs: readonly string[]): string[] => xs.map((x) => x.slice(f.dir.length + 1));
      const prisma = precedingMigrations(f.file('prisma/migrations/20240103_c/migration.sql'));
      assert.equal(prisma.convention, 'prisma');
      assert.deepEqual(rel(prisma.before), ['prisma/migrations/20240101_a/migration.sql', 'prisma/migrations/20240102_b/migration.sql']);
      const fly = precedingMigrations(f.file('flyway/V2__target.sql'));
      assert.deepEqual(rel(fly.before), ['flyway/V1__init.sql', 'flyway/V1.2__early.sql', 'flyway/V1.10__late.sql']);
      const num = precedingMigrations(f.file('num/11_c.up.sql'));
      assert.deepEqual(rel(num.before), ['num/9_a.sql', 'num/10_b.sql']);
      assert.deepEqual(rel(precedingMigrations(f.file('plain/b.sql')).before), ['plain/a.sql']);
    } finally {
      f.remove();
    }
  });
});

describe('synthetic seeding', function () {
  it('satisfies types, NOT NULL, keys, foreign keys, enums and CHECKs', async function () {
    const s = await startPglite();
    try {
      await replaySchema(s, [
        {
          file: 'schema.sql',
          text: `CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), slug varchar(12) NOT NULL UNIQUE);
CREATE TABLE people (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES orgs(id),
  boss_id int REFERENCES people(id),
  mood mood NOT NULL,
  kind text NOT NULL CHECK (kind IN ('a', 'b')),
  price numeric(5,2) NOT NULL CHECK (price > 0),
  active boolean NOT NULL,
  born date, seen timestamptz, meta jsonb, tags text[] NOT NULL DEFAULT '{}', ip inet, raw bytea
);`,
        },
      ]);
      const tables = [];
      for (const n of ['people', 'orgs']) tables.push(await readTable(s, (await findTable(s, n))!));
      const ordered = seedOrder(tables);
      assert.deepEqual(
        ordered.map((t) => t.displayName),
        ['orgs', 'people'],
      );
      const seeded = await seedTables(
        s,
        ordered.map((table) => ({ table, rows: table.displayName === 'orgs' ? 50 : 3000, columns: { meta: { nullFraction: 0.5 } } })),
      );
      assert.deepEqual(
        seeded.map((x) => x.rows),
        [50, 3000],
      );
      const r = await s.query<{ n: number; orgs: number; nulls: number }>(
        'select count(*)::int as n, count(distinct org_id)::int as orgs, count(*) filter (where meta is null)::int as nulls from people',
      );
      assert.equal(r.rows[0]!.n, 3000);
      assert.equal(r.rows[0]!.orgs, 50);
      assert.ok(r.rows[0]!.nulls > 1000 && r.rows[0]!.nulls < 2000);
      // The identity sequence moved past the explicit keys.
      await s.exec("INSERT INTO people (org_id, mood, kind, price, active) SELECT id, 'calm', 'a', 1, true FROM orgs LIMIT 1");
    } finally {
      await s.close();
    }
  });
});

describe('cost model', function () {
  it('recovers known constants from exact samples', function () {
    const truth = { perRowUs: 0.5, perByteNs: 3, perIndexRowUs: 0.8 };
    const samples = [
      [100_000, 50, 1],
      [100_000, 250, 3],
      [400_000, 50, 3],
      [400_000, 250, 1],
    ].map(([rows, rowBytes, indexes]) => ({
      rows: rows!,
      rowBytes: rowBytes!,
      indexes: indexes!,
      ms: (rows! * (truth.perRowUs + (rowBytes! * truth.perByteNs) / 1000 + indexes! * truth.perIndexRowUs)) / 1000,
    }));
    const fit = fitClass('rewrite', samples);
    assert.ok(Math.abs(fit.perRowUs - 0.5) < 1e-6);
    assert.ok(Math.abs(fit.perByteNs - 3) < 1e-6);
    assert.ok(Math.abs(fit.perIndexRowUs - 0.8) < 1e-6);
    const profile = { classes: { rewrite: fit } } as unknown as CostProfile;
    assert.ok(Math.abs(predictMs(profile, 'rewrite', { rows: 1_000_000, rowBytes: 100, indexes: 2 }) - 1000 * (0.5 + 0.3 + 1.6)) < 1e-3);
  });
});

describe('lock queue', function () {
  const req = (over: Partial<LockRequest>): LockRequest => ({
    relation: 'users',
    mode: 'AccessExclusiveLock',
    atMs: 0,
    workload: { ...DEFAULT_WORKLOAD, readsPerSecond: 100, writesPerSecond: 10, queryMs: 10, longestTransactionMs: 5_000 },
    lockTimeoutMs: null,
    retries: 0,
    retryDelayMs: 1_000,
    ...over,
  });

  it('SELECTs queue behind a waiting AccessExclusiveLock for the wait and the hold', function () {
    const r = req({});
    const wait = modelLockWait(r);
    assert.equal(wait.waitMs, 5_000);
    const b = blockedQueries(r, wait, 1_000);
    assert.equal(b.reads, 600);
    assert.equal(b.writes, 60);
    assert.equal(b.maxWaitMs, 6_000);
  });

  it('ShareLock waits only for writers and blocks only writes', function () {
    const r = req({ mode: 'ShareLock' });
    const b = blockedQueries(r, modelLockWait(r), 1_000);
    assert.equal(b.reads, 0);
    assert.ok(b.writes > 0);
  });

  it('ShareUpdateExclusiveLock makes no application query wait', function () {
    const r = req({ mode: 'ShareUpdateExclusiveLock' });
    const b = blockedQueries(r, modelLockWait(r), 60_000);
    assert.deepEqual([b.reads, b.writes, b.maxWaitMs], [0, 0, 0]);
  });

  it('lock_timeout retries until the long transaction has ended', function () {
    const r = req({ lockTimeoutMs: 2_000, retries: 5, retryDelayMs: 500 });
    const wait = modelLockWait(r);
    // attempts at 0 (needs 5 s), 2.5 s (needs 2.5 s), 5 s (needs 10 ms): granted on the third.
    assert.equal(wait.attempts, 3);
    assert.equal(wait.gaveUp, false);
    const b = blockedQueries(r, wait, 100);
    assert.equal(b.maxWaitMs, 2_000);
  });
});

describe('worker runner', function () {
  it('runs in a worker, reports progress stages and validates against the schema', async function () {
    const f = migrationFolder({ '001.sql': 'CREATE TABLE t (id bigserial PRIMARY KEY, v text);', '002.sql': 'ALTER TABLE t ADD COLUMN w int;' });
    try {
      const stages: string[] = [];
      const t = await runSimulation({ file: f.file('002.sql'), sampleRows: 1000 }, { onProgress: (s) => stages.push(s.stage) });
      assert.deepEqual([...new Set(stages)], ['starting', 'replaying', 'seeding', 'tracing', 'modelling']);
      assert.deepEqual(schemaErrors(t), []);
    } finally {
      f.remove();
    }
  });

  it('terminates at once on abort and leaves no data folder behind', async function () {
    const f = migrationFolder({ '001.sql': 'CREATE TABLE t (id bigserial PRIMARY KEY, v text);', '002.sql': 'ALTER TABLE t ADD COLUMN w int;' });
    const root = fs.existsSync('/dev/shm') ? '/dev/shm' : require('node:os').tmpdir();
    const before = new Set(fs.readdirSync(root).filter((n: string) => n.startsWith('lockstep-sim-')));
    try {
      const ac = new AbortController();
      const stages: string[] = [];
      await assert.rejects(
        runSimulation(
          { file: f.file('002.sql'), sampleRows: 500_000 },
          {
            signal: ac.signal,
            onProgress: (s) => {
              stages.push(s.stage);
              if (s.stage === 'seeding' && !ac.signal.aborted) ac.abort();
            },
          },
        ),
        { name: 'AbortError' },
      );
      // Stopped where it was: nothing after the seeding it was aborted in was started.
      assert.ok(!stages.includes('tracing') && !stages.includes('modelling'), stages.join(', '));
      // The folder is removed once the worker has stopped, which on a busy machine can take a
      // while: wait for it (the mocha timeout bounds the wait) rather than for a fixed time.
      const left = (): string[] => fs.readdirSync(root).filter((n: string) => n.startsWith('lockstep-sim-') && !before.has(n));
      while (left().length > 0) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(left(), []);
    } finally {
      f.remove();
    }
  });
});

describe('real database mode refusals', function () {
  it('refuses clearly when the server is unreachable', async function () {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    await assert.rejects(connectServer(`postgres://nobody:secret@127.0.0.1:${port}/db`, { connectTimeoutMs: 2_000 }), (err: unknown) => {
      assert.ok(err instanceof ServerRefusal);
      assert.equal(err.reason, 'unreachable');
      assert.ok(!err.message.includes('secret'), 'password is not printed');
      return true;
    });
  });
});
