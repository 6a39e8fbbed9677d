/**
 * The normalized operations model. Each dialect's parser maps its own parse trees onto
 * these shapes; rules, the simulator and the phase planner read only these.
 *
 * One SQL statement may yield several operations (an ALTER TABLE with three sub-commands
 * yields three). Every operation carries the statement it came from.
 */

/** A table (or index) name as written, with its schema when one was given. */
export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}

/** How a column default (or a USING / SET expression) behaves, from the engine's catalog. */
export type Volatility = 'immutable' | 'stable' | 'volatile' | 'unknown';

export interface DefaultValue {
  /** The default expression as written in the source. */
  readonly sql: string;
  readonly volatility: Volatility;
  /** `DEFAULT NULL` (or a cast of NULL) is no default at all for rewrite purposes. */
  readonly isNull: boolean;
  /** Functions whose volatility could not be found in the engine's catalog. */
  readonly unknownFunctions: readonly string[];
}

export interface ColumnType {
  /** The type as written, e.g. `varchar(255)`, `bigint`, `timestamp with time zone`. */
  readonly sql: string;
  /** Canonical lower-case base name, e.g. `varchar`, `int8`, `timestamptz`. */
  readonly name: string;
  /** Type modifiers, e.g. [255] for varchar(255), [10, 2] for numeric(10,2). */
  readonly modifiers: readonly number[];
  readonly isArray: boolean;
}

export interface ForeignKeyTarget {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  /**
   * MATCH FULL and ON DELETE / ON UPDATE actions other than the defaults, as SQL
   * (`MATCH FULL ON DELETE RESTRICT`): part of the key's meaning, kept by a rewrite.
   */
  readonly actions?: string;
}

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly default?: DefaultValue;
  /** `GENERATED ALWAYS AS (…) STORED` (rewrites) or VIRTUAL (PG18, metadata only). */
  readonly generated?: 'stored' | 'virtual';
  /** `GENERATED … AS IDENTITY`. */
  readonly identity: boolean;
  /** serial / bigserial / smallserial (implicit sequence default). */
  readonly serial: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly references?: ForeignKeyTarget;
  /** The inline foreign key's `CONSTRAINT name`, when it names one. */
  readonly foreignKeyName?: string;
  /** The inline foreign key's DEFERRABLE [INITIALLY DEFERRED]. */
  readonly foreignKeyDeferrable?: { readonly initiallyDeferred: boolean };
  /** Inline CHECK constraints on the column, as written. */
  readonly checks: readonly string[];
  /** MySQL: FIRST / AFTER col placement. */
  readonly position?: { readonly first: true } | { readonly after: string };
}

/** Where in the statement's WHERE clause a batching bound appears. */
export type UpdateFilter =
  /** No WHERE at all: every row. */
  | 'none'
  /** WHERE present but no bound on a key range or row count (e.g. `WHERE c IS NULL`). */
  | 'unbounded'
  /** Bounded by a key range, `LIMIT`, `IN (subquery … LIMIT)`, or a primary-key equality. */
  | 'bounded';

export type ConstraintKind = 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion' | 'not-null';

/**
 * MySQL/MariaDB clauses that decide how InnoDB runs a statement. Only the MySQL and
 * MariaDB parsers set them; other dialects leave the field out.
 */
export interface MysqlClauses {
  /** `ALGORITHM=…` written in the statement. */
  readonly algorithm?: 'DEFAULT' | 'INSTANT' | 'NOCOPY' | 'INPLACE' | 'COPY';
  /** `LOCK=…` written in the statement. */
  readonly lock?: 'DEFAULT' | 'NONE' | 'SHARED' | 'EXCLUSIVE';
  /** create-index: a FULLTEXT or SPATIAL index. */
  readonly indexKind?: 'fulltext' | 'spatial';
  /** add-constraint (foreign key): `SET foreign_key_checks = 0` was in effect. */
  readonly foreignKeyChecksOff?: boolean;
  /** alter-column-type from MODIFY/CHANGE: the redefined column is NOT NULL. */
  readonly notNull?: boolean;
}

interface OpBase {
  /** Index of the source statement in the file (0-based). */
  readonly statementIndex: number;
  readonly mysql?: MysqlClauses;
}

/** ADD CONSTRAINT (also the table constraints of a CREATE TABLE). */
interface AddConstraintOperation extends OpBase {
  readonly kind: 'add-constraint';
  readonly table: QualifiedName;
  readonly name?: string;
  readonly constraint: ConstraintKind;
  readonly notValid: boolean;
  /** CHECK expression as written (for `check`). */
  readonly expression?: string;
  /** For CHECK (col IS NOT NULL): the column it proves not null. */
  readonly provesNotNull?: string;
  readonly columns: readonly string[];
  readonly references?: ForeignKeyTarget;
  /** UNIQUE / PRIMARY KEY … USING INDEX existing_index: no index build. */
  readonly usingIndex?: string;
  /** DEFERRABLE [INITIALLY DEFERRED]: part of the constraint's meaning, kept by a rewrite. */
  readonly deferrable?: { readonly initiallyDeferred: boolean };
}

export type Operation =
  | (OpBase & { readonly kind: 'add-column'; readonly table: QualifiedName; readonly column: ColumnDefinition; readonly ifNotExists: boolean })
  | (OpBase & { readonly kind: 'drop-column'; readonly table: QualifiedName; readonly column: string })
  | (OpBase & { readonly kind: 'rename-column'; readonly table: QualifiedName; readonly from: string; readonly to: string })
  | (OpBase & { readonly kind: 'rename-table'; readonly table: QualifiedName; readonly to: string })
  | (OpBase & {
      readonly kind: 'alter-column-type';
      readonly table: QualifiedName;
      readonly column: string;
      readonly type: ColumnType;
      readonly using?: string;
      /** The USING expression is more than the column or one cast of it: every value is recomputed. */
      readonly usingComputes?: boolean;
    })
  | (OpBase & { readonly kind: 'set-not-null'; readonly table: QualifiedName; readonly column: string })
  | (OpBase & { readonly kind: 'drop-not-null'; readonly table: QualifiedName; readonly column: string })
  | (OpBase & { readonly kind: 'set-default'; readonly table: QualifiedName; readonly column: string; readonly default?: DefaultValue })
  | AddConstraintOperation
  | (OpBase & { readonly kind: 'validate-constraint'; readonly table: QualifiedName; readonly name: string })
  | (OpBase & { readonly kind: 'drop-constraint'; readonly table: QualifiedName; readonly name: string })
  | (OpBase & {
      readonly kind: 'create-index';
      readonly table: QualifiedName;
      readonly name?: string;
      readonly columns: readonly string[];
      readonly unique: boolean;
      readonly concurrently: boolean;
      readonly ifNotExists: boolean;
      /** Partial index predicate, as written. */
      readonly where?: string;
    })
  | (OpBase & { readonly kind: 'drop-index'; readonly names: readonly QualifiedName[]; readonly concurrently: boolean })
  | (OpBase & {
      readonly kind: 'create-table';
      readonly table: QualifiedName;
      readonly columns: readonly ColumnDefinition[];
      /** CREATE TABLE … AS / LIKE: a table whose columns are not listed here. */
      readonly derived: boolean;
      /** Table constraints written after the columns (`PRIMARY KEY (id)`, `CONSTRAINT … UNIQUE (…)`), where the parser reads them. */
      readonly constraints?: readonly AddConstraintOperation[];
    })
  | (OpBase & { readonly kind: 'drop-table'; readonly tables: readonly QualifiedName[] })
  /** CREATE DOMAIN; `constrained` when it has a CHECK or NOT NULL (adding a column of it rewrites). */
  | (OpBase & { readonly kind: 'create-domain'; readonly domain: QualifiedName; readonly constrained: boolean })
  | (OpBase & {
      readonly kind: 'update';
      readonly table: QualifiedName;
      readonly columns: readonly string[];
      readonly filter: UpdateFilter;
      /** True when the UPDATE sits in a DO block or function body. */
      readonly inProcedural: boolean;
      /** The WHERE pins a single row: a key column (`id`, `key`, `uuid` …) equal to one literal. */
      readonly singleRow?: boolean;
    })
  | (OpBase & { readonly kind: 'delete'; readonly table: QualifiedName; readonly filter: UpdateFilter; readonly singleRow?: boolean })
  | (OpBase & {
      readonly kind: 'set-timeout';
      readonly setting: 'lock_timeout' | 'statement_timeout' | 'lock_wait_timeout';
      readonly ms: number | null;
      readonly local: boolean;
    })
  | (OpBase & { readonly kind: 'transaction'; readonly action: 'begin' | 'commit' | 'rollback' })
  /** REINDEX of one index, a table's indexes, or a whole schema / database / the system catalogs. */
  | (OpBase & {
      readonly kind: 'reindex';
      readonly target: 'index' | 'table' | 'schema' | 'database' | 'system';
      /** The index or table; for schema / database / system the object's name. */
      readonly name: QualifiedName;
      readonly concurrently: boolean;
    })
  | (OpBase & { readonly kind: 'detach-partition'; readonly table: QualifiedName; readonly partition: QualifiedName; readonly concurrently: boolean })
  /** Commands that copy the whole table into new files: VACUUM FULL, CLUSTER, ALTER TABLE … SET TABLESPACE. */
  | (OpBase & { readonly kind: 'rewrite-table'; readonly table: QualifiedName; readonly command: 'vacuum-full' | 'cluster' | 'set-tablespace' })
  /** ALTER DOMAIN … ADD CONSTRAINT: checked against every column of the domain in every table. */
  | (OpBase & {
      readonly kind: 'add-domain-constraint';
      readonly domain: QualifiedName;
      readonly name?: string;
      readonly constraint: 'check' | 'not-null';
      readonly notValid: boolean;
    })
  /**
   * A statement that parsed but that Lockstep does not model (SELECT, GRANT, CREATE FUNCTION …).
   * `table`: the table it acts on; for a SELECT only when it reads the whole table (no WHERE, no LIMIT).
   * `renamed`: for ALTER … RENAME of objects other than tables and columns (schemas, views, types, enum values …).
   */
  | (OpBase & {
      readonly kind: 'other';
      readonly tag: string;
      readonly table?: QualifiedName;
      readonly renamed?: { readonly object: string; readonly from: string; readonly to: string };
      /** CREATE TYPE … AS ENUM: the type's name, as a rename of it would name it. */
      readonly createdType?: string;
    });

export type OperationKind = Operation['kind'];

/** Kinds that change an existing table's definition (and so take a table lock to do it). */
export const TABLE_DDL_KINDS = [
  'add-column',
  'drop-column',
  'rename-column',
  'rename-table',
  'alter-column-type',
  'set-not-null',
  'drop-not-null',
  'set-default',
  'add-constraint',
  'validate-constraint',
  'drop-constraint',
  'create-index',
  'drop-index',
  'drop-table',
] as const satisfies readonly OperationKind[];
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** Lower-cased, schema-qualified key used to match tables across statements. */
export function tableKey(name: QualifiedName): string {
  return (name.schema ? `${name.schema}.${name.name}` : name.name).toLowerCase();
}

export function displayName(name: QualifiedName): string {
  return name.schema && name.schema !== 'public' ? `${name.schema}.${name.name}` : name.name;
}

/** The table an operation acts on, when it acts on exactly one. */
export function targetTable(op: Operation): QualifiedName | undefined {
  if (op.kind === 'reindex') return op.target === 'table' ? op.name : undefined;
  return 'table' in op ? op.table : undefined;
}
