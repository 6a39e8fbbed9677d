/**
 * The simulator's output: what a migration does to each table, statement by statement,
 * predicted at production size. Published as a versioned JSON Schema in
 * `docs/timeline.schema.json`; the CLI's JSON output, the HTML report and the timeline view
 * all read this shape. Adding optional fields keeps the version; anything else bumps it.
 *
 * All times are milliseconds. `startMs` is measured from the start of the migration.
 */

import type { Blocks, LockMode } from '../engines/postgres/locks';
import type { Dialect } from '../types';

export const TIMELINE_VERSION = 1 as const;

/** `observed`: read from the engine's pg_locks / filenodes. `rule`: from versioned engine facts. */
export type EvidenceSource = 'observed' | 'rule';

export interface TimelineLock {
  /** Table or index name, schema-qualified when not in `public`. */
  readonly relation: string;
  readonly relationKind: 'table' | 'index';
  /** PostgreSQL's name for the mode, as `pg_locks.mode` reports it. */
  readonly mode: LockMode;
  /** What application traffic the lock stops while held. */
  readonly blocks: Blocks;
  readonly source: EvidenceSource;
  /**
   * True when this statement took the lock; false when an earlier statement in the same
   * transaction already held it (the lock is still held, and still blocks, while this runs).
   */
  readonly acquired: boolean;
}

export interface EngineErrorInfo {
  readonly message: string;
  /** SQLSTATE, e.g. `23502` (not-null violation), `55P03` (lock timeout). */
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  /**
   * The statement failed on the values of the synthetic sample (a constraint it adds or
   * validates, a cast it makes), which production data may well satisfy: reported, but not
   * by itself a failed simulation.
   */
  readonly onSample?: boolean;
}

/** How the statement ran relative to transactions. */
export type TransactionMode =
  /** Its own implicit transaction. */
  | 'autocommit'
  /** Inside a BEGIN … COMMIT written in the file, or the runner's per-file transaction. */
  | 'transaction'
  /** Refuses transaction blocks (CONCURRENTLY): run on its own, locks from engine facts. */
  | 'no-transaction'
  /** Transaction control (BEGIN, COMMIT, SET …). */
  | 'control';

/** Cost-model class that priced the statement at production size. */
export type CostClass = 'metadata' | 'rewrite' | 'scan' | 'index-build' | 'concurrent-index-build' | 'validation' | 'backfill' | 'batched-backfill' | 'other';

/** An UPDATE that writes a column across the table, priced both ways. */
export interface BackfillEstimate {
  /** Rows the UPDATE writes at production size. */
  readonly rows: number;
  /** As written: one statement holding row locks on every touched row until it commits. */
  readonly singleStatementMs: number;
  /** The batched alternative Lockstep recommends. */
  readonly batchSize: number;
  readonly batches: number;
  readonly msPerBatch: number;
  readonly batchedTotalMs: number;
}

/** Application traffic that queues behind the statement's locks (lock-queue model). */
export interface BlockedQueries {
  /** The table whose queue is described (the statement's most blocking lock). */
  readonly relation: string;
  readonly mode: LockMode;
  /** Plain SELECTs that wait: includes those queued behind a lock that is itself still waiting. */
  readonly reads: number;
  readonly writes: number;
  /** Longest time one queued query waits. */
  readonly maxWaitMs: number;
  /** Most queries waiting at the same moment (each holds a connection). */
  readonly peakQueued: number;
  /** How long the lock is held (until the transaction ends), after it was granted. */
  readonly holdMs: number;
  /** lock_timeout in effect for the statement, if any. */
  readonly lockTimeoutMs: number | null;
  /** Attempts needed (1 when no timeout fired). */
  readonly attempts: number;
  /** True when every attempt allowed by the retry policy timed out. */
  readonly gaveUp: boolean;
}

interface SampleFigures {
  /** Rows in the sample table(s) the statement touched. */
  readonly rows: number;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  /** Wall time on the embedded engine with the sample data. */
  readonly elapsedMs: number;
}

export interface TimelineStatement {
  /** 0-based position in the migration file. */
  readonly index: number;
  /** 1-based line of the statement's first character. */
  readonly line: number;
  readonly sql: string;
  readonly startMs: number;
  /** Predicted wait for the statement's locks under the workload. */
  readonly lockWaitMs: number;
  /** Predicted execution time at production size, once the locks are granted. */
  readonly durationMs: number;
  readonly locks: readonly TimelineLock[];
  /** The table's heap was rewritten into a new file. */
  readonly rewrite: boolean;
  /** The statement read every row of a table. */
  readonly scan: boolean;
  /** Predicted at production size. */
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly error: EngineErrorInfo | null;
  readonly transaction: TransactionMode;
  readonly costClass: CostClass;
  /** The table the cost was computed for, when one. */
  readonly table: string | null;
  /** Where the rewrite verdict came from. */
  readonly rewriteSource: EvidenceSource;
  readonly sample: SampleFigures;
  readonly backfill: BackfillEstimate | null;
  readonly blocked: BlockedQueries | null;
  /** Why the statement was not run (e.g. an earlier failure aborted its transaction). */
  readonly skipped: string | null;
  /** Notes about this statement (version rules applied, facts used instead of observation). */
  readonly notes: readonly string[];
}

export interface TableAssumption {
  /** Production row count used for the prediction. */
  readonly rows: number;
  readonly rowsSource: 'cli' | 'config' | 'server' | 'sample';
  /** Rows actually seeded into the embedded engine. */
  readonly sampleRows: number;
  /** Average row width in bytes, measured on the sample. */
  readonly rowBytes: number;
  readonly indexes: number;
}

export interface WorkloadAssumption {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly queryMs: number;
  readonly longestTransactionMs: number;
}

export interface Assumptions {
  /** Per table, keyed by display name. */
  readonly tables: Readonly<Record<string, TableAssumption>>;
  /** Requested sample size per table. */
  readonly sampleRows: number;
  /** Calibration profile that turned rows into milliseconds. */
  readonly profile: { readonly name: string; readonly server: string; readonly createdAt: string };
  /** PostgreSQL major version the prediction is for (for other dialects, the major of `targetVersionText`). */
  readonly targetVersion: number;
  /** The engine that ran the statements: `sqljs` is SQLite in WebAssembly; `facts` means nothing ran (MySQL/MariaDB, rule-derived). */
  readonly engine: { readonly kind: 'pglite' | 'server' | 'sqljs' | 'facts'; readonly version: string };
  /** The database the migration is for; absent means PostgreSQL. */
  readonly dialect?: Dialect;
  /** The full target version as configured, e.g. `8.0.28`, `10.4`, `3.45.0`. */
  readonly targetVersionText?: string;
  readonly workload: { readonly default: WorkloadAssumption; readonly tables: Readonly<Record<string, WorkloadAssumption>> };
  /** lock_timeout used when the migration sets none (null: wait forever, PostgreSQL's default). */
  readonly lockTimeoutMs: number | null;
  readonly lockTimeoutRetries: number;
  readonly retryDelayMs: number;
  /** The runner wraps the whole file in one transaction. */
  readonly transactional: boolean;
}

export interface ReplayFailure {
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  readonly message: string;
}

export interface ReplaySummary {
  /** Files replayed to build the schema, in order. */
  readonly files: readonly string[];
  readonly statements: number;
  readonly failures: readonly ReplayFailure[];
}

export interface SeededTable {
  readonly table: string;
  readonly rows: number;
  readonly ms: number;
  /** Columns left NULL or simplified because no value could satisfy them. */
  readonly notes: readonly string[];
}

export interface Timeline {
  readonly version: typeof TIMELINE_VERSION;
  /** The migration file, as given. */
  readonly file: string;
  readonly createdAt: string;
  /** When the last statement (and its transaction) ends. */
  readonly totalMs: number;
  readonly statements: readonly TimelineStatement[];
  readonly replay: ReplaySummary;
  readonly seeding: readonly SeededTable[];
  readonly assumptions: Assumptions;
  /** Things the reader should know (e.g. "real database mode never runs CONCURRENTLY"). */
  readonly warnings: readonly string[];
  /** Wall-clock phases of this simulation run. */
  readonly timings: { readonly engineStartMs: number; readonly replayMs: number; readonly seedMs: number; readonly traceMs: number };
}
