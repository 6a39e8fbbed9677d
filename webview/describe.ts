/** Words for one statement: the tooltip, the lane's accessible description and the tests read these. */
import { LOCK_SQL_NAMES, type Blocks } from '../src/core/engines/postgres/locks';
import { formatCount, formatDuration } from '../src/core/quantities';
import type { Assumptions, CostClass, TimelineLock } from '../src/core/simulate/timeline';
import type { Lane } from './lanes';

const BLOCKS_WORDS: Readonly<Record<Blocks, string>> = {
  'reads+writes': 'blocks reads and writes',
  writes: 'blocks writes',
  nothing: 'blocks nothing',
};

const COST_CLASS_WORDS: Readonly<Record<CostClass, string>> = {
  metadata: 'catalog-only change',
  rewrite: 'table rewrite',
  scan: 'full table scan',
  'index-build': 'index build',
  'concurrent-index-build': 'concurrent index build',
  validation: 'constraint validation',
  backfill: 'single-statement backfill',
  'batched-backfill': 'batched backfill',
  other: 'other',
};

interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface StatementDescription {
  readonly title: string;
  readonly sql: string;
  readonly facts: readonly Fact[];
}

function lockLine(l: TimelineLock): string {
  const parts = [`${LOCK_SQL_NAMES[l.mode]} (${l.mode}) on ${l.relation}: ${BLOCKS_WORDS[l.blocks]}`];
  if (!l.acquired) parts.push('held since an earlier statement');
  parts.push(l.source === 'observed' ? 'observed in pg_locks' : 'from engine facts');
  return parts.join('; ');
}

function tableEffect(lane: Lane): string {
  const s = lane.statement;
  const source = s.rewriteSource === 'observed' ? 'observed' : 'from engine facts';
  if (s.rewrite) return `Rewrites the table (${source})`;
  if (s.scan) return 'Reads every row; no rewrite';
  if (s.locks.length === 0) return 'Touches no table';
  return `No rewrite, no scan (${source})`;
}

function timeSource(lane: Lane, a: Assumptions): string {
  const s = lane.statement;
  if (s.transaction === 'control') return 'transaction control: no cost model';
  const sample = s.sample.rows > 0 ? `; ${formatDuration(s.sample.elapsedMs)} measured on ${formatCount(s.sample.rows)} sample rows` : '';
  return `${COST_CLASS_WORDS[s.costClass]} cost model, profile "${a.profile.name}" (${a.profile.server})${sample}`;
}

export function describeLane(lane: Lane, a: Assumptions): StatementDescription {
  const s = lane.statement;
  const facts: Fact[] = [];
  facts.push({ label: 'Locks', value: s.locks.length ? s.locks.map(lockLine).join('\n') : 'none on tables' });
  facts.push({ label: 'Table', value: tableEffect(lane) });
  if (s.rowsRead || s.rowsWritten) facts.push({ label: 'Rows', value: `${formatCount(s.rowsRead)} read, ${formatCount(s.rowsWritten)} written` });
  const wait = s.lockWaitMs > 0 ? `waits ${formatDuration(s.lockWaitMs)} for its lock, then ` : '';
  facts.push({ label: 'Predicted', value: `${wait}runs ${formatDuration(s.durationMs)}` });
  facts.push({ label: 'Source', value: timeSource(lane, a) });
  if (lane.holdEnd !== null) {
    facts.push({ label: 'Held', value: `its lock stays until the transaction ends: ${formatDuration(lane.holdEnd - lane.runStart)} in all` });
  }
  const b = s.blocked;
  if (b && (b.reads || b.writes)) {
    facts.push({
      label: 'Queue',
      value: `${formatCount(b.reads)} reads and ${formatCount(b.writes)} writes wait, up to ${formatCount(b.peakQueued)} at once; the longest waits ${formatDuration(b.maxWaitMs)}`,
    });
  }
  if (b && b.lockTimeoutMs !== null) {
    const outcome = b.gaveUp ? `every attempt timed out (${b.attempts})` : b.attempts > 1 ? `fires; attempt ${b.attempts} gets the lock` : 'does not fire';
    facts.push({ label: 'lock_timeout', value: `${formatDuration(b.lockTimeoutMs)}: ${outcome}` });
  }
  const bf = s.backfill;
  if (bf) {
    const drawn = lane.batchStride > 1 ? ` (every ${lane.batchStride}th drawn)` : '';
    facts.push({
      label: 'Backfill',
      value: `${formatCount(bf.batches)} batches of ${formatCount(bf.batchSize)} rows, ${formatDuration(bf.msPerBatch)} each${drawn}; as one statement ${formatDuration(bf.singleStatementMs)}`,
    });
  }
  if (s.error) facts.push({ label: 'Fails', value: `${s.error.message}${s.error.code ? ` (SQLSTATE ${s.error.code})` : ''}` });
  if (s.skipped) facts.push({ label: 'Skipped', value: s.skipped });
  for (const n of s.notes) facts.push({ label: 'Note', value: n });
  return { title: `Statement ${s.index + 1} · line ${s.line}`, sql: s.sql, facts };
}

/** One line for a lane's label row: strongest lock and what happens to the table. */
export function laneSubtitle(lane: Lane): string {
  const s = lane.statement;
  const order: Blocks[] = ['reads+writes', 'writes', 'nothing'];
  const lock = [...s.locks].sort((x, y) => order.indexOf(x.blocks) - order.indexOf(y.blocks))[0];
  const parts = [`line ${s.line}`];
  if (lock) parts.push(LOCK_SQL_NAMES[lock.mode]);
  if (s.rewrite) parts.push('rewrite');
  else if (s.scan) parts.push('scan');
  if (s.error) parts.push('fails');
  return parts.join(' · ');
}
