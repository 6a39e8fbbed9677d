import { fail, ident, isMember, isObject, sqlString, stringValue, tableIdent, valueOf, type Link, type Value } from './chain';

/*
 * Sequelize's queryInterface calls as its PostgreSQL query generator renders them
 * (sequelize 6.x): upper-case keywords; `changeColumn` as one ALTER per property.
 */

const TYPES: Readonly<Record<string, (args: readonly Value[]) => string>> = {
  STRING: (a) => `VARCHAR(${typeof a[0] === 'number' ? a[0] : 255})`,
  CHAR: (a) => `CHAR(${typeof a[0] === 'number' ? a[0] : 255})`,
  TEXT: () => 'TEXT',
  CITEXT: () => 'CITEXT',
  INTEGER: () => 'INTEGER',
  BIGINT: () => 'BIGINT',
  SMALLINT: () => 'SMALLINT',
  BOOLEAN: () => 'BOOLEAN',
  DATE: () => 'TIMESTAMP WITH TIME ZONE',
  DATEONLY: () => 'DATE',
  TIME: () => 'TIME',
  FLOAT: () => 'FLOAT',
  REAL: () => 'REAL',
  DOUBLE: () => 'DOUBLE PRECISION',
  DECIMAL: (a) => (typeof a[0] === 'number' ? `DECIMAL(${a[0]},${typeof a[1] === 'number' ? a[1] : 0})` : 'DECIMAL'),
  JSON: () => 'JSON',
  JSONB: () => 'JSONB',
  UUID: () => 'UUID',
  INET: () => 'INET',
  BLOB: () => 'BYTEA',
};

/** The SQL of `queryInterface.<method>(…)`, or throws Untranslatable. */
export function sequelizeCall(link: Link): string[] {
  const args = link.args ?? fail('not a call');
  const table = (): string => {
    const v = valueOf(args[0]);
    if (typeof v === 'string') return tableIdent(v);
    if (isObject(v) && typeof v.tableName === 'string') return typeof v.schema === 'string' ? `${ident(v.schema)}.${ident(v.tableName)}` : ident(v.tableName);
    return fail('the table is not a literal name');
  };
  const bareTable = (): string => {
    const v = valueOf(args[0]);
    return typeof v === 'string' ? v.split('.').pop()! : isObject(v) && typeof v.tableName === 'string' ? v.tableName : fail('the table is not a literal name');
  };
  // addColumn and removeColumn name the table with its schema, `public` by default.
  const schemaTable = (): string => {
    const v = valueOf(args[0]);
    return typeof v === 'string' && !v.includes('.') ? `${ident('public')}.${ident(v)}` : table();
  };
  switch (link.name) {
    case 'addColumn':
      return [`ALTER TABLE ${schemaTable()} ADD COLUMN ${ident(stringValue(args[1], 'the column'))} ${attribute(valueOf(args[2]), 'add')};`];
    case 'removeColumn':
      return [`ALTER TABLE ${schemaTable()} DROP COLUMN ${ident(stringValue(args[1], 'the column'))};`];
    case 'renameColumn':
      return [`ALTER TABLE ${table()} RENAME COLUMN ${ident(stringValue(args[1], 'the column'))} TO ${ident(stringValue(args[2], 'the new name'))};`];
    case 'renameTable':
      return [`ALTER TABLE ${table()} RENAME TO ${tableIdent(stringValue(args[1], 'the new name'))};`];
    case 'dropTable':
      return [`DROP TABLE IF EXISTS ${table()};`];
    case 'changeColumn': {
      const t = table();
      const col = ident(stringValue(args[1], 'the column'));
      const def = valueOf(args[2]);
      const spec = isObject(def) ? def : { type: def };
      if (spec.references !== undefined) fail('changeColumn with references is not translated');
      const alter = `ALTER TABLE ${t} ALTER COLUMN ${col}`;
      const out = [spec.allowNull === false ? `${alter} SET NOT NULL;` : `${alter} DROP NOT NULL;`];
      out.push(spec.defaultValue !== undefined ? `${alter} SET DEFAULT ${defaultSql(spec.defaultValue)};` : `${alter} DROP DEFAULT;`);
      out.push(`${alter} TYPE ${typeSql(spec.type)};`);
      return out;
    }
    case 'addIndex': {
      const second = valueOf(args[1]);
      const options = isObject(second)
        ? second
        : { ...(isObject(args[2] ? valueOf(args[2]) : null) ? (valueOf(args[2]) as Record<string, Value>) : {}), fields: second };
      const fields = options.fields;
      if (!Array.isArray(fields)) fail('the index fields are not a literal array');
      const names = (fields as Value[]).map((f) =>
        typeof f === 'string' ? f : isObject(f) && typeof f.name === 'string' && f.order === undefined ? f.name : fail('an index field is not a column name'),
      );
      if (options.where !== undefined || options.using !== undefined || options.operator !== undefined)
        fail('index options `where`/`using` are not translated');
      const name = typeof options.name === 'string' ? options.name : underscore(`${bareTable()}_${names.join('_')}`);
      const unique = options.unique === true || options.type === 'UNIQUE' ? 'UNIQUE ' : '';
      const concurrently = options.concurrently === true ? 'CONCURRENTLY ' : '';
      return [`CREATE ${unique}INDEX ${concurrently}${ident(name)} ON ${table()} (${names.map(ident).join(', ')})`];
    }
    case 'removeIndex': {
      const v = valueOf(args[1]);
      const options = isObject(args[2] ? valueOf(args[2]) : null) ? (valueOf(args[2]) as Record<string, Value>) : {};
      const name = typeof v === 'string' ? v : Array.isArray(v) ? underscore(`${bareTable()}_${(v as Value[]).join('_')}`) : fail('the index is not a literal');
      return [`DROP INDEX ${options.concurrently === true ? 'CONCURRENTLY ' : ''}IF EXISTS ${ident(name)}`];
    }
    case 'addConstraint': {
      const v = valueOf(args[1]);
      if (!isObject(v)) fail('the constraint is not an object literal');
      const fields = v.fields;
      if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) fail('the constraint fields are not literal');
      const cols = (fields as string[]).map(ident).join(', ');
      const type = String(v.type ?? '').toLowerCase();
      const t = table();
      const base = `${bareTable()}_${(fields as string[]).join('_')}`;
      if (type === 'unique') return [`ALTER TABLE ${t} ADD CONSTRAINT ${ident(typeof v.name === 'string' ? v.name : `${base}_uk`)} UNIQUE (${cols});`];
      if (type === 'primary key')
        return [`ALTER TABLE ${t} ADD CONSTRAINT ${ident(typeof v.name === 'string' ? v.name : `${base}_pk`)} PRIMARY KEY (${cols});`];
      if (type === 'foreign key') {
        const ref = v.references;
        if (!isObject(ref) || typeof ref.table !== 'string' || typeof ref.field !== 'string') fail('the foreign key reference is not literal');
        const name = typeof v.name === 'string' ? v.name : `${base}_${ref.table}_fk`;
        const actions = `${typeof v.onDelete === 'string' ? ` ON DELETE ${v.onDelete.toUpperCase()}` : ''}${typeof v.onUpdate === 'string' ? ` ON UPDATE ${v.onUpdate.toUpperCase()}` : ''}`;
        return [`ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${cols}) REFERENCES ${tableIdent(ref.table)} (${ident(ref.field)})${actions};`];
      }
      return fail(`a \`${type || 'computed'}\` constraint is not translated`);
    }
    case 'removeConstraint':
      return [`ALTER TABLE ${table()} DROP CONSTRAINT ${ident(stringValue(args[1], 'the constraint name'))};`];
    case 'createTable': {
      const attrs = valueOf(args[1]);
      if (!isObject(attrs)) fail('the attributes are not an object literal');
      const defs: string[] = [];
      const primary: string[] = [];
      for (const [name, spec] of Object.entries(attrs)) {
        const s = isObject(spec) ? spec : { type: spec };
        if (s.primaryKey === true) primary.push(ident(name));
        defs.push(`${ident(name)} ${attribute(s, 'create')}`);
      }
      if (primary.length > 0) defs.push(`PRIMARY KEY (${primary.join(', ')})`);
      return [`CREATE TABLE IF NOT EXISTS ${table()} (${defs.join(', ')});`];
    }
    default:
      return fail(`\`queryInterface.${link.name}\` is not translated`);
  }
}

function typeSql(type: Value | undefined): string {
  if (typeof type === 'string' && /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?$/i.test(type)) return type.toUpperCase();
  if (!isMember(type)) return fail('the column type is not a literal type');
  const render = TYPES[type.member];
  if (!render) return fail(`the type ${type.member} is not translated`);
  return render(type.args ?? []);
}

function attribute(def: Value, mode: 'add' | 'create'): string {
  const spec = isObject(def) ? def : { type: def };
  if (spec.autoIncrement === true) {
    const t = typeSql(spec.type);
    return `${t === 'BIGINT' ? 'BIGSERIAL' : 'SERIAL'}${mode === 'add' && spec.primaryKey === true ? ' PRIMARY KEY' : ''}`;
  }
  let out = typeSql(spec.type);
  if (spec.allowNull === false) out += ' NOT NULL';
  if (spec.defaultValue !== undefined) out += ` DEFAULT ${defaultSql(spec.defaultValue)}`;
  if (spec.unique === true) out += ' UNIQUE';
  if (spec.primaryKey === true && mode === 'add') out += ' PRIMARY KEY';
  if (spec.references !== undefined) {
    const ref = spec.references;
    if (!isObject(ref)) fail('the reference is not literal');
    const model =
      typeof ref.model === 'string'
        ? ref.model
        : isObject(ref.model) && typeof ref.model.tableName === 'string'
          ? ref.model.tableName
          : fail('the referenced table is not literal');
    out += ` REFERENCES ${tableIdent(model)} (${ident(typeof ref.key === 'string' ? ref.key : 'id')})`;
    if (typeof spec.onDelete === 'string') out += ` ON DELETE ${spec.onDelete.toUpperCase()}`;
    if (typeof spec.onUpdate === 'string') out += ` ON UPDATE ${spec.onUpdate.toUpperCase()}`;
  }
  return out;
}

function defaultSql(v: Value): string {
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'NULL';
  if (isMember(v) && v.member === 'NOW') return 'now()';
  return fail('the default value is not a literal');
}

/** Sequelize's default index name: every capital becomes `_` and its lower case (`Orders_CollectiveId` → `orders__collective_id`). */
function underscore(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '');
}
