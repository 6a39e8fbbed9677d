import assert from 'node:assert/strict';
import { Client } from 'pg';
import { resolveConfig } from '../../src/core/config';
import { planMigration } from '../../src/core/phases';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { splitStatements } from '../../src/core/sql/split';
import { freshSchema, nullCounts, snapshot } from '../unit/phases/apply';
import { BASE_SCHEMA, seedSql } from '../unit/phases/scenarios';
import { testServerUrl } from './server';

/**
 * The claim behind the phased plan, measured on a real PostgreSQL server: with 1,000,000
 * rows and reads and writes running, no generated statement makes application queries
 * wait for a lock for more than 1 s, while the original migration does; and the phased
 * files end at the same schema with every row filled.
 *
 * Lock waits are sampled from pg_stat_activity (workload sessions whose wait_event_type is
 * Lock), so CPU contention on a busy machine is not mistaken for blocking.
 */
const ROWS = 1_000_000;
const BLOCK_LIMIT_MS = 1_000;
const MIGRATION = `ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
CREATE INDEX users_token_idx ON users (token);`;

interface Measured {
  readonly label: string;
  readonly ms: number;
  /** Longest time a workload query waited for a lock while the statement ran. */
  readonly blockedMs: number;
}

/** Reads and writes on random rows of `schema`.users, as fast as one connection each allows. */
class Workload {
  private clients: Client[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  queries = 0;
  maxLatencyMs = 0;

  constructor(
    private readonly url: string,
    private readonly schema: string,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    for (const kind of ['read', 'write'] as const) {
      const c = new Client({ connectionString: this.url, application_name: 'lockstep-workload' });
      c.on('error', () => undefined);
      await c.connect();
      await c.query(`SET search_path TO ${this.schema}`);
      this.clients.push(c);
      this.loops.push(this.loop(c, kind));
    }
  }

  private async loop(c: Client, kind: 'read' | 'write'): Promise<void> {
    while (this.running) {
      const id = 1 + Math.floor(Math.random() * ROWS);
      const t0 = performance.now();
      try {
        if (kind === 'read') await c.query('SELECT email, score FROM users WHERE id = $1', [id]);
        else await c.query('UPDATE users SET score = coalesce(score, 0) + 1 WHERE id = $1', [id]);
      } catch {
        // A query cancelled at shutdown is not a result.
      }
      this.queries++;
      this.maxLatencyMs = Math.max(this.maxLatencyMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
  }
}

/** Samples how long workload sessions have been waiting for a lock, attributed to the running statement. */
class LockWaitMonitor {
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private current = '';
  private readonly worst = new Map<string, number>();

  async start(url: string): Promise<void> {
    this.client = new Client({ connectionString: url, application_name: 'lockstep-monitor' });
    this.client.on('error', () => undefined);
    await this.client.connect();
    const poll = async (): Promise<void> => {
      try {
        const r = await this.client!.query<{ waited: number }>(
          `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::float8 AS waited
             FROM pg_stat_activity WHERE application_name = 'lockstep-workload' AND wait_event_type = 'Lock'`,
        );
        const waited = Number(r.rows[0]?.waited ?? 0);
        if (this.current) this.worst.set(this.current, Math.max(this.worst.get(this.current) ?? 0, waited));
      } catch {
        // the monitor never fails the measurement
      }
      if (this.client) this.timer = setTimeout(() => void poll(), 25);
    };
    void poll();
  }

  during(label: string): void {
    this.current = label;
    this.worst.set(label, this.worst.get(label) ?? 0);
  }

  blocked(label: string): number {
    return this.worst.get(label) ?? 0;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

/** Runs statements one by one (psql -f), timing each and the lock waits it caused. */
async function runMeasured(session: ServerSession, monitor: LockWaitMonitor, statements: readonly { label: string; sql: string }[]): Promise<Measured[]> {
  const out: Measured[] = [];
  let open = false;
  for (const s of statements) {
    monitor.during(s.label);
    const t0 = performance.now();
    await session.exec(s.sql);
    const ms = performance.now() - t0;
    if (/^\s*BEGIN\b/i.test(s.sql)) open = true;
    if (/^\s*(COMMIT|ROLLBACK|END)\b/i.test(s.sql)) open = false;
    // Let the monitor take a last sample of waits that ended with the statement (not inside
    // an open transaction: waiting there would hold its locks longer than the migration does).
    if (!open) await new Promise((r) => setTimeout(r, 60));
    out.push({ label: s.label, ms, blockedMs: monitor.blocked(s.label) });
  }
  monitor.during('');
  return out;
}

function label(sql: string): string {
  const line = sql.replace(/^(--[^\n]*\n|\s)+/, '').split('\n')[0]!;
  return line.length > 70 ? `${line.slice(0, 67)}…` : line;
}

function table(title: string, rows: readonly Measured[]): string {
  return [title, ...rows.map((r) => `  ${r.ms.toFixed(0).padStart(7)} ms   blocked ${r.blockedMs.toFixed(0).padStart(6)} ms   ${r.label}`)].join('\n');
}

describe('phases on a real PostgreSQL server: 1,000,000 rows under a read/write workload', function () {
  this.timeout(600_000);
  const database = `lockstep_phases_${process.pid}`;
  let url: string;
  let admin: Client;

  before(async () => {
    const base = testServerUrl();
    admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const u = new URL(base);
    u.pathname = `/${database}`;
    url = u.toString();
  });

  after(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin?.end();
  });

  it('the original blocks reads and writes for more than 1 s; no generated statement does, and both end at the same schema', async () => {
    const session = await connectServer(url);
    const monitor = new LockWaitMonitor();
    await monitor.start(url);
    try {
      // The original, as psql -f would run it.
      await freshSchema(session, 'original', BASE_SCHEMA, seedSql(ROWS));
      await session.exec('ANALYZE users');
      const originalLoad = new Workload(url, 'original');
      await originalLoad.start();
      await new Promise((r) => setTimeout(r, 300));
      const original = await runMeasured(
        session,
        monitor,
        splitStatements(MIGRATION).statements.map((s) => ({ label: label(s.text), sql: s.text })),
      );
      await originalLoad.stop();

      // The phased files (plain convention), the same way.
      const plan = await planMigration(MIGRATION, { config: resolveConfig({ targetVersion: Number(session.majorVersion) }), convention: 'plain', batchSize: 10_000, pauseMs: 20 });
      await freshSchema(session, 'phased', BASE_SCHEMA, seedSql(ROWS));
      await session.exec('ANALYZE users');
      const phasedLoad = new Workload(url, 'phased');
      await phasedLoad.start();
      await new Promise((r) => setTimeout(r, 300));
      const statements = plan.files
        .flatMap((f) => f.parts.filter((p) => p.direction === 'up').map((p) => ({ file: f.path, sql: p.sql })))
        .flatMap(({ file, sql }) => splitStatements(sql).statements.map((s) => ({ label: `${file}: ${label(s.text)}`, sql: s.text })));
      const phased = await runMeasured(session, monitor, statements);
      await phasedLoad.stop();

      console.log(
        [
          '',
          table(`original migration on ${ROWS.toLocaleString('en-US')} rows (${session.versionText.split(' on ')[0]}):`, original),
          `  workload: ${originalLoad.queries} queries, slowest ${originalLoad.maxLatencyMs.toFixed(0)} ms`,
          table('phased migration (plain convention):', phased),
          `  workload: ${phasedLoad.queries} queries, slowest ${phasedLoad.maxLatencyMs.toFixed(0)} ms`,
        ].join('\n'),
      );

      const worstOriginal = Math.max(...original.map((m) => m.blockedMs));
      assert.ok(worstOriginal > BLOCK_LIMIT_MS, `the original should block the workload for more than ${BLOCK_LIMIT_MS} ms; it blocked ${worstOriginal.toFixed(0)} ms`);
      for (const m of phased) assert.ok(m.blockedMs <= BLOCK_LIMIT_MS, `${m.label} blocked the workload for ${m.blockedMs.toFixed(0)} ms`);

      // Same schema, every row filled (the workload only touched score).
      assert.deepEqual(await snapshot(session, 'phased'), await snapshot(session, 'original'));
      const phasedNulls = await nullCounts(session, 'phased', 'users');
      const originalNulls = await nullCounts(session, 'original', 'users');
      assert.equal(phasedNulls['token'], 0);
      assert.deepEqual({ ...phasedNulls, score: 0 }, { ...originalNulls, score: 0 });
    } finally {
      await monitor.stop();
      await session.close();
    }
  });
});
