import type { WorkloadSetting } from '../config/types';
import type { WorkloadAssumption } from './timeline';

/**
 * Application traffic assumed on each table while the migration runs. The defaults describe
 * a modest production table: 50 reads and 5 writes a second, 20 ms queries, and one
 * transaction (a report, a slow request) that has been open for 2 seconds when the migration
 * starts. Override per table in `lockstep.config.json` (`workload`) or with `--workload`.
 */
export const DEFAULT_WORKLOAD: WorkloadAssumption = {
  readsPerSecond: 50,
  writesPerSecond: 5,
  queryMs: 20,
  longestTransactionMs: 2_000,
};

/** The `--workload` file: `{ "default": {…}, "tables": { "users": {…} }, "lockTimeoutMs": 2000, "retries": 3 }`. */
export interface WorkloadFile {
  readonly default?: WorkloadSetting;
  readonly tables?: Readonly<Record<string, WorkloadSetting>>;
  readonly lockTimeoutMs?: number | null;
  readonly retries?: number;
  readonly retryDelayMs?: number;
}

export function resolveWorkload(base: WorkloadAssumption, setting: WorkloadSetting | undefined): WorkloadAssumption {
  return {
    readsPerSecond: nonNegative(setting?.readsPerSecond, base.readsPerSecond),
    writesPerSecond: nonNegative(setting?.writesPerSecond, base.writesPerSecond),
    queryMs: nonNegative(setting?.queryMs, base.queryMs),
    longestTransactionMs: nonNegative(setting?.longestTransactionMs, base.longestTransactionMs),
  };
}

function nonNegative(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}
