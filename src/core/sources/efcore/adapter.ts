import { basename, dirname, join } from 'node:path';
import type { Dialect } from '../../types';
import type {
  Direction,
  HostComment,
  HostError,
  HostSpan,
  MigrationSource,
  ProjectDatabase,
  SourceAdapter,
  SourceFile,
  SourceNote,
  SourceStatement,
} from '../adapter';
import { readArgs, str, strList, type CsArgs, type CsValue } from '../csharp/values';
import { captures, grammarParser, loadGrammar, namedChildren, type SyntaxNode } from '../tree-sitter';

/*
 * EF Core migrations (`Migrations/<timestamp>_<Name>.cs`): `Up` runs forward, `Down` is
 * rollback; each `migrationBuilder.X(…)` call becomes the SQL the Npgsql provider writes for
 * it. There is no framework oracle on this machine (no .NET in Debian's archive here), so the
 * translations keep to what Npgsql's documentation and migrations SQL generator show:
 * quoted identifiers, `ALTER TABLE … ADD "c" type NULL|NOT NULL DEFAULT …`,
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] … WHERE …`. Where the exact text is uncertain the
 * statement is still the same kind of DDL on the same objects, which is what the rules read.
 */

/** Npgsql's column types for CLR types (Npgsql 6+: DateTime maps to timestamp with time zone). */
const CLR_TYPES: Readonly<Record<string, string>> = {
  string: 'text',
  int: 'integer',
  long: 'bigint',
  short: 'smallint',
  byte: 'smallint',
  bool: 'boolean',
  Guid: 'uuid',
  DateTime: 'timestamp with time zone',
  DateTimeOffset: 'timestamp with time zone',
  DateOnly: 'date',
  TimeOnly: 'time without time zone',
  TimeSpan: 'interval',
  decimal: 'numeric',
  double: 'double precision',
  float: 'real',
  'byte[]': 'bytea',
};

const ON_DELETE: Readonly<Record<string, string | undefined>> = {
  'ReferentialAction.Cascade': 'CASCADE',
  'ReferentialAction.Restrict': 'RESTRICT',
  'ReferentialAction.SetNull': 'SET NULL',
  'ReferentialAction.SetDefault': 'SET DEFAULT',
  'ReferentialAction.NoAction': '',
};

/** Provider names in annotation keys and project names: migrations generated for another database. */
const OTHER_PROVIDERS: readonly [RegExp, string][] = [
  [/sql\s*server/i, 'SQL Server'],
  [/sqlite/i, 'SQLite'],
  [/mysql|mariadb|pomelo/i, 'MySQL'],
];

export const efCoreAdapter: SourceAdapter = {
  id: 'efcore',
  label: 'EF Core',
  languageIds: ['csharp'],
  globs: ['**/Migrations/*.cs'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined) {
      const name = basename(file.path);
      if (!name.endsWith('.cs') || name.endsWith('.Designer.cs') || name.endsWith('ModelSnapshot.cs')) return false;
    }
    // A cheap sniff of the text, not a reading of the code.
    return file.text.includes('MigrationBuilder') && file.text.includes(': Migration');
  },
  projectDatabase: efDatabase,
  prepare: () => loadGrammar('c-sharp'),
  read: readEfCore,
  orderKey: (filePath: string) => basename(filePath),
};

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const table = (a: CsArgs, key = 'table'): string | undefined => {
  const t = str(a.named.get(key));
  const schema = str(a.named.get('schema'));
  return t === undefined ? undefined : schema ? `${q(schema)}.${q(t)}` : q(t);
};

function readEfCore(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const tree = grammarParser('c-sharp')?.parse(file.text);
  const order = file.path ? { order: basename(file.path) } : {};
  const base = { framework: 'efcore', annotations: [], transactional: options.dialect === 'postgresql', ...order } as const;
  if (!tree) return { ...base, statements: [], notes: [], comments: [], errors: [{ start: 0, end: 0, message: 'the C# parser is not loaded' }] };
  const root = tree.rootNode;
  const comments: HostComment[] = captures('c-sharp', '(comment) @c', root).map((n) => ({
    range: { start: n.startIndex, end: n.endIndex },
    body: n.text.startsWith('//') ? n.text.slice(2).replace(/^ /, '') : n.text.replace(/^\/\*+\s?/, '').replace(/\s*\*\/$/, ''),
  }));
  const errors: HostError[] = root.hasError
    ? captures('c-sharp', '(ERROR) @e', root).map((n) => ({ start: n.startIndex, end: Math.max(n.endIndex, n.startIndex + 1), message: 'C# syntax error' }))
    : [];
  const statements: SourceStatement[] = [];
  const notes: SourceNote[] = [];
  const other = otherProvider(file, root);
  if (options.dialect !== 'postgresql' || other) {
    const what = other ?? options.dialect;
    notes.push({
      range: { start: 0, end: 0 },
      message: `not analysed for this database: this EF Core migration is generated for ${what}; Lockstep translates EF Core migrations for PostgreSQL (Npgsql) only`,
    });
    return { ...base, transactional: false, statements, notes, comments, errors };
  }

  for (const method of captures('c-sharp', '(method_declaration) @m', root)) {
    const name = method.childForFieldName('name')?.text;
    const direction: Direction | undefined = name === 'Up' ? 'forward' : name === 'Down' ? 'rollback' : undefined;
    const params = method.childForFieldName('parameters');
    const builder = params ? namedChildren(params)[0]?.childForFieldName('name')?.text : undefined;
    const body = method.childForFieldName('body');
    if (!direction || !builder || !body) continue;
    for (const stmt of namedChildren(body)) {
      const call = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      const chain = call ? flatten(call) : undefined;
      if (!chain || chain.receiver !== builder) continue;
      const range = { start: call!.startIndex, end: call!.endIndex };
      const [head, ...rest] = chain.calls;
      if (head!.name === 'Sql') {
        const sql = head!.args.named.get('sql') ?? head!.args.positional[0];
        if (sql?.kind === 'str') {
          statements.push({
            sql: sql.value,
            kind: 'raw',
            range: { start: sql.node.startIndex, end: sql.node.endIndex },
            offsets: sql.offsets,
            ...(sql.exact ? {} : { inexact: true }),
            direction,
            call: 'Sql',
          });
        } else if (direction === 'forward') {
          notes.push({ range, message: 'not analysed: migrationBuilder.Sql with SQL that is not a string literal' });
        }
        if (
          head!.args.named.get('suppressTransaction')?.kind === 'const' &&
          (head!.args.named.get('suppressTransaction') as { value: unknown }).value === true
        ) {
          statements.splice(statements.length - 1, 0, { sql: 'COMMIT', kind: 'translated', range, direction, call: 'Sql(suppressTransaction)' });
          statements.push({ sql: 'BEGIN', kind: 'translated', range, direction, call: 'Sql(suppressTransaction)' });
        }
        continue;
      }
      const out = translate(head!.name, head!.typeArg, head!.args, rest, head!.node);
      if (typeof out === 'string') {
        if (direction === 'forward') notes.push({ range, message: `not analysed: migrationBuilder.${head!.name}${out ? `: ${out}` : ''}` });
      } else {
        for (const sql of out) statements.push({ sql, kind: 'translated', range, direction, call: head!.name });
      }
    }
  }
  return { ...base, statements, notes, comments, errors };
}

interface Call {
  readonly name: string;
  readonly typeArg?: string;
  readonly args: CsArgs;
  readonly node: SyntaxNode;
}

/** `b.X<T>(…).Annotation(…)` as its receiver and calls in order. */
function flatten(node: SyntaxNode): { receiver: string; calls: Call[] } | undefined {
  const calls: Call[] = [];
  let at: SyntaxNode | null = node;
  while (at?.type === 'invocation_expression') {
    const fn = at.childForFieldName('function');
    if (fn?.type !== 'member_access_expression') return undefined;
    const nameNode = fn.childForFieldName('name');
    const generic = nameNode?.type === 'generic_name';
    const name = generic ? namedChildren(nameNode!)[0]?.text : nameNode?.text;
    const typeArgs = generic ? namedChildren(nameNode!).find((c) => c.type === 'type_argument_list') : undefined;
    if (!name) return undefined;
    calls.unshift({
      name,
      ...(typeArgs ? { typeArg: namedChildren(typeArgs)[0]?.text ?? '' } : {}),
      args: readArgs(at.childForFieldName('arguments')),
      node: at,
    });
    at = fn.childForFieldName('expression');
  }
  return at?.type === 'identifier' ? { receiver: at.text, calls } : undefined;
}

/** The column type Npgsql writes: `type:` when given, else from the CLR type and `maxLength:`. */
function columnType(clr: string | undefined, a: CsArgs, prefix = ''): string | undefined {
  const explicit = str(a.named.get(`${prefix}type`) ?? a.named.get(prefix ? 'oldType' : 'type'));
  if (explicit !== undefined) return explicit;
  const base = clr?.replace(/\?$/, '');
  const maxLength = a.named.get(prefix ? 'oldMaxLength' : 'maxLength');
  if (base === 'string' && maxLength?.kind === 'num') return `character varying(${maxLength.value})`;
  return base ? CLR_TYPES[base] : undefined;
}

function sqlLiteral(v: CsValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return v.exact ? `'${v.value.replace(/'/g, "''")}'` : undefined;
  if (v.kind === 'num') return v.text;
  if (v.kind === 'const') return v.value === null ? 'NULL' : v.value ? 'TRUE' : 'FALSE';
  return undefined;
}

/** ` DEFAULT …` from `defaultValue:`/`defaultValueSql:`; undefined when the value cannot be written; '' when there is none. */
function defaultClause(a: CsArgs, prefix = ''): string | undefined {
  const sql = a.named.get(prefix ? 'oldDefaultValueSql' : 'defaultValueSql');
  if (sql) return str(sql) === undefined ? undefined : ` DEFAULT (${str(sql)})`;
  const value = a.named.get(prefix ? 'oldDefaultValue' : 'defaultValue');
  if (!value) return '';
  const lit = sqlLiteral(value);
  return lit === undefined ? undefined : lit === 'NULL' ? '' : ` DEFAULT ${lit}`;
}

const flag = (v: CsValue | undefined, fallback = false): boolean => (v?.kind === 'const' ? v.value === true : fallback);

/** A column's definition, or `!` and what could not be read. */
function columnDefinition(name: string, clr: string | undefined, a: CsArgs, annotations: readonly Call[]): string {
  const type = columnType(clr, a);
  const def = defaultClause(a);
  if (type === undefined) return `!the column type of ${name}`;
  if (def === undefined) return `!the default of ${name}`;
  let sql = `${q(name)} ${type}`;
  for (const ann of annotations) {
    const key = str(ann.args.positional[0]);
    const value = ann.args.positional[1];
    if (key === 'Npgsql:ValueGenerationStrategy' && value?.kind === 'name') {
      if (value.path.endsWith('IdentityByDefaultColumn')) sql += ' GENERATED BY DEFAULT AS IDENTITY';
      else if (value.path.endsWith('IdentityAlwaysColumn')) sql += ' GENERATED ALWAYS AS IDENTITY';
      else if (value.path.endsWith('SerialColumn')) sql = `${q(name)} ${type === 'bigint' ? 'bigserial' : type === 'smallint' ? 'smallserial' : 'serial'}`;
    }
  }
  return `${sql}${flag(a.named.get('nullable')) ? ' NULL' : ' NOT NULL'}${def}`;
}

/** One `migrationBuilder` call as SQL, or the reason it is not translated. */
function translate(name: string, typeArg: string | undefined, a: CsArgs, rest: readonly Call[], node: SyntaxNode): string[] | string {
  const t = table(a);
  const col = str(a.named.get('name'));
  const annotation = (key: string) => rest.find((c) => c.name === 'Annotation' && str(c.args.positional[0]) === key)?.args.positional[1];
  switch (name) {
    case 'AddColumn': {
      if (t === undefined || col === undefined) return 'a table or column name that is not a literal';
      const def = columnDefinition(col, typeArg, a, rest);
      return def.startsWith('!') ? def.slice(1) : [`ALTER TABLE ${t} ADD ${def};`];
    }
    case 'DropColumn':
      return t === undefined || col === undefined ? 'a name that is not a literal' : [`ALTER TABLE ${t} DROP COLUMN ${q(col)};`];
    case 'RenameColumn': {
      const to = str(a.named.get('newName'));
      return t === undefined || col === undefined || to === undefined
        ? 'a name that is not a literal'
        : [`ALTER TABLE ${t} RENAME COLUMN ${q(col)} TO ${q(to)};`];
    }
    case 'RenameTable': {
      const from = table(a, 'name');
      const to = str(a.named.get('newName'));
      return from === undefined || to === undefined ? 'a name that is not a literal' : [`ALTER TABLE ${from} RENAME TO ${q(to)};`];
    }
    case 'DropTable': {
      const n = table(a, 'name');
      return n === undefined ? 'a name that is not a literal' : [`DROP TABLE ${n};`];
    }
    case 'CreateIndex': {
      const cols = strList(a.named.get('columns') ?? a.named.get('column'));
      if (t === undefined || col === undefined || !cols) return 'a name or columns that are not literals';
      const filter = a.named.get('filter');
      if (filter && str(filter) === undefined) return 'a filter that is not a literal';
      const concurrently = flag(annotation('Npgsql:CreatedConcurrently'));
      const method = str(annotation('Npgsql:IndexMethod'));
      return [
        `CREATE ${flag(a.named.get('unique')) ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${q(col)} ON ${t}${method ? ` USING ${method}` : ''} (${cols.map(q).join(', ')})${filter ? ` WHERE ${str(filter)}` : ''};`,
      ];
    }
    case 'DropIndex': {
      const schema = str(a.named.get('schema'));
      return col === undefined ? 'a name that is not a literal' : [`DROP INDEX ${schema ? `${q(schema)}.` : ''}${q(col)};`];
    }
    case 'RenameIndex': {
      const to = str(a.named.get('newName'));
      return col === undefined || to === undefined ? 'a name that is not a literal' : [`ALTER INDEX ${q(col)} RENAME TO ${q(to)};`];
    }
    case 'AddForeignKey': {
      const cols = strList(a.named.get('columns') ?? a.named.get('column'));
      const principal = table(a, 'principalTable');
      const refs = strList(a.named.get('principalColumns') ?? a.named.get('principalColumn'));
      const onDelete = a.named.get('onDelete');
      const action = onDelete?.kind === 'name' ? ON_DELETE[onDelete.path] : onDelete === undefined ? '' : undefined;
      if (t === undefined || col === undefined || !cols || !principal || !refs || action === undefined) return 'names that are not literals';
      return [
        `ALTER TABLE ${t} ADD CONSTRAINT ${q(col)} FOREIGN KEY (${cols.map(q).join(', ')}) REFERENCES ${principal} (${refs.map(q).join(', ')})${action ? ` ON DELETE ${action}` : ''};`,
      ];
    }
    case 'DropForeignKey':
    case 'DropPrimaryKey':
    case 'DropUniqueConstraint':
    case 'DropCheckConstraint':
      return t === undefined || col === undefined ? 'a name that is not a literal' : [`ALTER TABLE ${t} DROP CONSTRAINT ${q(col)};`];
    case 'AddPrimaryKey':
    case 'AddUniqueConstraint': {
      const cols = strList(a.named.get('columns') ?? a.named.get('column'));
      if (t === undefined || col === undefined || !cols) return 'names that are not literals';
      return [`ALTER TABLE ${t} ADD CONSTRAINT ${q(col)} ${name === 'AddPrimaryKey' ? 'PRIMARY KEY' : 'UNIQUE'} (${cols.map(q).join(', ')});`];
    }
    case 'AddCheckConstraint': {
      const sql = str(a.named.get('sql'));
      return t === undefined || col === undefined || sql === undefined
        ? 'names that are not literals'
        : [`ALTER TABLE ${t} ADD CONSTRAINT ${q(col)} CHECK (${sql});`];
    }
    case 'AlterColumn':
      return alterColumn(t, col, typeArg, a);
    case 'CreateTable':
      return createTable(a, node);
    case 'EnsureSchema': {
      const n = str(a.named.get('name'));
      return n === undefined ? 'a name that is not a literal' : [`CREATE SCHEMA IF NOT EXISTS ${q(n)};`];
    }
    case 'AlterDatabase':
    case 'AlterTable':
    case 'UpdateData':
    case 'InsertData':
    case 'DeleteData':
      return name === 'UpdateData' || name === 'DeleteData' ? 'seed data changes are not translated; they run inside the migration' : [];
    default:
      return '';
  }
}

/**
 * `AlterColumn<T>(…, oldClrType:, oldType:, oldNullable:, …)`: Npgsql writes only what
 * changed between the old and new column: its type, its nullability, its default.
 */
function alterColumn(t: string | undefined, col: string | undefined, typeArg: string | undefined, a: CsArgs): string[] | string {
  if (t === undefined || col === undefined) return 'a name that is not a literal';
  const oldClr = a.named.get('oldClrType');
  const oldClrName = oldClr?.node.type === 'typeof_expression' ? namedChildren(oldClr.node)[0]?.text : undefined;
  const type = columnType(typeArg, a);
  const oldType = columnType(oldClrName, a, 'old');
  if (type === undefined) return `the column type of ${col}`;
  const out: string[] = [];
  const alter = `ALTER TABLE ${t} ALTER COLUMN ${q(col)}`;
  if (oldType === undefined || oldType.toLowerCase() !== type.toLowerCase()) out.push(`${alter} TYPE ${type};`);
  const nullable = flag(a.named.get('nullable'));
  const oldNullable = flag(a.named.get('oldNullable'));
  if (nullable !== oldNullable) out.push(`${alter} ${nullable ? 'DROP' : 'SET'} NOT NULL;`);
  const def = defaultClause(a);
  const oldDef = defaultClause(a, 'old');
  if (def === undefined) return `the default of ${col}`;
  if (def !== oldDef) out.push(def === '' ? `${alter} DROP DEFAULT;` : `${alter} SET${def};`);
  return out;
}

/** `CreateTable(name:, columns: table => new { … }, constraints: table => { … })`. */
function createTable(a: CsArgs, node: SyntaxNode): string[] | string {
  const t = table(a, 'name');
  if (t === undefined) return 'a table name that is not a literal';
  const columnsLambda = argNode(node, 'columns');
  const objectNode = columnsLambda?.childForFieldName('body');
  if (objectNode?.type !== 'anonymous_object_creation_expression') return 'columns Lockstep cannot read';
  const defs: string[] = [];
  const names = new Map<string, string>();
  for (const [prop, value] of objectMembers(objectNode)) {
    // `Id = table.Column<int>(…).Annotation(…)`: the property name, then the column call chain.
    const chain = prop ? flatten(value) : undefined;
    const column = chain?.calls[0];
    if (!prop || column?.name !== 'Column') return 'columns Lockstep cannot read';
    const colName = str(column.args.named.get('name')) ?? prop;
    names.set(prop, colName);
    const def = columnDefinition(colName, column.typeArg, column.args, chain!.calls.slice(1));
    if (def.startsWith('!')) return def.slice(1);
    defs.push(def);
  }
  const constraintsLambda = argNode(node, 'constraints');
  const block = constraintsLambda?.childForFieldName('body');
  for (const stmt of block ? namedChildren(block) : []) {
    const call = namedChildren(stmt)[0];
    const chain = call ? flatten(call) : undefined;
    const c = chain?.calls[0];
    if (!c) return 'constraints Lockstep cannot read';
    const cname = str(c.args.positional[0] ?? c.args.named.get('name'));
    const cols = lambdaColumns(c.args.positional[1]?.node ?? c.args.named.get('columns')?.node ?? c.args.named.get('column')?.node, names);
    if (cname === undefined || !cols) return 'constraints Lockstep cannot read';
    if (c.name === 'PrimaryKey') defs.push(`CONSTRAINT ${q(cname)} PRIMARY KEY (${cols.map(q).join(', ')})`);
    else if (c.name === 'UniqueConstraint') defs.push(`CONSTRAINT ${q(cname)} UNIQUE (${cols.map(q).join(', ')})`);
    else if (c.name === 'ForeignKey') {
      const principal = table(c.args, 'principalTable');
      const refs = strList(c.args.named.get('principalColumns') ?? c.args.named.get('principalColumn'));
      const onDelete = c.args.named.get('onDelete');
      const action = onDelete?.kind === 'name' ? ON_DELETE[onDelete.path] : onDelete === undefined ? '' : undefined;
      if (!principal || !refs || action === undefined) return 'constraints Lockstep cannot read';
      defs.push(
        `CONSTRAINT ${q(cname)} FOREIGN KEY (${cols.map(q).join(', ')}) REFERENCES ${principal} (${refs.map(q).join(', ')})${action ? ` ON DELETE ${action}` : ''}`,
      );
    } else if (c.name === 'CheckConstraint') {
      return 'constraints Lockstep cannot read';
    } else return 'constraints Lockstep cannot read';
  }
  return [`CREATE TABLE ${t} (\n    ${defs.join(',\n    ')}\n);`];
}

/** `new { A = x, y.B }` as [name, value] pairs; the name is undefined for a bare `y.B`. */
function objectMembers(node: SyntaxNode): [string | undefined, SyntaxNode][] {
  const out: [string | undefined, SyntaxNode][] = [];
  const children = node.children.filter((c): c is SyntaxNode => c !== null);
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (!c.isNamed || c.type === 'comment') continue;
    if (c.type === 'identifier' && children[i + 1]?.type === '=' && children[i + 2]) {
      out.push([c.text, children[i + 2]!]);
      i += 2;
    } else out.push([undefined, c]);
  }
  return out;
}

function argNode(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const list = call.childForFieldName('arguments');
  for (const a of list ? namedChildren(list) : []) {
    if (a.childForFieldName('name')?.text === name) return namedChildren(a).at(-1);
  }
  return undefined;
}

/** `x => x.Id` or `x => new { x.A, x.B }` as column names. */
function lambdaColumns(node: SyntaxNode | undefined, names: ReadonlyMap<string, string>): string[] | undefined {
  const body = node?.type === 'lambda_expression' ? node.childForFieldName('body') : undefined;
  if (!body) return undefined;
  const members = body.type === 'anonymous_object_creation_expression' ? objectMembers(body).map(([, v]) => v) : [body];
  const out: string[] = [];
  for (const m of members) {
    if (m.type !== 'member_access_expression') return undefined;
    const prop = m.childForFieldName('name')?.text;
    if (!prop) return undefined;
    out.push(names.get(prop) ?? prop);
  }
  return out;
}

/** The database another provider generated this file for, from its path or its provider annotations. */
function otherProvider(file: SourceFile, root: SyntaxNode): string | undefined {
  const dir = file.path ? basename(dirname(dirname(file.path))) : '';
  for (const [re, label] of OTHER_PROVIDERS) if (re.test(dir)) return label;
  for (const call of captures('c-sharp', '(invocation_expression) @c', root)) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== 'Annotation') continue;
    const key = str(readArgs(call.childForFieldName('arguments')).positional[0]) ?? '';
    if (key.startsWith('SqlServer:')) return 'SQL Server';
    if (key.startsWith('Sqlite:')) return 'SQLite';
    if (key.startsWith('MySql:')) return 'MySQL';
  }
  return undefined;
}

/** The provider package the migrations' project references (`<project>/<project>.csproj`). */
function efDatabase(filePath: string, readFile: (path: string) => string | undefined): ProjectDatabase | undefined {
  const project = dirname(dirname(filePath));
  const csprojPath = join(project, `${basename(project)}.csproj`);
  const csproj = readFile(csprojPath);
  if (!csproj) return undefined;
  const dialect: Dialect | undefined = csproj.includes('Npgsql.EntityFrameworkCore.PostgreSQL')
    ? 'postgresql'
    : csproj.includes('Pomelo.EntityFrameworkCore.MySql') || csproj.includes('MySql.EntityFrameworkCore')
      ? 'mysql'
      : csproj.includes('Microsoft.EntityFrameworkCore.Sqlite')
        ? 'sqlite'
        : undefined;
  return dialect ? { dialect, reason: `the EF Core provider package in ${csprojPath}` } : undefined;
}
