import { sqlLockName } from '../engines/postgres/locks';
import { TABLE_DDL_KINDS, targetTable } from '../operations';
import { insertLinesBefore } from './fixes';
import { defineRule } from './types';

/**
 * lock_timeout bounds the wait for a lock; nothing bounds how long a statement then holds it.
 * A scan or rewrite that turns out slower than planned keeps blocking traffic until it ends.
 * statement_timeout makes it fail instead. Opt-in: a timeout can also abort a migration that
 * would have finished, so teams choose it deliberately. Reported once per file.
 */
export default defineRule({
  meta: {
    id: 'require-statement-timeout',
    description: 'Set statement_timeout before statements that scan or rewrite a table while blocking traffic (opt-in).',
    defaultSeverity: 'warning',
    optIn: true,
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      missing:
        'No statement_timeout is set before this statement, which {work} {table} while holding {lock}: if it runs longer than planned, traffic stays blocked until it ends.',
    },
  },
  on: [...TABLE_DDL_KINDS, 'update', 'delete', 'reindex', 'rewrite-table', 'add-domain-constraint'],
  check(op, ctx) {
    if (ctx.state.statementTimeoutSet) return [];
    const table = targetTable(op);
    if (table && ctx.state.isNewTable(table)) return [];
    const cost = ctx.cost(op);
    if (!cost || cost.blocks === 'nothing' || (cost.scans === 0 && !cost.rewrite) || !ctx.firstInFile('require-statement-timeout')) return [];
    const setting = ctx.state.inTransaction ? 'SET LOCAL' : 'SET';
    const line = `${setting} statement_timeout = '15min';`;
    return [
      {
        messageId: 'missing',
        data: { work: cost.rewrite ? 'rewrites' : 'scans', table: cost.table, lock: sqlLockName(cost.lock) },
        help: `Start the migration with \`${line}\` (sized to the table), so a statement that runs long fails and releases its locks instead of blocking traffic.`,
        fix: { title: 'Insert SET statement_timeout', edits: [insertLinesBefore(ctx.file, ctx.statement, [line])] },
      },
    ];
  },
});
