import { quoteIdentifier } from '../engines/identifiers';
import { formatDuration, formatRows } from '../quantities';
import { sqliteRebuildMs } from '../engines/sqlite/cost';
import { SQLITE_ALTER_FACTS, sqliteAlterNeed, sqliteVersion } from '../engines/sqlite/facts';
import { displayName } from '../operations';
import { quoteSqliteName, rebuildStatements, type TableChange } from '../sql/sqlite/rebuild';
import { sqliteTableBefore } from '../sql/sqlite/schema';
import { replaceStatement } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';

/**
 * SQLite's ALTER TABLE can rename, add and (from 3.35) drop columns, and from 3.53 add or
 * drop CHECK and NOT NULL constraints; everything else needs the table rebuilt. Apps often
 * embed an older SQLite than the one a developer tests with, so this follows the target version.
 */
export default defineRule({
  meta: {
    id: 'sqlite-requires-rebuild',
    description: "A change SQLite's ALTER TABLE cannot make on the target version needs the 12-step table rebuild.",
    defaultSeverity: 'error',
    dialects: ['sqlite'],
    fixable: 'unsafe',
    messages: {
      typeChange: 'SQLite has no way to change the type of {table}.{column} in place: the statement fails. The table must be rebuilt.{cost}',
      setDefault: 'SQLite cannot change the default of {table}.{column}: the table must be rebuilt.{cost}',
      notNull:
        'SQLite {target} cannot add or remove NOT NULL on {table}.{column} (ALTER COLUMN … SET/DROP NOT NULL arrived in {since}): the table must be rebuilt.{cost}',
      addCheck: 'SQLite {target} cannot add a CHECK constraint to {table} (ADD CONSTRAINT … CHECK arrived in {since}): the table must be rebuilt.{cost}',
      dropConstraint: 'SQLite {target} cannot drop a constraint from {table} (DROP CONSTRAINT arrived in {since}): the table must be rebuilt.{cost}',
      addUnique: 'SQLite cannot add a UNIQUE constraint to {table} with ALTER TABLE; a unique index enforces the same rule.',
      addConstraint: 'SQLite cannot add this constraint to {table} with ALTER TABLE: the table must be rebuilt.{cost}',
      renameColumn: 'SQLite {target} cannot rename a column (RENAME COLUMN arrived in {since}): the table must be rebuilt.{cost}',
      dropColumn: 'SQLite {target} cannot drop a column (DROP COLUMN arrived in {since}): the table must be rebuilt.{cost}',
    },
  },
  on: ['alter-column-type', 'set-default', 'set-not-null', 'drop-not-null', 'drop-constraint', 'add-constraint', 'rename-column', 'drop-column'],
  check(op, ctx) {
    const version = sqliteVersion(ctx.config.targetVersion);
    const need = sqliteAlterNeed(op, version);
    if (!need) return [];
    const rows = ctx.rows(op.table);
    const schema = sqliteTableBefore(ctx.file, ctx.statement.index, op.table);
    const cost =
      rows !== undefined && rows > 0
        ? ` Rebuilding ${displayName(op.table)} (${formatRows(rows)}) takes about ${formatDuration(sqliteRebuildMs(rows, schema?.indexes.length ?? 1), 'rough')} holding the database write lock.`
        : '';
    const data = {
      table: displayName(op.table),
      column: 'column' in op ? op.column : '',
      target: version.join('.'),
      since: need.since ? SQLITE_ALTER_FACTS[need.since].since : '',
      cost,
    };
    if (need.messageId === 'addUnique' && op.kind === 'add-constraint') {
      // SQLite qualifies the index, never the table, with the schema: `CREATE INDEX main.i ON t (…)`.
      const schema = op.table.schema ? `${quoteSqliteName(op.table.schema)}.` : '';
      const index = schema + quoteSqliteName(op.name ?? `${op.table.name}_${op.columns.join('_')}_key`);
      const table = quoteSqliteName(op.table.name);
      const columns = op.columns.map(quoteSqliteName).join(', ');
      return [
        {
          messageId: 'addUnique',
          data,
          help: 'Create a unique index instead.',
          fix: {
            title: 'Create a unique index instead',
            edits: [
              replaceStatement(
                ctx.statement,
                `CREATE UNIQUE INDEX ${quoteIdentifier('sqlite', index)} ON ${quoteIdentifier('sqlite', op.table.name)} (${op.columns.map((c) => quoteIdentifier('sqlite', c)).join(', ')})`,
              ),
            ],
          },
        },
      ];
    }
    const fix = need.change && schema ? rebuildFix(need.change, schema, ctx) : undefined;
    return [
      {
        messageId: need.messageId,
        data,
        help: 'Rebuild the table: with foreign keys off, create the new table, copy the rows, drop the old table, rename the new one, recreate its indexes, triggers and views, then run PRAGMA foreign_key_check (https://www.sqlite.org/lang_altertable.html#otheralter).',
        ...(fix ? { fix } : {}),
      },
    ];
  },
});

function rebuildFix(change: TableChange, schema: NonNullable<ReturnType<typeof sqliteTableBefore>>, ctx: RuleContext): Fix | undefined {
  if (ctx.statement.operations.length !== 1) return undefined;
  const steps = rebuildStatements(schema, change, { inTransaction: ctx.state.inTransaction });
  if (!steps) return undefined;
  return { title: `Rebuild ${schema.table} (12-step procedure)`, edits: [replaceStatement(ctx.statement, steps.join(';\n'))] };
}
