import type { TableSetting } from '../config/types';

/** What every engine's simulation is asked: which migration, and how big production is. */
export interface MigrationUnderTest {
  /** The migration file (for display and for finding the migrations before it). */
  readonly file: string;
  /** The migration's SQL; read from `file` when absent. */
  readonly sql?: string;
  /** Production row counts, by table name: CLI `--rows` (wins over `tables`). */
  readonly rows?: Readonly<Record<string, number>>;
  /** Per-table settings from `lockstep.config.json`. */
  readonly tables?: Readonly<Record<string, TableSetting>>;
  /** The runner wraps the file in one transaction. */
  readonly transactional?: boolean;
}

/** Engines that run the migration also need the schema it applies to and a sample size. */
export interface EngineRun extends MigrationUnderTest {
  /** A schema to load instead of replaying earlier migrations (`pg_dump --schema-only`, `sqlite3 app.db .schema`). */
  readonly schemaFile?: string;
  /** Replay the migrations before `file` in its folder (default true without `schemaFile`). */
  readonly replayPreceding?: boolean;
  /** Rows seeded per table (capped by the table's production size). */
  readonly sampleRows?: number;
  /** Limit per statement on the embedded engine (default `DEFAULT_STATEMENT_TIMEOUT_MS`). */
  readonly statementTimeoutMs?: number;
  /** Work a previous attempt stopped at its limit (see `bounds.ts`): reported, not run again. */
  readonly stopped?: readonly string[];
  /** Ceiling for the engine's scratch folder (default `DEFAULT_SCRATCH_LIMIT_BYTES` or less when space is short). */
  readonly scratchLimitBytes?: number;
}
