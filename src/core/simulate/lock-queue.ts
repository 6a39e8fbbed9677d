import { conflicts, type LockMode } from '../engines/postgres/locks';
import type { BlockedQueries, WorkloadAssumption } from './timeline';

/**
 * PostgreSQL's lock queue under application traffic, computed from the conflict matrix
 * (PGlite has one session, so waits between sessions cannot be observed there).
 *
 * - A request waits for every granted lock it conflicts with: in-flight queries (up to their
 *   query time) and the longest open transaction, which holds AccessShareLock on the table
 *   (and RowExclusiveLock when the table takes writes) until it ends.
 * - Requests queue in order: a later request that conflicts with a *waiting* one waits behind
 *   it even when it would be compatible with everything granted. So a waiting
 *   AccessExclusiveLock stops plain SELECTs before it holds anything.
 * - With lock_timeout, an attempt gives up after the timeout (SQLSTATE 55P03), the queue
 *   behind it drains, and a retry starts after the retry delay.
 */

/** Plain SELECT takes AccessShareLock; INSERT/UPDATE/DELETE take RowExclusiveLock. */
const READ_LOCK: LockMode = 'AccessShareLock';
const WRITE_LOCK: LockMode = 'RowExclusiveLock';

export interface LockRequest {
  readonly relation: string;
  readonly mode: LockMode;
  /** When the request is made, from the start of the migration. */
  readonly atMs: number;
  readonly workload: WorkloadAssumption;
  readonly lockTimeoutMs: number | null;
  readonly retries: number;
  readonly retryDelayMs: number;
}

export interface LockWait {
  /** Total time from the first request to the grant (or to giving up), delays included. */
  readonly waitMs: number;
  readonly attempts: number;
  readonly gaveUp: boolean;
  /** Waiting intervals of each attempt, for the blocked-traffic figures. */
  readonly attemptWaits: readonly number[];
}

function conflictsWithReads(mode: LockMode): boolean {
  return conflicts(mode, READ_LOCK);
}

function conflictsWithWrites(mode: LockMode): boolean {
  return conflicts(mode, WRITE_LOCK);
}

/** How long a request made at `atMs` waits for the traffic already holding locks. */
function waitFor(mode: LockMode, atMs: number, w: WorkloadAssumption): number {
  const reads = conflictsWithReads(mode) && w.readsPerSecond > 0;
  const writes = conflictsWithWrites(mode) && w.writesPerSecond > 0;
  const inFlight = reads || writes ? w.queryMs : 0;
  // The long transaction read the table; it also wrote when the table takes writes.
  const longTxHolds = conflictsWithReads(mode) || (conflictsWithWrites(mode) && w.writesPerSecond > 0);
  const longTx = longTxHolds ? Math.max(0, w.longestTransactionMs - atMs) : 0;
  return Math.max(inFlight, longTx);
}

export function modelLockWait(req: LockRequest): LockWait {
  const attemptWaits: number[] = [];
  let t = req.atMs;
  const maxAttempts = req.lockTimeoutMs === null ? 1 : 1 + Math.max(0, Math.floor(req.retries));
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const need = waitFor(req.mode, t, req.workload);
    if (req.lockTimeoutMs === null || need <= req.lockTimeoutMs) {
      attemptWaits.push(need);
      t += need;
      return { waitMs: t - req.atMs, attempts: attempt, gaveUp: false, attemptWaits };
    }
    attemptWaits.push(req.lockTimeoutMs);
    t += req.lockTimeoutMs;
    if (attempt < maxAttempts) t += req.retryDelayMs;
  }
  return { waitMs: t - req.atMs, attempts: maxAttempts, gaveUp: true, attemptWaits };
}

/**
 * Traffic that queues behind a request: during each waiting attempt and, once granted,
 * for as long as the lock is held (`holdMs`, until the transaction ends).
 */
export function blockedQueries(req: LockRequest, wait: LockWait, holdMs: number): BlockedQueries {
  const reads = conflictsWithReads(req.mode) ? req.workload.readsPerSecond : 0;
  const writes = conflictsWithWrites(req.mode) ? req.workload.writesPerSecond : 0;
  const intervals = wait.gaveUp ? [...wait.attemptWaits] : [...wait.attemptWaits.slice(0, -1), (wait.attemptWaits.at(-1) ?? 0) + holdMs];
  const blockedMs = intervals.reduce((a, b) => a + b, 0);
  // A lock that conflicts with neither reads nor writes makes no application query wait.
  const longest = reads + writes > 0 ? intervals.reduce((a, b) => Math.max(a, b), 0) : 0;
  return {
    relation: req.relation,
    mode: req.mode,
    reads: Math.round((reads * blockedMs) / 1000),
    writes: Math.round((writes * blockedMs) / 1000),
    maxWaitMs: longest,
    peakQueued: Math.round(((reads + writes) * longest) / 1000),
    holdMs: wait.gaveUp ? 0 : holdMs,
    lockTimeoutMs: req.lockTimeoutMs,
    attempts: wait.attempts,
    gaveUp: wait.gaveUp,
  };
}
