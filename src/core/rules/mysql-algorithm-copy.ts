import { mysqlEstimateMs } from '../engines/mysql/cost';
import { MYSQL_DDL_KINDS, targetOf } from '../engines/mysql/lint';
import { serverName } from '../engines/mysql/sql';
import { formatDuration, formatRows } from '../quantities';
import { displayName, targetTable } from '../operations';
import { defineRule } from './types';

const WHAT: Readonly<Record<string, string>> = {
  'change-column-type': 'changing a column type',
  'add-column-stored-generated': 'adding a STORED generated column',
  'drop-primary-key': 'dropping the primary key without adding one',
  'add-foreign-key': 'adding a foreign key while foreign_key_checks is on',
  'add-check': 'adding a CHECK constraint',
  'convert-charset': 'converting the character set',
};

/**
 * ALGORITHM=COPY creates a new table, copies every row into it and swaps: writes are
 * blocked for the whole copy and the server needs room for a second table. LOCK=SHARED
 * or EXCLUSIVE blocks writes (or everything) for the whole statement even in place.
 */
export default defineRule({
  meta: {
    id: 'mysql-algorithm-copy',
    description: 'A table-copying ALTER (ALGORITHM=COPY, LOCK=SHARED/EXCLUSIVE, or an operation that forces a copy) blocks writes for its whole run.',
    defaultSeverity: 'warning',
    dialects: ['mysql', 'mariadb'],
    messages: {
      explicitCopy: 'ALGORITHM=COPY copies every row of {table} into a new table; writes wait for the whole copy.{cost}',
      explicitLock: 'LOCK={lock} on {table} blocks {blocked} for the whole statement.{cost}',
      forcesCopy: '{what} cannot run in place on {server}: the server copies {table}, and writes wait for the whole copy.{cost}',
      mayCopy:
        'MODIFY/CHANGE of {column} copies {table} (writes wait for the whole copy) unless the type stays the same or only a VARCHAR grows within its length prefix; the earlier type is not known here.{cost}',
    },
  },
  on: MYSQL_DDL_KINDS,
  check(op, ctx) {
    if (ctx.dialect !== 'mysql' && ctx.dialect !== 'mariadb') return [];
    const table = targetTable(op);
    if (!table || ctx.state.isNewTable(table) || !ctx.firstInFile(`mysql-algorithm-copy:${ctx.statement.index}`)) return [];
    const plan = ctx.mysqlPlan();
    if (!plan) return [];
    const rows = ctx.rows(table);
    const cost =
      rows !== undefined && rows > 0
        ? ` On ${displayName(table)} (${formatRows(rows)}) a copy takes about ${formatDuration(mysqlEstimateMs('copy', rows), 'rough')}.`
        : '';
    const data = { table: displayName(table), cost };
    const help =
      'Avoid the copy: add a new column, backfill it in batches and switch the application over (expand and contract), or run the ALTER with gh-ost or pt-online-schema-change so writes continue.';
    const clauses = op.mysql ?? {};
    if (clauses.algorithm === 'COPY') return [{ messageId: 'explicitCopy', data, help }];
    if (clauses.lock === 'SHARED' || clauses.lock === 'EXCLUSIVE') {
      return [
        {
          messageId: 'explicitLock',
          data: { ...data, lock: clauses.lock, blocked: clauses.lock === 'SHARED' ? 'writes' : 'reads and writes' },
          help: 'Use LOCK=NONE (with ALGORITHM=INPLACE or INSTANT) so reads and writes continue, or drop the LOCK clause.',
        },
      ];
    }
    const copying = plan.operations.find((p) => p.algorithm === 'COPY');
    if (!copying) return [];
    const target = targetOf(ctx.config, ctx.dialect);
    if (copying.classification.uncertain && copying.op.kind === 'alter-column-type') {
      return [{ messageId: 'mayCopy', data: { ...data, column: copying.op.column }, help }];
    }
    const what = WHAT[copying.classification.cls] ?? copying.classification.cls;
    return [
      { messageId: 'forcesCopy', data: { ...data, what: what[0]!.toUpperCase() + what.slice(1), server: serverName(target.flavor, target.version) }, help },
    ];
  },
});
