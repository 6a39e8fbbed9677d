import { predictMs, type CostProfile, type PricedClass } from './cost-model';
import { DEFAULT_PROFILE } from './calibration';
import type { OperationClass } from './facts';

/**
 * Lint-time estimates come from the same calibrated cost model the simulator uses (the
 * profile `lockstep calibrate` wrote on a real server), so a finding and a simulation of the
 * same statement agree on what it costs. Lint knows less than the simulator: the row width
 * comes from the configuration when given, else a typical narrow row, and the table is
 * assumed to carry a primary key and one more index.
 */
const TYPICAL_ROW_BYTES = 100;
const TYPICAL_INDEXES = 2;

/** The cost-model class that prices each engine-facts class. */
const PRICED: Readonly<Record<OperationClass, PricedClass>> = {
  'add-column-metadata': 'metadata',
  'add-column-rewrite': 'rewrite',
  'add-column-references': 'metadata',
  'add-check-not-valid': 'metadata',
  'add-check-validated': 'validation',
  'add-foreign-key': 'validation',
  'add-foreign-key-not-valid': 'metadata',
  'add-unique-constraint': 'index-build',
  'add-unique-using-index': 'metadata',
  'validate-check': 'validation',
  'validate-foreign-key': 'validation',
  'set-not-null-scan': 'scan',
  'set-not-null-proven': 'metadata',
  'drop-not-null': 'metadata',
  'alter-type-rewrite': 'rewrite',
  'alter-type-metadata': 'metadata',
  'create-index': 'index-build',
  'create-index-concurrently': 'concurrent-index-build',
  'drop-index': 'metadata',
  'drop-index-concurrently': 'metadata',
  'drop-column': 'metadata',
  rename: 'metadata',
  'set-default': 'metadata',
  'drop-constraint': 'metadata',
  update: 'backfill',
  'create-table': 'metadata',
  'drop-table': 'metadata',
  reindex: 'index-build',
  'reindex-concurrently': 'concurrent-index-build',
  'detach-partition': 'metadata',
  'detach-partition-concurrently': 'metadata',
  'rewrite-table': 'rewrite',
  'add-domain-constraint': 'validation',
  'select-full-table': 'scan',
};

export interface TableShape {
  readonly rowBytes?: number;
  readonly indexes?: number;
}

/** Milliseconds an operation class takes over `rows` rows, priced by the calibrated profile. */
export function estimateMs(cls: OperationClass, rows: number, shape: TableShape = {}, profile: CostProfile = DEFAULT_PROFILE): number {
  const priced = PRICED[cls];
  return predictMs(profile, priced, {
    rows: priced === 'metadata' ? 0 : rows,
    rowBytes: shape.rowBytes ?? TYPICAL_ROW_BYTES,
    indexes: shape.indexes ?? TYPICAL_INDEXES,
  });
}
