import { formatRows } from '../quantities';
import { displayName } from '../operations';
import { ident, insertLinesAfter, replaceStatement, tableSql } from './fixes';
import { defineRule } from './types';

/**
 * `ADD COLUMN … NOT NULL` with no default has nothing to put in existing rows, so
 * PostgreSQL refuses it on a non-empty table: "column … contains null values".
 */
export default defineRule({
  meta: {
    id: 'add-column-not-null-without-default',
    description: 'Adding a NOT NULL column without a default fails on a table that has rows.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'unsafe',
    messages: {
      fails:
        'Adding {column} as NOT NULL without a default fails on {table} as soon as it has a row ("column contains null values"){size}. Deploys that pass on an empty dev database break in production.',
    },
  },
  on: ['add-column'],
  check(op, ctx) {
    const c = op.column;
    const hasValue = (c.default && !c.default.isNull) || c.identity || c.serial || c.generated !== undefined;
    if (!c.notNull || hasValue || c.primaryKey || ctx.state.isNewTable(op.table)) return [];
    const rows = ctx.rows(op.table);
    if (rows === 0) return [];
    const t = tableSql(op.table);
    const col = ident(c.name);
    const check = ident(`${op.table.name}_${c.name}_not_null`);
    // Rewriting the statement would drop these clauses; leave such columns to the user.
    const single = ctx.statement.operations.length === 1 && !c.unique && !c.references && c.checks.length === 0;
    const fix = single
      ? {
          title: 'Add the column nullable, then enforce NOT NULL after a backfill',
          edits: [
            replaceStatement(ctx.statement, `ALTER TABLE ${t} ADD COLUMN ${col} ${c.type.sql}`),
            insertLinesAfter(ctx.file, ctx.statement, [
              `-- Backfill ${col} in batches here (or in a separate migration), then:`,
              `ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
              `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`,
              `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`,
              `ALTER TABLE ${t} DROP CONSTRAINT ${check};`,
            ]),
          ],
        }
      : undefined;
    return [
      {
        messageId: 'fails',
        data: { column: c.name, table: displayName(op.table), size: rows !== undefined ? ` (${formatRows(rows)} configured)` : '' },
        help: 'Add the column nullable (or with a constant default), backfill existing rows in batches, then add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, and SET NOT NULL.',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});
