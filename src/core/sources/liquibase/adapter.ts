import { basename } from 'node:path';
import type { Dialect } from '../../types';
import type { Direction, HostComment, HostSpan, MigrationSource, SourceAdapter, SourceFile, SourceNote, SourceStatement } from '../adapter';
import { parseXmlChangelog, parseYamlChangelog, type Element } from './changelog';

/*
 * Liquibase changelogs in XML, YAML or JSON: each `changeSet`'s changes become the SQL
 * Liquibase's generators write for PostgreSQL (liquibase-core's sqlgenerator.core classes):
 * - addColumn: one `ALTER TABLE t ADD c TYPE[ DEFAULT …][ NOT NULL]` per column;
 * - createIndex: `CREATE [UNIQUE ]INDEX name ON t(c1, c2)`;
 * - addForeignKeyConstraint: `ALTER TABLE t ADD CONSTRAINT n FOREIGN KEY (c) REFERENCES r (id)`
 *   with `ON UPDATE`/`ON DELETE`, and ` NOT VALID` for `validate="false"` (Liquibase 4.x);
 * - addNotNullConstraint: `UPDATE t SET c = v WHERE c IS NULL` first when `defaultNullValue`
 *   is given, then `ALTER TABLE t ALTER COLUMN c SET NOT NULL`;
 * - modifyDataType: `ALTER TABLE t ALTER COLUMN c TYPE type`;
 * - dropColumn, renameColumn, renameTable, dropTable, dropIndex, add/drop unique and
 *   foreign key constraints, createTable, update/delete/insert;
 * - `sql` is the user's SQL, mapped into the element's text; `sqlFile` names another file.
 * Identifiers are written as given (Liquibase quotes only names that need it); types are
 * Liquibase's portable names mapped to PostgreSQL's (`datetime` → TIMESTAMP WITHOUT TIME ZONE).
 * Every changeSet runs in its own transaction (written out as BEGIN … COMMIT around its
 * changes), or in none with `runInTransaction="false"`. `<rollback>` holds rollback code; changeSets whose
 * `dbms` or `context` names only other databases are left out.
 */
export const liquibaseAdapter: SourceAdapter = {
  id: 'liquibase',
  label: 'Liquibase',
  languageIds: ['xml', 'yaml', 'json'],
  globs: ['**/changelog/**/*.{xml,yaml,yml,json}', '**/*changelog*.{xml,yaml,yml,json}'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined && !/\.(xml|ya?ml|json)$/i.test(file.path)) return false;
    // A cheap sniff of the text, not a reading of it.
    return file.text.includes('databaseChangeLog');
  },
  read: readLiquibase,
  orderKey: (filePath: string) => basename(filePath),
};

const OTHER_DATABASES = /^(mysql|mariadb|oracle|mssql|sqlserver|h2|hsqldb|derby|db2|sqlite|sybase|firebird|informix|cockroachdb)$/i;

/** Whether a changeSet runs on PostgreSQL, by its `dbms` and (by convention) `context` lists. */
function runsOnPostgres(cs: Element): boolean {
  const dbms = cs.attrs.get('dbms');
  if (dbms) {
    const items = dbms.split(',').map((s) => s.trim().toLowerCase());
    if (items.some((i) => i === 'postgresql' || i === 'all')) return true;
    if (items.every((i) => i.startsWith('!'))) return !items.includes('!postgresql');
    return false;
  }
  const context = cs.attrs.get('context') ?? cs.attrs.get('contextFilter');
  if (context) {
    const words = context
      .split(/[\s,]+|\b(?:and|or)\b/i)
      .map((s) => s.trim())
      .filter(Boolean);
    if (words.some((w) => /^postgres(ql)?$/i.test(w))) return true;
    if (words.length > 0 && words.every((w) => OTHER_DATABASES.test(w))) return false;
  }
  return true;
}

function readLiquibase(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const yamlLike = file.path !== undefined ? /\.(ya?ml|json)$/i.test(file.path) : !file.text.trimStart().startsWith('<');
  const log = yamlLike ? parseYamlChangelog(file.text) : parseXmlChangelog(file.text);
  const statements: SourceStatement[] = [];
  const notes: SourceNote[] = [];
  const comments: HostComment[] = [];
  // The changeSets' own BEGIN/COMMIT pairs are written out below, so the file as a whole runs outside one.
  const base = {
    framework: 'liquibase',
    annotations: [],
    transactional: false,
    comments,
    errors: log.errors,
    ...(file.path ? { order: basename(file.path) } : {}),
  } as const;
  if (options.dialect !== 'postgresql') {
    notes.push({ range: { start: 0, end: 0 }, message: `Liquibase changelogs are translated for PostgreSQL only; not analysed for ${options.dialect}` });
    return { ...base, statements, notes };
  }
  const changeSets = (log.root?.children ?? []).filter((c) => c.name === 'changeSet');
  for (const cs of changeSets) {
    if (!runsOnPostgres(cs)) continue;
    const head: HostSpan = { start: cs.range.start, end: Math.min(cs.range.end, cs.range.start + 10) };
    // Liquibase runs and commits each changeSet in its own transaction, or in none with runInTransaction="false".
    const inTransaction = cs.attrs.get('runInTransaction') !== 'false';
    const boundary = (sql: string) => statements.push({ sql, kind: 'translated', range: head, direction: 'forward', call: 'changeSet' });
    if (inTransaction) boundary('BEGIN');
    for (const change of cs.children) {
      if (change.name === 'rollback') {
        for (const r of change.children) translateChange(r, 'rollback', statements, notes);
        if (change.text && change.text.value.trim())
          statements.push({ sql: change.text.value, kind: 'raw', range: change.range, offsets: change.text.offsets, direction: 'rollback', call: 'rollback' });
        continue;
      }
      translateChange(change, 'forward', statements, notes);
    }
    if (inTransaction) boundary('COMMIT');
  }
  return { ...base, statements, notes };
}

/** Liquibase's portable type names, as its PostgreSQL types write them. */
const TYPES: Readonly<Record<string, string>> = {
  int: 'INTEGER',
  integer: 'INTEGER',
  int4: 'INTEGER',
  bigint: 'BIGINT',
  int8: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'SMALLINT',
  boolean: 'BOOLEAN',
  bit: 'BOOLEAN',
  datetime: 'TIMESTAMP WITHOUT TIME ZONE',
  timestamp: 'TIMESTAMP WITHOUT TIME ZONE',
  date: 'date',
  time: 'TIME WITHOUT TIME ZONE',
  clob: 'TEXT',
  text: 'TEXT',
  longtext: 'TEXT',
  mediumtext: 'TEXT',
  blob: 'BYTEA',
  longblob: 'BYTEA',
  double: 'DOUBLE PRECISION',
  float: 'FLOAT',
  uuid: 'UUID',
  json: 'JSON',
  jsonb: 'JSONB',
};

function pgType(type: string): string {
  const t = type.trim();
  const m = /^([a-z_ ]+?)\s*(\(.*\))?$/i.exec(t);
  if (!m) return t;
  const baseName = m[1]!.toLowerCase();
  const args = m[2] ? m[2].replace(/\s*,\s*/g, ', ') : '';
  if (baseName === 'varchar' || baseName === 'character varying' || baseName === 'nvarchar') return `VARCHAR${args}`;
  if (baseName === 'char' || baseName === 'nchar') return `CHAR${args}`;
  if (baseName === 'decimal' || baseName === 'numeric' || baseName === 'number') return `DECIMAL${args}`;
  if (baseName === 'timestamp' && args) return `TIMESTAMP${args} WITHOUT TIME ZONE`;
  return TYPES[baseName] ? `${TYPES[baseName]}${baseName === 'timestamp' || baseName === 'datetime' ? '' : args}` : t;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A column's value or default from its `value*`/`defaultValue*` attributes; undefined when none is given. */
function valueOf(el: Element, prefix: 'value' | 'defaultValue'): string | undefined {
  const a = el.attrs;
  if (a.has(`${prefix}Computed`)) return a.get(`${prefix}Computed`)!;
  if (a.has(`${prefix}Numeric`)) return a.get(`${prefix}Numeric`)!;
  if (a.has(`${prefix}Boolean`)) return a.get(`${prefix}Boolean`)!.toUpperCase();
  if (a.has(`${prefix}Date`)) return quote(a.get(`${prefix}Date`)!);
  if (a.has(prefix)) return quote(a.get(prefix)!);
  return undefined;
}

function constraintsOf(col: Element): Element | undefined {
  return col.children.find((c) => c.name === 'constraints');
}

function table(el: Element, key = 'tableName'): string | undefined {
  const t = el.attrs.get(key);
  const schema =
    el.attrs.get('schemaName') ??
    (key === 'baseTableName' ? el.attrs.get('baseTableSchemaName') : key === 'referencedTableName' ? el.attrs.get('referencedTableSchemaName') : undefined);
  return t === undefined ? undefined : schema ? `${schema}.${t}` : t;
}

const cols = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

function columnDefinition(col: Element): string | undefined {
  const name = col.attrs.get('name');
  const type = col.attrs.get('type');
  if (!name || !type) return undefined;
  let sql = `${name} ${pgType(type)}`;
  if (col.attrs.get('autoIncrement') === 'true') sql = `${name} ${/big/i.test(type) ? 'BIGSERIAL' : 'SERIAL'}`;
  const def = valueOf(col, 'defaultValue');
  if (def !== undefined) sql += ` DEFAULT ${def}`;
  const c = constraintsOf(col);
  if (c?.attrs.get('nullable') === 'false') sql += ' NOT NULL';
  return sql;
}

function translateChange(change: Element, direction: Direction, statements: SourceStatement[], notes: SourceNote[]): void {
  const emit = (sql: string, range = change.range, backfill = false): void => {
    statements.push({ sql, kind: 'translated', range, direction, call: change.name, ...(backfill ? { backfill } : {}) });
  };
  const note = (message: string) => {
    if (direction === 'forward') notes.push({ range: change.range, message: `not analysed: \`${change.name}\`${message ? `: ${message}` : ''}` });
  };
  const a = change.attrs;
  const t = table(change);
  switch (change.name) {
    case 'sql': {
      const text = change.text;
      if (!text || !text.value.trim()) return note('no SQL text');
      statements.push({ sql: text.value, kind: 'raw', range: change.range, offsets: text.offsets, direction, call: 'sql' });
      return;
    }
    case 'sqlFile':
      return note(`the SQL is in ${a.get('path') ?? 'another file'}; lint that file`);
    case 'addColumn':
      if (!t) return note('no tableName');
      for (const col of change.children.filter((c) => c.name === 'column')) {
        const def = columnDefinition(col);
        if (!def) {
          note('a column without a name or type');
          continue;
        }
        emit(`ALTER TABLE ${t} ADD ${def}`, col.range);
        const c = constraintsOf(col);
        if (c?.attrs.get('unique') === 'true')
          emit(
            `ALTER TABLE ${t} ADD ${c.attrs.get('uniqueConstraintName') ? `CONSTRAINT ${c.attrs.get('uniqueConstraintName')} ` : ''}UNIQUE (${col.attrs.get('name')})`,
            col.range,
          );
        if (c?.attrs.get('referencedTableName') || c?.attrs.get('references')) {
          const ref = c.attrs.get('references') ?? `${c.attrs.get('referencedTableName')}(${c.attrs.get('referencedColumnNames') ?? 'id'})`;
          emit(
            `ALTER TABLE ${t} ADD CONSTRAINT ${c.attrs.get('foreignKeyName') ?? `fk_${t}_${col.attrs.get('name')}`} FOREIGN KEY (${col.attrs.get('name')}) REFERENCES ${ref}`,
            col.range,
          );
        }
      }
      return;
    case 'createIndex': {
      const name = a.get('indexName');
      const columns = change.children.filter((c) => c.name === 'column').map((c) => c.attrs.get('name') ?? '');
      if (!t || !name || columns.length === 0 || columns.some((c) => !c)) return note('no table, name or columns');
      return emit(`CREATE ${a.get('unique') === 'true' ? 'UNIQUE ' : ''}INDEX ${name} ON ${t}(${columns.join(', ')})`);
    }
    case 'dropIndex': {
      const name = a.get('indexName');
      return name ? emit(`DROP INDEX ${a.get('schemaName') ? `${a.get('schemaName')}.` : ''}${name}`) : note('no indexName');
    }
    case 'addForeignKeyConstraint': {
      const base = table(change, 'baseTableName');
      const ref = table(change, 'referencedTableName');
      const name = a.get('constraintName');
      if (!base || !ref || !name) return note('no table or constraint name');
      const onUpdate = a.get('onUpdate');
      const onDelete = a.get('onDelete');
      const deferrable = a.get('deferrable') === 'true' ? ` DEFERRABLE${a.get('initiallyDeferred') === 'true' ? ' INITIALLY DEFERRED' : ''}` : '';
      return emit(
        `ALTER TABLE ${base} ADD CONSTRAINT ${name} FOREIGN KEY (${cols(a.get('baseColumnNames')).join(', ')}) REFERENCES ${ref} (${cols(a.get('referencedColumnNames')).join(', ')})${onUpdate ? ` ON UPDATE ${onUpdate}` : ''}${onDelete ? ` ON DELETE ${onDelete}` : ''}${deferrable}${a.get('validate') === 'false' ? ' NOT VALID' : ''}`,
      );
    }
    case 'dropForeignKeyConstraint': {
      const base = table(change, 'baseTableName');
      return base && a.get('constraintName') ? emit(`ALTER TABLE ${base} DROP CONSTRAINT ${a.get('constraintName')}`) : note('no table or constraint name');
    }
    case 'addUniqueConstraint': {
      const name = a.get('constraintName');
      if (!t) return note('no tableName');
      return emit(`ALTER TABLE ${t} ADD ${name ? `CONSTRAINT ${name} ` : ''}UNIQUE (${cols(a.get('columnNames')).join(', ')})`);
    }
    case 'dropUniqueConstraint':
      return t && a.get('constraintName') ? emit(`ALTER TABLE ${t} DROP CONSTRAINT ${a.get('constraintName')}`) : note('no table or constraint name');
    case 'addPrimaryKey':
      return t
        ? emit(
            `ALTER TABLE ${t} ADD ${a.get('constraintName') ? `CONSTRAINT ${a.get('constraintName')} ` : ''}PRIMARY KEY (${cols(a.get('columnNames')).join(', ')})`,
          )
        : note('no tableName');
    case 'addNotNullConstraint': {
      const c = a.get('columnName');
      if (!t || !c) return note('no table or column name');
      const fill = a.get('defaultNullValue');
      if (fill !== undefined) emit(`UPDATE ${t} SET ${c} = ${/^-?\d+(\.\d+)?$/.test(fill) ? fill : quote(fill)} WHERE ${c} IS NULL`, change.range, true);
      return emit(`ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL`);
    }
    case 'dropNotNullConstraint': {
      const c = a.get('columnName');
      return t && c ? emit(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP NOT NULL`) : note('no table or column name');
    }
    case 'addDefaultValue': {
      const c = a.get('columnName');
      const def = valueOf(change, 'defaultValue');
      return t && c && def !== undefined ? emit(`ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${def}`) : note('no table, column or value');
    }
    case 'dropDefaultValue': {
      const c = a.get('columnName');
      return t && c ? emit(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`) : note('no table or column name');
    }
    case 'modifyDataType': {
      const c = a.get('columnName');
      const type = a.get('newDataType');
      return t && c && type ? emit(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${pgType(type)}`) : note('no table, column or type');
    }
    case 'dropColumn': {
      const names = a.get('columnName') ? [a.get('columnName')!] : change.children.filter((c) => c.name === 'column').map((c) => c.attrs.get('name') ?? '');
      if (!t || names.length === 0 || names.some((n) => !n)) return note('no table or column name');
      for (const n of names) emit(`ALTER TABLE ${t} DROP COLUMN ${n}`);
      return;
    }
    case 'renameColumn': {
      const from = a.get('oldColumnName');
      const to = a.get('newColumnName');
      return t && from && to ? emit(`ALTER TABLE ${t} RENAME COLUMN ${from} TO ${to}`) : note('no table or column names');
    }
    case 'renameTable': {
      const from = table(change, 'oldTableName');
      const to = a.get('newTableName');
      return from && to ? emit(`ALTER TABLE ${from} RENAME TO ${to}`) : note('no table names');
    }
    case 'dropTable':
      return t ? emit(`DROP TABLE ${t}${a.get('cascadeConstraints') === 'true' ? ' CASCADE' : ''}`) : note('no tableName');
    case 'createTable': {
      if (!t) return note('no tableName');
      const defs: string[] = [];
      const pk: string[] = [];
      for (const col of change.children.filter((c) => c.name === 'column')) {
        const def = columnDefinition(col);
        if (!def) return note('a column without a name or type');
        defs.push(def);
        if (constraintsOf(col)?.attrs.get('primaryKey') === 'true') pk.push(col.attrs.get('name')!);
      }
      if (pk.length > 0) defs.push(`PRIMARY KEY (${pk.join(', ')})`);
      return emit(`CREATE TABLE ${t} (${defs.join(', ')})`);
    }
    case 'update':
    case 'delete': {
      if (!t) return note('no tableName');
      const where = change.children.find((c) => c.name === 'where')?.text?.value.trim();
      if (change.name === 'delete') return emit(`DELETE FROM ${t}${where ? ` WHERE ${where}` : ''}`, change.range, true);
      const sets: string[] = [];
      for (const col of change.children.filter((c) => c.name === 'column')) {
        const v = valueOf(col, 'value');
        if (!col.attrs.get('name') || v === undefined) return note('a column without a name or value');
        sets.push(`${col.attrs.get('name')} = ${v}`);
      }
      return sets.length > 0 ? emit(`UPDATE ${t} SET ${sets.join(', ')}${where ? ` WHERE ${where}` : ''}`, change.range, true) : note('no columns');
    }
    case 'insert': {
      if (!t) return note('no tableName');
      const names: string[] = [];
      const values: string[] = [];
      for (const col of change.children.filter((c) => c.name === 'column')) {
        const v = valueOf(col, 'value');
        if (!col.attrs.get('name')) return note('a column without a name');
        names.push(col.attrs.get('name')!);
        values.push(v ?? 'NULL');
      }
      return emit(`INSERT INTO ${t} (${names.join(', ')}) VALUES (${values.join(', ')})`);
    }
    case 'comment':
    case 'preConditions':
    case 'validCheckSum':
    case 'tagDatabase':
    case 'empty':
    case 'output':
    case 'setColumnRemarks':
    case 'setTableRemarks':
      return;
    default:
      return note('');
  }
}
