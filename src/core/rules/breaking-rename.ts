import { displayName } from '../operations';
import { defineRule } from './types';

/**
 * Application code deployed before the migration still uses the old name; the moment the
 * rename commits, its queries fail until the new code is everywhere.
 */
export default defineRule({
  meta: {
    id: 'breaking-rename',
    description: 'Renaming a column or table breaks the running application.',
    defaultSeverity: 'error',
    dialects: ['postgresql', 'mysql', 'mariadb', 'sqlite'],
    messages: {
      column: 'Renaming {table}.{from} to {to} breaks every running query that uses {from} until all application instances run new code.',
      table: 'Renaming table {table} to {to} breaks every running query that uses {table} until all application instances run new code.',
    },
  },
  on: ['rename-column', 'rename-table'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table)) return [];
    const help =
      'Expand and contract: add the new column (or a view with the new name), write to both from the application, backfill, switch reads, then drop the old name in a later release.';
    return op.kind === 'rename-column'
      ? [{ messageId: 'column', data: { table: displayName(op.table), from: op.from, to: op.to }, help }]
      : [{ messageId: 'table', data: { table: displayName(op.table), to: op.to }, help }];
  },
});
