import { hasFact, OPERATION_FACTS, VERSION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { concurrentlyFix } from './fixes';
import { defineRule } from './types';

/**
 * ALTER TABLE … DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: every query
 * on any partition waits, and the DETACH itself queues behind every open transaction on it.
 * From PostgreSQL 14, DETACH PARTITION … CONCURRENTLY takes SHARE UPDATE EXCLUSIVE instead.
 */
const PLAIN = LOCK_SQL_NAMES[OPERATION_FACTS['detach-partition'].lock];
const CONCURRENT = LOCK_SQL_NAMES[OPERATION_FACTS['detach-partition-concurrently'].lock];
const SINCE = VERSION_FACTS.detachPartitionConcurrently.since;

export default defineRule({
  meta: {
    id: 'detach-partition-non-concurrently',
    description: 'Detach partitions with DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+).',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    // CONCURRENTLY is refused when the partitioned table has a DEFAULT partition, which the file may not show.
    fixable: 'unsafe',
    messages: {
      blocking: `Detaching {partition} from {table} without CONCURRENTLY takes ${PLAIN} on {table}, which blocks reads and writes on every partition while it waits for and holds the lock.`,
      oldVersion: `Detaching {partition} from {table} takes ${PLAIN} on {table}, which blocks reads and writes on every partition; DETACH PARTITION CONCURRENTLY needs PostgreSQL ${SINCE} (target is {version}).`,
    },
  },
  on: ['detach-partition'],
  check(op, ctx) {
    if (op.concurrently || ctx.state.isNewTable(op.table)) return [];
    const data = { table: displayName(op.table), partition: displayName(op.partition), version: ctx.pgVersion };
    if (!hasFact(ctx.pgVersion, 'detachPartitionConcurrently')) {
      return [{ messageId: 'oldVersion', data, help: 'Run it with a short lock_timeout and retry, at a quiet time.' }];
    }
    const edit = ctx.statement.operations.length === 1 ? { start: ctx.statement.end, end: ctx.statement.end, text: ' CONCURRENTLY' } : undefined;
    const fix = edit ? concurrentlyFix(ctx.file, ctx.statement, ctx.state, edit, 'Add CONCURRENTLY') : undefined;
    return [
      {
        messageId: 'blocking',
        data,
        help: `Use ALTER TABLE … DETACH PARTITION … CONCURRENTLY outside any transaction block: it takes ${CONCURRENT}, which lets reads and writes continue (not possible when the table has a DEFAULT partition).`,
        ...(fix ? { fix } : {}),
      },
    ];
  },
});
