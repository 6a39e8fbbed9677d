import { displayName, type OperationOf } from '../operations';
import { ident, insertLinesAfter, removeInlineConstraint, replaceStatement, tableSql } from './fixes';
import { defineRule, type Report, type RuleContext } from './types';
import { costSentence } from './wording';

/**
 * ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds its index while holding ACCESS EXCLUSIVE.
 * Building the index CONCURRENTLY first and attaching it with USING INDEX keeps the
 * exclusive lock to a catalog update. The same holds for UNIQUE and PRIMARY KEY written
 * inside ADD COLUMN: the index is built in the ALTER TABLE that adds the column.
 */
export default defineRule({
  meta: {
    id: 'unique-constraint-builds-index',
    description: 'Build the unique index CONCURRENTLY, then add the constraint USING INDEX.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'unsafe',
    messages: {
      builds: 'Adding {kind} {name} builds a unique index on {table} while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole build.{cost}',
      inColumn:
        'UNIQUE on the added column {table}.{column} builds a unique index while the ALTER TABLE holds ACCESS EXCLUSIVE, which blocks reads and writes for the whole build.',
      primaryKeyInColumn:
        'PRIMARY KEY on the added column {table}.{column} builds the primary-key index while the ALTER TABLE holds ACCESS EXCLUSIVE{rewrite}, which blocks reads and writes for the whole build.',
    },
  },
  on: ['add-constraint', 'add-column'],
  check(op, ctx) {
    if (op.kind === 'add-column') return inlineConstraint(op, ctx);
    if (op.constraint !== 'unique' && op.constraint !== 'primary-key') return [];
    if (op.usingIndex || ctx.state.isNewTable(op.table) || op.columns.length === 0) return [];
    const cost = ctx.cost(op);
    const t = tableSql(op.table);
    // PostgreSQL's own default names: <table>_<columns>_key and <table>_pkey.
    const name = op.name ?? (op.constraint === 'unique' ? `${op.table.name}_${op.columns.join('_')}_key` : `${op.table.name}_pkey`);
    const kind = op.constraint === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
    const cols = op.columns.map(ident).join(', ');
    const single = ctx.statement.operations.length === 1 && !ctx.state.inTransaction;
    return [
      {
        messageId: 'builds',
        data: { kind: kind === 'UNIQUE' ? 'UNIQUE constraint' : 'PRIMARY KEY', name, table: displayName(op.table), cost: costSentence(cost) },
        help: `Run CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${cols}) outside a transaction, then ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} ${kind} USING INDEX ${ident(name)}.`,
        ...(single
          ? {
              fix: {
                title: 'Build the index CONCURRENTLY, then attach it',
                edits: [
                  replaceStatement(
                    ctx.statement,
                    `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${cols});\nALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} ${kind} USING INDEX ${ident(name)}`,
                  ),
                ],
              },
            }
          : {}),
        ...(cost ? { cost } : {}),
      },
    ];
  },
});

/** UNIQUE or PRIMARY KEY written in the column definition of ADD COLUMN on an existing table. */
function inlineConstraint(op: OperationOf<'add-column'>, ctx: RuleContext): Report[] {
  const { column } = op;
  if (ctx.dialect !== 'postgresql' || ctx.state.isNewTable(op.table) || (!column.unique && !column.primaryKey)) return [];
  const table = displayName(op.table);
  if (column.primaryKey) {
    // serial / identity / a volatile default fill every row first: the index is built on top of that rewrite.
    const rewrite = column.serial || column.identity || column.default?.volatility === 'volatile' ? ', on top of rewriting every row to fill the column' : '';
    return [
      {
        messageId: 'primaryKeyInColumn',
        data: { table, column: column.name, rewrite },
        help: 'Add the column without PRIMARY KEY, fill it in batches, build CREATE UNIQUE INDEX CONCURRENTLY on it, set it NOT NULL via a validated CHECK, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.',
      },
    ];
  }
  const name = `${op.table.name}_${column.name}_key`;
  const t = tableSql(op.table);
  const help = `Add the column without UNIQUE, then run CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${ident(column.name)}) outside a transaction and ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} UNIQUE USING INDEX ${ident(name)}.`;
  const report: Report = { messageId: 'inColumn', data: { table, column: column.name }, help };
  // A non-null default gives every row the same value: the unique index could never be built, with or without this fix.
  const single = ctx.statement.operations.length === 1 && !ctx.state.inTransaction && (!column.default || column.default.isNull);
  const removed = single ? removeInlineConstraint(ctx.statement, 'UNIQUE') : undefined;
  if (!removed) return [report];
  const constraint = removed.name ?? name;
  const steps = [
    `CREATE UNIQUE INDEX CONCURRENTLY ${ident(constraint)} ON ${t} (${ident(column.name)});`,
    `ALTER TABLE ${t} ADD CONSTRAINT ${ident(constraint)} UNIQUE USING INDEX ${ident(constraint)};`,
  ];
  return [
    {
      ...report,
      fix: {
        title: 'Add the column, then build its unique index CONCURRENTLY and attach it',
        edits: [removed.edit, insertLinesAfter(ctx.file, ctx.statement, steps)],
      },
    },
  ];
}
