import { bodyStatements, callback, chainOf, fail, ident, sqlString, stringValue, tableIdent, valueOf, type Link, type Value } from './chain';

/*
 * Kysely schema builders as its PostgreSQL compiler renders them (kysely 0.27,
 * `db.schema.….compile()`): one statement per chain, column changes of one
 * `alterTable` joined by commas.
 */

const ENDS = new Set(['execute', 'compile', 'then']);

/** The SQL of a `db.schema.…` chain (links after `schema`), or throws Untranslatable. */
export function kyselySchema(links: readonly Link[]): string[] {
  const [head, ...rest] = links;
  if (!head?.args) fail('not a schema call');
  const mods = rest.filter((l) => !ENDS.has(l.name));
  const args = head.args;
  switch (head.name) {
    case 'alterTable': {
      const t = tableIdent(stringValue(args[0], 'the table name'));
      const parts = mods.map((m) => alteration(m));
      if (parts.length === 0) fail('the alterTable chain changes nothing');
      // Kysely renders one ALTER TABLE with the changes comma-separated; renames stand alone.
      return [`alter table ${t} ${parts.join(', ')}`];
    }
    case 'createTable': {
      const t = tableIdent(stringValue(args[0], 'the table name'));
      let ifNotExists = '';
      const defs: string[] = [];
      for (const m of mods) {
        if (m.name === 'ifNotExists') ifNotExists = 'if not exists ';
        else if (m.name === 'addColumn') defs.push(columnDef(m));
        else if (m.name === 'addPrimaryKeyConstraint') defs.push(`constraint ${ident(str(m, 0))} primary key (${cols(m, 1)})`);
        else if (m.name === 'addUniqueConstraint') defs.push(`constraint ${ident(str(m, 0))} unique (${cols(m, 1)})`);
        else fail(`\`.${m.name}\` is not translated`);
      }
      return [`create table ${ifNotExists}${t} (${defs.join(', ')})`];
    }
    case 'createIndex': {
      const name = ident(stringValue(args[0], 'the index name'));
      let unique = '';
      let ifNotExists = '';
      let on = '';
      let columns = '';
      let using = '';
      for (const m of mods) {
        if (m.name === 'unique') unique = ' unique';
        else if (m.name === 'ifNotExists') ifNotExists = ' if not exists';
        else if (m.name === 'on') on = tableIdent(str(m, 0));
        else if (m.name === 'column') columns = ident(str(m, 0));
        else if (m.name === 'columns') columns = cols(m, 0);
        else if (m.name === 'using') using = ` using ${str(m, 0)}`;
        else fail(`\`.${m.name}\` is not translated`);
      }
      if (!on || !columns) fail('the index names no table or columns');
      return [`create${unique} index${ifNotExists} ${name} on ${on}${using} (${columns})`];
    }
    case 'dropIndex':
      return [dropSql('index', stringValue(args[0], 'the index name'), mods)];
    case 'dropTable':
      return [dropSql('table', stringValue(args[0], 'the table name'), mods)];
    default:
      return fail(`\`schema.${head.name}\` is not translated`);
  }
}

function str(m: Link, i: number): string {
  return stringValue(m.args?.[i], `the argument of .${m.name}`);
}

function cols(m: Link, i: number): string {
  const v = valueOf(m.args?.[i]);
  if (!Array.isArray(v)) fail(`the columns of .${m.name} are not a literal array`);
  return (v as Value[]).map((c) => (typeof c === 'string' ? ident(c) : fail('a column is not a string'))).join(', ');
}

function alteration(m: Link): string {
  switch (m.name) {
    case 'addColumn':
      return `add column ${columnDef(m)}`;
    case 'dropColumn':
      return `drop column ${ident(str(m, 0))}`;
    case 'renameColumn':
      return `rename column ${ident(str(m, 0))} to ${ident(str(m, 1))}`;
    case 'renameTo':
      return `rename to ${ident(str(m, 0))}`;
    case 'alterColumn': {
      const col = ident(str(m, 0));
      const cb = callback(m.args?.[1]);
      if (!cb) fail('the alterColumn callback is not a function literal');
      const [expr] = bodyStatements(cb.body);
      const links = chainOf(expr!.type === 'expression_statement' ? expr!.namedChildren[0]! : expr!);
      const [, change] = links;
      if (links[0]?.name !== cb.param || !change || links.length !== 2) fail('the alterColumn callback is not one change');
      switch (change.name) {
        case 'setDataType':
          return `alter column ${col} type ${dataType(change.args?.[0])}`;
        case 'setNotNull':
          return `alter column ${col} set not null`;
        case 'dropNotNull':
          return `alter column ${col} drop not null`;
        case 'setDefault':
          return `alter column ${col} set default ${defaultSql(valueOf(change.args?.[0]))}`;
        case 'dropDefault':
          return `alter column ${col} drop default`;
        default:
          return fail(`\`.${change.name}\` is not translated`);
      }
    }
    case 'addUniqueConstraint':
      return `add constraint ${ident(str(m, 0))} unique (${cols(m, 1)})`;
    case 'dropConstraint':
      return `drop constraint ${ident(str(m, 0))}`;
    default:
      return fail(`\`.${m.name}\` is not translated`);
  }
}

function dataType(node: Parameters<typeof valueOf>[0]): string {
  const v = valueOf(node);
  if (typeof v !== 'string' || !/^[a-z][a-z0-9_ ]*(\(\d+(, ?\d+)?\))?(\[\])?$/i.test(v)) fail('the data type is not a literal type name');
  return v;
}

function columnDef(m: Link): string {
  const name = ident(str(m, 0));
  const type = dataType(m.args?.[1]);
  // Kysely renders a column's modifiers in a fixed order, whatever order they were chained in.
  const slot: Partial<Record<'default' | 'notNull' | 'unique' | 'primaryKey' | 'references' | 'onDelete' | 'onUpdate', string>> = {};
  const cb = m.args?.[2] ? callback(m.args[2]) : undefined;
  if (m.args?.[2] && !cb) fail('the column callback is not a function literal');
  if (cb) {
    const [expr] = bodyStatements(cb.body);
    const target = expr && (expr.type === 'expression_statement' ? expr.namedChildren[0]! : expr);
    const links = target ? chainOf(target) : [];
    if (links[0]?.name !== cb.param) fail('the column callback is not a column builder chain');
    for (const l of links.slice(1)) {
      switch (l.name) {
        case 'notNull':
          slot.notNull = ' not null';
          break;
        case 'primaryKey':
          slot.primaryKey = ' primary key';
          break;
        case 'unique':
          slot.unique = ' unique';
          break;
        case 'defaultTo':
          slot.default = ` default ${defaultSql(valueOf(l.args?.[0]))}`;
          break;
        case 'references': {
          const r = stringValue(l.args?.[0], 'the reference');
          const dot = r.lastIndexOf('.');
          if (dot <= 0) fail('the reference is not `table.column`');
          slot.references = ` references ${tableIdent(r.slice(0, dot))} (${ident(r.slice(dot + 1))})`;
          break;
        }
        case 'onDelete':
          slot.onDelete = ` on delete ${stringValue(l.args?.[0], 'onDelete')}`;
          break;
        case 'onUpdate':
          slot.onUpdate = ` on update ${stringValue(l.args?.[0], 'onUpdate')}`;
          break;
        default:
          fail(`\`.${l.name}\` is not translated`);
      }
    }
  }
  const mods = (['default', 'notNull', 'unique', 'primaryKey', 'references', 'onDelete', 'onUpdate'] as const).map((k) => slot[k] ?? '').join('');
  return `${name} ${type}${mods}`;
}

function defaultSql(v: Value): string {
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return fail('the default is not a literal');
}

/** `dropIndex(name)` / `dropTable(name)` with their optional `.ifExists()` and `.cascade()`. */
function dropSql(kind: 'index' | 'table', name: string, mods: readonly Link[]): string {
  let ifExists = '';
  let cascade = '';
  for (const m of mods) {
    if (m.name === 'ifExists') ifExists = ' if exists';
    else if (m.name === 'cascade') cascade = ' cascade';
    else fail(`\`.${m.name}\` is not translated`);
  }
  return `drop ${kind}${ifExists} ${tableIdent(name)}${cascade}`;
}
