import { displayName } from '../operations';
import { isMigrationBookkeepingTable } from '../sql/migration-tables';
import { defineRule } from './types';
import { formatDuration, formatRows } from '../quantities';
import type { Cost } from './types';

/**
 * A single UPDATE over a big table locks every row it touches until the transaction
 * commits, bloats the table with dead tuples, and holds the migration's other locks for
 * as long as it runs. Backfills belong in batches, each its own short transaction.
 */
export default defineRule({
  meta: {
    id: 'backfill-in-migration',
    description: 'Backfill existing rows in bounded batches, outside the schema-change transaction.',
    defaultSeverity: 'warning',
    dialects: ['postgresql', 'mysql', 'mariadb', 'sqlite'],
    messages: {
      unbatched: '{verb} of {table} {scope} in one statement: every touched row stays locked until the migration commits.{cost}',
      withDdl: '{verb} of {table} runs in the same transaction as schema changes, so the locks those took ({held}) are held for the whole backfill.{cost}',
    },
  },
  on: ['update', 'delete'],
  check(op, ctx) {
    // A one-row write (a key equal to one literal, a runner's bookkeeping table) is not a backfill.
    if (ctx.state.isNewTable(op.table) || op.singleRow || isMigrationBookkeepingTable(op.table)) return [];
    const verb = op.kind === 'update' ? 'UPDATE' : 'DELETE';
    const cost = ctx.cost(op);
    const base = { verb, table: displayName(op.table), cost: durationSentence(verb, cost) };
    const help =
      'Move the backfill to its own step: update by primary-key ranges (e.g. 1,000–10,000 rows per batch), commit each batch, and skip rows already done so it can resume.';
    if (ctx.state.ddlInTransaction && ctx.state.accessExclusiveHeld.length > 0) {
      return [
        { messageId: 'withDdl', data: { ...base, held: `ACCESS EXCLUSIVE on ${ctx.state.accessExclusiveHeld.join(', ')}` }, help, ...(cost ? { cost } : {}) },
      ];
    }
    if (op.filter === 'bounded') return [];
    const scope = op.filter === 'none' ? 'touches every row' : 'touches every matching row (no key range or LIMIT bounds it)';
    return [{ messageId: 'unbatched', data: { ...base, scope }, help, ...(cost ? { cost } : {}) }];
  },
});

/** " On users (5M rows) one statement takes about 25 s." */
function durationSentence(verb: string, cost: Cost | undefined): string {
  if (!cost || cost.rows === undefined || cost.estimateMs === undefined) return '';
  return ` On ${cost.table} (${formatRows(cost.rows)}) one ${verb} of every row takes about ${formatDuration(cost.estimateMs, 'rough')}.`;
}
