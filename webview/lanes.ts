/** What the chart draws, derived from a Timeline: one lane per statement, plus the queue band. */
import type { Blocks } from '../src/core/engines/postgres/locks';
import type { Timeline, TimelineStatement } from '../src/core/simulate/timeline';

const BLOCKS_ORDER: readonly Blocks[] = ['nothing', 'writes', 'reads+writes'];

/** Most ticks drawn for one backfill: past this, every n-th batch is drawn. */
const MAX_BATCH_TICKS = 48;

export interface Lane {
  /** Unique key for the band scale: "1", "2", … (1-based statement number). */
  readonly key: string;
  readonly statement: TimelineStatement;
  /** What traffic the statement's locks stop while it runs (its strongest lock, held or taken). */
  readonly blocks: Blocks;
  readonly waitStart: number;
  readonly runStart: number;
  readonly runEnd: number;
  /** When a lock this statement took is released, if that is after it finishes (end of its transaction). */
  readonly holdEnd: number | null;
  /** What the lock held after the statement finishes blocks. */
  readonly holdBlocks: Blocks;
  readonly failed: boolean;
  readonly control: boolean;
  readonly batchTicks: readonly number[];
  /** Every n-th batch is drawn (1 when all are). */
  readonly batchStride: number;
}

function strongest(values: readonly Blocks[]): Blocks {
  return values.reduce<Blocks>((a, b) => (BLOCKS_ORDER.indexOf(b) > BLOCKS_ORDER.indexOf(a) ? b : a), 'nothing');
}

function batchTicks(s: TimelineStatement, runStart: number): { ticks: number[]; stride: number } {
  const b = s.backfill;
  if (!b || s.costClass !== 'batched-backfill' || b.batches < 2) return { ticks: [], stride: 1 };
  const stride = Math.max(1, Math.ceil(b.batches / MAX_BATCH_TICKS));
  const ticks: number[] = [];
  for (let k = stride; k < b.batches; k += stride) ticks.push(runStart + k * b.msPerBatch);
  return { ticks, stride };
}

/** What traffic stops depends on the tables locked; the lock on an index being created stops nobody. */
function tableLocks(s: TimelineStatement): readonly TimelineStatement['locks'][number][] {
  const tables = s.locks.filter((l) => l.relationKind === 'table');
  return tables.length ? tables : s.locks;
}

export function lanesOf(timeline: Timeline): Lane[] {
  return timeline.statements.map((s) => {
    const runStart = s.startMs + s.lockWaitMs;
    const runEnd = runStart + s.durationMs;
    const acquired = s.locks.filter((l) => l.acquired);
    const holdEnd = s.blocked && s.blocked.holdMs > s.durationMs + 1e-6 ? runStart + s.blocked.holdMs : null;
    const { ticks, stride } = batchTicks(s, runStart);
    return {
      key: String(s.index + 1),
      statement: s,
      blocks: strongest(tableLocks(s).map((l) => l.blocks)),
      waitStart: s.startMs,
      runStart,
      runEnd,
      holdEnd,
      holdBlocks: strongest(acquired.filter((l) => l.relationKind === 'table').map((l) => l.blocks)),
      failed: s.error !== null,
      control: s.transaction === 'control',
      batchTicks: ticks,
      batchStride: stride,
    };
  });
}

export interface QueuePoint {
  readonly ms: number;
  readonly queued: number;
}

/**
 * Queries waiting behind the migration over time. The queue model reports, per statement,
 * the total queued and the peak at once; with steady arrivals the queue grows linearly from
 * the moment the lock request starts waiting, reaches its peak once as many queries have
 * arrived as the peak (the rest are held at the connection limit), and empties when the lock
 * is released.
 */
export function queueSeries(timeline: Timeline, lanes: readonly Lane[], breaks: readonly number[]): QueuePoint[] {
  const windows = lanes
    .filter((l) => l.statement.blocked && l.statement.blocked.peakQueued > 0)
    .map((l) => {
      const b = l.statement.blocked!;
      const start = l.waitStart;
      const end = l.runStart + Math.max(b.holdMs, l.statement.durationMs);
      const total = Math.max(b.reads + b.writes, b.peakQueued);
      const peakAt = start + (end - start) * Math.min(1, b.peakQueued / total);
      return { start, end, peak: b.peakQueued, peakAt };
    });
  if (windows.length === 0) return [];
  const queuedAt = (t: number): number =>
    windows.reduce((sum, w) => {
      if (t < w.start || t > w.end) return sum;
      return sum + (t >= w.peakAt ? w.peak : (w.peak * (t - w.start)) / Math.max(w.peakAt - w.start, 1e-9));
    }, 0);
  const times = new Set<number>([0, timeline.totalMs, ...breaks]);
  for (const w of windows) for (const t of [w.start, w.peakAt, w.end]) times.add(t);
  const points: QueuePoint[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const inside = queuedAt(t);
    // Releases are instant: step down at the end of a window.
    const ending = windows.filter((w) => w.end === t);
    if (ending.length) {
      points.push({ ms: t, queued: inside });
      points.push({ ms: t, queued: inside - ending.reduce((s, w) => s + w.peak, 0) });
    } else {
      points.push({ ms: t, queued: inside });
    }
  }
  return points;
}
