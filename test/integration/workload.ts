import { Client } from 'pg';
import { resolveConfig } from '../../src/core/config';
import { planMigration } from '../../src/core/phases';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { splitStatements } from '../../src/core/sql/split';
import { freshSchema, nullCounts, snapshot, type CatalogSnapshot } from '../unit/phases/apply';
import { BASE_SCHEMA, seedSql } from '../unit/phases/scenarios';

/**
 * An original migration and its phased plan (plain convention), each run statement by
 * statement on a real PostgreSQL server while a read/write workload runs on the table.
 * The integration test checks what is deterministic (the original makes the workload wait,
 * both end at the same schema with every row filled); `npm run bench` prints the timings,
 * including the longest lock wait of an application query during each statement.
 *
 * Lock waits are sampled from pg_stat_activity (workload sessions whose wait_event_type is
 * Lock), so CPU contention on a busy machine is not mistaken for blocking.
 */
export const MIGRATION = `ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
CREATE INDEX users_token_idx ON users (token);`;

export interface Measured {
  readonly label: string;
  readonly ms: number;
  /** Longest time a workload query waited for a lock while the statement ran. */
  readonly blockedMs: number;
  /** Samples in which some workload query was waiting for a lock while the statement ran. */
  readonly blockedSamples: number;
}

export interface WorkloadFigures {
  readonly queries: number;
  readonly slowestMs: number;
}

/** Reads and writes on random rows of `schema`.users, as fast as one connection each allows. */
class Workload {
  private clients: Client[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  queries = 0;
  slowestMs = 0;

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly rows: number,
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
      const id = 1 + Math.floor(Math.random() * this.rows);
      const t0 = performance.now();
      try {
        if (kind === 'read') await c.query('SELECT email, score FROM users WHERE id = $1', [id]);
        else await c.query('UPDATE users SET score = coalesce(score, 0) + 1 WHERE id = $1', [id]);
      } catch {
        // A query cancelled at shutdown is not a result.
      }
      this.queries++;
      this.slowestMs = Math.max(this.slowestMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async stop(): Promise<WorkloadFigures> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
    return { queries: this.queries, slowestMs: this.slowestMs };
  }
}

/** Samples how long workload sessions have been waiting for a lock, attributed to the running statement. */
class LockWaitMonitor {
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private current = '';
  private readonly worst = new Map<string, number>();
  private readonly samples = new Map<string, number>();

  async start(url: string): Promise<void> {
    this.client = new Client({ connectionString: url, application_name: 'lockstep-monitor' });
    this.client.on('error', () => undefined);
    await this.client.connect();
    const poll = async (): Promise<void> => {
      try {
        const r = await this.client!.query<{ waited: number; n: number }>(
          `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::float8 AS waited, count(*)::int AS n
             FROM pg_stat_activity WHERE application_name = 'lockstep-workload' AND wait_event_type = 'Lock'`,
        );
        const waited = Number(r.rows[0]?.waited ?? 0);
        if (this.current) {
          this.worst.set(this.current, Math.max(this.worst.get(this.current) ?? 0, waited));
          if (Number(r.rows[0]?.n ?? 0) > 0) this.samples.set(this.current, (this.samples.get(this.current) ?? 0) + 1);
        }
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

  blocked(label: string): { ms: number; samples: number } {
    return { ms: this.worst.get(label) ?? 0, samples: this.samples.get(label) ?? 0 };
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
    const b = monitor.blocked(s.label);
    out.push({ label: s.label, ms, blockedMs: b.ms, blockedSamples: b.samples });
  }
  monitor.during('');
  return out;
}

function label(sql: string): string {
  const line = sql.replace(/^(--[^\n]*\n|\s)+/, '').split('\n')[0]!;
  return line.length > 70 ? `${line.slice(0, 67)}…` : line;
}

export interface PhasesUnderLoad {
  readonly serverVersion: string;
  readonly original: readonly Measured[];
  readonly originalLoad: WorkloadFigures;
  readonly phased: readonly Measured[];
  readonly phasedLoad: WorkloadFigures;
  /** The generated files, in the order they ran. */
  readonly files: readonly string[];
  readonly schemas: { readonly original: CatalogSnapshot; readonly phased: CatalogSnapshot };
  readonly nulls: { readonly original: Record<string, number>; readonly phased: Record<string, number> };
}

/**
 * Runs the original migration and the phased files on `rows` seeded users, each in its own
 * schema of a scratch database created on the server at `baseUrl` and dropped afterwards.
 */
export async function runPhasesUnderLoad(baseUrl: string, rows: number): Promise<PhasesUnderLoad> {
  const database = `lockstep_phases_${process.pid}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const u = new URL(baseUrl);
    u.pathname = `/${database}`;
    const url = u.toString();
    const session = await connectServer(url);
    const monitor = new LockWaitMonitor();
    await monitor.start(url);
    try {
      // The original, as psql -f would run it.
      await freshSchema(session, 'original', BASE_SCHEMA, seedSql(rows));
      await session.exec('ANALYZE users');
      const originalWorkload = new Workload(url, 'original', rows);
      await originalWorkload.start();
      await new Promise((r) => setTimeout(r, 300));
      const original = await runMeasured(
        session,
        monitor,
        splitStatements(MIGRATION).statements.map((s) => ({ label: label(s.text), sql: s.text })),
      );
      const originalLoad = await originalWorkload.stop();

      // The phased files (plain convention), the same way.
      const plan = await planMigration(MIGRATION, {
        config: resolveConfig({ targetVersion: Number(session.majorVersion) }),
        convention: 'plain',
        batchSize: 10_000,
        pauseMs: 20,
      });
      await freshSchema(session, 'phased', BASE_SCHEMA, seedSql(rows));
      await session.exec('ANALYZE users');
      const phasedWorkload = new Workload(url, 'phased', rows);
      await phasedWorkload.start();
      await new Promise((r) => setTimeout(r, 300));
      const statements = plan.files
        .flatMap((f) => f.parts.filter((p) => p.direction === 'up').map((p) => ({ file: f.path, sql: p.sql })))
        .flatMap(({ file, sql }) => splitStatements(sql).statements.map((s) => ({ label: `${file}: ${label(s.text)}`, sql: s.text })));
      const phased = await runMeasured(session, monitor, statements);
      const phasedLoad = await phasedWorkload.stop();

      return {
        serverVersion: session.versionText.split(' on ')[0]!,
        original,
        originalLoad,
        phased,
        phasedLoad,
        files: plan.files.map((f) => f.path),
        schemas: { original: await snapshot(session, 'original'), phased: await snapshot(session, 'phased') },
        nulls: { original: await nullCounts(session, 'original', 'users'), phased: await nullCounts(session, 'phased', 'users') },
      };
    } finally {
      await monitor.stop();
      await session.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
