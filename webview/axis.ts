/**
 * The timeline's time axis. A migration mixes statements of microseconds with rewrites of
 * hours, and lock waits of seconds with holds of minutes: a linear axis shows only the
 * longest, and a log axis of elapsed time squeezes everything after the first long
 * statement into a sliver. So the axis is piecewise: the migration's own events (a lock
 * wait starting, a statement running, a lock released) cut it into segments; each segment
 * gets a width that grows with the logarithm of its length, and inside a segment time runs
 * linearly. Every tick is a real elapsed time, and the breaks are drawn on the chart.
 */

import { formatDuration } from '../src/core/quantities';

/** Shortest span the axis resolves; shorter segments are merged into their neighbour. */
const RESOLUTION_MS = 0.001;

/** Width of a segment in axis units: 1 µs → 1, 1 ms → 4, 1 s → 7, 1 min → 8.8, 1 h → 10.6. */
function segmentWidth(ms: number): number {
  return 1 + Math.log10(Math.max(ms, RESOLUTION_MS) / RESOLUTION_MS);
}

export interface TimeAxis {
  /** Event times in ms, ascending, first 0; consecutive entries bound a segment. */
  readonly breaks: readonly number[];
  /** Axis units at each break. */
  readonly units: readonly number[];
  /** Total width in axis units. */
  readonly width: number;
  /** Elapsed ms → axis units (clamped to the axis). */
  toUnits(ms: number): number;
  /** Axis units → elapsed ms. */
  toMs(units: number): number;
}

export function buildTimeAxis(events: readonly number[]): TimeAxis {
  const sorted = [...new Set(events.filter((t) => Number.isFinite(t) && t >= 0))].sort((a, b) => a - b);
  const breaks: number[] = [0];
  for (const t of sorted) if (t - breaks[breaks.length - 1]! >= RESOLUTION_MS) breaks.push(t);
  if (breaks.length === 1) breaks.push(RESOLUTION_MS);
  const units: number[] = [0];
  for (let i = 1; i < breaks.length; i++) units.push(units[i - 1]! + segmentWidth(breaks[i]! - breaks[i - 1]!));
  const width = units[units.length - 1]!;

  const segmentOf = (values: readonly number[], v: number): number => {
    let lo = 0;
    let hi = values.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (values[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const interpolate = (from: readonly number[], to: readonly number[], v: number): number => {
    const clamped = Math.min(Math.max(v, from[0]!), from[from.length - 1]!);
    const i = segmentOf(from, clamped);
    const f0 = from[i]!;
    const f1 = from[i + 1]!;
    return to[i]! + ((clamped - f0) / (f1 - f0)) * (to[i + 1]! - to[i]!);
  };
  return {
    breaks,
    units,
    width,
    toUnits: (ms) => interpolate(breaks, units, ms),
    toMs: (u) => interpolate(units, breaks, u),
  };
}

export interface AxisTick {
  readonly ms: number;
  readonly units: number;
  /** A segment boundary (an event of the migration) rather than a round time inside one. */
  readonly isBreak: boolean;
  /** Elapsed time; "+0.5ms" (after the previous tick) where the absolute time would read the same as its neighbour. */
  readonly label: string;
}

/** Relative labels where absolute ones would repeat (a 2 ms statement an hour in). */
function labelTicks(ticks: readonly Omit<AxisTick, 'label'>[]): AxisTick[] {
  const out: AxisTick[] = [];
  for (const t of ticks) {
    const prev = out[out.length - 1];
    let label = formatDuration(t.ms, 'tick');
    if (prev && (label === formatDuration(prev.ms, 'tick') || label === prev.label)) label = `+${formatDuration(t.ms - prev.ms, 'tick')}`;
    out.push({ ...t, label });
  }
  return out;
}

const NICE_STEPS_MS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
];

/**
 * Ticks at least `minGapUnits` apart: the migration's events first (earliest wins a clash),
 * then round times inside segments wide enough to hold them.
 */
export function chooseTicks(axis: TimeAxis, minGapUnits: number): AxisTick[] {
  const chosen: Omit<AxisTick, 'label'>[] = [];
  const fits = (u: number) => chosen.every((t) => Math.abs(t.units - u) >= minGapUnits);
  for (let i = 0; i < axis.breaks.length; i++) {
    const u = axis.units[i]!;
    if (fits(u)) chosen.push({ ms: axis.breaks[i]!, units: u, isBreak: true });
  }
  for (let i = 0; i + 1 < axis.breaks.length; i++) {
    const a = axis.breaks[i]!;
    const b = axis.breaks[i + 1]!;
    const segUnits = axis.units[i + 1]! - axis.units[i]!;
    const room = Math.floor(segUnits / minGapUnits);
    // Round times inside a segment that is short next to its start would all read alike.
    if (room < 2 || formatDuration(a, 'tick') === formatDuration(b, 'tick')) continue;
    const step = NICE_STEPS_MS.find((s) => (b - a) / s <= room) ?? NICE_STEPS_MS[NICE_STEPS_MS.length - 1]!;
    for (let t = Math.ceil(a / step) * step; t < b; t += step) {
      const u = axis.toUnits(t);
      if (fits(u)) chosen.push({ ms: t, units: u, isBreak: false });
    }
  }
  return labelTicks(chosen.sort((x, y) => x.units - y.units));
}
