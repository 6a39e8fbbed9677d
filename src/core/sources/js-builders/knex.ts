import type { SyntaxNode } from '../tree-sitter';
import { bodyStatements, callback, chainOf, fail, ident, sqlString, stringValue, tableIdent, valueOf, type Link, type Value } from './chain';

/*
 * Knex schema builders, as Knex's PostgreSQL client compiles them (knex 3.x,
 * `knex.schema.alterTable(…).toSQL()`): lower-case keywords, one statement per column
 * change, `.index()`/`.unique()`/`.foreign()` as separate statements after the columns.
 */

const TYPES: Readonly<Record<string, (args: readonly Value[]) => string>> = {
  increments: () => 'serial primary key',
  bigIncrements: () => 'bigserial primary key',
  integer: () => 'integer',
  bigInteger: () => 'bigint',
  bigint: () => 'bigint',
  smallint: () => 'smallint',
  tinyint: () => 'smallint',
  mediumint: () => 'integer',
  text: () => 'text',
  string: (a) => `varchar(${typeof a[1] === 'number' ? a[1] : 255})`,
  boolean: () => 'boolean',
  float: () => 'real',
  double: () => 'double precision',
  decimal: (a) => (a[1] === null ? 'decimal' : `decimal(${typeof a[1] === 'number' ? a[1] : 8}, ${typeof a[2] === 'number' ? a[2] : 2})`),
  date: () => 'date',
  datetime: () => 'timestamptz',
  timestamp: () => 'timestamptz',
  time: () => 'time',
  json: () => 'json',
  jsonb: () => 'jsonb',
  uuid: () => 'uuid',
  binary: () => 'bytea',
};

interface Column {
  name: string;
  type: string;
  notNull?: boolean;
  nullable?: boolean;
  default?: string;
  primary?: boolean;
  index?: true;
  unique?: true;
  references?: { column: string; table: string; onDelete?: string; onUpdate?: string };
  alter?: true;
}

/** The SQL of a `knex.schema.…` chain (links after `schema`), or throws Untranslatable. */
export function knexSchema(links: readonly Link[]): string[] {
  const out: string[] = [];
  for (const link of links) {
    if (!link.args) fail(`\`.${link.name}\` is not a schema call`);
    const args = link.args;
    switch (link.name) {
      case 'createTable':
      case 'createTableIfNotExists':
      case 'alterTable':
      case 'table': {
        const table = stringValue(args[0], 'the table name');
        const cb = callback(args[1]);
        if (!cb) fail('the table callback is not a function literal');
        out.push(
          ...tableBody(
            link.name === 'alterTable' || link.name === 'table' ? 'alter' : link.name === 'createTable' ? 'create' : 'createIfNotExists',
            table,
            cb.param,
            cb.body,
          ),
        );
        break;
      }
      case 'dropTable':
        out.push(`drop table ${tableIdent(stringValue(args[0], 'the table name'))}`);
        break;
      case 'dropTableIfExists':
        out.push(`drop table if exists ${tableIdent(stringValue(args[0], 'the table name'))}`);
        break;
      case 'renameTable':
        out.push(`alter table ${tableIdent(stringValue(args[0], 'the table name'))} rename to ${ident(stringValue(args[1], 'the new name'))}`);
        break;
      case 'raw':
        out.push(stringValue(args[0], 'the SQL'));
        break;
      case 'then':
      case 'catch':
      case 'finally':
        break;
      default:
        fail(`\`schema.${link.name}\` is not translated`);
    }
  }
  return out;
}

function tableBody(mode: 'alter' | 'create' | 'createIfNotExists', table: string, param: string, body: SyntaxNode): string[] {
  const columns: Column[] = [];
  const after: string[] = [];
  // Column-level `.index()`/`.unique()`/`.references()` come after the table-level calls.
  const columnAfter: string[] = [];
  const t = tableIdent(table);
  const bare = table.split('.').pop()!;
  for (const statement of bodyStatements(body)) {
    const expr = statement.type === 'expression_statement' ? statement.namedChildren[0] : statement;
    if (!expr) continue;
    if (expr.type === 'comment') continue;
    const links = chainOf(expr);
    if (links[0]?.name !== param || links.length < 2) fail(`\`${expr.text.slice(0, 40)}\` in the table callback is not a column builder`);
    const [head, ...mods] = links.slice(1);
    const args = (head!.args ?? []).map((a) => valueOf(a));
    const cols = (v: Value | undefined): string[] =>
      Array.isArray(v) ? (v as Value[]).map(String) : typeof v === 'string' ? [v] : fail('the columns are not literal');
    switch (head!.name) {
      case 'dropColumn':
      case 'dropColumns':
        for (const c of args) after.push(`alter table ${t} drop column ${ident(String(c))}`);
        continue;
      case 'renameColumn':
        after.push(`alter table ${t} rename ${ident(String(args[0]))} to ${ident(String(args[1]))}`);
        continue;
      case 'index': {
        const c = cols(args[0]);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_index`.toLowerCase();
        after.push(`create index ${ident(name)} on ${t} (${c.map(ident).join(', ')})`);
        continue;
      }
      case 'unique': {
        const c = cols(args[0]);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_unique`.toLowerCase();
        after.push(`alter table ${t} add constraint ${ident(name)} unique (${c.map(ident).join(', ')})`);
        continue;
      }
      case 'dropIndex': {
        const c = cols(args[0]);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_index`.toLowerCase();
        after.push(`drop index ${ident(name)}`);
        continue;
      }
      case 'dropUnique': {
        const c = cols(args[0]);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_unique`.toLowerCase();
        after.push(`alter table ${t} drop constraint ${ident(name)}`);
        continue;
      }
      case 'dropForeign': {
        const c = cols(args[0]);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_foreign`.toLowerCase();
        after.push(`alter table ${t} drop constraint ${ident(name)}`);
        continue;
      }
      case 'foreign': {
        const c = cols(args[0]);
        const ref = references(mods);
        const name = typeof args[1] === 'string' ? args[1] : `${bare}_${c.join('_')}_foreign`.toLowerCase();
        after.push(foreignKey(t, name, c, ref));
        continue;
      }
      case 'timestamps': {
        const type = args[0] === false ? 'timestamp' : 'timestamptz';
        const notNull = args[1] === true ? ' not null default CURRENT_TIMESTAMP' : '';
        for (const n of ['created_at', 'updated_at']) columns.push({ name: n, type: `${type}${notNull}` });
        continue;
      }
      default:
        break;
    }
    const type = TYPES[head!.name];
    if (!type) fail(`\`${param}.${head!.name}\` is not translated`);
    if (typeof args[0] !== 'string') fail('the column name is not a string');
    const col: Column = { name: args[0], type: type(args) };
    for (const m of mods) {
      const margs = (m.args ?? []).map((a) => valueOf(a));
      switch (m.name) {
        case 'notNullable':
          col.notNull = true;
          break;
        case 'nullable':
          col.nullable = true;
          break;
        case 'defaultTo':
          col.default = defaultSql(margs[0]);
          break;
        case 'primary':
          col.primary = true;
          break;
        case 'index':
          col.index = true;
          break;
        case 'unique':
          col.unique = true;
          break;
        case 'unsigned':
        case 'comment':
          break;
        case 'alter':
          col.alter = true;
          break;
        case 'references':
        case 'inTable':
        case 'onDelete':
        case 'onUpdate':
          break;
        default:
          fail(`\`.${m.name}\` is not translated`);
      }
    }
    if (mods.some((m) => m.name === 'references')) col.references = references(mods);
    columns.push(col);
    if (col.index) columnAfter.push(`create index ${ident(`${bare}_${col.name}_index`.toLowerCase())} on ${t} (${ident(col.name)})`);
    if (col.unique) columnAfter.push(`alter table ${t} add constraint ${ident(`${bare}_${col.name}_unique`.toLowerCase())} unique (${ident(col.name)})`);
    if (col.references) columnAfter.push(foreignKey(t, `${bare}_${col.name}_foreign`.toLowerCase(), [col.name], col.references));
  }
  const out: string[] = [];
  if (mode !== 'alter') {
    const defs = columns.map(columnSql);
    out.push(`create table ${mode === 'createIfNotExists' ? 'if not exists ' : ''}${t} (${defs.join(', ')})`);
  } else {
    // Knex adds the new columns in one statement, then alters the changed ones.
    const added = columns.filter((c) => !c.alter);
    if (added.length > 0) out.push(`alter table ${t} ${added.map((c) => `add column ${columnSql(c)}`).join(', ')}`);
    for (const c of columns.filter((c) => c.alter)) {
      const col = `alter table ${t} alter column ${ident(c.name)}`;
      out.push(`${col} drop default`, `${col} drop not null`, `${col} type ${c.type} using (${ident(c.name)}::${c.type})`);
      if (c.default !== undefined) out.push(`${col} set default ${c.default}`);
      if (c.notNull) out.push(`${col} set not null`);
    }
  }
  return [...out, ...after, ...columnAfter];
}

function columnSql(c: Column): string {
  return `${ident(c.name)} ${c.type}${c.notNull ? ' not null' : ''}${c.default !== undefined ? ` default ${c.default}` : ''}${c.primary ? ' primary key' : ''}`;
}

function defaultSql(v: Value | undefined): string {
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'number') return `'${v}'`;
  if (typeof v === 'boolean') return v ? "'1'" : "'0'";
  if (v === null) return 'null';
  return fail('the default is not a literal');
}

function references(mods: readonly Link[]): NonNullable<Column['references']> {
  let column: string | undefined;
  let table: string | undefined;
  let onDelete: string | undefined;
  let onUpdate: string | undefined;
  for (const m of mods) {
    const a = m.args?.[0];
    if (m.name === 'references') {
      const r = stringValue(a, 'the referenced column');
      const dot = r.lastIndexOf('.');
      if (dot > 0) {
        table = r.slice(0, dot);
        column = r.slice(dot + 1);
      } else column = r;
    } else if (m.name === 'inTable') table = stringValue(a, 'the referenced table');
    else if (m.name === 'onDelete') onDelete = stringValue(a, 'onDelete');
    else if (m.name === 'onUpdate') onUpdate = stringValue(a, 'onUpdate');
  }
  if (!column || !table) fail('the foreign key names no table and column');
  return { column, table, ...(onDelete ? { onDelete } : {}), ...(onUpdate ? { onUpdate } : {}) };
}

function foreignKey(t: string, name: string, cols: readonly string[], ref: NonNullable<Column['references']>): string {
  const actions = `${ref.onDelete ? ` on delete ${ref.onDelete.toUpperCase()}` : ''}${ref.onUpdate ? ` on update ${ref.onUpdate.toUpperCase()}` : ''}`;
  return `alter table ${t} add constraint ${ident(name)} foreign key (${cols.map(ident).join(', ')}) references ${tableIdent(ref.table)} (${ident(ref.column)})${actions}`;
}
