import { displayName, type OperationOf } from '../operations';
import { closingStatement, ident, insertAfterStatement, insertAfterWord, insertLinesAfter, removeInlineConstraint, tableSql } from './fixes';
import { defineRule, type Fix, type Report, type RuleContext } from './types';
import { costSentence } from './wording';

/**
 * ADD CONSTRAINT CHECK / FOREIGN KEY without NOT VALID checks every existing row while
 * holding a lock that blocks writes (ACCESS EXCLUSIVE for CHECK, SHARE ROW EXCLUSIVE on
 * both tables for a foreign key). With NOT VALID the lock is brief, and a later VALIDATE
 * CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue.
 * A CHECK written inside ADD COLUMN is checked against every row the same way, and so is a
 * REFERENCES on a column added with a DEFAULT (every row gets the default to look up).
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
      columnCheck:
        'The CHECK on the added column {table}.{column} is checked against every row while the ALTER TABLE holds ACCESS EXCLUSIVE, which blocks reads and writes.',
      columnReferences:
        'REFERENCES on the added column {table}.{column} with DEFAULT {default} looks up every row’s value in {referenced} while the ALTER TABLE holds ACCESS EXCLUSIVE on {table}, which blocks reads and writes.',
    },
  },
  on: ['add-constraint', 'add-column'],
  check(op, ctx) {
    if (op.kind === 'add-column') return inlineConstraints(op, ctx);
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

/** CHECK, and REFERENCES with a default, written in the column definition of ADD COLUMN on an existing table. */
function inlineConstraints(op: OperationOf<'add-column'>, ctx: RuleContext): Report[] {
  const { column } = op;
  if (ctx.dialect !== 'postgresql' || ctx.state.isNewTable(op.table)) return [];
  const table = displayName(op.table);
  const t = tableSql(op.table);
  const reports: Report[] = [];
  if (column.checks.length > 0) {
    const name = `${op.table.name}_${column.name}_check`;
    const removed =
      ctx.statement.operations.length === 1 && !ctx.state.inTransaction && column.checks.length === 1
        ? removeInlineConstraint(ctx.statement, 'CHECK')
        : undefined;
    const constraint = removed?.name ?? name;
    reports.push({
      messageId: 'columnCheck',
      data: { table, column: column.name },
      help: `Add the column without the CHECK, then ALTER TABLE ${t} ADD CONSTRAINT ${ident(constraint)} CHECK (…) NOT VALID, and VALIDATE CONSTRAINT in its own transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue).`,
      ...(removed?.body !== undefined
        ? {
            fix: {
              title: 'Add the CHECK NOT VALID after the column, then validate it',
              edits: [
                removed.edit,
                insertLinesAfter(ctx.file, ctx.statement, [
                  `ALTER TABLE ${t} ADD CONSTRAINT ${ident(constraint)} CHECK (${removed.body}) NOT VALID;`,
                  `ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(constraint)};`,
                ]),
              ],
            },
          }
        : {}),
    });
  }
  if (column.references && column.default && !column.default.isNull) {
    reports.push({
      messageId: 'columnReferences',
      data: { table, column: column.name, default: column.default.sql, referenced: displayName(column.references.table) },
      help: `Add the column without REFERENCES, then ALTER TABLE ${t} ADD CONSTRAINT … FOREIGN KEY (${ident(column.name)}) REFERENCES … NOT VALID, and VALIDATE CONSTRAINT in its own transaction.`,
    });
  }
  return reports;
}
