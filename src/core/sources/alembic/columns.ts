import { baseName, bool, str, strList, type PyCall, type PyValue } from '../python/values';
import { isCall, literal, qualified, quoteName, renderDefault, renderType, type RenderedType } from './sqlalchemy';

/** A `sa.Column(...)` as SQLAlchemy would render it. */
export interface ColumnDef {
  readonly name: string;
  readonly type: RenderedType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** `autoincrement=` as written; SQLAlchemy's default is "auto". */
  readonly autoincrement: boolean | 'auto';
  readonly default?: string;
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly unique: boolean;
  readonly comment?: string;
}

export interface ForeignKeyDef {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete?: string;
  readonly onUpdate?: string;
  readonly deferrable?: boolean;
  readonly initially?: string;
  readonly notValid?: boolean;
}

/** Reads a `sa.Column`; a string says what could not be read. */
export function readColumn(call: PyCall): ColumnDef | string {
  const named = call.kwargs.get('name');
  const [first, ...rest] = named ? [named, ...call.args] : call.args;
  const name = str(first);
  if (name === undefined) return 'its name is not a literal';
  const typeArg = call.kwargs.get('type_') ?? rest.find((a) => !isCall(a, 'ForeignKey', 'Computed', 'Identity', 'CheckConstraint'));
  const type = renderType(typeArg);
  if (!type) return `the SQL type of column ${name} (${typeArg ? typeArg.node.text : 'none'}) is not known`;
  if (rest.some((a) => isCall(a, 'Computed', 'Identity'))) return `column ${name} is computed or an identity column`;
  const foreignKeys: ForeignKeyDef[] = [];
  for (const fk of rest.filter((a): a is PyCall => isCall(a, 'ForeignKey'))) {
    const target = str(fk.args[0]);
    const dot = target?.lastIndexOf('.') ?? -1;
    if (!target || dot < 0) return `the foreign key of column ${name} does not name table.column literally`;
    foreignKeys.push({
      ...options(fk),
      columns: [name],
      refTable: target.slice(0, dot),
      refColumns: [target.slice(dot + 1)],
    });
  }
  const primaryKey = bool(call.kwargs.get('primary_key')) ?? false;
  const serverDefault = call.kwargs.get('server_default');
  let rendered: string | undefined;
  if (serverDefault && !(serverDefault.kind === 'const' && serverDefault.value === null)) {
    rendered = renderDefault(serverDefault);
    if (rendered === undefined) return `the server default of column ${name} (${serverDefault.node.text}) is not a literal`;
  }
  const auto = call.kwargs.get('autoincrement');
  const comment = str(call.kwargs.get('comment'));
  return {
    name,
    type,
    nullable: bool(call.kwargs.get('nullable')) ?? !primaryKey,
    primaryKey,
    autoincrement: auto?.kind === 'const' && typeof auto.value === 'boolean' ? auto.value : 'auto',
    ...(rendered !== undefined ? { default: rendered } : {}),
    foreignKeys,
    unique: bool(call.kwargs.get('unique')) ?? false,
    ...(comment !== undefined ? { comment } : {}),
  };
}

/** `ondelete=`, `onupdate=`, `name=`, … shared by ForeignKey and ForeignKeyConstraint. */
function options(call: PyCall): Omit<ForeignKeyDef, 'columns' | 'refTable' | 'refColumns'> {
  const name = str(call.kwargs.get('name'));
  const onDelete = str(call.kwargs.get('ondelete'));
  const onUpdate = str(call.kwargs.get('onupdate'));
  const deferrable = bool(call.kwargs.get('deferrable'));
  const initially = str(call.kwargs.get('initially'));
  const notValid = bool(call.kwargs.get('postgresql_not_valid'));
  return {
    ...(name !== undefined ? { name } : {}),
    ...(onDelete !== undefined ? { onDelete } : {}),
    ...(onUpdate !== undefined ? { onUpdate } : {}),
    ...(deferrable !== undefined ? { deferrable } : {}),
    ...(initially !== undefined ? { initially } : {}),
    ...(notValid !== undefined ? { notValid } : {}),
  };
}

/** Reads `sa.ForeignKeyConstraint(['a'], ['t.id'], ...)`. */
export function readForeignKeyConstraint(call: PyCall): ForeignKeyDef | string {
  const columns = strList(call.args[0] ?? call.kwargs.get('columns'));
  const refs = strList(call.args[1] ?? call.kwargs.get('refcolumns'));
  if (!columns || !refs || refs.length === 0) return 'a foreign key constraint whose columns are not literal';
  const tables = new Set(refs.map((r) => r.slice(0, r.lastIndexOf('.'))));
  if (tables.size !== 1 || refs.some((r) => !r.includes('.'))) return 'a foreign key constraint that does not name table.column literally';
  return { ...options(call), columns, refTable: [...tables][0]!, refColumns: refs.map((r) => r.slice(r.lastIndexOf('.') + 1)) };
}

/** The column's own clause: `name TYPE DEFAULT x NOT NULL`. */
export function columnClause(c: ColumnDef, serial = false): string {
  const type = serial && c.type.serial ? c.type.serial : c.type.sql;
  return [quoteName(c.name), type, c.default !== undefined ? `DEFAULT ${c.default}` : '', c.nullable ? '' : 'NOT NULL'].filter(Boolean).join(' ');
}

/** `FOREIGN KEY(a) REFERENCES t (id) ON DELETE CASCADE`, SQLAlchemy's spelling (no space after KEY). */
export function foreignKeyClause(fk: ForeignKeyDef, schema?: string): string {
  const ref = fk.refTable.includes('.') ? fk.refTable.split('.').map(quoteName).join('.') : qualified(fk.refTable, schema);
  const parts = [
    fk.name !== undefined ? `CONSTRAINT ${quoteName(fk.name)} ` : '',
    `FOREIGN KEY(${fk.columns.map(quoteName).join(', ')}) REFERENCES ${ref} (${fk.refColumns.map(quoteName).join(', ')})`,
    fk.onDelete ? ` ON DELETE ${fk.onDelete}` : '',
    fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : '',
    fk.deferrable === true ? ' DEFERRABLE' : fk.deferrable === false ? ' NOT DEFERRABLE' : '',
    fk.initially ? ` INITIALLY ${fk.initially}` : '',
    fk.notValid ? ' NOT VALID' : '',
  ];
  return parts.join('');
}

export function commentStatement(table: string, column: string, comment: string): string {
  return `COMMENT ON COLUMN ${table}.${quoteName(column)} IS ${literal(comment)}`;
}

export function isColumn(v: PyValue): boolean {
  return v.kind === 'call' && baseName(v.callee) === 'Column';
}
