import { forwardSql } from '../../sources/migration-sql';
import { prepareAdapters } from '../../sources/registry';
import * as fs from 'node:fs';
import type { Database } from 'sql.js';
import { BUNDLED_SQLITE_VERSION, loadSqlJs } from '../../engines/sqlite/engine';
import { SQLITE_ALTER_FACTS, sqliteHas, sqliteVersion } from '../../engines/sqlite/facts';
import { compareVersions, parseVersion } from '../../engines/version';
import { displayName, targetTable, type Operation } from '../../operations';
import { loadSqliteParser } from '../../sql/sqlite/parser';
import type { ParsedStatement } from '../../sql/statement';
import { precedingMigrations } from '../order';
import type { CostClass, EngineErrorInfo, SeededTable, TableAssumption, Timeline, TimelineStatement, TransactionMode } from '../timeline';
import { TIMELINE_VERSION } from '../timeline';
import type { EngineRun } from '../request';
import { lookupByTable } from '../../config/tables';
import { DEFAULT_WORKLOAD } from '../workload';
import { replaySqlite, type ReplayBounds } from './replay';
import { seedTable } from './seed';
import { DEFAULT_STATEMENT_TIMEOUT_MS, MAX_SAMPLE_ROWS, STOPPED_CODE, stoppedMessage, watchedSync, type WatchHooks } from '../bounds';

/** sql.js exposes no progress handler: a statement is bounded by the runner ending the worker. */
type Bounds = ReplayBounds;

/**
 * SQLite simulation: the migration runs for real on sql.js against the schema built by the
 * earlier migrations and synthetic rows up to the production size (capped so the database
 * fits in memory). Errors are SQLite's own; timings are measured and scaled only when the
 * sample is smaller than production.
 */
export interface SqliteSimulationRequest extends EngineRun {
  /** SQLite version the application embeds, e.g. `3.45.0`. */
  readonly targetVersion?: string;
}

export const SQLITE_MAX_SAMPLE_ROWS = 1_000_000;
/** Rows per table when production size is unknown. */
export const SQLITE_DEFAULT_ROWS = 100_000;

function tableExists(db: Database, name: string): string | undefined {
  const r = db.exec(`SELECT name FROM sqlite_schema WHERE type = 'table' AND lower(name) = lower('${name.replace(/'/g, "''")}')`)[0];
  return r?.values[0]?.[0] as string | undefined;
}

function costClassOf(ops: readonly Operation[]): CostClass {
  const op = ops[0];
  if (!op) return 'other';
  switch (op.kind) {
    case 'update':
    case 'delete':
      return op.filter === 'bounded' ? 'batched-backfill' : 'backfill';
    case 'create-index':
      return 'index-build';
    case 'drop-column':
      return 'rewrite';
    case 'set-not-null':
    case 'add-constraint':
      return 'validation';
    case 'add-column':
      return op.column.checks.length > 0 || (op.column.generated !== undefined && op.column.notNull) ? 'validation' : 'metadata';
    case 'other':
      return /^insert/.test(op.tag) ? 'rewrite' : 'other';
    case 'transaction':
    case 'set-timeout':
      return 'other';
    default:
      return 'metadata';
  }
}

/** A statement the target SQLite cannot run even though the bundled (newer) engine can. */
function refusedByTarget(ops: readonly Operation[], target: readonly number[]): EngineErrorInfo | undefined {
  const needs353 = ops.some(
    (op) =>
      op.kind === 'set-not-null' || op.kind === 'drop-not-null' || op.kind === 'drop-constraint' || (op.kind === 'add-constraint' && op.constraint === 'check'),
  );
  if (needs353 && !sqliteHas(target, 'alterConstraints')) {
    return {
      message: `SQLite ${target.join('.')} cannot run this ALTER TABLE form (it arrived in ${SQLITE_ALTER_FACTS.alterConstraints.since}); the bundled SQLite ${BUNDLED_SQLITE_VERSION} would accept it`,
      code: 'SQLITE_ERROR',
    };
  }
  if (ops.some((op) => op.kind === 'drop-column') && !sqliteHas(target, 'dropColumn'))
    return { message: `SQLite ${target.join('.')} has no DROP COLUMN (added in 3.35.0)`, code: 'SQLITE_ERROR' };
  if (ops.some((op) => op.kind === 'rename-column') && !sqliteHas(target, 'renameColumn'))
    return { message: `SQLite ${target.join('.')} has no RENAME COLUMN (added in 3.25.0)`, code: 'SQLITE_ERROR' };
  return undefined;
}

export async function simulateSqlite(req: SqliteSimulationRequest, watch?: WatchHooks): Promise<Timeline> {
  const bounds: Bounds = { watch, stopped: new Set(req.stopped ?? []), limitMs: req.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS };
  await prepareAdapters();
  const t0 = performance.now();
  const SQL = await loadSqlJs();
  const parser = await loadSqliteParser();
  const db = new SQL.Database();
  const engineStartMs = performance.now() - t0;
  const warnings: string[] = [];
  try {
    const t1 = performance.now();
    const sources = req.schemaFile ? [req.schemaFile] : req.replayPreceding === false ? [] : [...precedingMigrations(req.file).before];
    const replaySummary = replaySqlite(db, sources, bounds);
    const replayMs = performance.now() - t1;

    const text = forwardSql(req.file, req.sql ?? fs.readFileSync(req.file, 'utf8'), 'sqlite').sql;
    const file = parser.parse(text);
    const target = sqliteVersion(req.targetVersion ?? BUNDLED_SQLITE_VERSION);
    if (compareVersions(target, parseVersion(BUNDLED_SQLITE_VERSION)!) < 0) {
      warnings.push(
        `Statements ran on SQLite ${BUNDLED_SQLITE_VERSION}; forms that SQLite ${target.join('.')} lacks are reported as its errors, from versioned facts.`,
      );
    }

    // Seed every existing table the migration touches.
    const t2 = performance.now();
    if (req.sampleRows !== undefined && !(req.sampleRows >= 0 && req.sampleRows <= MAX_SAMPLE_ROWS)) {
      throw new RangeError(`a sample of ${req.sampleRows} rows per table is above the limit of ${MAX_SAMPLE_ROWS.toLocaleString('en-US')}`);
    }
    const cap = req.sampleRows ?? SQLITE_MAX_SAMPLE_ROWS;
    const seeding: SeededTable[] = [];
    const tables: Record<string, TableAssumption> = {};
    const production = new Map<string, number>();
    const touched = new Set(
      file.statements
        .flatMap((s) => s.operations.map(targetTable))
        .filter((t) => t !== undefined)
        .map((t) => t!.name),
    );
    for (const name of touched) {
      const real = tableExists(db, name);
      if (!real) continue;
      const cli = lookupByTable(req.rows, real);
      const cfg = lookupByTable(req.tables, real);
      const rows = typeof cli === 'number' ? cli : cfg?.rows;
      const prod = rows ?? SQLITE_DEFAULT_ROWS;
      const sample = Math.min(prod, cap);
      const seedKey = `seed:${real}`;
      const seeded = bounds.stopped.has(seedKey)
        ? { table: real, rows: 0, ms: 0, notes: [`not seeded: ${stoppedMessage(bounds.limitMs)}`] }
        : watchedSync(bounds.watch, seedKey, () => seedTable(db, real, sample));
      seeding.push(seeded);
      production.set(real.toLowerCase(), prod);
      const pages = Number(db.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0) * Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0] ?? 4096);
      const indexes = Number(
        db.exec(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND lower(tbl_name) = lower('${real.replace(/'/g, "''")}')`)[0]?.values[0]?.[0] ?? 0,
      );
      tables[real] = {
        rows: prod,
        rowsSource: typeof cli === 'number' ? 'cli' : rows !== undefined ? 'config' : 'sample',
        sampleRows: seeded.rows,
        rowBytes: seeded.rows > 0 ? Math.round(pages / seeded.rows) : 0,
        indexes,
      };
    }
    const seedMs = performance.now() - t2;

    const t3 = performance.now();
    const statements = trace(db, file.statements, target, production, seeding, req.transactional ?? false, bounds);
    const traceMs = performance.now() - t3;
    const last = statements.at(-1);
    return {
      version: TIMELINE_VERSION,
      file: req.file,
      createdAt: new Date().toISOString(),
      totalMs: last ? last.startMs + last.lockWaitMs + last.durationMs : 0,
      statements,
      replay: replaySummary,
      seeding,
      assumptions: {
        tables,
        sampleRows: cap,
        profile: { name: 'measured', server: `sql.js (SQLite ${BUNDLED_SQLITE_VERSION})`, createdAt: new Date().toISOString() },
        targetVersion: target[0] ?? 3,
        targetVersionText: target.join('.'),
        dialect: 'sqlite',
        engine: { kind: 'sqljs', version: BUNDLED_SQLITE_VERSION },
        workload: { default: DEFAULT_WORKLOAD, tables: {} },
        lockTimeoutMs: null,
        lockTimeoutRetries: 0,
        retryDelayMs: 0,
        transactional: req.transactional ?? false,
      },
      warnings: [...warnings, 'SQLite locks the whole database for writing: other writers wait (busy_timeout), readers continue in WAL mode.'],
      timings: { engineStartMs, replayMs, seedMs, traceMs },
    };
  } finally {
    db.close();
  }
}

function trace(
  db: Database,
  parsed: readonly ParsedStatement[],
  target: readonly number[],
  production: ReadonlyMap<string, number>,
  seeding: readonly SeededTable[],
  runnerTransaction: boolean,
  bounds: Bounds,
): TimelineStatement[] {
  const out: TimelineStatement[] = [];
  let clock = 0;
  let explicit = false;
  let stoppedAt: number | undefined;
  for (const s of parsed) {
    const ops = s.operations;
    const table = ops.map(targetTable).find((t) => t !== undefined);
    const key = table?.name.toLowerCase();
    const prod = key ? production.get(key) : undefined;
    const sample = key ? (seeding.find((x) => x.table.toLowerCase() === key)?.rows ?? 0) : 0;
    const isControl = ops.every((o) => o.kind === 'transaction' || o.kind === 'set-timeout' || (o.kind === 'other' && o.tag.startsWith('pragma:')));
    const mode: TransactionMode = isControl ? 'control' : explicit || runnerTransaction ? 'transaction' : 'autocommit';
    for (const o of ops) if (o.kind === 'transaction') explicit = o.action === 'begin';
    const costClass = costClassOf(ops);
    const base = {
      index: s.index,
      line: s.range.start.line,
      sql: s.text,
      startMs: clock,
      lockWaitMs: 0,
      transaction: mode,
      costClass,
      table: table ? displayName(table) : null,
      rewriteSource: 'rule' as const,
      backfill: null,
      blocked: null,
    };
    const empty = { rows: sample, rowsRead: 0, rowsWritten: 0, elapsedMs: 0 };
    if (stoppedAt !== undefined) {
      out.push({
        ...base,
        durationMs: 0,
        locks: [],
        rewrite: false,
        scan: false,
        rowsRead: 0,
        rowsWritten: 0,
        error: null,
        sample: empty,
        skipped: `the migration stopped at statement ${stoppedAt + 1}`,
        notes: [],
      });
      continue;
    }
    const refused = s.error ? { message: s.error.message, code: 'SQLITE_ERROR' } : refusedByTarget(ops, target);
    let error: EngineErrorInfo | null = refused ?? null;
    let elapsed = 0;
    let written = 0;
    const watchKey = `trace:${s.index}`;
    if (!error && bounds.stopped.has(watchKey)) {
      // SQLite's own interrupt leaves the database as before the statement, as this does.
      error = { message: stoppedMessage(bounds.limitMs), code: STOPPED_CODE };
      elapsed = bounds.limitMs;
    } else if (!error) {
      const started = performance.now();
      try {
        watchedSync(bounds.watch, watchKey, () => db.run(s.text));
        written = db.getRowsModified();
      } catch (err) {
        error = { message: (err as Error).message, code: 'SQLITE_ERROR' };
      }
      elapsed = performance.now() - started;
    }
    if (error) stoppedAt = s.index;
    const scale = prod !== undefined && sample > 0 ? prod / sample : 1;
    // A stopped statement ran for the limit on the sample: no production figure follows from it.
    const scaled =
      error?.code === STOPPED_CODE
        ? 1
        : costClass === 'metadata' || costClass === 'other'
          ? 1
          : costClass === 'index-build' && sample > 1
            ? scale * (Math.log(Math.max(prod ?? sample, 2)) / Math.log(sample))
            : scale;
    const durationMs = elapsed * scaled;
    const rowsTouched = costClass === 'metadata' || costClass === 'other' ? 0 : (prod ?? sample);
    const notes: string[] = [];
    if (scaled !== 1) notes.push(`measured ${elapsed.toFixed(1)} ms on ${sample} rows, scaled to ${prod} rows`);
    if (refused && !s.error) notes.push('error from versioned SQLite facts for the target version');
    const backfill =
      (costClass === 'backfill' || costClass === 'batched-backfill') && !error && prod !== undefined && prod > 0
        ? (() => {
            const batchSize = 1000;
            const batches = Math.ceil(prod / batchSize);
            const perRow = written > 0 ? elapsed / written : elapsed / Math.max(sample, 1);
            const msPerBatch = perRow * batchSize;
            return { rows: prod, singleStatementMs: durationMs, batchSize, batches, msPerBatch, batchedTotalMs: msPerBatch * batches };
          })()
        : null;
    out.push({
      ...base,
      durationMs,
      locks:
        isControl || !table
          ? []
          : [{ relation: displayName(table), relationKind: 'table', mode: 'ExclusiveLock', blocks: 'writes', source: 'rule', acquired: true }],
      rewrite: costClass === 'rewrite',
      scan: costClass !== 'metadata' && costClass !== 'other',
      rowsRead: rowsTouched,
      rowsWritten: costClass === 'metadata' || costClass === 'other' ? 0 : Math.round(written * scale),
      error,
      sample: { rows: sample, rowsRead: costClass === 'metadata' ? 0 : sample, rowsWritten: written, elapsedMs: elapsed },
      backfill,
      skipped: null,
      notes:
        isControl || !table
          ? notes
          : [...notes, "SQLite's write lock covers the whole database, shown here as EXCLUSIVE (writes wait, reads continue in WAL mode)"],
    });
    clock += durationMs;
  }
  return out;
}
