import * as path from 'node:path';
import type { WorkloadSetting } from '../config/types';
import type { Dialect } from '../types';
import { DEFAULT_PG_VERSION } from '../engines/postgres/facts';
import { DEFAULT_PROFILE } from '../engines/postgres/calibration';
import { findTable, readTable, type CatalogTable } from './catalog';
import type { CostProfile } from '../engines/postgres/cost-model';
import { startPglite } from './engine/pglite';
import { connectGuarded, ServerRefusal, type GuardedSession } from './engine/server';
import { serverStatements } from './engine/server-statements';
import type { SqlSession } from './engine/session';
import { precedingMigrations } from './order';
import { predictTimeline } from './predict';
import { prepareAdapters } from '../sources/registry';
import { readReplaySources, replaySchema } from './replay';
import { seedOrder, seedTables } from './seed';
import { applyLookahead, migrationConstraints, referencedTables } from './lookahead';
import type { Assumptions, ReplaySummary, SeededTable, TableAssumption, Timeline, WorkloadAssumption } from './timeline';
import { TIMELINE_VERSION } from './timeline';
import { parseMigration, touchedTables } from './touched';
import { traceOnServer } from './server-trace';
import { traceStatements } from './trace';
import type { EngineRun } from './request';
import { DEFAULT_STATEMENT_TIMEOUT_MS, MAX_SAMPLE_ROWS, scratchLimit, type WatchHooks } from './bounds';
import { lookupByTable } from '../config/tables';
import { DEFAULT_WORKLOAD, resolveWorkload, type WorkloadFile } from './workload';

/** Everything a PostgreSQL simulation needs, as plain data (it crosses into a worker thread). */
export interface SimulationRequest extends EngineRun {
  /** PostgreSQL major version to predict for. */
  readonly targetVersion?: number;
  /** The database the migration is for (default PostgreSQL); see `simulateForDialect`. */
  readonly dialect?: Dialect;
  /** The full target version for MySQL, MariaDB and SQLite, e.g. `8.0.28`, `3.45.0`. */
  readonly targetVersionText?: string;
  readonly workload?: WorkloadFile;
  /** Per-table workload from the config file. */
  readonly configWorkload?: Readonly<Record<string, WorkloadSetting>>;
  readonly profile?: CostProfile;
  /** Real database mode: trace on this server inside rolled-back transactions. */
  readonly url?: string;
  /** Real database mode guards. */
  readonly serverLockTimeoutMs?: number;
  readonly serverStatementTimeoutMs?: number;
  /** A folder the caller owns and removes (the worker runner). */
  readonly scratchDir?: string;
  /**
   * Where to keep the engine's template data folder when none was built beside the code
   * (an installed editor extension passes its storage folder); default the OS temp folder.
   */
  readonly templateCacheDir?: string;
}

export type SimulationStage =
  | { readonly stage: 'starting' }
  | { readonly stage: 'replaying'; readonly done: number; readonly total: number; readonly file: string }
  | { readonly stage: 'seeding'; readonly done: number; readonly total: number; readonly table: string; readonly rows: number }
  | { readonly stage: 'tracing'; readonly done: number; readonly total: number }
  | { readonly stage: 'modelling' };

export interface SimulationHooks extends WatchHooks {
  readonly onProgress?: (stage: SimulationStage) => void;
  readonly signal?: AbortSignal;
  /** Real database mode: the server process of the session, so a caller can cancel it from outside. */
  readonly onServerBackend?: (pid: number) => void;
}

/** What real database mode leaves behind although it rolls everything back; printed with every run. */
export const REAL_MODE_EFFECTS = [
  'real database mode: the whole migration ran inside one transaction that was rolled back; statements outside the allow-list and CONCURRENTLY statements were not run',
  'sequences advanced: nextval is not transactional, so numbers drawn by the simulation (serial and identity defaults, explicit nextval) are not given back by the rollback',
  'tables may bloat: rows the simulation inserted or updated stay behind as dead tuples until (auto)vacuum removes them',
];

/** Idle-in-transaction limit of a real database session: bounds how long a client that died mid-run holds locks. */
const SERVER_IDLE_IN_TRANSACTION_MS = 10_000;

export const DEFAULT_SAMPLE_ROWS = 100_000;

export { parseMigration, touchedTables } from './touched';

/** The touched tables and every table they reference, parents first. */
async function tablesToSeed(session: SqlSession, names: readonly string[]): Promise<CatalogTable[]> {
  const found = new Map<number, CatalogTable>();
  const queue: number[] = [];
  for (const n of names) {
    const oid = await findTable(session, n);
    if (oid !== undefined) queue.push(oid);
  }
  while (queue.length) {
    const oid = queue.shift()!;
    if (found.has(oid)) continue;
    const t = await readTable(session, oid);
    if (t.partitioned) continue;
    found.set(oid, t);
    for (const fk of t.foreignKeys) {
      const parent = await findTable(session, fk.references);
      if (parent !== undefined && !found.has(parent)) queue.push(parent);
    }
  }
  return seedOrder([...found.values()]);
}

function productionRows(req: SimulationRequest, table: string): { rows: number; source: 'cli' | 'config' } | undefined {
  const cli = lookupByTable(req.rows, table);
  if (typeof cli === 'number') return { rows: cli, source: 'cli' };
  const cfg = lookupByTable(req.tables, table);
  if (cfg && typeof cfg.rows === 'number') return { rows: cfg.rows, source: 'config' };
  return undefined;
}

async function measureTable(session: SqlSession, t: CatalogTable): Promise<{ rowBytes: number; reltuples: number }> {
  const r = await session.query<{ b: number; n: number }>(
    `select pg_relation_size(oid, 'main')::float8 / greatest(reltuples, 1) as b, greatest(reltuples, 0)::float8 as n from pg_class where oid = $1`,
    [t.oid],
  );
  return { rowBytes: Number(r.rows[0]?.b ?? 0), reltuples: Number(r.rows[0]?.n ?? 0) };
}

/** Runs the whole pipeline in this thread. Prefer `runSimulation` (worker) from editors. */
export async function simulate(req: SimulationRequest, hooks: SimulationHooks = {}): Promise<Timeline> {
  // Framework migrations are read through their adapters, whose parsers load once.
  await prepareAdapters();
  const progress = hooks.onProgress ?? (() => undefined);
  const signal = hooks.signal;
  const parsed = await parseMigration(req);
  const profile = req.profile ?? DEFAULT_PROFILE;
  const targetVersion = req.targetVersion ?? DEFAULT_PG_VERSION;
  const sampleRows = req.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  if (!(sampleRows >= 0 && sampleRows <= MAX_SAMPLE_ROWS)) {
    throw new RangeError(
      `a sample of ${sampleRows} rows per table is above the limit of ${MAX_SAMPLE_ROWS.toLocaleString('en-US')}; durations are scaled from the sample, so a smaller one is enough`,
    );
  }
  const warnings: string[] = [];
  const serverMode = req.url !== undefined;
  // The embedded engine is bounded by the runner; a server bounds itself (statement_timeout).
  const watch: WatchHooks | undefined = serverMode ? undefined : hooks;
  const stopped = new Set(req.stopped ?? []);
  const limitMs = req.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;

  // Real database mode sends only what PostgreSQL's parser isolates and the allow-list admits.
  const server = serverMode ? await serverStatements(parsed) : undefined;
  const statements = server ? server.map((s) => s.stmt) : parsed.statements.filter((s) => s.text.trim().length > 0);

  progress({ stage: 'starting' });
  const t0 = performance.now();
  let guarded: GuardedSession | undefined;
  if (serverMode) {
    const statementTimeoutMs = req.serverStatementTimeoutMs ?? 60_000;
    guarded = await connectGuarded(req.url!, {
      lockTimeoutMs: req.serverLockTimeoutMs ?? 2_000,
      statementTimeoutMs,
      idleInTransactionMs: SERVER_IDLE_IN_TRANSACTION_MS,
      // Every statement at its limit, plus the catalog queries around them.
      transactionTimeoutMs: statementTimeoutMs * (statements.length + 1) + 60_000,
    });
    hooks.onServerBackend?.(guarded.pid);
  }
  const cancelServer = (): void => void guarded?.cancel();
  signal?.addEventListener('abort', cancelServer, { once: true });
  const session: SqlSession = guarded
    ? guarded
    : await startPglite({
        ...(req.scratchDir ? { parentDir: req.scratchDir } : {}),
        ...(req.templateCacheDir ? { templateCacheDir: req.templateCacheDir } : {}),
      });
  const engineStartMs = performance.now() - t0;
  try {
    signal?.throwIfAborted();
    const engineVersion = await session.query<{ v: string }>("select current_setting('server_version') as v");

    // 1. Schema.
    const t1 = performance.now();
    let replay: ReplaySummary = { files: [], statements: 0, failures: [] };
    if (!serverMode) {
      const files = req.schemaFile ? [req.schemaFile] : req.replayPreceding === false ? [] : precedingMigrations(req.file).before;
      replay = await replaySchema(session, readReplaySources(files), {
        signal,
        watch,
        stopped,
        limitMs,
        onFile: (done, total, file) => progress({ stage: 'replaying', done, total, file }),
      });
      if (replay.failures.length) warnings.push(`${replay.failures.length} schema statement(s) failed to replay and were skipped`);
    }
    const replayMs = performance.now() - t1;

    // 2. Data.
    const t2 = performance.now();
    const allOps = statements.flatMap((s) => s.operations);
    const added = migrationConstraints(allOps);
    let tables = await tablesToSeed(session, [...touchedTables(allOps), ...(serverMode ? [] : referencedTables(added))]);
    let lookaheadCleanup: string[] = [];
    if (!serverMode) {
      const la = await applyLookahead(session, tables, added);
      tables = seedOrder(la.tables);
      lookaheadCleanup = la.cleanup;
    }
    const assumptions: Record<string, TableAssumption> = {};
    let seeding: SeededTable[] = [];
    if (serverMode) {
      await checkServerRights(session, tables);
      for (const t of tables) {
        const m = await measureTable(session, t);
        assumptions[t.displayName] = {
          rows: Math.round(m.reltuples),
          rowsSource: 'server',
          sampleRows: Math.round(m.reltuples),
          rowBytes: m.rowBytes,
          indexes: t.indexes,
        };
      }
    } else {
      const plan = tables.map((t) => {
        const prod = productionRows(req, t.displayName);
        if (!prod)
          warnings.push(`no row count for ${t.displayName}: assumed ${sampleRows} rows (set --rows ${t.displayName}=N or "tables" in lockstep.config.json)`);
        const rows = prod?.rows ?? sampleRows;
        return { table: t, prod: rows, source: prod?.source ?? ('sample' as const), sample: Math.min(rows, sampleRows) };
      });
      let k = 0;
      seeding = await seedTables(
        session,
        plan.map((p) => ({ table: p.table, rows: p.sample, columns: lookupByTable(req.tables, p.table.displayName)?.columns })),
        {
          signal,
          watch,
          stopped,
          limitMs,
          ...('dataDir' in session ? { scratch: scratchLimit(path.dirname(session.dataDir as string), req.scratchLimitBytes) } : {}),
          onTable: (table, rows) => progress({ stage: 'seeding', done: k++, total: plan.length, table, rows }),
        },
      );
      for (const sql of lookaheadCleanup) await session.exec(sql);
      for (const p of plan) {
        const seeded = seeding.find((s) => s.table === p.table.displayName);
        const m = await measureTable(session, p.table);
        const configured = lookupByTable(req.tables, p.table.displayName)?.rowBytes;
        assumptions[p.table.displayName] = {
          rows: p.prod,
          rowsSource: p.source,
          sampleRows: seeded?.rows ?? 0,
          rowBytes: configured ?? m.rowBytes,
          indexes: p.table.indexes,
        };
      }
    }
    const seedMs = performance.now() - t2;

    // 3. Trace.
    const t3 = performance.now();
    const onStatement = (done: number, total: number): void => progress({ stage: 'tracing', done, total });
    let traced;
    if (guarded && server) {
      warnings.push(...REAL_MODE_EFFECTS);
      const triggers = await guarded.query<{ n: string }>("select evtname as n from pg_event_trigger where evtenabled <> 'D'");
      if (triggers.rows.length) {
        warnings.push(`event triggers ran on the simulated DDL (${triggers.rows.map((r) => r.n).join(', ')}); their code is not checked by real database mode`);
      }
      traced = await traceOnServer(guarded, server, { transactional: req.transactional ?? false, signal, onStatement });
    } else {
      traced = await traceStatements(session, statements, {
        transactional: req.transactional ?? false,
        text: parsed.text,
        signal,
        watch,
        stopped,
        limitMs,
        onStatement,
      });
    }
    const traceMs = performance.now() - t3;

    // 4–5. Production durations and the lock queue.
    progress({ stage: 'modelling' });
    const base = resolveWorkload(DEFAULT_WORKLOAD, req.workload?.default);
    const workloadTables: Record<string, WorkloadAssumption> = {};
    const workloadFor = (table: string): WorkloadAssumption => {
      const w = resolveWorkload(base, lookupByTable(req.workload?.tables, table) ?? lookupByTable(req.configWorkload, table));
      workloadTables[table] = w;
      return w;
    };
    const lockTimeoutMs = req.workload?.lockTimeoutMs ?? null;
    const retries = req.workload?.retries ?? 0;
    const retryDelayMs = req.workload?.retryDelayMs ?? 1_000;
    const timelineStatements = predictTimeline(statements, traced, {
      profile,
      targetVersion,
      tables: assumptions,
      workloadFor,
      lockTimeoutMs,
      retries,
      retryDelayMs,
      measuredIsProduction: serverMode,
    });
    for (const s of timelineStatements) {
      if (!s.error || s.skipped) continue;
      warnings.push(`statement ${s.index + 1} (line ${s.line}) fails${s.error.onSample ? ' on the synthetic sample' : ''}: ${s.error.message}`);
    }

    const last = timelineStatements.at(-1);
    const result: Timeline = {
      version: TIMELINE_VERSION,
      file: req.file,
      createdAt: new Date().toISOString(),
      totalMs: last ? Math.round((last.startMs + last.lockWaitMs + last.durationMs) * 10) / 10 : 0,
      statements: timelineStatements,
      replay,
      seeding,
      assumptions: {
        tables: assumptions,
        sampleRows,
        profile: { name: profile.name, server: profile.server, createdAt: profile.createdAt },
        targetVersion,
        engine: { kind: session.kind, version: engineVersion.rows[0]?.v ?? 'unknown' },
        workload: { default: base, tables: workloadTables },
        lockTimeoutMs,
        lockTimeoutRetries: retries,
        retryDelayMs,
        transactional: req.transactional ?? false,
      } satisfies Assumptions,
      warnings,
      timings: { engineStartMs: r1(engineStartMs), replayMs: r1(replayMs), seedMs: r1(seedMs), traceMs: r1(traceMs) },
    };
    return result;
  } catch (err) {
    // Whatever went wrong on this side, the server must not go on running our statement.
    if (guarded) await guarded.cancel();
    if (guarded && (err as { code?: string }).code === '55P03') {
      // Statement-level lock timeouts are results; this one stopped a catalog query.
      const e = new Error(
        `a table the migration touches is locked by another session; lock_timeout (${guarded.guards.lockTimeoutMs} ms) stopped the wait instead of queueing behind it: ${(err as Error).message}`,
      );
      Object.assign(e, { code: '55P03' });
      throw e;
    }
    throw err;
  } finally {
    signal?.removeEventListener('abort', cancelServer);
    await session.close();
  }
}

function r1(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** ALTER TABLE needs ownership: refuse before touching anything when the user lacks it. */
async function checkServerRights(session: SqlSession, tables: readonly CatalogTable[]): Promise<void> {
  const missing: string[] = [];
  for (const t of tables) {
    const r = await session.query<{ ok: boolean }>('select pg_has_role(relowner, $2) as ok from pg_class where oid = $1', [t.oid, 'USAGE']);
    if (!r.rows[0]?.ok) missing.push(t.displayName);
  }
  if (missing.length) {
    throw new ServerRefusal(`the connected user does not own ${missing.join(', ')}; ALTER TABLE needs ownership, so the statements cannot be traced`, 'rights');
  }
}
