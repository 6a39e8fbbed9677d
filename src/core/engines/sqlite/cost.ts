import { displayName, targetTable, type Operation, type QualifiedName } from '../../operations';
import type { Cost } from '../../rules/types';

/**
 * SQLite costs for lint-time estimates. A writing statement holds the database's single
 * write lock (https://www.sqlite.org/lockingv3.html): other writers wait (busy_timeout) and,
 * outside WAL mode, readers wait while it commits. Rates are rough figures for sql.js on a
 * small machine; `lockstep simulate` measures the real statement on synthetic rows instead.
 */
const SQLITE_ROUGH_RATES = {
  name: 'sqlite-rough-default',
  /** Rows per second for copying a table (rebuild INSERT … SELECT). */
  copyRowsPerSec: 400_000,
  /** Rows per second for building one index. */
  indexRowsPerSec: 500_000,
  /** Rows per second for UPDATE of every row. */
  updateRowsPerSec: 300_000,
  /** Rows per second for a read pass (constraint checks). */
  scanRowsPerSec: 2_000_000,
  metadataMs: 1,
} as const;

const WRITE_LOCK = 'database write lock';

export function sqliteOperationCost(op: Operation, rows: (t: QualifiedName) => number | undefined): Cost | undefined {
  const table = targetTable(op);
  if (!table) return undefined;
  const n = rows(table);
  const r = SQLITE_ROUGH_RATES;
  let perRow = 0;
  let scans = 0;
  switch (op.kind) {
    case 'update':
    case 'delete':
      perRow = 1000 / r.updateRowsPerSec;
      scans = 1;
      break;
    case 'create-index':
    case 'add-constraint':
    case 'set-not-null':
      perRow = op.kind === 'create-index' ? 1000 / r.indexRowsPerSec : 1000 / r.scanRowsPerSec;
      scans = 1;
      break;
    case 'drop-column':
      perRow = 1000 / r.copyRowsPerSec; // DROP COLUMN rewrites every row
      scans = 1;
      break;
    default:
      break;
  }
  return {
    table: displayName(table),
    lock: WRITE_LOCK,
    blocks: 'writes',
    rewrite: op.kind === 'drop-column',
    scans,
    ...(n !== undefined ? { rows: n, estimateMs: r.metadataMs + n * perRow } : {}),
  };
}

/** Time to rebuild a table of `rows` rows with the 12-step procedure (copy + index rebuilds). */
export function sqliteRebuildMs(rows: number, indexes: number): number {
  const r = SQLITE_ROUGH_RATES;
  return r.metadataMs + (rows / r.copyRowsPerSec) * 1000 + indexes * (rows / r.indexRowsPerSec) * 1000;
}
