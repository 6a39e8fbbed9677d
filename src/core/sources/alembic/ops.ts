import { baseName, bool, str, strList, type PyCall, type PyStr, type PyValue } from '../python/values';
import {
  columnClause,
  commentStatement,
  foreignKeyClause,
  isColumn,
  readColumn,
  readForeignKeyConstraint,
  type ColumnDef,
  type ForeignKeyDef,
} from './columns';
import { isCall, qualified, quoteName, renderDefault, renderType, sqlText } from './sqlalchemy';

/**
 * One Alembic operation translated to the statements Alembic 1.8 sends to PostgreSQL
 * (`op.add_column`, `op.create_index`, …, and the same methods on a `batch_alter_table`
 * alias). What cannot be translated exactly is returned as a reason, never as guessed SQL.
 */
export type OpResult =
  | { readonly kind: 'sql'; readonly statements: readonly string[]; readonly backfill?: boolean }
  | { readonly kind: 'raw'; readonly sql: PyStr; readonly bound?: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'note'; readonly reason: string };

/** For methods of a `batch_alter_table` alias: the table is the block's, not an argument. */
export interface BatchTable {
  readonly table: string;
  readonly schema?: string;
}

const sql = (...statements: string[]): OpResult => ({ kind: 'sql', statements });
const note = (reason: string): OpResult => ({ kind: 'note', reason });

/** Methods that emit nothing (naming helpers, context access). */
const SILENT = new Set(['f', 'get_bind', 'get_context', 'inline_literal', 'implementation_for', 'register_operation', 'invoke']);

export function translateOp(method: string, call: PyCall, batch?: BatchTable): OpResult {
  if (SILENT.has(method)) return { kind: 'none' };
  // A batch alias's methods take the same arguments as op's, less the table name.
  const args = batch ? withTableSlot(method, call.args) : call.args;
  const kw = (name: string, index: number): PyValue | undefined => call.kwargs.get(name) ?? args[index];
  const schema = batch ? batch.schema : str(call.kwargs.get('schema'));
  const tableOf = (index: number, name = 'table_name'): string | undefined => (batch ? batch.table : str(kw(name, index)));
  const table = (index: number, name = 'table_name'): string | undefined => {
    const t = tableOf(index, name);
    return t === undefined ? undefined : qualified(t, schema);
  };
  const noLiteral = `op.${method} with arguments that are not literals`;

  switch (method) {
    case 'execute':
      return execute(kw('sqltext', 0), call.args.length > 1 || call.kwargs.size > (call.kwargs.has('sqltext') ? 1 : 0));
    case 'add_column': {
      const t = table(0);
      const col = kw('column', 1);
      if (!t || col?.kind !== 'call' || !isColumn(col)) return note(noLiteral);
      const c = readColumn(col);
      if (typeof c === 'string') return note(c);
      return sql(...addColumn(t, c, schema));
    }
    case 'drop_column': {
      const t = table(0);
      const name = str(kw('column_name', 1));
      return t && name ? sql(`ALTER TABLE ${t} DROP COLUMN ${quoteName(name)}`) : note(noLiteral);
    }
    case 'alter_column':
      return alterColumn(call, table(0), str(kw('column_name', 1)), noLiteral);
    case 'create_index': {
      // op.create_index(name, table, columns); batch: create_index(name, columns).
      const name = str(call.kwargs.get('index_name') ?? args[0]);
      const t = table(1);
      const cols = call.kwargs.get('columns') ?? args[2];
      return name !== undefined && t ? createIndex(name, t, cols, call) : note(noLiteral);
    }
    case 'drop_index': {
      const name = str(call.kwargs.get('index_name') ?? call.args[0]);
      if (name === undefined) return note(noLiteral);
      const concurrently = bool(call.kwargs.get('postgresql_concurrently')) ? ' CONCURRENTLY' : '';
      return sql(`DROP INDEX${concurrently} ${qualified(name, schema)}`);
    }
    case 'create_foreign_key': {
      const a = args;
      const name = a[0]?.kind === 'const' && a[0].value === null ? null : str(call.kwargs.get('constraint_name') ?? a[0]);
      const source = batch ? qualified(batch.table, schema) : str(call.kwargs.get('source_table') ?? a[1]);
      const referent = str(call.kwargs.get('referent_table') ?? a[2]);
      const local = strList(call.kwargs.get('local_cols') ?? a[3]);
      const remote = strList(call.kwargs.get('remote_cols') ?? a[4]);
      if (name === undefined || !source || !referent || !local || !remote) return note(noLiteral);
      const refSchema = str(call.kwargs.get('referent_schema'));
      const sourceSchema = str(call.kwargs.get('source_schema'));
      const fk: ForeignKeyDef = {
        ...(name !== null ? { name } : {}),
        columns: local,
        refTable: refSchema ? `${refSchema}.${referent}` : referent,
        refColumns: remote,
        ...fkOptions(call),
      };
      const src = batch ? source : qualified(source, sourceSchema);
      return sql(`ALTER TABLE ${src} ADD ${foreignKeyClause(fk)}`);
    }
    case 'create_unique_constraint': {
      const name = str(call.kwargs.get('constraint_name') ?? args[0]);
      const t = table(1, 'table_name');
      const cols = strList(call.kwargs.get('columns') ?? args[2]);
      if (!t || !cols) return note(noLiteral);
      return sql(`ALTER TABLE ${t} ADD ${named(name)}UNIQUE (${cols.map(quoteName).join(', ')})`);
    }
    case 'create_primary_key': {
      const name = str(call.kwargs.get('constraint_name') ?? args[0]);
      const t = table(1, 'table_name');
      const cols = strList(call.kwargs.get('columns') ?? args[2]);
      if (!t || !cols) return note(noLiteral);
      return sql(`ALTER TABLE ${t} ADD ${named(name)}PRIMARY KEY (${cols.map(quoteName).join(', ')})`);
    }
    case 'create_check_constraint': {
      const name = str(call.kwargs.get('constraint_name') ?? args[0]);
      const t = table(1, 'table_name');
      const condition = sqlText(call.kwargs.get('condition') ?? args[2]);
      if (!t) return note(noLiteral);
      if (condition === undefined) return note('op.create_check_constraint with a condition that is not SQL text');
      const notValid = bool(call.kwargs.get('postgresql_not_valid')) ? ' NOT VALID' : '';
      return sql(`ALTER TABLE ${t} ADD ${named(name)}CHECK (${condition})${notValid}`);
    }
    case 'drop_constraint': {
      const name = str(call.kwargs.get('constraint_name') ?? args[0]);
      const t = table(1, 'table_name');
      return name !== undefined && t ? sql(`ALTER TABLE ${t} DROP CONSTRAINT ${quoteName(name)}`) : note(noLiteral);
    }
    case 'create_table':
      return createTable(call, schema);
    case 'drop_table': {
      const name = str(call.kwargs.get('table_name') ?? call.args[0]);
      return name !== undefined ? sql(`DROP TABLE ${qualified(name, schema)}`) : note(noLiteral);
    }
    case 'rename_table': {
      const from = str(call.kwargs.get('old_table_name') ?? call.args[0]);
      const to = str(call.kwargs.get('new_table_name') ?? call.args[1]);
      return from !== undefined && to !== undefined ? sql(`ALTER TABLE ${qualified(from, schema)} RENAME TO ${quoteName(to)}`) : note(noLiteral);
    }
    default:
      return note(`op.${method} is not translated to SQL yet`);
  }
}

/** Methods whose first argument is the table; the others name their object first, then the table. */
const TABLE_FIRST = new Set(['add_column', 'drop_column', 'alter_column']);

function withTableSlot(method: string, args: readonly PyValue[]): (PyValue | undefined)[] {
  const at = TABLE_FIRST.has(method) ? 0 : 1;
  return [...args.slice(0, at), undefined, ...args.slice(at)];
}

function named(name: string | undefined): string {
  return name !== undefined ? `CONSTRAINT ${quoteName(name)} ` : '';
}

function fkOptions(call: PyCall): Omit<ForeignKeyDef, 'columns' | 'refTable' | 'refColumns' | 'name'> {
  const pick = (k: string) => str(call.kwargs.get(k));
  const onDelete = pick('ondelete');
  const onUpdate = pick('onupdate');
  const initially = pick('initially');
  const deferrable = bool(call.kwargs.get('deferrable'));
  const notValid = bool(call.kwargs.get('postgresql_not_valid'));
  return {
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    ...(initially ? { initially } : {}),
    ...(deferrable !== undefined ? { deferrable } : {}),
    ...(notValid ? { notValid } : {}),
  };
}

/** Raw SQL; with bind parameters passed beside it (`:name`, `%s`) it is not exactly what runs. */
function execute(arg: PyValue | undefined, bound = false): OpResult {
  if (arg?.kind === 'str') return { kind: 'raw', sql: arg, ...(bound ? { bound } : {}) };
  if (isCall(arg, 'text') && arg.args[0]?.kind === 'str') return { kind: 'raw', sql: arg.args[0], ...(bound ? { bound } : {}) };
  return note('op.execute of a SQLAlchemy expression is not translated to SQL yet');
}

/** add_column: the column, then its constraints as separate statements, as Alembic does. */
function addColumn(table: string, c: ColumnDef, schema: string | undefined): string[] {
  const out = [`ALTER TABLE ${table} ADD COLUMN ${columnClause(c)}`];
  for (const fk of c.foreignKeys) out.push(`ALTER TABLE ${table} ADD ${foreignKeyClause(fk, schema)}`);
  if (c.unique) out.push(`ALTER TABLE ${table} ADD UNIQUE (${quoteName(c.name)})`);
  if (c.comment !== undefined) out.push(commentStatement(table, c.name, c.comment));
  return out;
}

/** PostgreSQL's alter_column: the type first (with USING), then nullability, default, name. */
function alterColumn(call: PyCall, table: string | undefined, column: string | undefined, noLiteral: string): OpResult {
  if (!table || column === undefined) return note(noLiteral);
  const out: string[] = [];
  const col = `ALTER TABLE ${table} ALTER COLUMN ${quoteName(column)}`;
  const typeArg = call.kwargs.get('type_');
  if (typeArg) {
    const type = renderType(typeArg);
    if (!type) return note(`the SQL type ${typeArg.node.text} is not known`);
    const using = call.kwargs.get('postgresql_using');
    const usingText = using ? sqlText(using) : undefined;
    if (using && usingText === undefined) return note(noLiteral);
    out.push(`${col} TYPE ${type.sql}${usingText !== undefined ? ` USING ${usingText}` : ''}`);
  }
  const nullable = bool(call.kwargs.get('nullable'));
  if (nullable !== undefined) out.push(`${col} ${nullable ? 'DROP' : 'SET'} NOT NULL`);
  const serverDefault = call.kwargs.get('server_default');
  if (serverDefault && !(serverDefault.kind === 'const' && serverDefault.value === false)) {
    if (serverDefault.kind === 'const' && serverDefault.value === null) out.push(`${col} DROP DEFAULT`);
    else {
      const d = renderDefault(serverDefault);
      if (d === undefined) return note(`the server default ${serverDefault.node.text} is not a literal`);
      out.push(`${col} SET DEFAULT ${d}`);
    }
  }
  const newName = str(call.kwargs.get('new_column_name'));
  if (newName !== undefined) out.push(`ALTER TABLE ${table} RENAME ${quoteName(column)} TO ${quoteName(newName)}`);
  return out.length ? sql(...out) : { kind: 'none' };
}

function createIndex(name: string, table: string, cols: PyValue | undefined, call: PyCall): OpResult {
  const items = cols?.kind === 'list' ? cols.items : cols ? [cols] : [];
  const elements: string[] = [];
  for (const item of items) {
    if (item.kind === 'str') elements.push(quoteName(item.value));
    else {
      const text = sqlText(item);
      if (text === undefined) return note(`an index element ${item.node.text} that is not a column name or SQL text`);
      elements.push(text);
    }
  }
  if (elements.length === 0) return note('op.create_index without literal columns');
  const unique = bool(call.kwargs.get('unique')) ? 'UNIQUE ' : '';
  const concurrently = bool(call.kwargs.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : '';
  const using = str(call.kwargs.get('postgresql_using'));
  const include = strList(call.kwargs.get('postgresql_include'));
  const whereArg = call.kwargs.get('postgresql_where');
  const where = whereArg ? sqlText(whereArg) : undefined;
  if (whereArg && where === undefined) return note('op.create_index with a postgresql_where that is not SQL text');
  const indexName = quoteName(name);
  return sql(
    `CREATE ${unique}INDEX ${concurrently}${indexName} ON ${table}${using ? ` USING ${using}` : ''} (${elements.join(', ')})` +
      (include?.length ? ` INCLUDE (${include.map(quoteName).join(', ')})` : '') +
      (where !== undefined ? ` WHERE ${where}` : ''),
  );
}

/**
 * CREATE TABLE as SQLAlchemy lays it out: columns, then the primary key, then the other
 * constraints in the order they were made (those in the call's arguments before the
 * column-level foreign keys, which exist only once the columns join the table). A named
 * ENUM is created first.
 */
function createTable(call: PyCall, schema: string | undefined): OpResult {
  const name = str(call.kwargs.get('table_name') ?? call.args[0]);
  if (name === undefined) return note('op.create_table with a table name that is not a literal');
  const columns: ColumnDef[] = [];
  let primaryKey: { name?: string; columns: string[] } | undefined;
  const constraints: string[] = [];
  const columnFks: string[] = [];
  for (const arg of call.args.slice(1)) {
    if (arg.kind !== 'call') return note(`op.create_table with an argument that is not a column or constraint: ${arg.node.text}`);
    if (isColumn(arg)) {
      const c = readColumn(arg);
      if (typeof c === 'string') return note(c);
      columns.push(c);
      continue;
    }
    const cname = str(arg.kwargs.get('name'));
    const ctor = baseName(arg.callee);
    if (ctor === 'PrimaryKeyConstraint') {
      const cols = arg.args.map(str);
      if (cols.some((c) => c === undefined)) return note('a primary key whose columns are not literal');
      primaryKey = { ...(cname !== undefined ? { name: cname } : {}), columns: cols as string[] };
    } else if (ctor === 'UniqueConstraint') {
      const cols = arg.args.map(str);
      if (cols.some((c) => c === undefined)) return note('a unique constraint whose columns are not literal');
      constraints.push(`${named(cname)}UNIQUE (${(cols as string[]).map(quoteName).join(', ')})`);
    } else if (ctor === 'ForeignKeyConstraint') {
      const fk = readForeignKeyConstraint(arg);
      if (typeof fk === 'string') return note(fk);
      constraints.push(foreignKeyClause(fk, schema));
    } else if (ctor === 'CheckConstraint') {
      const cond = sqlText(arg.args[0]);
      if (cond === undefined) return note('a check constraint whose condition is not SQL text');
      constraints.push(`${named(cname)}CHECK (${cond})`);
    } else if (ctor === 'Index') {
      return note('an Index inside op.create_table is not translated yet');
    } else {
      return note(`op.create_table with ${arg.node.text.slice(0, 60)} is not translated yet`);
    }
  }
  for (const c of columns) {
    for (const fk of c.foreignKeys) columnFks.push(foreignKeyClause(fk, schema));
    if (c.unique) columnFks.push(`UNIQUE (${quoteName(c.name)})`);
  }
  const pkColumns = primaryKey?.columns ?? columns.filter((c) => c.primaryKey).map((c) => c.name);
  const serial = serialColumn(columns, pkColumns);
  const lines = columns.map((c) =>
    columnClause(pkColumns.includes(c.name) && !c.nullable ? c : { ...c, nullable: c.nullable && !pkColumns.includes(c.name) }, c === serial),
  );
  if (pkColumns.length) lines.push(`${named(primaryKey?.name)}PRIMARY KEY (${pkColumns.map(quoteName).join(', ')})`);
  lines.push(...constraints, ...columnFks);
  const enums = columns.flatMap((c) => (c.type.createEnum ? [c.type.createEnum] : []));
  return sql(...enums, `CREATE TABLE ${qualified(name, schema)} (\n    ${lines.join(', \n    ')}\n)`);
}

/** SQLAlchemy's autoincrement column: the lone integer primary key, with no default and no foreign key (for "auto"). */
function serialColumn(columns: readonly ColumnDef[], pk: readonly string[]): ColumnDef | undefined {
  if (pk.length !== 1) return undefined;
  const c = columns.find((col) => col.name === pk[0]);
  if (!c || !c.type.serial || c.default !== undefined || c.autoincrement === false) return undefined;
  if (c.autoincrement === 'auto' && c.foreignKeys.length > 0) return undefined;
  return c;
}
