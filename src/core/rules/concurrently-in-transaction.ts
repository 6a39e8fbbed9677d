import { moveAfterTransaction } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';

/**
 * CREATE/DROP INDEX, REINDEX and DETACH PARTITION … CONCURRENTLY cannot run inside a
 * transaction block: PostgreSQL rejects them (SQLSTATE 25001), so the migration fails at
 * this statement. A COMMIT written before it ends the runner's transaction where the runner
 * allows that (FileState follows it), and the statement is then legal.
 */
export default defineRule({
  meta: {
    id: 'concurrently-in-transaction',
    description: 'CONCURRENTLY operations fail inside a transaction block.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      explicit: '{statement} CONCURRENTLY cannot run inside the transaction opened by BEGIN above; PostgreSQL rejects it and the migration fails here.',
      runner:
        '{statement} CONCURRENTLY cannot run inside a transaction block, and this migration runner wraps each file in one; PostgreSQL rejects it and the migration fails here.',
    },
  },
  on: ['create-index', 'drop-index', 'reindex', 'detach-partition'],
  check(op, ctx) {
    if (!op.concurrently || !ctx.state.inTransaction) return [];
    const statement = { 'create-index': 'CREATE INDEX', 'drop-index': 'DROP INDEX', reindex: 'REINDEX', 'detach-partition': 'DETACH PARTITION' }[op.kind];
    const fix = moveOut(ctx);
    return [
      {
        messageId: ctx.state.explicitTransaction ? 'explicit' : 'runner',
        data: { statement },
        help: ctx.state.explicitTransaction
          ? 'Move the statement after COMMIT, in its own step.'
          : 'Put the statement in its own migration with the runner’s transaction turned off (Flyway executeInTransaction=false, dbmate transaction:false, TypeORM transaction = false, Rails disable_ddl_transaction!, Knex config.transaction = false).',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});

function moveOut(ctx: RuleContext): Fix | undefined {
  if (!ctx.state.explicitTransaction || ctx.state.implicitTransaction) return undefined;
  const edits = moveAfterTransaction(ctx.file, ctx.statement, ctx.statement.text);
  return edits ? { title: 'Move the statement after COMMIT', edits } : undefined;
}
