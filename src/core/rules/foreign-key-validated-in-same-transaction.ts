import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { OPERATION_FACTS } from '../engines/postgres/facts';
import { displayName } from '../operations';
import { moveAfterTransaction } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';

/**
 * ADD FOREIGN KEY … NOT VALID takes SHARE ROW EXCLUSIVE on the table and the referenced
 * table, and keeps both until the transaction ends. A VALIDATE CONSTRAINT in the same
 * transaction then scans every row with those locks still held, so NOT VALID saved nothing:
 * writes to both tables wait for the whole validation.
 */
const ADD = OPERATION_FACTS['add-foreign-key-not-valid'];

export default defineRule({
  meta: {
    id: 'foreign-key-validated-in-same-transaction',
    description: 'Validate a foreign key added NOT VALID in a later transaction, not the one that added it.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      sameTransaction:
        'Foreign key {name} was added NOT VALID in this transaction, which still holds {lock} on {table} and its referenced table: validating it here scans every row of {table} with writes to both tables blocked.',
    },
  },
  on: ['validate-constraint'],
  check(op, ctx) {
    if (ctx.state.notValidInTransaction(op.table, op.name) !== 'foreign-key' || ctx.state.isNewTable(op.table)) return [];
    const fix = moveOut(ctx);
    return [
      {
        messageId: 'sameTransaction',
        data: { name: op.name, table: displayName(op.table), lock: LOCK_SQL_NAMES[ADD.referencedLock ?? ADD.lock] },
        help: ctx.state.explicitTransaction
          ? 'Move VALIDATE CONSTRAINT after COMMIT: on its own it takes SHARE UPDATE EXCLUSIVE, and ROW SHARE on the referenced table, which let reads and writes continue.'
          : 'Validate the constraint in a later migration (or after the runner’s transaction), where it takes only SHARE UPDATE EXCLUSIVE and ROW SHARE on the referenced table.',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});

/** Inside BEGIN … COMMIT written in the file, the VALIDATE moves after the COMMIT. */
function moveOut(ctx: RuleContext): Fix | undefined {
  if (!ctx.state.explicitTransaction || ctx.statement.operations.length !== 1) return undefined;
  const edits = moveAfterTransaction(ctx.file, ctx.statement, ctx.statement.text);
  return edits ? { title: 'Validate after COMMIT', edits } : undefined;
}
