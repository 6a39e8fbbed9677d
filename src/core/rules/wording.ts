import { formatDuration, formatRows } from '../quantities';
import { describeBlocks, sqlLockName } from '../engines/postgres/locks';
import type { Cost } from './types';

/**
 * " On users (5M rows) that is about 8.3 s holding ACCESS EXCLUSIVE, which blocks reads and writes."
 * Empty when the table's size is not configured: findings then explain the risk without a figure.
 */
export function costSentence(cost: Cost | undefined): string {
  if (!cost || cost.rows === undefined || cost.estimateMs === undefined) return '';
  const lock = sqlLockName(cost.lock);
  return ` On ${cost.table} (${formatRows(cost.rows)}) that is about ${formatDuration(cost.estimateMs, 'rough')} holding ${lock}, which ${describeBlocks(cost.blocks)}.`;
}
