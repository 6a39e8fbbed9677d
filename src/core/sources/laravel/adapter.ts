import { basename, dirname, join } from 'node:path';
import { findUpwards, keyValue } from '../upwards';
import type { Dialect } from '../../types';
import {
  parserNotLoaded,
  type Direction,
  type HostSpan,
  type MigrationSource,
  type ProjectDatabase,
  type SourceAdapter,
  type SourceFile,
  type SourceNote,
  type SourceStatement,
} from '../adapter';
import { parsePhp } from '../php/module';
import { arg, readArgs, readValue, str, strList, type PhpValue } from '../php/values';
import { captures, loadGrammar, namedChildren, type SyntaxNode } from '../tree-sitter';
import { compileBlueprint, rawExpression, wrap, type Chain, type ChainCall } from './blueprint';

/**
 * Laravel migrations (`database/migrations/*.php`): `up()` runs forward, `down()` is
 * rollback. `Schema::create/table` closures become the SQL Laravel 8's PostgresGrammar
 * writes; `DB::statement('…')` / `DB::unprepared('…')` are the user's own SQL, mapped into
 * the string; `DB::table('t')->…->update([…])` is a backfill. The migrator wraps each
 * migration in a transaction on PostgreSQL unless the class sets `$withinTransaction = false`.
 */
export const laravelAdapter: SourceAdapter = {
  id: 'laravel',
  label: 'Laravel',
  languageIds: ['php'],
  globs: ['**/database/migrations/*.php'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined && !file.path.toLowerCase().endsWith('.php')) return false;
    // Laravel's migrator runs every PHP file of the folder, whatever it holds.
    if (file.path !== undefined && /(^|[\\/])database[\\/]migrations[\\/][^\\/]+$/.test(file.path)) return true;
    // Elsewhere, a cheap sniff of the text, not a reading of the code.
    const text = file.text;
    return (
      (text.includes('extends Migration') || text.includes('Illuminate\\Database\\Migrations\\Migration')) &&
      (text.includes('Schema::') || text.includes('DB::'))
    );
  },
  projectDatabase: laravelDatabase,
  prepare: () => loadGrammar('php'),
  read: readLaravel,
  orderKey: (filePath: string) => basename(filePath),
};

function readLaravel(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const module = parsePhp(file.text);
  const order = file.path ? { order: basename(file.path) } : {};
  if (!module) return parserNotLoaded('laravel', 'PHP', order);
  const statements: SourceStatement[] = [];
  const notes: SourceNote[] = [];
  let optOut: HostSpan | undefined;
  for (const prop of captures('php', '(property_element) @p', module.root)) {
    const name = prop.childForFieldName('name')?.text;
    const value = prop.childForFieldName('default_value');
    if (name === '$withinTransaction' && value && readValue(value).kind === 'const' && value.text.toLowerCase() === 'false') optOut = span(prop);
  }
  const transactional = options.dialect === 'postgresql' && optOut === undefined;
  const base = {
    framework: 'laravel',
    annotations: [],
    transactional,
    ...(optOut ? { transactionOptOut: optOut } : {}),
    comments: module.comments,
    errors: module.errors,
    ...order,
  } as const;
  if (options.dialect !== 'postgresql') {
    notes.push({ range: { start: 0, end: 0 }, message: `Laravel migrations are translated for PostgreSQL only; not analysed for ${options.dialect}` });
    return { ...base, statements, notes };
  }

  const emit = (sql: string, range: HostSpan, direction: Direction, call: string, backfill = false) =>
    statements.push({ sql, kind: 'translated', range, direction, call, ...(backfill ? { backfill } : {}) });
  const note = (range: HostSpan, direction: Direction, message: string) => {
    if (direction === 'forward') notes.push({ range, message });
  };

  // `$addColumn = function (Blueprint $table) {…}; Schema::table('books', $addColumn);`
  const closures = new Map<string, SyntaxNode>();
  const walk = (node: SyntaxNode, direction: Direction): void => {
    if (node.type === 'assignment_expression') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'variable_name' && right && (right.type === 'anonymous_function' || right.type === 'arrow_function')) {
        closures.set(left.text, right);
        return;
      }
    }
    if (node.type === 'function_definition' || node.type === 'class_declaration' || node.type === 'method_declaration') return;
    if (node.type === 'if_statement') {
      for (const branch of takenBranches(node, DRIVER_NAMES[options.dialect])) walk(branch, direction);
      return;
    }
    if ((node.type === 'scoped_call_expression' || node.type === 'member_call_expression') && call(node, direction)) return;
    for (const child of namedChildren(node)) walk(child, direction);
  };

  /** Handles a call it recognises; false to keep walking into it. */
  const call = (node: SyntaxNode, direction: Direction): boolean => {
    const chain = flatten(node);
    if (!chain) return false;
    const { head, calls } = chain;
    if (head === 'Schema') return schemaCall(node, calls, direction);
    if (head === 'DB') return dbCall(node, calls, direction);
    return false;
  };

  const schemaCall = (node: SyntaxNode, calls: readonly ChainCall[], direction: Direction): boolean => {
    // `Schema::connection('x')->create(…)` runs on another connection, still the same SQL.
    const rest = calls[0]?.name === 'connection' ? calls.slice(1) : calls;
    const [c] = rest;
    if (!c || rest.length > 1) return false;
    const table = str(arg(c.args, 0, 'table'));
    const where = span(node);
    switch (c.name) {
      case 'create':
      case 'table': {
        const closure = arg(c.args, 1, 'callback');
        if (table === undefined) {
          note(where, direction, `not analysed: Schema::${c.name} with a table name that is not a literal`);
          return true;
        }
        const fn = closure?.node.type === 'variable_name' ? closures.get(closure.node.text) : closure?.node;
        const chains = fn ? blueprintChains(fn, DRIVER_NAMES[options.dialect]) : undefined;
        if (!chains) {
          note(where, direction, `not analysed: Schema::${c.name} without a closure Lockstep can read`);
          return true;
        }
        const compiled = compileBlueprint(table, c.name === 'create', chains, where);
        for (const s of compiled.statements) emit(s.sql, s.range, direction, s.call === 'Schema::create' ? s.call : `$table->${s.call}`);
        for (const n of compiled.notes) note(n.range, direction, n.message);
        return true;
      }
      case 'drop':
      case 'dropIfExists':
        if (table === undefined) note(where, direction, `not analysed: Schema::${c.name} with a table name that is not a literal`);
        else emit(`drop table ${c.name === 'dropIfExists' ? 'if exists ' : ''}${wrap(table)}`, where, direction, `Schema::${c.name}`);
        return true;
      case 'rename': {
        const to = str(arg(c.args, 1, 'to'));
        if (table === undefined || to === undefined) note(where, direction, 'not analysed: Schema::rename with names that are not literals');
        else emit(`alter table ${wrap(table)} rename to ${wrap(to)}`, where, direction, 'Schema::rename');
        return true;
      }
      case 'dropColumns': {
        const cols = strList(arg(c.args, 1, 'columns'));
        if (table === undefined || !cols) note(where, direction, 'not analysed: Schema::dropColumns with names that are not literals');
        else emit(`alter table ${wrap(table)} ${cols.map((x) => `drop column ${wrap(x)}`).join(', ')}`, where, direction, 'Schema::dropColumns');
        return true;
      }
      case 'disableForeignKeyConstraints':
      case 'enableForeignKeyConstraints':
        emit(`SET CONSTRAINTS ALL ${c.name === 'disableForeignKeyConstraints' ? 'DEFERRED' : 'IMMEDIATE'}`, where, direction, `Schema::${c.name}`);
        return true;
      case 'hasTable':
      case 'hasColumn':
      case 'hasColumns':
      case 'getColumnListing':
      case 'getColumnType':
      case 'defaultStringLength':
        return true;
      default:
        note(where, direction, `not analysed: Schema::${c.name}`);
        return true;
    }
  };

  const dbCall = (node: SyntaxNode, calls: readonly ChainCall[], direction: Direction): boolean => {
    const rest = calls[0]?.name === 'connection' ? calls.slice(1) : calls;
    const [c] = rest;
    if (!c) return false;
    if ((c.name === 'statement' || c.name === 'unprepared') && rest.length === 1) {
      const sql = arg(c.args, 0, 'query');
      if (sql?.kind === 'str') {
        const bound = c.args.positional.length > 1 || c.args.named.has('bindings');
        statements.push({
          sql: sql.value,
          kind: 'raw',
          range: span(sql.node),
          offsets: sql.offsets,
          ...(sql.exact && !bound ? {} : { inexact: true }),
          direction,
          call: `DB::${c.name}`,
        });
      } else {
        note(span(node), direction, `not analysed: DB::${c.name} with SQL that is not a string literal`);
      }
      return true;
    }
    if (c.name === 'table') {
      const last = rest[rest.length - 1]!;
      if (last.name === 'update' || last.name === 'delete') {
        const sql = dataChange(rest, last.name);
        if (sql) emit(sql, span(node), direction, `DB::table()->${last.name}`, true);
        else
          note(
            span(node),
            direction,
            `not analysed: backfill \`DB::table(…)->${last.name}(…)\` whose table, columns or conditions are not literals; it runs inside the migration`,
          );
        return true;
      }
      return true;
    }
    return false;
  };

  for (const method of captures('php', '(method_declaration) @m', module.root)) {
    const name = method.childForFieldName('name')?.text;
    const direction: Direction | undefined = name === 'up' ? 'forward' : name === 'down' ? 'rollback' : undefined;
    const bodyNode = direction ? method.childForFieldName('body') : undefined;
    closures.clear();
    if (direction && bodyNode) for (const child of namedChildren(bodyNode)) walk(child, direction);
  }
  return { ...base, statements, notes };
}

function span(node: SyntaxNode): HostSpan {
  return { start: node.startIndex, end: node.endIndex };
}

/** `A::b(…)->c(…)->d(…)` as its head class (`A`) and calls in order; undefined for other shapes. */
function flatten(node: SyntaxNode): { head: string; calls: ChainCall[] } | undefined {
  const calls: ChainCall[] = [];
  let at: SyntaxNode | null = node;
  while (at?.type === 'member_call_expression') {
    const name = at.childForFieldName('name')?.text;
    if (!name) return undefined;
    calls.unshift({ name, args: readArgs(at.childForFieldName('arguments')), span: span(at) });
    at = at.childForFieldName('object');
  }
  if (at?.type !== 'scoped_call_expression') return undefined;
  const scope = at.childForFieldName('scope')?.text ?? '';
  const name = at.childForFieldName('name')?.text;
  if (!name) return undefined;
  calls.unshift({ name, args: readArgs(at.childForFieldName('arguments')), span: span(at) });
  return { head: scope.replace(/^\\?(Illuminate\\Support\\Facades\\)?/, ''), calls };
}

/** The `$table->…` chains of a Blueprint closure (`function (Blueprint $table) {…}` or `fn ($table) => …`). */
function blueprintChains(closure: SyntaxNode, driver: string): Chain[] | undefined {
  if (closure.type !== 'anonymous_function' && closure.type !== 'anonymous_function_creation_expression' && closure.type !== 'arrow_function') return undefined;
  const params = closure.childForFieldName('parameters');
  const param = params ? namedChildren(params)[0]?.childForFieldName('name')?.text : undefined;
  const body = closure.childForFieldName('body');
  if (!param || !body) return undefined;
  const chains: Chain[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type === 'member_call_expression') {
      const calls: ChainCall[] = [];
      let at: SyntaxNode | null = node;
      while (at?.type === 'member_call_expression') {
        const name = at.childForFieldName('name')?.text ?? '';
        calls.unshift({ name, args: readArgs(at.childForFieldName('arguments')), span: span(at) });
        at = at.childForFieldName('object');
      }
      if (at?.type === 'variable_name' && at.text === param) {
        chains.push({ calls, span: span(node) });
        return;
      }
    }
    if (node.type === 'anonymous_function' || node.type === 'arrow_function' || node.type === 'function_definition') return;
    if (node.type === 'if_statement') {
      for (const branch of takenBranches(node, driver)) visit(branch);
      return;
    }
    for (const child of namedChildren(node)) visit(child);
  };
  visit(body);
  return chains;
}

/**
 * `DB::table('t')->where(…)->update([…])` as the UPDATE/DELETE the query builder sends. Values
 * that are not literals are bound parameters (`$1`), as they are when Laravel runs the query;
 * undefined when a table, a column or a condition's shape is not literal.
 */
function dataChange(calls: readonly ChainCall[], verb: 'update' | 'delete'): string | undefined {
  const table = str(arg(calls[0]!.args, 0, 'table'));
  if (table === undefined) return undefined;
  let params = 0;
  const value = (v: PhpValue | undefined): string => literal(v) ?? `$${++params}`;
  // Laravel binds the SET values before the WHERE values, so they are numbered first.
  const sets: string[] = [];
  if (verb === 'update') {
    const values = calls[calls.length - 1]!.args.positional[0];
    if (values?.kind !== 'array' || values.entries.length === 0) return undefined;
    for (const e of values.entries) {
      const col = e.key ? str(e.key) : undefined;
      if (col === undefined) return undefined;
      sets.push(`${wrap(col)} = ${value(e.value)}`);
    }
  }
  const wheres: string[] = [];
  for (const c of calls.slice(1, -1)) {
    const col = str(c.args.positional[0]);
    if (col === undefined) return undefined;
    switch (c.name) {
      case 'where': {
        const [, a, b] = c.args.positional;
        const op = c.args.positional.length === 3 ? str(a) : '=';
        if (op === undefined || c.args.positional.length < 2) return undefined;
        const v = value(c.args.positional.length === 3 ? b : a);
        wheres.push(v === 'NULL' && op === '=' ? `${wrap(col)} is null` : `${wrap(col)} ${op} ${v}`);
        break;
      }
      case 'whereNull':
        wheres.push(`${wrap(col)} is null`);
        break;
      case 'whereNotNull':
        wheres.push(`${wrap(col)} is not null`);
        break;
      case 'whereIn':
      case 'whereNotIn': {
        const list = c.args.positional[1];
        const items = list?.kind === 'array' ? list.entries.map((e) => value(e.value)) : [value(undefined)];
        if (items.length === 0) return undefined;
        wheres.push(`${wrap(col)} ${c.name === 'whereIn' ? 'in' : 'not in'} (${items.join(', ')})`);
        break;
      }
      default:
        return undefined;
    }
  }
  const where = wheres.length > 0 ? ` where ${wheres.join(' and ')}` : '';
  return verb === 'delete' ? `delete from ${wrap(table)}${where}` : `update ${wrap(table)} set ${sets.join(', ')}${where}`;
}

/** A PHP literal as the SQL value PDO binds for it; `DB::raw('…')` as its SQL. */
function literal(v: PhpValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  switch (v.kind) {
    case 'str':
      return v.exact ? `'${v.value.replace(/'/g, "''")}'` : undefined;
    case 'num':
      return v.text;
    case 'const':
      return v.value === null ? 'NULL' : v.value ? 'true' : 'false';
    default:
      return rawExpression(v);
  }
}

/** Laravel's driver name per dialect, what `DB::getDriverName()` returns. */
const DRIVER_NAMES: Readonly<Record<Dialect, string>> = { postgresql: 'pgsql', mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite' } as Readonly<
  Record<Dialect, string>
>;

/**
 * The parts of an `if` that run: migrations branch on `DB::getDriverName() === 'sqlite'`, and
 * only the branch for the project's driver is read. Any other condition is unknown, and every
 * branch is read, as any of them may run.
 */
function takenBranches(node: SyntaxNode, driver: string): SyntaxNode[] {
  const condition = node.childForFieldName('condition');
  const body = node.childForFieldName('body');
  const alternatives = namedChildren(node).filter((c) => c.type === 'else_if_clause' || c.type === 'else_clause');
  const known = condition ? driverCondition(condition, driver) : undefined;
  if (known === true) return body ? [body] : [];
  const rest = alternatives.flatMap((alt) => {
    if (alt.type === 'else_clause') return namedChildren(alt);
    // `elseif (…)` reads like a nested if.
    const cond = alt.childForFieldName('condition');
    const altBody = alt.childForFieldName('body');
    const v = cond ? driverCondition(cond, driver) : undefined;
    return v === false || !altBody ? [] : [altBody];
  });
  if (known === false) return rest;
  return [...(condition ? [condition] : []), ...(body ? [body] : []), ...rest];
}

/** A condition over `DB::getDriverName()` evaluated for `driver`; undefined for anything else. */
function driverCondition(node: SyntaxNode, driver: string): boolean | undefined {
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    return inner ? driverCondition(inner, driver) : undefined;
  }
  if (node.type === 'unary_op_expression' && node.text.trimStart().startsWith('!')) {
    const inner = namedChildren(node)[0];
    const v = inner ? driverCondition(inner, driver) : undefined;
    return v === undefined ? undefined : !v;
  }
  if (node.type !== 'binary_expression') return undefined;
  const op = node.childForFieldName('operator')?.text ?? node.children.find((c) => c && !c.isNamed)?.text;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  if (op === '||' || op === 'or' || op === '&&' || op === 'and') {
    const a = driverCondition(left, driver);
    const b = driverCondition(right, driver);
    if (op === '||' || op === 'or') return a === true || b === true ? true : a === false && b === false ? false : undefined;
    return a === false || b === false ? false : a === true && b === true ? true : undefined;
  }
  const isDriverCall = (n: SyntaxNode) =>
    (n.type === 'scoped_call_expression' || n.type === 'member_call_expression') && n.childForFieldName('name')?.text === 'getDriverName';
  const [call, lit] = isDriverCall(left) ? [left, right] : isDriverCall(right) ? [right, left] : [undefined, undefined];
  const name = call && lit ? str(readValue(lit)) : undefined;
  if (name === undefined) return undefined;
  if (op === '===' || op === '==') return name === driver;
  if (op === '!==' || op === '!=') return name !== driver;
  return undefined;
}

const DRIVERS: Readonly<Record<string, Dialect>> = { pgsql: 'postgresql', mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite' };

/**
 * `DB_CONNECTION` in the project's `.env` (else `.env.example`), else the literal
 * `'default' => env('DB_CONNECTION', 'x')` of config/database.php, looked up from the
 * migration's folder upwards.
 */
function laravelDatabase(filePath: string, readFile: (path: string) => string | undefined): ProjectDatabase | undefined {
  return findUpwards(
    dirname(filePath),
    (dir): ProjectDatabase | undefined => {
      for (const name of ['.env', '.env.example']) {
        const env = readFile(join(dir, name));
        const driver = env ? keyValue(env, 'DB_CONNECTION') : undefined;
        const dialect = driver ? DRIVERS[driver] : undefined;
        if (dialect) return { dialect, reason: `DB_CONNECTION=${driver} in ${join(dir, name)}` };
      }
      const config = readFile(join(dir, 'config', 'database.php'));
      const driver = config ? defaultConnection(config) : undefined;
      const dialect = driver ? DRIVERS[driver] : undefined;
      return dialect ? { dialect, reason: `the default connection '${driver}' in ${join(dir, 'config', 'database.php')}` } : undefined;
    },
    6,
  );
}

/** The `'default'` entry of config/database.php: a string, or `env('DB_CONNECTION', '<fallback>')`. */
function defaultConnection(config: string): string | undefined {
  const module = parsePhp(config);
  if (!module) return undefined;
  for (const el of captures('php', '(array_element_initializer) @e', module.root)) {
    const [key, value] = namedChildren(el);
    if (!key || !value || str(readValue(key)) !== 'default') continue;
    const direct = str(readValue(value));
    if (direct !== undefined) return direct;
    if (value.type === 'function_call_expression' && value.childForFieldName('function')?.text === 'env') {
      return str(arg(readArgs(value.childForFieldName('arguments')), 1, 'default'));
    }
  }
  return undefined;
}
