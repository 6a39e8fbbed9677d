import { hasFact, OPERATION_FACTS, VERSION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { concurrentlyFix, insertAfterWord } from './fixes';
import { defineRule } from './types';

/**
 * REINDEX without CONCURRENTLY holds SHARE on the table (writes wait) and ACCESS EXCLUSIVE on
 * each index it rebuilds, which every query planning against the table needs to read: reads
 * wait too, for the whole rebuild. REINDEX CONCURRENTLY (PostgreSQL 12+) builds a new index
 * beside the old one under SHARE UPDATE EXCLUSIVE.
 */
const PLAIN = OPERATION_FACTS.reindex;
const SINCE = VERSION_FACTS.reindexConcurrently.since;

export default defineRule({
  meta: {
    id: 'reindex-non-concurrently',
    description: 'Rebuild indexes with REINDEX … CONCURRENTLY (PostgreSQL 12+).',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      blocking: `REINDEX {target} {name} without CONCURRENTLY holds ${LOCK_SQL_NAMES[PLAIN.lock]} on the table and ${LOCK_SQL_NAMES[PLAIN.indexLock ?? PLAIN.lock]} on each index it rebuilds, which blocks writes and every query that plans against the table, for the whole rebuild.`,
      oldVersion: `REINDEX {target} {name} holds ${LOCK_SQL_NAMES[PLAIN.lock]} on the table and ${LOCK_SQL_NAMES[PLAIN.indexLock ?? PLAIN.lock]} on each index it rebuilds, blocking writes and reads for the whole rebuild; REINDEX CONCURRENTLY needs PostgreSQL ${SINCE} (target is {version}).`,
    },
  },
  on: ['reindex'],
  check(op, ctx) {
    // The system catalogs cannot be reindexed concurrently; that is maintenance, not a migration.
    if (op.concurrently || op.target === 'system') return [];
    if (op.target === 'table' && ctx.state.isNewTable(op.name)) return [];
    const data = { target: op.target.toUpperCase(), name: displayName(op.name), version: ctx.pgVersion };
    if (!hasFact(ctx.pgVersion, 'reindexConcurrently')) {
      return [
        { messageId: 'oldVersion', data, help: 'Build a replacement with CREATE INDEX CONCURRENTLY, then drop the old index with DROP INDEX CONCURRENTLY.' },
      ];
    }
    const edit = ctx.statement.operations.length === 1 ? insertAfterWord(ctx.statement, op.target.toUpperCase(), ' CONCURRENTLY') : undefined;
    const fix = edit ? concurrentlyFix(ctx.file, ctx.statement, ctx.state, edit, 'Add CONCURRENTLY') : undefined;
    return [
      {
        messageId: 'blocking',
        data,
        help: 'Use REINDEX … CONCURRENTLY outside any transaction block: it builds the new index beside the old one under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});
