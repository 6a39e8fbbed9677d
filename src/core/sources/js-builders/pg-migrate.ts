import { fail, ident, isObject, stringValue, tableIdent, valueOf, type Link, type Value } from './chain';

/*
 * node-pg-migrate's `pgm.*` operations as its MigrationBuilder renders them (v7):
 * upper-case keywords, column types passed through as written, string defaults in
 * `$pga$…$pga$` quotes.
 */

/** The SQL of `pgm.<method>(…)`, or throws Untranslatable. */
export function pgMigrateCall(link: Link): string[] {
  const args = link.args ?? fail('not a call');
  const tableName = (): string => {
    const v = valueOf(args[0]);
    if (typeof v === 'string') return v;
    if (isObject(v) && typeof v.name === 'string') return typeof v.schema === 'string' ? `${v.schema}.${v.name}` : v.name;
    return fail('the table is not a literal name');
  };
  const t = (): string => tableIdent(tableName());
  switch (link.name) {
    case 'addColumns':
    case 'addColumn': {
      const cols = columns(valueOf(args[1]));
      return [`ALTER TABLE ${t()}\n  ${cols.map((c) => `ADD ${c}`).join(',\n  ')};`];
    }
    case 'dropColumns':
    case 'dropColumn': {
      const v = valueOf(args[1]);
      const names =
        typeof v === 'string'
          ? [v]
          : Array.isArray(v)
            ? (v as Value[]).map((c) => (typeof c === 'string' ? c : fail('a column is not a string')))
            : isObject(v)
              ? Object.keys(v)
              : fail('the columns are not literal');
      return [`ALTER TABLE ${t()}\n  ${names.map((n) => `DROP ${ident(n)}`).join(',\n  ')};`];
    }
    case 'renameColumn':
      return [`ALTER TABLE ${t()} RENAME ${ident(stringValue(args[1], 'the column'))} TO ${ident(stringValue(args[2], 'the new name'))};`];
    case 'renameTable':
      return [`ALTER TABLE ${t()} RENAME TO ${ident(stringValue(args[1], 'the new name'))};`];
    case 'dropTable':
      return [`DROP TABLE ${t()};`];
    case 'alterColumn': {
      const col = ident(stringValue(args[1], 'the column'));
      const o = valueOf(args[2]);
      if (!isObject(o)) fail('the column options are not an object literal');
      const parts: string[] = [];
      if (o.default !== undefined) parts.push(o.default === null ? `ALTER ${col} DROP DEFAULT` : `ALTER ${col} SET DEFAULT ${defaultSql(o.default)}`);
      if (o.type !== undefined) parts.push(`ALTER ${col} SET DATA TYPE ${typeName(o.type)}${typeof o.using === 'string' ? ` USING ${o.using}` : ''}`);
      if (o.notNull === true) parts.push(`ALTER ${col} SET NOT NULL`);
      else if (o.notNull === false || o.allowNull === true) parts.push(`ALTER ${col} DROP NOT NULL`);
      if (parts.length === 0) fail('the alteration changes nothing Lockstep translates');
      return [`ALTER TABLE ${t()}\n  ${parts.join(',\n  ')};`];
    }
    case 'createIndex':
    case 'addIndex': {
      const v = valueOf(args[1]);
      const cols =
        typeof v === 'string'
          ? [v]
          : Array.isArray(v)
            ? (v as Value[]).map((c) => (typeof c === 'string' ? c : fail('an index column is not a name')))
            : fail('the index columns are not literal');
      const o = args[2] ? valueOf(args[2]) : {};
      if (!isObject(o)) fail('the index options are not an object literal');
      if (o.method !== undefined || o.include !== undefined || o.opclass !== undefined) fail('index options `method`/`include`/`opclass` are not translated');
      const bare = tableName().split('.').pop()!;
      const name = typeof o.name === 'string' ? o.name : `${bare}_${cols.join('_')}${o.unique === true ? '_unique' : ''}_index`;
      const where = typeof o.where === 'string' ? ` WHERE ${o.where}` : o.where !== undefined ? fail('the index condition is not a string') : '';
      return [
        `CREATE ${o.unique === true ? 'UNIQUE ' : ''}INDEX ${o.concurrently === true ? 'CONCURRENTLY ' : ''}${o.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${ident(name)} ON ${t()} (${cols.map(ident).join(', ')})${where};`,
      ];
    }
    case 'dropIndex': {
      const v = valueOf(args[1]);
      const o = args[2] ? valueOf(args[2]) : {};
      if (!isObject(o)) fail('the index options are not an object literal');
      const cols = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as Value[]).map(String) : fail('the index columns are not literal');
      const bare = tableName().split('.').pop()!;
      const name = typeof o.name === 'string' ? o.name : `${bare}_${cols.join('_')}${o.unique === true ? '_unique' : ''}_index`;
      return [`DROP INDEX ${o.concurrently === true ? 'CONCURRENTLY ' : ''}${o.ifExists === true ? 'IF EXISTS ' : ''}${ident(name)};`];
    }
    case 'addConstraint': {
      const name = args[1] ? valueOf(args[1]) : null;
      const spec = valueOf(args[2]);
      const prefix = `ALTER TABLE ${t()}\n  ADD${typeof name === 'string' ? ` CONSTRAINT ${ident(name)}` : ''}`;
      if (typeof spec === 'string') return [`${prefix} ${spec};`];
      if (!isObject(spec)) fail('the constraint is not literal');
      const list = (v: Value): string =>
        typeof v === 'string'
          ? ident(v)
          : Array.isArray(v)
            ? (v as Value[]).map((c) => ident(String(c))).join(', ')
            : fail('the constraint columns are not literal');
      if (spec.unique !== undefined && Object.keys(spec).length === 1) return [`${prefix} UNIQUE (${list(spec.unique)});`];
      if (spec.primaryKey !== undefined && Object.keys(spec).length === 1) return [`${prefix} PRIMARY KEY (${list(spec.primaryKey)});`];
      if (typeof spec.check === 'string' && Object.keys(spec).length === 1) return [`${prefix} CHECK (${spec.check});`];
      return fail('the constraint options are not translated');
    }
    case 'dropConstraint':
      return [`ALTER TABLE ${t()} DROP CONSTRAINT ${ident(stringValue(args[1], 'the constraint'))};`];
    case 'createTable': {
      const cols = columns(valueOf(args[1]));
      const o = args[2] ? valueOf(args[2]) : {};
      if (!isObject(o) || Object.keys(o).some((k) => k !== 'ifNotExists')) fail('the table options are not translated');
      return [`CREATE TABLE ${o.ifNotExists === true ? 'IF NOT EXISTS ' : ''}${t()} (\n  ${cols.join(',\n  ')}\n);`];
    }
    default:
      return fail(`\`pgm.${link.name}\` is not translated`);
  }
}

const SHORTHANDS: Readonly<Record<string, string>> = { id: 'serial PRIMARY KEY' };

/** node-pg-migrate's type adapters: `int` is written as `integer`, … */
const TYPE_ADAPTERS: Readonly<Record<string, string>> = {
  int: 'integer',
  string: 'text',
  float: 'real',
  double: 'double precision',
  datetime: 'timestamp',
  bool: 'boolean',
};

function typeName(v: Value): string {
  if (typeof v === 'string' && TYPE_ADAPTERS[v]) return TYPE_ADAPTERS[v];
  if (typeof v !== 'string' || !/^[a-z_][a-z0-9_ ]*(\(\d+(,\s*\d+)?\))?(\[\])?$/i.test(v)) fail('the column type is not a literal type name');
  return v;
}

function columns(v: Value): string[] {
  if (!isObject(v)) fail('the columns are not an object literal');
  return Object.entries(v).map(([name, def]) => {
    if (typeof def === 'string' && SHORTHANDS[def]) return `${ident(name)} ${SHORTHANDS[def]}`;
    const spec = typeof def === 'string' ? { type: def } : isObject(def) ? def : fail('a column is not literal');
    const known = new Set(['type', 'notNull', 'default', 'primaryKey', 'unique', 'references', 'onDelete', 'comment']);
    if (Object.keys(spec).some((k) => !known.has(k)))
      fail(
        `column options ${Object.keys(spec)
          .filter((k) => !known.has(k))
          .join(', ')} are not translated`,
      );
    // The order node-pg-migrate writes a column's constraints in.
    let out = `${ident(name)} ${typeName(spec.type ?? null)}`;
    if (spec.default !== undefined) out += ` DEFAULT ${defaultSql(spec.default)}`;
    if (spec.unique === true) out += ' UNIQUE';
    if (spec.primaryKey === true) out += ' PRIMARY KEY';
    if (spec.notNull === true) out += ' NOT NULL';
    if (spec.references !== undefined) {
      const r = spec.references;
      if (typeof r !== 'string') fail('the reference is not a table name');
      out += ` REFERENCES ${r.startsWith('"') || r.endsWith(')') ? r : tableIdent(r)}${typeof spec.onDelete === 'string' ? ` ON DELETE ${spec.onDelete}` : ''}`;
    }
    return out;
  });
}

function defaultSql(v: Value): string {
  if (typeof v === 'string') return `$pga$${v}$pga$`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'NULL';
  return fail('the default is not a literal');
}
