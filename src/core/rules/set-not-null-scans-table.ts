import { hasFact, VERSION_FACTS } from '../engines/postgres/facts';
import { displayName, type OperationOf } from '../operations';
import { ident, insertLinesBefore, replaceStatement, tableSql } from './fixes';
import { defineRule, type Report, type RuleContext } from './types';
import { costSentence } from './wording';

/**
 * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to prove there are no NULLs,
 * unless (PG 12+) a validated CHECK (col IS NOT NULL) already proves it, here or in an
 * earlier migration of the folder. ADD PRIMARY KEY USING INDEX sets its columns NOT NULL
 * the same way, so on nullable columns it scans too.
 */
export default defineRule({
  meta: {
    id: 'set-not-null-scans-table',
    description: 'SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK proves it.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'safe',
    messages: {
      scans: 'SET NOT NULL on {table}.{column} scans every row while holding ACCESS EXCLUSIVE, which blocks reads and writes.{cost}',
      primaryKeyUsingIndex:
        'ADD PRIMARY KEY USING INDEX {index} makes {columns} NOT NULL, and SET NOT NULL scans every row of {table} while holding ACCESS EXCLUSIVE, which blocks reads and writes.',
      primaryKeyUsingIndexUnknown:
        'ADD PRIMARY KEY USING INDEX {index} makes {columns} NOT NULL; whether they allow NULL now is not known from this file, and if they do, SET NOT NULL scans every row of {table} while holding ACCESS EXCLUSIVE, which blocks reads and writes.',
      scansOldVersion: `SET NOT NULL on {table}.{column} scans every row while holding ACCESS EXCLUSIVE. Before PostgreSQL ${VERSION_FACTS.setNotNullUsesValidatedCheck.since} (target is {version}) no CHECK constraint can spare that scan.{cost}`,
    },
  },
  on: ['set-not-null', 'add-constraint'],
  check(op, ctx) {
    if (op.kind === 'add-constraint') return primaryKeyUsingIndex(op, ctx);
    if (ctx.state.isNewTable(op.table)) return [];
    // Already NOT NULL (an earlier migration said so): PostgreSQL has nothing to check.
    if (ctx.catalog.column(op.table, op.column)?.notNull) return [];
    const usesCheck = hasFact(ctx.pgVersion, 'setNotNullUsesValidatedCheck');
    if (usesCheck && ctx.state.hasValidatedNotNullCheck(op.table, op.column)) return [];
    const cost = ctx.cost(op);
    const data = { table: displayName(op.table), column: op.column, version: ctx.pgVersion, cost: costSentence(cost) };
    if (!usesCheck) {
      return [
        {
          messageId: 'scansOldVersion',
          data,
          help: 'Run it at a quiet time with a short lock_timeout, or upgrade: from PostgreSQL 12 a validated CHECK (col IS NOT NULL) makes SET NOT NULL skip the scan.',
          ...(cost ? { cost } : {}),
        },
      ];
    }
    const t = tableSql(op.table);
    const col = ident(op.column);
    const check = ident(`${op.table.name}_${op.column}_not_null`);
    // Inside a transaction the CHECK's ACCESS EXCLUSIVE would be held through VALIDATE's scan: no gain.
    const single = ctx.statement.operations.length === 1 && !ctx.state.inTransaction;
    // A CHECK (col IS NOT NULL) NOT VALID is already in place: validating it is all that is missing.
    const pending = ctx.state.unvalidatedNotNullCheck(op.table, op.column);
    const steps = pending
      ? [`ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(pending)};`, `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`]
      : [
          `ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
          `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`,
          `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`,
          `ALTER TABLE ${t} DROP CONSTRAINT ${check}`,
        ];
    return [
      {
        messageId: 'scans',
        data,
        help: 'Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it (SHARE UPDATE EXCLUSIVE: reads and writes continue), then SET NOT NULL uses the constraint instead of scanning; drop the CHECK afterwards. Run each step in its own transaction.',
        ...(single
          ? {
              fix: {
                title: 'Prove NOT NULL with a validated CHECK first',
                edits: [replaceStatement(ctx.statement, steps.join('\n'))],
              },
            }
          : {}),
        ...(cost ? { cost } : {}),
      },
    ];
  },
});

/**
 * PRIMARY KEY USING INDEX on an index created earlier in the file, whose columns the file has
 * not made NOT NULL. An index from an earlier migration has unknown columns: not reported.
 * Columns from earlier migrations have unknown nullability: the message says so.
 */
function primaryKeyUsingIndex(op: OperationOf<'add-constraint'>, ctx: RuleContext): Report[] {
  if (op.constraint !== 'primary-key' || !op.usingIndex || ctx.state.isNewTable(op.table)) return [];
  const columns = ctx.state.indexColumns({ name: op.usingIndex });
  if (!columns || columns.includes('(expression)')) return [];
  const nullable = columns.filter((c) => ctx.state.columnNullability(op.table, c) !== 'not-null');
  if (nullable.length === 0) return [];
  const t = tableSql(op.table);
  // Columns from earlier migrations: the file cannot tell whether they already are NOT NULL, and says so.
  const known = nullable.every((c) => ctx.state.columnNullability(op.table, c) === 'nullable');
  const report: Report = {
    messageId: known ? 'primaryKeyUsingIndex' : 'primaryKeyUsingIndexUnknown',
    data: { index: op.usingIndex, columns: nullable.join(', '), table: displayName(op.table) },
    help: 'Make the columns NOT NULL first without a scan under ACCESS EXCLUSIVE: add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, SET NOT NULL, drop the CHECK; then attach the primary key.',
  };
  const single = ctx.statement.operations.length === 1 && !ctx.state.inTransaction && hasFact(ctx.pgVersion, 'setNotNullUsesValidatedCheck');
  if (!single) return [report];
  const steps = nullable.flatMap((c) => {
    const check = ident(`${op.table.name}_${c}_not_null`);
    return [
      `ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${ident(c)} IS NOT NULL) NOT VALID;`,
      `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`,
      `ALTER TABLE ${t} ALTER COLUMN ${ident(c)} SET NOT NULL;`,
      `ALTER TABLE ${t} DROP CONSTRAINT ${check};`,
    ];
  });
  return [
    { ...report, fix: { title: 'Prove the key columns NOT NULL with a validated CHECK first', edits: [insertLinesBefore(ctx.file, ctx.statement, steps)] } },
  ];
}
