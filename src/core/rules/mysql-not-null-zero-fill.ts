import { implicitDefault } from '../engines/mysql/implicit-defaults';
import { mysqlIdent, mysqlTable } from '../engines/mysql/sql';
import { formatRows } from '../quantities';
import { displayName } from '../operations';
import { insertLinesAfter, replaceStatement } from './fixes';
import { defineRule } from './types';

/**
 * Unlike PostgreSQL, MySQL accepts ADD COLUMN … NOT NULL without a DEFAULT on a table with
 * rows: every existing row gets the type's implicit default (0, '', the first ENUM value,
 * a zero date), and nothing distinguishes those values from real data afterwards.
 */
export default defineRule({
  meta: {
    id: 'mysql-not-null-zero-fill',
    description: "A NOT NULL column added without a DEFAULT fills existing rows with the type's zero value.",
    defaultSeverity: 'warning',
    dialects: ['mysql', 'mariadb'],
    fixable: 'unsafe',
    messages: {
      zeroFill:
        'Adding {column} as NOT NULL without a DEFAULT fills the existing rows of {table}{size} with {value}, which later reads cannot tell apart from real data.',
    },
  },
  on: ['add-column'],
  check(op, ctx) {
    const c = op.column;
    const hasValue = (c.default && !c.default.isNull) || c.serial || c.generated !== undefined || c.primaryKey;
    if (!c.notNull || hasValue || ctx.state.isNewTable(op.table)) return [];
    const rows = ctx.rows(op.table);
    if (rows === 0) return [];
    const zero = implicitDefault(c.type.name, c.type.sql);
    const t = mysqlTable(op.table);
    const col = mysqlIdent(c.name);
    const placement = c.position ? ('first' in c.position ? ' FIRST' : ` AFTER ${mysqlIdent(c.position.after)}`) : '';
    const single = ctx.statement.operations.length === 1;
    const fix = single
      ? {
          title: 'Add the column nullable; make it NOT NULL after a backfill',
          edits: [
            replaceStatement(ctx.statement, `ALTER TABLE ${t} ADD COLUMN ${col} ${c.type.sql} NULL${placement}`),
            insertLinesAfter(ctx.file, ctx.statement, [
              `-- Backfill ${col} in batches here (or in a later migration), then:`,
              `ALTER TABLE ${t} MODIFY COLUMN ${col} ${c.type.sql} NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;`,
            ]),
          ],
        }
      : undefined;
    return [
      {
        messageId: 'zeroFill',
        data: {
          column: c.name,
          table: displayName(op.table),
          size: rows !== undefined ? ` (${formatRows(rows)})` : '',
          value: zero ? `${zero} (the type's implicit default)` : "the type's implicit default",
        },
        help: 'Give the column an explicit DEFAULT that means "unknown" to the application, or add it NULL, backfill real values in batches, then MODIFY it to NOT NULL.',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});
