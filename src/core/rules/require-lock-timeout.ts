import { blocks, describeBlocks, LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName, TABLE_DDL_KINDS, targetTable, type Operation } from '../operations';
import { insertLinesBefore } from './fixes';
import { defineRule, type Cost, type Report, type RuleContext } from './types';

/**
 * A statement that needs a lock which conflicts with application traffic waits behind any
 * open transaction on the table, and while it waits every later query queues behind it.
 * `lock_timeout` bounds that wait. Reported once per file, at the first such statement.
 */
export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    description: 'Set lock_timeout before statements that take locks conflicting with application queries.',
    defaultSeverity: 'warning',
    dialects: ['postgresql', 'mysql', 'mariadb'],
    fixable: 'safe',
    messages: {
      missing:
        'No lock_timeout is set before this statement, which needs {lock} on {table}. If a long transaction holds the table, the statement waits without limit and every query arriving after it queues behind it.',
      missingMysql:
        'No lock_wait_timeout is set before this statement, which needs an exclusive metadata lock on {table}. If a long transaction holds the table, the statement waits (by default for a year) and every query arriving after it queues behind it.',
    },
  },
  on: [...TABLE_DDL_KINDS, 'reindex', 'detach-partition', 'rewrite-table', 'add-domain-constraint'],
  check(op, ctx) {
    if (ctx.state.lockTimeoutSet) return [];
    if (ctx.dialect === 'mysql' || ctx.dialect === 'mariadb') return missingLockWaitTimeout(op, ctx);
    const lock = conflictingLock(op, ctx);
    if (!lock || !ctx.firstInFile('require-lock-timeout')) return [];
    const setting = ctx.state.inTransaction ? 'SET LOCAL' : 'SET';
    return [
      {
        messageId: 'missing',
        data: { lock: `${LOCK_SQL_NAMES[lock.lock as keyof typeof LOCK_SQL_NAMES] ?? lock.lock} (${describeBlocks(lock.blocks)})`, table: lock.table },
        help: `Start the migration with \`${setting} lock_timeout = '5s';\` and retry it when it times out, rather than let production queries pile up behind it.`,
        fix: { title: 'Insert SET lock_timeout', edits: [insertLinesBefore(ctx.file, ctx.statement, [`${setting} lock_timeout = '5s';`])] },
        cost: lock,
      },
    ];
  },
});

/** The lock the operation takes when it conflicts with application reads or writes on an existing table. */
function conflictingLock(op: Operation, ctx: RuleContext): Cost | undefined {
  if (op.kind === 'drop-index') {
    if (op.concurrently) return undefined;
    return { table: op.names.map(displayName).join(', '), lock: 'AccessExclusiveLock', blocks: blocks('AccessExclusiveLock'), rewrite: false, scans: 0 };
  }
  const table = targetTable(op);
  if (table && ctx.state.isNewTable(table)) return undefined;
  const cost = ctx.cost(op);
  return cost && cost.blocks !== 'nothing' ? cost : undefined;
}

/**
 * MySQL/MariaDB: every ALTER TABLE, CREATE/DROP INDEX and DROP TABLE takes an exclusive
 * metadata lock, at least briefly (INSTANT and INPLACE at their start and end), and waits
 * for it up to lock_wait_timeout, a year by default (SERVER_FACTS.lockWaitTimeout).
 */
function missingLockWaitTimeout(op: Operation, ctx: RuleContext): Report[] {
  const tables = op.kind === 'drop-table' ? op.tables : op.kind === 'drop-index' ? [] : [targetTable(op)];
  const existing = tables.filter((t): t is NonNullable<typeof t> => t !== undefined && !ctx.state.isNewTable(t));
  if ((existing.length === 0 && op.kind !== 'drop-index') || !ctx.firstInFile('require-lock-timeout')) return [];
  const table = existing.length > 0 ? existing.map(displayName).join(', ') : 'the table';
  const line = 'SET SESSION lock_wait_timeout = 5;';
  return [
    {
      messageId: 'missingMysql',
      data: { table },
      help: `Start the migration with \`${line}\` (seconds) and retry it when it times out, rather than let production queries pile up behind it.`,
      fix: { title: 'Insert SET lock_wait_timeout', edits: [insertLinesBefore(ctx.file, ctx.statement, [line])] },
    },
  ];
}
