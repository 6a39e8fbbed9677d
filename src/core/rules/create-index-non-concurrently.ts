import { displayName } from '../operations';
import { concurrentlyFix, insertAfterWord } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';
import { costSentence } from './wording';

/**
 * A plain CREATE INDEX holds SHARE on the table for the whole build: reads go on, but
 * every INSERT, UPDATE and DELETE waits until the index is complete.
 */
export default defineRule({
  meta: {
    id: 'create-index-non-concurrently',
    description: 'Build indexes on existing tables with CREATE INDEX CONCURRENTLY.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      blocking: 'Building index {index} on {table} without CONCURRENTLY holds SHARE for the whole build, which blocks every write to the table.{cost}',
    },
  },
  on: ['create-index'],
  check(op, ctx) {
    if (op.concurrently || ctx.state.isNewTable(op.table)) return [];
    const cost = ctx.cost(op);
    const fix = concurrentlyFixFor(ctx);
    return [
      {
        messageId: 'blocking',
        data: { index: op.name ?? '(unnamed)', table: displayName(op.table), cost: costSentence(cost) },
        help: ctx.state.implicitTransaction
          ? 'Use CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: reads and writes continue) in a migration of its own with the runner’s transaction turned off.'
          : 'Use CREATE INDEX CONCURRENTLY, outside any transaction block: it takes SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.',
        ...(fix ? { fix } : {}),
        ...(cost ? { cost } : {}),
      },
    ];
  },
});

/** Adds CONCURRENTLY; inside an explicit BEGIN…COMMIT, also moves the statement after COMMIT. */
function concurrentlyFixFor(ctx: RuleContext): Fix | undefined {
  const edit = insertAfterWord(ctx.statement, 'INDEX', ' CONCURRENTLY');
  return edit ? concurrentlyFix(ctx.file, ctx.statement, ctx.state, edit, 'Add CONCURRENTLY') : undefined;
}
