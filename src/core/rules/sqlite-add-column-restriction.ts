import { ADD_COLUMN_RESTRICTIONS, sqliteHas, sqliteVersion, type AddColumnRestriction } from '../engines/sqlite/facts';
import { formatRows } from '../quantities';
import { displayName, type ColumnDefinition, type OperationOf } from '../operations';
import { quoteSqliteName } from '../sql/sqlite/rebuild';
import { insertLinesAfter, replaceStatement } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';

/** A default SQLite can store as-is for existing rows: a literal, not an expression or CURRENT_*. */
function isConstantDefault(sql: string): boolean {
  return /^\s*([+-]?\d+(\.\d+)?([eE][+-]?\d+)?|'([^']|'')*'|NULL|TRUE|FALSE|[xX]'[0-9a-fA-F]*')\s*$/i.test(sql);
}

function restrictionsOf(c: ColumnDefinition, foreignKeysOff: boolean): AddColumnRestriction[] {
  const out: AddColumnRestriction[] = [];
  if (c.primaryKey) out.push('primaryKey');
  if (c.unique) out.push('unique');
  const hasDefault = c.default !== undefined && !c.default.isNull;
  if (c.notNull && !c.primaryKey && !hasDefault && c.generated === undefined) out.push('notNullWithoutDefault');
  if (c.default && !c.default.isNull && !isConstantDefault(c.default.sql)) out.push('nonConstantDefault');
  if (c.generated === 'stored') out.push('storedGenerated');
  if (c.references && hasDefault && !foreignKeysOff) out.push('referencesWithDefault');
  return out;
}

/** Per file, whether foreign keys are off before each statement (one pass, not one per ADD COLUMN). */
const foreignKeysOffBefore = new WeakMap<RuleContext['file'], boolean[]>();

/** `PRAGMA foreign_keys = OFF` earlier in the file. */
function foreignKeysOff(ctx: RuleContext): boolean {
  let before = foreignKeysOffBefore.get(ctx.file);
  if (!before) {
    before = [];
    let off = false;
    for (const s of ctx.file.statements) {
      before[s.index] = off;
      for (const op of s.operations) if (op.kind === 'other' && op.tag.startsWith('pragma:foreign_keys=')) off = /=(off|0|false|no)$/.test(op.tag);
    }
    foreignKeysOffBefore.set(ctx.file, before);
  }
  return before[ctx.statement.index] ?? false;
}

/**
 * SQLite's ALTER TABLE ADD COLUMN only appends a column definition to the stored schema;
 * existing rows are never rewritten, so it refuses any column those rows could not satisfy.
 */
export default defineRule({
  meta: {
    id: 'sqlite-add-column-restriction',
    description:
      'SQLite refuses ADD COLUMN for PRIMARY KEY or UNIQUE columns, and on a table with rows for NOT NULL without a default, non-constant defaults, STORED generated columns and REFERENCES with a default.',
    defaultSeverity: 'error',
    dialects: ['sqlite'],
    fixable: 'unsafe',
    messages: {
      primaryKey:
        'SQLite cannot add {column} as a PRIMARY KEY column to {table}: ALTER TABLE fails ("Cannot add a PRIMARY KEY column") even on an empty table.',
      unique: 'SQLite cannot add {column} as a UNIQUE column to {table}: ALTER TABLE fails ("Cannot add a UNIQUE column") even on an empty table.',
      notNullWithoutDefault:
        'Adding {column} as NOT NULL without a default fails on {table} once it has a row ("Cannot add a NOT NULL column with default value NULL"){size}.',
      nonConstantDefault:
        'Adding {column} with the non-constant default {default} fails on {table} once it has a row ("Cannot add a column with non-constant default"){size}.',
      storedGenerated: 'Adding {column} as a STORED generated column fails on {table} once it has a row ("cannot add a STORED column"){size}.',
      referencesWithDefault:
        'Adding {column} with REFERENCES and a non-NULL default fails on {table} when foreign keys are enforced ("Cannot add a REFERENCES column with non-NULL default value"){size}.',
    },
  },
  on: ['add-column'],
  check(op, ctx) {
    const c = op.column;
    const found = restrictionsOf(c, foreignKeysOff(ctx));
    const rows = ctx.rows(op.table);
    const empty = ctx.state.isNewTable(op.table) || rows === 0;
    const applicable = found.filter((r) => ADD_COLUMN_RESTRICTIONS[r].always || !empty);
    const first = applicable[0];
    if (!first) return [];
    const data = {
      column: c.name,
      table: displayName(op.table),
      default: c.default?.sql ?? '',
      size: rows !== undefined ? ` (${formatRows(rows)} configured)` : '',
    };
    const fix = fixFor(first, op, ctx);
    return [{ messageId: first, data, help: helpFor(first), ...(fix ? { fix } : {}) }];
  },
});

function helpFor(r: AddColumnRestriction): string {
  switch (r) {
    case 'unique':
      return 'Add the column without UNIQUE, then CREATE UNIQUE INDEX on it.';
    case 'notNullWithoutDefault':
      return 'Add the column nullable (or with a constant DEFAULT), backfill it, then make it NOT NULL (ALTER COLUMN … SET NOT NULL on SQLite 3.53+, the 12-step table rebuild before).';
    default:
      return 'Rebuild the table with the new column (the 12-step procedure: new table, copy rows, drop, rename, recreate indexes and triggers), or add a plain nullable column and fill it with UPDATE.';
  }
}

function fixFor(r: AddColumnRestriction, op: OperationOf<'add-column'>, ctx: RuleContext): Fix | undefined {
  if (ctx.statement.operations.length !== 1) return undefined;
  const t = op.table.schema ? `${quoteSqliteName(op.table.schema)}.${quoteSqliteName(op.table.name)}` : quoteSqliteName(op.table.name);
  const col = quoteSqliteName(op.column.name);
  const type = op.column.type.sql;
  if (r === 'unique') {
    // SQLite qualifies the index, never the table, with the schema: `CREATE INDEX main.i ON t (…)`.
    const index = (op.table.schema ? `${quoteSqliteName(op.table.schema)}.` : '') + quoteSqliteName(`${op.table.name}_${op.column.name}_key`);
    return {
      title: 'Add the column, then a unique index on it',
      edits: [
        replaceStatement(ctx.statement, `ALTER TABLE ${t} ADD COLUMN ${col} ${type}`),
        insertLinesAfter(ctx.file, ctx.statement, [`CREATE UNIQUE INDEX ${index} ON ${quoteSqliteName(op.table.name)} (${col});`]),
      ],
    };
  }
  if (r === 'notNullWithoutDefault' && sqliteHas(sqliteVersion(ctx.config.targetVersion), 'alterConstraints')) {
    return {
      title: 'Add the column nullable; set NOT NULL after a backfill',
      edits: [
        replaceStatement(ctx.statement, `ALTER TABLE ${t} ADD COLUMN ${col} ${type}`),
        insertLinesAfter(ctx.file, ctx.statement, [`-- Backfill ${col} here (UPDATE in batches), then:`, `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`]),
      ],
    };
  }
  return undefined;
}
