import type { LockMode } from './locks';

/**
 * What each class of DDL/DML does to a PostgreSQL table, as data.
 *
 * Rows were observed on a real PostgreSQL 15 server (pg_locks for the session,
 * pg_relation_filenode before/after) and agree with the documentation cited per row.
 * Version-dependent behaviour is in VERSION_FACTS below, never inline in a rule.
 */

export type OperationClass =
  | 'add-column-metadata'
  | 'add-column-rewrite'
  | 'add-column-references'
  | 'add-check-not-valid'
  | 'add-check-validated'
  | 'add-foreign-key'
  | 'add-foreign-key-not-valid'
  | 'add-unique-constraint'
  | 'add-unique-using-index'
  | 'validate-check'
  | 'validate-foreign-key'
  | 'set-not-null-scan'
  | 'set-not-null-proven'
  | 'drop-not-null'
  | 'alter-type-rewrite'
  | 'alter-type-metadata'
  | 'create-index'
  | 'create-index-concurrently'
  | 'drop-index'
  | 'drop-index-concurrently'
  | 'drop-column'
  | 'rename'
  | 'set-default'
  | 'drop-constraint'
  | 'update'
  | 'create-table'
  | 'drop-table'
  | 'reindex'
  | 'reindex-concurrently'
  | 'detach-partition'
  | 'detach-partition-concurrently'
  | 'rewrite-table'
  | 'add-domain-constraint'
  | 'select-full-table';

export interface OperationFact {
  /** Lock taken on the altered table. */
  readonly lock: LockMode;
  /** Lock taken on a referenced table (foreign keys), if any. */
  readonly referencedLock?: LockMode;
  /**
   * Lock taken on the index itself (REINDEX). Every query that plans against the table
   * takes ACCESS SHARE on each of its indexes, so ACCESS EXCLUSIVE here blocks reads too.
   */
  readonly indexLock?: LockMode;
  /** The table's heap is rewritten into a new file (pg_relation_filenode changes). */
  readonly rewrite: boolean;
  /** How many full passes over the table's rows the statement makes. */
  readonly scans: 0 | 1 | 2;
  /** Refused inside a transaction block (SQLSTATE 25001). */
  readonly noTransaction?: boolean;
  readonly source: string;
}

const ALTER_TABLE_DOC = 'https://www.postgresql.org/docs/current/sql-altertable.html';
const CREATE_INDEX_DOC = 'https://www.postgresql.org/docs/current/sql-createindex.html';
const DROP_INDEX_DOC = 'https://www.postgresql.org/docs/current/sql-dropindex.html';
const LOCKING_DOC = 'https://www.postgresql.org/docs/current/explicit-locking.html';
const REINDEX_DOC = 'https://www.postgresql.org/docs/current/sql-reindex.html';
const ALTER_DOMAIN_DOC =
  'https://www.postgresql.org/docs/current/sql-alterdomain.html (validation opens every table using the domain with ShareLock: typecmds.c, validateDomainCheckConstraint)';

export const OPERATION_FACTS: Readonly<Record<OperationClass, OperationFact>> = {
  'add-column-metadata': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'add-column-rewrite': { lock: 'AccessExclusiveLock', rewrite: true, scans: 2, source: ALTER_TABLE_DOC },
  'add-column-references': {
    lock: 'AccessExclusiveLock',
    referencedLock: 'ShareRowExclusiveLock',
    rewrite: false,
    scans: 0,
    source: ALTER_TABLE_DOC,
  },
  'add-check-not-valid': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'add-check-validated': { lock: 'AccessExclusiveLock', rewrite: false, scans: 1, source: ALTER_TABLE_DOC },
  'add-foreign-key': {
    lock: 'ShareRowExclusiveLock',
    referencedLock: 'ShareRowExclusiveLock',
    rewrite: false,
    scans: 1,
    source: ALTER_TABLE_DOC,
  },
  'add-foreign-key-not-valid': {
    lock: 'ShareRowExclusiveLock',
    referencedLock: 'ShareRowExclusiveLock',
    rewrite: false,
    scans: 0,
    source: ALTER_TABLE_DOC,
  },
  'add-unique-constraint': { lock: 'AccessExclusiveLock', rewrite: false, scans: 1, source: ALTER_TABLE_DOC },
  'add-unique-using-index': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'validate-check': { lock: 'ShareUpdateExclusiveLock', rewrite: false, scans: 1, source: ALTER_TABLE_DOC },
  'validate-foreign-key': {
    lock: 'ShareUpdateExclusiveLock',
    referencedLock: 'RowShareLock',
    rewrite: false,
    scans: 1,
    source: ALTER_TABLE_DOC,
  },
  'set-not-null-scan': { lock: 'AccessExclusiveLock', rewrite: false, scans: 1, source: ALTER_TABLE_DOC },
  'set-not-null-proven': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'drop-not-null': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'alter-type-rewrite': { lock: 'AccessExclusiveLock', rewrite: true, scans: 2, source: ALTER_TABLE_DOC },
  'alter-type-metadata': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'create-index': { lock: 'ShareLock', rewrite: false, scans: 1, source: CREATE_INDEX_DOC },
  'create-index-concurrently': {
    lock: 'ShareUpdateExclusiveLock',
    rewrite: false,
    scans: 2,
    noTransaction: true,
    source: CREATE_INDEX_DOC,
  },
  'drop-index': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: DROP_INDEX_DOC },
  'drop-index-concurrently': {
    lock: 'ShareUpdateExclusiveLock',
    rewrite: false,
    scans: 0,
    noTransaction: true,
    source: DROP_INDEX_DOC,
  },
  'drop-column': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  rename: { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'set-default': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'drop-constraint': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  update: { lock: 'RowExclusiveLock', rewrite: false, scans: 1, source: LOCKING_DOC },
  'create-table': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: LOCKING_DOC },
  'drop-table': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: LOCKING_DOC },
  reindex: { lock: 'ShareLock', indexLock: 'AccessExclusiveLock', rewrite: false, scans: 1, source: REINDEX_DOC },
  'reindex-concurrently': { lock: 'ShareUpdateExclusiveLock', rewrite: false, scans: 2, noTransaction: true, source: REINDEX_DOC },
  // Without CONCURRENTLY both the partitioned table and the partition are locked ACCESS EXCLUSIVE.
  'detach-partition': { lock: 'AccessExclusiveLock', rewrite: false, scans: 0, source: ALTER_TABLE_DOC },
  'detach-partition-concurrently': { lock: 'ShareUpdateExclusiveLock', rewrite: false, scans: 0, noTransaction: true, source: ALTER_TABLE_DOC },
  // VACUUM FULL, CLUSTER and SET TABLESPACE copy the table (and rebuild its indexes) into new files.
  'rewrite-table': {
    lock: 'AccessExclusiveLock',
    rewrite: true,
    scans: 1,
    source: 'https://www.postgresql.org/docs/current/sql-vacuum.html, https://www.postgresql.org/docs/current/sql-cluster.html, ' + ALTER_TABLE_DOC,
  },
  'add-domain-constraint': { lock: 'ShareLock', rewrite: false, scans: 1, source: ALTER_DOMAIN_DOC },
  'select-full-table': { lock: 'AccessShareLock', rewrite: false, scans: 1, source: LOCKING_DOC },
};

/** Behaviour that changed between major versions. `since` is the first major version with it. */
export const VERSION_FACTS = {
  /** ADD COLUMN with a non-volatile DEFAULT stores the value in the catalog, no rewrite. */
  nonVolatileDefaultWithoutRewrite: {
    since: 11,
    source: 'https://www.postgresql.org/docs/release/11.0/ (ALTER TABLE … ADD COLUMN with a non-null default no longer rewrites)',
  },
  /** SET NOT NULL skips the full-table scan when a validated CHECK (col IS NOT NULL) exists. */
  setNotNullUsesValidatedCheck: {
    since: 12,
    source: 'https://www.postgresql.org/docs/release/12.0/ (SET NOT NULL skips the scan when a CHECK constraint proves it)',
  },
  /** timestamp ⇄ timestamptz keeps the stored values when the session's TimeZone is UTC. */
  timestampTimeZoneChangeInUtc: {
    since: 12,
    source:
      'https://www.postgresql.org/docs/release/12.0/ (ALTER TABLE … SET DATA TYPE between timestamp and timestamptz avoids a rewrite when the session time zone is UTC)',
  },
  /** `ADD CONSTRAINT … NOT NULL … NOT VALID` exists. */
  notNullNotValid: {
    since: 18,
    source: 'https://www.postgresql.org/docs/18/sql-altertable.html',
  },
  /** VIRTUAL generated columns exist (and are the default kind). */
  virtualGeneratedColumns: {
    since: 18,
    source: 'https://www.postgresql.org/docs/18/ddl-generated-columns.html',
  },
  /** `REINDEX … CONCURRENTLY` exists. */
  reindexConcurrently: {
    since: 12,
    source: 'https://www.postgresql.org/docs/12/sql-reindex.html',
  },
  /** `ALTER TABLE … DETACH PARTITION … CONCURRENTLY` exists. */
  detachPartitionConcurrently: {
    since: 14,
    source: 'https://www.postgresql.org/docs/14/sql-altertable.html',
  },
  /** PROCEDUREs that COMMIT between batches exist. */
  proceduresWithCommit: {
    since: 11,
    source: 'https://www.postgresql.org/docs/11/sql-createprocedure.html',
  },
} as const satisfies Record<string, { since: number; source: string }>;

export type VersionFact = keyof typeof VERSION_FACTS;

export function hasFact(version: number, fact: VersionFact): boolean {
  return version >= VERSION_FACTS[fact].since;
}

/** From 10, so a target older than 11 keeps its pre-11 behaviour (a constant default rewrites) instead of being read as 11. */
export const SUPPORTED_PG_VERSIONS = [10, 11, 12, 13, 14, 15, 16, 17, 18] as const;
export const DEFAULT_PG_VERSION = 16;
/**
 * Minor releases with a known defect in an operation, as [first affected, first fixed).
 * CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY on 14.0–14.3 could miss rows changed
 * during the build and leave a silently corrupt index (fixed in 14.4; indexes built on the
 * affected releases must be rebuilt).
 */
export const DEFECTIVE_RELEASES = {
  concurrentIndexCorruption: {
    from: '14.0',
    fixedIn: '14.4',
    source: 'https://www.postgresql.org/docs/release/14.4/',
  },
} as const satisfies Record<string, { from: string; fixedIn: string; source: string }>;
