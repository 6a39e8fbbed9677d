import type { CostClass } from '../../simulate/timeline';

/**
 * Turns rows into milliseconds for each class of operation. A class's time is
 *
 *   fixedMs + rows · (perRowUs + rowBytes · perByteNs/1000 + indexes · perIndexRowUs) / 1000
 *           + rows · log2(rows) · perRowLogNs / 1e6
 *
 * with constants measured on a real PostgreSQL server by `lockstep calibrate` (see
 * calibrate.ts). Scans, rewrites and backfills grow linearly in rows; index builds sort, so
 * they carry the n·log n term.
 */

export type PricedClass = Exclude<CostClass, 'other'>;

export const PRICED_CLASSES: readonly PricedClass[] = [
  'metadata',
  'rewrite',
  'scan',
  'index-build',
  'concurrent-index-build',
  'validation',
  'backfill',
  'batched-backfill',
];

export interface ClassCost {
  readonly fixedMs: number;
  readonly perRowUs: number;
  readonly perByteNs: number;
  readonly perIndexRowUs: number;
  readonly perRowLogNs: number;
}

export interface CostProfile {
  readonly version: 1;
  readonly name: string;
  /** The server measured: `PostgreSQL 15.18 (Debian) on x86_64, 2 cores`. */
  readonly server: string;
  readonly createdAt: string;
  /** How the profile was made, so it can be reproduced. */
  readonly method: string;
  readonly classes: Readonly<Record<PricedClass, ClassCost>>;
  /** Extra time per batch of a batched backfill (its own statement and commit). */
  readonly batchOverheadMs: number;
  /** Rows per batch recommended for backfills. */
  readonly batchSize: number;
}

export interface CostInput {
  readonly rows: number;
  /** Average heap bytes per row. */
  readonly rowBytes: number;
  readonly indexes: number;
}

export function predictMs(profile: CostProfile, cls: PricedClass, input: CostInput): number {
  const c = profile.classes[cls];
  const rows = Math.max(0, input.rows);
  const linear = rows * (c.perRowUs + (input.rowBytes * c.perByteNs) / 1000 + input.indexes * c.perIndexRowUs);
  const sort = rows > 1 ? rows * Math.log2(rows) * c.perRowLogNs : 0;
  return c.fixedMs + linear / 1000 + sort / 1e6;
}

/** Which features a class's fit uses; the others stay zero. */
const CLASS_FEATURES: Readonly<Record<PricedClass, readonly (keyof ClassCost)[]>> = {
  metadata: ['fixedMs'],
  rewrite: ['perRowUs', 'perByteNs', 'perIndexRowUs'],
  scan: ['perRowUs', 'perByteNs'],
  'index-build': ['perByteNs', 'perRowLogNs'],
  'concurrent-index-build': ['perByteNs', 'perRowLogNs'],
  validation: ['perRowUs', 'perByteNs'],
  backfill: ['perRowUs', 'perByteNs', 'perIndexRowUs'],
  'batched-backfill': ['perRowUs', 'perByteNs', 'perIndexRowUs'],
};

/** One measurement: a class run on `input`, taking `ms`. */
export interface Sample extends CostInput {
  readonly ms: number;
}

/** The coefficient multiplying a feature in `predictMs`, so a fit is linear in the constants. */
function featureValue(feature: keyof ClassCost, s: CostInput): number {
  const rows = s.rows;
  switch (feature) {
    case 'fixedMs':
      return 1;
    case 'perRowUs':
      return rows / 1000;
    case 'perByteNs':
      return (rows * s.rowBytes) / 1e6;
    case 'perIndexRowUs':
      return (rows * s.indexes) / 1000;
    case 'perRowLogNs':
      return rows > 1 ? (rows * Math.log2(rows)) / 1e6 : 0;
  }
}

/**
 * Least squares with non-negative constants, fitted on relative error so that small and
 * large tables weigh alike. Features that come out negative are dropped and the rest refit.
 */
export function fitClass(cls: PricedClass, samples: readonly Sample[]): ClassCost {
  let features = [...CLASS_FEATURES[cls]];
  const zero: Record<keyof ClassCost, number> = { fixedMs: 0, perRowUs: 0, perByteNs: 0, perIndexRowUs: 0, perRowLogNs: 0 };
  for (;;) {
    if (features.length === 0 || samples.length === 0) return zero;
    const x = samples.map((s) => features.map((f) => featureValue(f, s) / Math.max(s.ms, 1e-3)));
    const y = samples.map(() => 1);
    const beta = solveLeastSquares(x, y);
    const negative = beta.findIndex((b) => !(b >= 0));
    if (negative < 0) {
      const out = { ...zero };
      features.forEach((f, i) => (out[f] = beta[i]!));
      return out;
    }
    features = features.filter((_, i) => i !== negative);
  }
}

/** Normal equations with a tiny ridge term: the systems here are 1–3 unknowns. */
function solveLeastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const n = x[0]!.length;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => x.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const b = Array.from({ length: n }, (_, i) => x.reduce((s, row, k) => s + row[i]! * y[k]!, 0));
  for (let i = 0; i < n; i++) a[i]![i]! += 1e-12 * (a[i]![i]! || 1);
  // Gaussian elimination with partial pivoting.
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-300) continue;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / p;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * out[c]!;
    const p = a[r]![r]!;
    out[r] = Math.abs(p) < 1e-300 ? 0 : s / p;
  }
  return out;
}
