import { displayName, type OperationOf } from '../operations';
import { closingStatement, ident, insertAfterStatement, insertAfterWord, insertLinesAfter, tableSql } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';
import { costSentence } from './wording';

/**
 * ADD CONSTRAINT CHECK / FOREIGN KEY without NOT VALID checks every existing row while
 * holding a lock that blocks writes (ACCESS EXCLUSIVE for CHECK, SHARE ROW EXCLUSIVE on
 * both tables for a foreign key). With NOT VALID the lock is brief, and a later VALIDATE
 * CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.
 */
export default defineRule({
  meta: {
    id: 'constraint-without-not-valid',
    description: 'Add CHECK and FOREIGN KEY constraints NOT VALID, then VALIDATE them separately.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      check: 'Adding CHECK constraint {name} validates every row of {table} while holding ACCESS EXCLUSIVE, which blocks reads and writes.{cost}',
      foreignKey:
        'Adding foreign key {name} validates every row of {table} while holding SHARE ROW EXCLUSIVE on {table} and {referenced}, which blocks writes to both.{cost}',
    },
  },
  on: ['add-constraint'],
  check(op, ctx) {
    if (op.notValid || ctx.state.isNewTable(op.table)) return [];
    if (op.constraint !== 'check' && op.constraint !== 'foreign-key') return [];
    const cost = ctx.cost(op);
    const fix = notValidFix(op, ctx);
    return [
      {
        messageId: op.constraint === 'check' ? 'check' : 'foreignKey',
        data: {
          name: op.name ?? '(unnamed)',
          table: displayName(op.table),
          referenced: op.references ? displayName(op.references.table) : '',
          cost: costSentence(cost),
        },
        help: 'Add the constraint with NOT VALID (brief lock, no scan), then run ALTER TABLE … VALIDATE CONSTRAINT in a separate transaction: it scans under SHARE UPDATE EXCLUSIVE, which does not block reads or writes.',
        ...(fix ? { fix } : {}),
        ...(cost ? { cost } : {}),
      },
    ];
  },
});

/** Appends NOT VALID and adds the VALIDATE — after COMMIT when the statement sits in BEGIN…COMMIT. */
function notValidFix(op: OperationOf<'add-constraint'>, ctx: RuleContext): Fix | undefined {
  if (ctx.statement.operations.length !== 1) return undefined;
  const edits = [];
  let name = op.name;
  if (!name) {
    name = `${op.table.name}_${op.columns[0] ?? op.provesNotNull ?? 'new'}_${op.constraint === 'check' ? 'check' : 'fkey'}`;
    const named = insertAfterWord(ctx.statement, 'ADD', ` CONSTRAINT ${ident(name)}`);
    if (!named) return undefined;
    edits.push(named);
  }
  edits.push({ start: ctx.statement.end, end: ctx.statement.end, text: ' NOT VALID' });
  const validate = `ALTER TABLE ${tableSql(op.table)} VALIDATE CONSTRAINT ${ident(name)};`;
  if (ctx.state.inTransaction && !ctx.state.explicitTransaction) {
    // The runner's transaction keeps the ADD's lock until the file ends, so VALIDATE belongs in a later migration.
    edits.push(insertLinesAfter(ctx.file, ctx.statement, [`-- In a later migration, outside this one's transaction: ${validate}`]));
    return { title: 'Add NOT VALID; validate in a later migration', edits };
  }
  if (ctx.state.explicitTransaction) {
    const closing = closingStatement(ctx.file, ctx.statement);
    if (closing) {
      edits.push(insertAfterStatement(ctx.file, closing, `\n\n${validate}`));
      return { title: 'Add NOT VALID and VALIDATE after COMMIT', edits };
    }
  }
  edits.push(insertLinesAfter(ctx.file, ctx.statement, [validate]));
  return { title: 'Add NOT VALID and a following VALIDATE CONSTRAINT', edits };
}
