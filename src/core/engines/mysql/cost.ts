import type { Blocks } from '../postgres/locks';
import type { Algorithm } from './online-ddl';

/**
 * Turns rows into time for MySQL/MariaDB statements. No embedded engine runs InnoDB's
 * online DDL, so these durations are rule-derived: the algorithm comes from the
 * versioned facts and the rates are order-of-magnitude figures for InnoDB on a small
 * server (2 vCPU, SSD, narrow rows, a few secondary indexes), labelled as such wherever
 * they are shown.
 */
export interface MysqlThroughput {
  readonly name: string;
  readonly source: string;
  /** Rows per second for a table copy (ALGORITHM=COPY: read, insert into a new table, rebuild indexes). */
  readonly copyRowsPerSec: number;
  /** Rows per second for an in-place rebuild of the clustered index. */
  readonly rebuildRowsPerSec: number;
  /** Rows per second for building one secondary index in place (sort + bulk load). */
  readonly indexRowsPerSec: number;
  /** Rows per second for an UPDATE of every row in one statement. */
  readonly updateRowsPerSec: number;
  /** A data-dictionary-only change (INSTANT, metadata-only INPLACE). */
  readonly metadataMs: number;
}

export const MYSQL_ROUGH_THROUGHPUT: MysqlThroughput = {
  name: 'mysql-rough-default',
  source: 'order-of-magnitude defaults for InnoDB on a small server; durations are rule-derived, not measured',
  copyRowsPerSec: 150_000,
  rebuildRowsPerSec: 300_000,
  indexRowsPerSec: 500_000,
  updateRowsPerSec: 100_000,
  metadataMs: 20,
};

export type MysqlWork = 'metadata' | 'index-build' | 'rebuild' | 'copy' | 'update';

export function workOf(algorithm: Algorithm, rebuild: boolean, buildsIndex: boolean): MysqlWork {
  if (algorithm === 'COPY') return 'copy';
  if (algorithm === 'INSTANT') return 'metadata';
  if (rebuild) return 'rebuild';
  return buildsIndex ? 'index-build' : 'metadata';
}

export function mysqlEstimateMs(work: MysqlWork, rows: number, t: MysqlThroughput = MYSQL_ROUGH_THROUGHPUT): number {
  const per = (rate: number): number => (rows / rate) * 1000 + t.metadataMs;
  switch (work) {
    case 'copy':
      return per(t.copyRowsPerSec);
    case 'rebuild':
      return per(t.rebuildRowsPerSec);
    case 'index-build':
      return per(t.indexRowsPerSec) * Math.max(1, Math.log10(Math.max(rows, 10)) / 6);
    case 'update':
      return (rows / t.updateRowsPerSec) * 1000;
    case 'metadata':
      return t.metadataMs;
  }
}

/**
 * What application traffic the statement stops while it runs. Every online ALTER also
 * takes an exclusive metadata lock briefly at its start and end: that wait is what
 * lock_wait_timeout bounds, and it is reported by require-lock-timeout, not here.
 */
export function mysqlBlocks(algorithm: Algorithm, concurrentDml: boolean): Blocks {
  if (algorithm === 'INSTANT') return 'nothing';
  return concurrentDml ? 'nothing' : 'writes';
}

/** The label shown as the statement's lock. */
export function mysqlLockLabel(algorithm: Algorithm, concurrentDml: boolean): string {
  if (algorithm === 'INSTANT') return 'ALGORITHM=INSTANT (brief exclusive metadata lock)';
  if (algorithm === 'COPY') return 'ALGORITHM=COPY (shared lock: reads only)';
  return concurrentDml ? 'ALGORITHM=INPLACE, LOCK=NONE' : 'ALGORITHM=INPLACE, LOCK=SHARED (reads only)';
}
