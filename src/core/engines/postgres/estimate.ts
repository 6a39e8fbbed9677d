import type { OperationClass } from './facts';

/**
 * Throughput figures that turn rows into time for lint-time estimates.
 * A calibrated profile (see `lockstep calibrate`) replaces these; the defaults are
 * conservative order-of-magnitude figures for a native PostgreSQL on a small server
 * (2 vCPU, SSD, narrow rows, one or two indexes) and are labelled as such in output.
 */
export interface ThroughputProfile {
  readonly name: string;
  readonly source: string;
  /** Rows per second for a sequential pass that only reads (validation, SET NOT NULL). */
  readonly scanRowsPerSec: number;
  /** Rows per second for a full rewrite of the heap and its indexes. */
  readonly rewriteRowsPerSec: number;
  /** Rows per second for a plain B-tree build. */
  readonly indexRowsPerSec: number;
  /** Rows per second for UPDATE of every row in one statement. */
  readonly updateRowsPerSec: number;
  /** Fixed cost of a catalog-only change, in milliseconds. */
  readonly metadataMs: number;
}

export const ROUGH_PROFILE: ThroughputProfile = {
  name: 'rough-default',
  source: 'order-of-magnitude defaults; run `lockstep calibrate --url …` for figures from your server',
  scanRowsPerSec: 4_000_000,
  rewriteRowsPerSec: 600_000,
  indexRowsPerSec: 800_000,
  updateRowsPerSec: 200_000,
  metadataMs: 5,
};

/** Milliseconds an operation class takes over `rows` rows. */
export function estimateMs(cls: OperationClass, rows: number, profile: ThroughputProfile = ROUGH_PROFILE): number {
  const per = (rate: number): number => (rows / rate) * 1000;
  switch (cls) {
    case 'add-column-rewrite':
    case 'alter-type-rewrite':
      return per(profile.rewriteRowsPerSec) + profile.metadataMs;
    case 'add-check-validated':
    case 'validate-check':
    case 'validate-foreign-key':
    case 'add-foreign-key':
    case 'set-not-null-scan':
      return per(profile.scanRowsPerSec) + profile.metadataMs;
    case 'create-index':
    case 'add-unique-constraint':
      return per(profile.indexRowsPerSec) * Math.max(1, Math.log10(Math.max(rows, 10)) / 6);
    case 'create-index-concurrently':
      return 2 * per(profile.indexRowsPerSec) * Math.max(1, Math.log10(Math.max(rows, 10)) / 6);
    case 'update':
      return per(profile.updateRowsPerSec);
    default:
      return profile.metadataMs;
  }
}

/** "850 ms", "12 s", "4.2 min", "1.5 h". */
export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const min = s / 60;
  if (min < 60) return `${min < 10 ? min.toFixed(1) : Math.round(min)} min`;
  const h = min / 60;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}

/** "5M rows", "120k rows", "300 rows". */
export function formatRows(rows: number): string {
  if (rows >= 1_000_000) return `${+(rows / 1_000_000).toFixed(1)}M rows`;
  if (rows >= 10_000) return `${Math.round(rows / 1000)}k rows`;
  return `${rows} rows`;
}
