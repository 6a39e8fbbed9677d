import { OPERATION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { tokenize } from '../sql/tokens';
import { concurrentlyFix, insertAfterWord } from './fixes';
import { defineRule } from './types';

/**
 * A plain DROP INDEX takes ACCESS EXCLUSIVE on the index's table (engine facts, 'drop-index'):
 * quick once it has the lock, but it queues behind every open transaction on the table, and
 * every query behind it waits too. DROP INDEX CONCURRENTLY waits for those transactions
 * without blocking anyone.
 */
const PLAIN = LOCK_SQL_NAMES[OPERATION_FACTS['drop-index'].lock];

export default defineRule({
  meta: {
    id: 'drop-index-non-concurrently',
    description: 'Drop indexes of existing tables with DROP INDEX CONCURRENTLY.',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      blocking: `Dropping index {index} without CONCURRENTLY takes ${PLAIN} on its table: it waits behind every open transaction on the table, and every read and write queues behind it.`,
    },
  },
  on: ['drop-index'],
  check(op, ctx) {
    if (op.concurrently) return [];
    // DROP INDEX CONCURRENTLY takes one index and no CASCADE.
    const fixable =
      op.names.length === 1 && ctx.statement.operations.length === 1 && !tokenize(ctx.statement.text).some((t) => t.kind === 'word' && t.upper === 'CASCADE');
    const edit = fixable ? insertAfterWord(ctx.statement, 'INDEX', ' CONCURRENTLY') : undefined;
    const fix = edit ? concurrentlyFix(ctx.file, ctx.statement, ctx.state, edit, 'Add CONCURRENTLY') : undefined;
    return [
      {
        messageId: 'blocking',
        data: { index: op.names.map(displayName).join(', ') },
        help: ctx.state.inTransaction
          ? 'Use DROP INDEX CONCURRENTLY (one index per statement), outside any transaction block.'
          : 'Use DROP INDEX CONCURRENTLY (one index per statement): it takes SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});
