import type { Dialect, Severity } from '../types';

/** Migration layouts Lockstep knows; decides file order, transactions and generated files. */
export const CONVENTIONS = [
  'plain',
  'flyway',
  'golang-migrate',
  'dbmate',
  'prisma',
  'knex',
  'typeorm',
  'sequelize',
  'rails',
  'kysely',
  'node-pg-migrate',
  'goose',
  'django',
  'alembic',
  'laravel',
] as const;
export type Convention = (typeof CONVENTIONS)[number];

export type RuleSetting = 'off' | Severity;

export interface ColumnSeedSetting {
  /** Fraction of rows that are NULL (0–1). */
  readonly nullFraction?: number;
  /** Average length in characters for text-like columns. */
  readonly avgLength?: number;
  /** Number of distinct values. */
  readonly distinct?: number;
}

export interface TableSetting {
  /** Rows in production. */
  readonly rows: number;
  /** Average row width in bytes, when known. */
  readonly rowBytes?: number;
  readonly columns?: Readonly<Record<string, ColumnSeedSetting>>;
  /** MySQL/MariaDB facts about the table that decide whether ADD COLUMN can be INSTANT. */
  readonly mysql?: {
    /** ROW_FORMAT of the table; COMPRESSED rules out INSTANT. */
    readonly rowFormat?: string;
    /** The table has a FULLTEXT index, which rules out INSTANT ADD COLUMN. */
    readonly fulltextIndex?: boolean;
    /** INFORMATION_SCHEMA.INNODB_TABLES.TOTAL_ROW_VERSIONS (MySQL 8.0.29+; 64 is the limit). */
    readonly rowVersions?: number;
  };
}

export interface WorkloadSetting {
  readonly readsPerSecond?: number;
  readonly writesPerSecond?: number;
  /** Typical query duration in milliseconds. */
  readonly queryMs?: number;
  /** Longest transaction that may be open when the migration starts, in milliseconds. */
  readonly longestTransactionMs?: number;
}

/** The shape of `lockstep.config.json` (see docs/lockstep.config.schema.json). */
export interface ConfigFile {
  readonly $schema?: string;
  readonly dialect?: Dialect;
  /** Engine version: `16` for PostgreSQL, `8.0.28` for MySQL, `10.6` for MariaDB, `3.45.0` for SQLite. */
  readonly targetVersion?: string | number;
  readonly tables?: Readonly<Record<string, TableSetting>>;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly convention?: Convention;
  /** Whether the migration runner wraps each file in a transaction. */
  readonly transactional?: boolean;
  /** Also lint rollback code (goose Down, dbmate down, `*.down.sql`, Diesel `down.sql`, sqitch `revert/`) as rollback code. */
  readonly lintRollback?: boolean;
  /** Globs (relative to the config file) that hold migrations. */
  readonly migrations?: readonly string[];
  readonly workload?: Readonly<Record<string, WorkloadSetting>>;
  readonly simulation?: { readonly sampleRows?: number };
  /** Files larger than this many bytes are skipped rather than parsed. */
  readonly maxFileBytes?: number;
  /** Per-rule options by rule id, e.g. `{ "mysql-online-schema-change": { "minRows": 5000000 } }`. */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Config after defaults are applied; what the core actually reads. */
export interface ResolvedConfig {
  readonly dialect: Dialect;
  readonly targetVersion: string;
  /** PostgreSQL major version (11–18) when the dialect is PostgreSQL. */
  readonly pgVersion: number;
  readonly tables: Readonly<Record<string, TableSetting>>;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly convention?: Convention;
  /** Undefined means "decide from the convention". */
  readonly transactional?: boolean;
  /** Lint rollback code too, with findings marked as being in rollback code (off by default). */
  readonly lintRollback?: boolean;
  readonly migrations: readonly string[];
  readonly workload: Readonly<Record<string, WorkloadSetting>>;
  readonly sampleRows: number;
  readonly maxFileBytes: number;
  readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where the settings came from, for messages ("lockstep.config.json at …"). */
  readonly configPath?: string;
}
