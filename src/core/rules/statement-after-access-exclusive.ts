import { formatDuration, formatRows } from '../quantities';
import { TABLE_DDL_KINDS, targetTable } from '../operations';
import { isMigrationBookkeepingTable } from '../sql/migration-tables';
import { defineRule, type Cost } from './types';

/**
 * ACCESS EXCLUSIVE is held until the transaction ends. Every statement that runs after it
 * in the same transaction extends the time reads and writes on that table are blocked: a
 * scan, a rewrite, a backfill, or a SELECT that reads a whole table.
 */
export default defineRule({
  meta: {
    id: 'statement-after-access-exclusive',
    description: 'Keep transactions that take ACCESS EXCLUSIVE to a single short statement.',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    messages: {
      extends:
        'This statement runs while the transaction still holds ACCESS EXCLUSIVE on {tables}, so reads and writes there stay blocked until it finishes too.{cost}',
    },
  },
  on: [...TABLE_DDL_KINDS, 'create-table', 'update', 'delete', 'reindex', 'rewrite-table', 'other'],
  check(op, ctx) {
    const held = ctx.state.accessExclusiveHeld;
    if (held.length === 0) return [];
    // Of the statements Lockstep does not model, only a SELECT reading a whole table is known to take time.
    if (op.kind === 'other' && !(op.tag === 'SelectStmt' && op.table)) return [];
    // A one-row write (a key equal to one literal, a runner's bookkeeping table) adds microseconds.
    if ((op.kind === 'update' || op.kind === 'delete') && (op.singleRow || isMigrationBookkeepingTable(op.table))) return [];
    if (!ctx.firstInFile(`statement-after-access-exclusive:${ctx.statement.index}`)) return [];
    // Work on a table created in this transaction is work on an empty table nobody else can see.
    const table = targetTable(op);
    if (table && ctx.state.isNewTable(table)) return [];
    // Metadata-only follow-ups add microseconds; flag work that scans, rewrites or copies rows.
    const cost = ctx.cost(op);
    const copiesRows = op.kind === 'update' || op.kind === 'delete' || (op.kind === 'create-table' && op.derived);
    if (cost && cost.scans === 0 && !cost.rewrite && !copiesRows) return [];
    return [
      {
        messageId: 'extends',
        data: { tables: held.join(', '), cost: blockedFor(cost, held) },
        help: 'Commit right after the statement that takes ACCESS EXCLUSIVE and run the rest in its own transaction (or its own migration).',
        ...(cost ? { cost } : {}),
      },
    ];
  },
});

/** " On orders (5M rows) this statement takes about 25 s, all of it with users blocked." */
function blockedFor(cost: Cost | undefined, held: readonly string[]): string {
  if (!cost || cost.rows === undefined || cost.estimateMs === undefined) return '';
  return ` On ${cost.table} (${formatRows(cost.rows)}) this statement takes about ${formatDuration(cost.estimateMs, 'rough')}, all of it with ${held.join(', ')} blocked.`;
}
