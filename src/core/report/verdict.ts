/**
 * The one-glance answer at the top of the timeline, the Markdown summary and the HTML
 * report: how long the migration takes, how long it stops reads and writes, how much traffic
 * queues behind it, and whether lock_timeout fires.
 */
import type { Blocks } from '../engines/postgres/locks';
import type { Timeline, TimelineStatement } from '../simulate/timeline';
import { formatDuration as fmt } from '../quantities';

/** Stopping traffic longer than this is worth a warning: about one request timeout. */
const NOTICEABLE_BLOCK_MS = 1000;
/** Reads stopped this long look like an outage to users. */
const DANGEROUS_READ_BLOCK_MS = 10_000;
/** Writes stopped this long back up queues and time out jobs. */
const DANGEROUS_WRITE_BLOCK_MS = 60_000;

export type Severity = 'ok' | 'caution' | 'danger';

/**
 * The longest time one statement keeps a kind of traffic out, and which statement: the
 * longer of how long it holds the lock (until its transaction ends) and how long a queued
 * query waits behind it (a lock request that is still waiting already stops later queries).
 */
export interface LongestHold {
  readonly ms: number;
  readonly statement: number;
  readonly relation: string;
  readonly mode: string;
}

export type LockTimeoutOutcome =
  | { readonly kind: 'unset' }
  | { readonly kind: 'not-fired'; readonly timeoutMs: number }
  | { readonly kind: 'retried'; readonly statement: number; readonly attempts: number }
  | { readonly kind: 'gave-up'; readonly statement: number; readonly attempts: number };

export interface Verdict {
  readonly severity: Severity;
  readonly headline: string;
  readonly totalMs: number;
  readonly readsWritesBlocked: LongestHold | null;
  /** Writes stopped while reads still flow (SHARE-like locks, with nothing stronger held). */
  readonly writesBlocked: LongestHold | null;
  readonly queuedReads: number;
  readonly queuedWrites: number;
  readonly peakQueued: number;
  readonly lockTimeout: LockTimeoutOutcome;
  readonly failures: readonly { readonly statement: number; readonly message: string; readonly code?: string }[];
}

/** Table locks decide what traffic stops; a lock on an index being built stops nobody else. */
function effectiveBlocks(stmt: TimelineStatement): Blocks {
  const tableLocks = stmt.locks.filter((l) => l.relationKind === 'table');
  const kinds = (tableLocks.length ? tableLocks : stmt.locks).map((l) => l.blocks);
  return kinds.includes('reads+writes') ? 'reads+writes' : kinds.includes('writes') ? 'writes' : 'nothing';
}

/** How long `stmt` keeps the traffic `kind` out, when that is the most it stops. */
function holdFor(stmt: TimelineStatement, kind: Blocks): LongestHold | null {
  if (effectiveBlocks(stmt) !== kind) return null;
  const lock = stmt.locks.find((l) => l.acquired && l.blocks === kind && l.relationKind === 'table');
  if (!lock) return null;
  const b = stmt.blocked && stmt.blocked.relation === lock.relation ? stmt.blocked : null;
  const ms = Math.max(stmt.durationMs, b?.holdMs ?? 0, b?.maxWaitMs ?? 0);
  return { ms, statement: stmt.index, relation: lock.relation, mode: lock.mode };
}

function longest(timeline: Timeline, kind: Blocks): LongestHold | null {
  let best: LongestHold | null = null;
  for (const s of timeline.statements) {
    const h = holdFor(s, kind);
    if (h && (!best || h.ms > best.ms)) best = h;
  }
  return best;
}

function lockTimeoutOutcome(timeline: Timeline): LockTimeoutOutcome {
  let retried: LockTimeoutOutcome | null = null;
  let timeoutMs = timeline.assumptions.lockTimeoutMs;
  for (const s of timeline.statements) {
    const b = s.blocked;
    if (s.error?.code === '55P03') return { kind: 'gave-up', statement: s.index, attempts: b?.attempts ?? 1 };
    if (!b) continue;
    if (b.lockTimeoutMs !== null) timeoutMs = b.lockTimeoutMs;
    if (b.gaveUp) return { kind: 'gave-up', statement: s.index, attempts: b.attempts };
    if (b.attempts > 1 && !retried) retried = { kind: 'retried', statement: s.index, attempts: b.attempts };
  }
  if (retried) return retried;
  return timeoutMs === null ? { kind: 'unset' } : { kind: 'not-fired', timeoutMs };
}

export function verdictOf(timeline: Timeline): Verdict {
  const readsWritesBlocked = longest(timeline, 'reads+writes');
  const writesBlocked = longest(timeline, 'writes');
  let queuedReads = 0;
  let queuedWrites = 0;
  let peakQueued = 0;
  for (const s of timeline.statements) {
    if (!s.blocked) continue;
    queuedReads += s.blocked.reads;
    queuedWrites += s.blocked.writes;
    peakQueued = Math.max(peakQueued, s.blocked.peakQueued);
  }
  const failures = timeline.statements
    .filter((s) => s.error)
    .map((s) => ({ statement: s.index, message: s.error!.message, ...(s.error!.code ? { code: s.error!.code } : {}) }));
  const lockTimeout = lockTimeoutOutcome(timeline);
  const severity = severityOf(readsWritesBlocked, writesBlocked, failures.length > 0 || lockTimeout.kind === 'gave-up');
  return {
    severity,
    headline: headlineOf(timeline, readsWritesBlocked, writesBlocked, failures.length, lockTimeout),
    totalMs: timeline.totalMs,
    readsWritesBlocked,
    writesBlocked,
    queuedReads,
    queuedWrites,
    peakQueued,
    lockTimeout,
    failures,
  };
}

function severityOf(rw: LongestHold | null, w: LongestHold | null, failed: boolean): Severity {
  const rwMs = rw?.ms ?? 0;
  const wMs = w?.ms ?? 0;
  if (failed || rwMs >= DANGEROUS_READ_BLOCK_MS || wMs >= DANGEROUS_WRITE_BLOCK_MS) return 'danger';
  if (rwMs >= NOTICEABLE_BLOCK_MS || wMs >= NOTICEABLE_BLOCK_MS) return 'caution';
  return 'ok';
}

function headlineOf(timeline: Timeline, rw: LongestHold | null, w: LongestHold | null, failures: number, timeout: LockTimeoutOutcome): string {
  if (failures > 0) {
    const first = timeline.statements.find((s) => s.error)!;
    return `Fails at statement ${first.index + 1}: ${first.error!.message}`;
  }
  if (timeout.kind === 'gave-up') return `lock_timeout gives up on statement ${timeout.statement + 1} after ${timeout.attempts} attempt(s)`;
  if (rw && rw.ms >= NOTICEABLE_BLOCK_MS) return `Stops reads and writes on ${rw.relation} for ${fmt(rw.ms)}`;
  if (w && w.ms >= NOTICEABLE_BLOCK_MS) return `Stops writes on ${w.relation} for ${fmt(w.ms)}; reads keep flowing`;
  return 'No reads or writes stopped for more than a moment';
}
