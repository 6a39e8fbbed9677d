import { displayName } from '../operations';
import { defineRule } from './types';

/**
 * Dropping a column or table that deployed code still reads makes those queries fail, and
 * ORMs that select every column fail even when the code never mentions it.
 */
export default defineRule({
  meta: {
    id: 'breaking-drop',
    description: 'Dropping a column or table breaks application code that still uses it.',
    defaultSeverity: 'warning',
    dialects: ['postgresql', 'mysql', 'mariadb', 'sqlite'],
    messages: {
      column: 'Dropping {table}.{column} breaks running code that still reads or writes it (including ORMs that list every column).',
      table: 'Dropping table {table} breaks running code that still uses it.',
    },
  },
  on: ['drop-column', 'drop-table'],
  check(op, ctx) {
    const help = 'First deploy code that no longer uses it (for ORMs, mark the column ignored), then drop it in a later migration.';
    if (op.kind === 'drop-column') {
      if (ctx.state.isNewTable(op.table)) return [];
      return [{ messageId: 'column', data: { table: displayName(op.table), column: op.column }, help }];
    }
    return op.tables.filter((t) => !ctx.state.isNewTable(t)).map((t) => ({ messageId: 'table', data: { table: displayName(t) }, help }));
  },
});
