/**
 * Short human wording for costs: the CodeLens verdict, the status bar and hovers share it.
 * Pure functions over core value types, so they are tested without an editor.
 */
import { sqlLockName, type Blocks } from '../core/engines/postgres/locks';
import { formatDuration, formatRows } from '../core/quantities';
import type { Cost } from '../core/rules/types';

export { worstCost } from '../core/lint/linter';
export const lockName = sqlLockName;

export function blocksPhrase(blocks: Blocks): string {
  switch (blocks) {
    case 'reads+writes':
      return 'blocks reads and writes';
    case 'writes':
      return 'blocks writes (reads continue)';
    case 'nothing':
      return 'blocks neither reads nor writes';
  }
}

/** What the statement does to the table's data: rewrite, scan or nothing. */
export function workPhrase(cost: Pick<Cost, 'rewrite' | 'scans'>): string {
  if (cost.rewrite) return 'rewrites the table';
  if (cost.scans > 0) return cost.scans === 1 ? 'scans the table' : `scans the table ${cost.scans}×`;
  return 'metadata only';
}

/** `~9 s at 5M rows`, or undefined when the table size is not configured. */
export function estimatePhrase(cost: Pick<Cost, 'rows' | 'estimateMs'>): string | undefined {
  if (cost.estimateMs === undefined || cost.rows === undefined) return undefined;
  return `${formatDuration(cost.estimateMs, 'approx')} at ${formatRows(cost.rows)}`;
}

/**
 * One-line verdict for a CodeLens: `ACCESS EXCLUSIVE · metadata only`,
 * `SHARE · ~9 s at 5M rows`, `ACCESS EXCLUSIVE · rewrites the table · ~2 min at 50M rows`.
 */
export function verdictLine(cost: Cost): string {
  const parts = [lockName(cost.lock)];
  const touchesRows = cost.rewrite || cost.scans > 0;
  const estimate = touchesRows ? estimatePhrase(cost) : undefined;
  // A scan with an estimate says enough through its time; a rewrite is worth naming.
  if (!estimate || cost.rewrite) parts.push(workPhrase(cost));
  if (estimate) parts.push(estimate);
  return parts.join(' · ');
}
