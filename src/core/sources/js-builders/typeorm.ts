import { createHash } from 'node:crypto';
import type { SyntaxNode } from '../tree-sitter';
import { namedChildren } from '../tree-sitter';
import { fail, ident, isObject, short, stringValue, tableIdent, valueOf, type Link, type Value } from './chain';

/*
 * TypeORM's QueryRunner schema API (`queryRunner.addColumn('users', new TableColumn({…}))`,
 * `createIndex`, `createForeignKey`, `changeColumn`, `dropColumn`, `renameColumn`) as the
 * SQL its PostgreSQL query runner writes (PostgresQueryRunner, TypeORM 0.3): checked against
 * TypeORM itself by test/fixtures/frameworks/typeorm. TypeORM also reads the table from the
 * database first and, for some calls, adds statements that depend on what it finds there
 * (renaming constraints with generated names, dropping a dropped column's indexes); only
 * the statement the call is about is translated.
 */

type Options = { readonly [key: string]: Value };

/** SQL for one `queryRunner.<method>(…)` call. */
export function typeormCall(method: Link): string[] {
  const args = method.args ?? [];
  switch (method.name) {
    case 'addColumn':
      return [addColumnSql(tableName(args[0]), tableObject(args[1], 'TableColumn'))];
    case 'addColumns':
      return each(args, 'columns', (table, c) => addColumnSql(table, tableObject(c, 'TableColumn')));
    case 'createIndex':
      return [createIndexSql(tableName(args[0]), tableObject(args[1], 'TableIndex'))];
    case 'createIndices':
      return each(args, 'indexes', (table, c) => createIndexSql(table, tableObject(c, 'TableIndex')));
    case 'createForeignKey':
      return [createForeignKeySql(tableName(args[0]), tableObject(args[1], 'TableForeignKey'))];
    case 'createForeignKeys':
      return each(args, 'foreign keys', (table, c) => createForeignKeySql(table, tableObject(c, 'TableForeignKey')));
    case 'dropColumn': {
      const table = tableName(args[0]);
      const column =
        args[1]?.type === 'new_expression' || args[1]?.type === 'object'
          ? columnOptions(tableObject(args[1], 'TableColumn')).name
          : stringValue(args[1], 'the column');
      return [`ALTER TABLE ${tableIdent(table)} DROP COLUMN ${ident(column)}`];
    }
    case 'renameColumn': {
      const table = tableName(args[0]);
      const from = args[1]?.type === 'new_expression' ? columnOptions(tableObject(args[1], 'TableColumn')).name : stringValue(args[1], 'the old column name');
      const to = args[2]?.type === 'new_expression' ? columnOptions(tableObject(args[2], 'TableColumn')).name : stringValue(args[2], 'the new column name');
      return [`ALTER TABLE ${tableIdent(table)} RENAME COLUMN ${ident(from)} TO ${ident(to)}`];
    }
    case 'changeColumn':
      return changeColumnSql(tableName(args[0]), args[1], args[2]);
    default:
      return fail(`\`queryRunner.${method.name}\` is not translated`);
  }
}

/** `addColumns('t', [a, b])` and the like: one statement per element of the array literal. */
function each(args: readonly SyntaxNode[], what: string, one: (table: string, node: SyntaxNode) => string): string[] {
  const table = tableName(args[0]);
  const list = args[1];
  if (!list || list.type !== 'array') fail(`the ${what} are not an array literal`);
  return namedChildren(list).map((c) => one(table, c));
}

function tableName(node: SyntaxNode | undefined): string {
  return stringValue(node, 'the table name');
}

/** `new TableColumn({…})` (or a plain object literal) → its options. */
function tableObject(node: SyntaxNode | undefined, kind: string): Options {
  if (!node) return fail(`the ${kind} is missing`);
  if (node.type === 'new_expression') {
    const constructor = node.childForFieldName('constructor');
    if (constructor?.text !== kind) fail(`\`${short(node)}\` is not a ${kind}`);
    const args = node.childForFieldName('arguments');
    const options = valueOf(args ? namedChildren(args)[0] : undefined);
    if (!isObject(options)) return fail(`the ${kind} options are not an object literal`);
    return options;
  }
  const options = valueOf(node);
  if (!isObject(options)) return fail(`\`${short(node)}\` is not a ${kind}`);
  return options;
}

interface Column {
  readonly name: string;
  readonly type: string;
  readonly length: string;
  readonly precision?: number;
  readonly scale?: number;
  readonly isNullable: boolean;
  readonly default?: string;
}

/** Options whose SQL depends on more than this translation knows (enum types, generated values, constraints). */
const COLUMN_OPTIONS = new Set(['name', 'type', 'length', 'precision', 'scale', 'isNullable', 'default']);

/** A TableColumn's options with TableColumn's defaults (not nullable, no length). */
function columnOptions(o: Options): Column {
  for (const [key, v] of Object.entries(o)) {
    if (COLUMN_OPTIONS.has(key)) continue;
    // Options set to their default change nothing.
    if (v === false || v === null || (key === 'comment' && v === '')) continue;
    fail(`the column option \`${key}\` is not translated`);
  }
  const name = o['name'];
  const type = o['type'];
  if (typeof name !== 'string') return fail('the column name is not a string');
  if (typeof type !== 'string') return fail('the column type is not a string');
  if (type === 'enum' || type === 'simple-enum') fail('enum columns are not translated');
  const length = o['length'];
  if (length !== undefined && typeof length !== 'string' && typeof length !== 'number') fail('the column length is not a literal');
  const d = o['default'];
  if (d !== undefined && d !== null && typeof d !== 'string' && typeof d !== 'number' && typeof d !== 'boolean') fail('the column default is not a literal');
  const precision = o['precision'];
  const scale = o['scale'];
  if ((precision !== undefined && precision !== null && typeof precision !== 'number') || (scale !== undefined && scale !== null && typeof scale !== 'number'))
    fail('the precision is not a number');
  return {
    name,
    type,
    length: length === undefined || length === '' ? '' : String(length),
    ...(typeof precision === 'number' ? { precision } : {}),
    ...(typeof scale === 'number' ? { scale } : {}),
    isNullable: o['isNullable'] === true,
    ...(d !== undefined && d !== null ? { default: String(d) } : {}),
  };
}

/** PostgresDriver.createFullType. */
function fullType(c: Column): string {
  const precision = c.precision !== undefined ? `(${c.precision})` : '';
  if (c.type === 'time without time zone') return `TIME${precision}`;
  if (c.type === 'time with time zone') return `TIME${precision} WITH TIME ZONE`;
  if (c.type === 'timestamp without time zone') return `TIMESTAMP${precision}`;
  if (c.type === 'timestamp with time zone') return `TIMESTAMP${precision} WITH TIME ZONE`;
  if (c.length) return `${c.type}(${c.length})`;
  if (c.precision !== undefined && c.scale !== undefined) return `${c.type}(${c.precision},${c.scale})`;
  return `${c.type}${precision}`;
}

/** PostgresQueryRunner.buildCreateColumnSql for a plain column. */
function columnSql(c: Column): string {
  return `${ident(c.name)} ${fullType(c)}${c.isNullable ? '' : ' NOT NULL'}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}`;
}

function addColumnSql(table: string, options: Options): string {
  return `ALTER TABLE ${tableIdent(table)} ADD ${columnSql(columnOptions(options))}`;
}

function stringList(v: Value | undefined, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string') || v.length === 0) return fail(`${what} are not a list of strings`);
  return v;
}

/** DefaultNamingStrategy: a hash of the table and the sorted column names. */
function generatedName(prefix: string, length: number, table: string, columns: readonly string[], where?: string): string {
  const key = `${table.split('.').pop()!.replace('.', '_')}_${[...columns].sort().join('_')}${where ? `_${where}` : ''}`;
  return prefix + createHash('sha1').update(key).digest('hex').slice(0, length);
}

const INDEX_OPTIONS = new Set(['name', 'columnNames', 'isUnique', 'isConcurrent', 'where']);

function createIndexSql(table: string, o: Options): string {
  for (const [key, v] of Object.entries(o)) if (!INDEX_OPTIONS.has(key) && v !== false && v !== null) fail(`the index option \`${key}\` is not translated`);
  const columns = stringList(o['columnNames'], 'the index columns');
  const where = typeof o['where'] === 'string' && o['where'] !== '' ? o['where'] : undefined;
  const name = typeof o['name'] === 'string' && o['name'] !== '' ? o['name'] : generatedName('IDX_', 26, table, columns, where);
  return `CREATE ${o['isUnique'] === true ? 'UNIQUE ' : ''}INDEX${o['isConcurrent'] === true ? ' CONCURRENTLY' : ''} ${ident(name)} ON ${tableIdent(table)} (${columns.map(ident).join(', ')}) ${where ? `WHERE ${where}` : ''}`;
}

const FOREIGN_KEY_OPTIONS = new Set(['name', 'columnNames', 'referencedTableName', 'referencedColumnNames', 'onDelete', 'onUpdate', 'deferrable']);

function createForeignKeySql(table: string, o: Options): string {
  for (const [key, v] of Object.entries(o)) if (!FOREIGN_KEY_OPTIONS.has(key) && v !== null) fail(`the foreign key option \`${key}\` is not translated`);
  const columns = stringList(o['columnNames'], 'the foreign key columns');
  const referenced = stringList(o['referencedColumnNames'], 'the referenced columns');
  const parent = o['referencedTableName'];
  if (typeof parent !== 'string') return fail('the referenced table is not a string');
  const name = typeof o['name'] === 'string' && o['name'] !== '' ? o['name'] : generatedName('FK_', 27, table, columns);
  let sql = `ALTER TABLE ${tableIdent(table)} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${columns.map(ident).join(', ')}) REFERENCES ${tableIdent(parent)}(${referenced.map(ident).join(',')})`;
  for (const [key, words] of [
    ['onDelete', 'ON DELETE'],
    ['onUpdate', 'ON UPDATE'],
    ['deferrable', 'DEFERRABLE'],
  ] as const) {
    const v = o[key];
    if (typeof v === 'string' && v !== '') sql += ` ${words} ${v}`;
  }
  return sql;
}

/**
 * PostgresQueryRunner.changeColumn. TypeORM compares the old column with the new one; the
 * old one must be written out (`new TableColumn({…})`): given by name, TypeORM reads it
 * from the database, and whether the column is dropped and added again depends on it.
 */
function changeColumnSql(table: string, oldNode: SyntaxNode | undefined, newNode: SyntaxNode | undefined): string[] {
  if (oldNode?.type !== 'new_expression') return fail('the old column is given by name, so TypeORM reads its definition from the database at run time');
  const old = columnOptions(tableObject(oldNode, 'TableColumn'));
  const next = columnOptions(tableObject(newNode, 'TableColumn'));
  const t = tableIdent(table);
  // A different type or length: TypeORM drops the column and adds it again, losing its data.
  if (old.type !== next.type || old.length !== next.length)
    return [`ALTER TABLE ${t} DROP COLUMN ${ident(old.name)}`, `ALTER TABLE ${t} ADD ${columnSql(next)}`];
  const out: string[] = [];
  if (old.name !== next.name) out.push(`ALTER TABLE ${t} RENAME COLUMN ${ident(old.name)} TO ${ident(next.name)}`);
  if (old.precision !== next.precision || old.scale !== next.scale) out.push(`ALTER TABLE ${t} ALTER COLUMN ${ident(next.name)} TYPE ${fullType(next)}`);
  // TypeORM names the old column here, even after renaming it.
  if (old.isNullable !== next.isNullable) out.push(`ALTER TABLE ${t} ALTER COLUMN ${ident(old.name)} ${next.isNullable ? 'DROP' : 'SET'} NOT NULL`);
  if (old.default !== next.default)
    out.push(
      next.default !== undefined
        ? `ALTER TABLE ${t} ALTER COLUMN ${ident(next.name)} SET DEFAULT ${next.default}`
        : `ALTER TABLE ${t} ALTER COLUMN ${ident(next.name)} DROP DEFAULT`,
    );
  return out;
}
