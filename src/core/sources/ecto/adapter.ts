import { basename, dirname, join } from 'node:path';
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
import { blockStatements, bool, callName, doBlock, name, parseElixir, readArgs, readValue, str, type ExArgs, type ExValue } from '../elixir/values';
import { captures, loadGrammar, type SyntaxNode } from '../tree-sitter';
import { earlierColumnTypes, type EarlierColumn } from './history';
import { changeSql, columnType, createTableSql, q, referenceColumnType, type Change, type Reference } from './postgres';

/**
 * Ecto migrations (`priv/repo/migrations/<timestamp>_<name>.exs`): `up/0` and `change/0` run
 * forward, `down/0` is rollback. Each command (`create table`, `alter table … do add … end`,
 * `create index`, `rename`, `drop`, `create constraint`) becomes the SQL ecto_sql's PostgreSQL
 * connection writes (src/core/sources/ecto/postgres.ts); `execute "…"` is the user's SQL,
 * mapped into its string. Ecto runs each migration in a transaction unless the module sets
 * `@disable_ddl_transaction true`.
 */
export const ectoAdapter: SourceAdapter = {
  id: 'ecto',
  label: 'Ecto',
  languageIds: ['elixir'],
  globs: ['**/priv/repo/migrations/*.exs', '**/priv/*/migrations/*.exs'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined && !file.path.toLowerCase().endsWith('.exs')) return false;
    // A cheap sniff of the text, not a reading of the code.
    return file.text.includes('Ecto.Migration');
  },
  projectDatabase: ectoDatabase,
  prepare: () => loadGrammar('elixir'),
  read: readEcto,
  orderKey: (filePath: string) => basename(filePath).match(/^\d+/)?.[0],
};

const span = (n: SyntaxNode): HostSpan => ({ start: n.startIndex, end: n.endIndex });

/** Calls that change nothing in the database, or only the runner's bookkeeping. */
const QUIET = new Set(['flush', 'require', 'import', 'alias', 'use', 'IO.puts', 'IO.inspect', 'Logger.info', 'Logger.warn', 'Logger.warning', 'Logger.debug']);

function readEcto(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const module = parseElixir(file.text);
  const order = file.path ? { order: basename(file.path).match(/^\d+/)?.[0] ?? basename(file.path) } : {};
  if (!module) return parserNotLoaded('ecto', 'Elixir', order);
  const statements: SourceStatement[] = [];
  const notes: SourceNote[] = [];
  let optOut: HostSpan | undefined;

  // `defmodule … do use Ecto.Migration; @attr …; def change do … end end`
  const defs: { name: string; body: SyntaxNode }[] = [];
  for (const top of blockStatements(module.root)) {
    if (callName(top) !== 'defmodule') continue;
    for (const item of blockStatements(doBlock(top))) {
      // `@disable_ddl_transaction true`: Ecto's runner skips the migration's transaction.
      if (item.type === 'unary_operator' && item.text.startsWith('@')) {
        const attr = item.childForFieldName('operand');
        if (attr && callName(attr) === 'disable_ddl_transaction' && bool(readArgs(attr).positional[0]) === true) optOut = span(item);
        continue;
      }
      const fn = callName(item);
      if (fn !== 'def' && fn !== 'defp') continue;
      const head = item.namedChildren.find((c) => c?.type === 'arguments')?.namedChildren[0];
      const body = doBlock(item);
      if (head && body) defs.push({ name: head.type === 'call' ? (callName(head) ?? '') : head.text, body });
    }
  }
  const transactional = options.dialect === 'postgresql' && optOut === undefined;
  const base = {
    framework: 'ecto',
    annotations: [],
    transactional,
    ...(optOut ? { transactionOptOut: optOut } : {}),
    comments: module.comments,
    errors: module.errors,
    ...order,
  } as const;
  if (options.dialect !== 'postgresql') {
    notes.push({ range: { start: 0, end: 0 }, message: `Ecto migrations are translated for PostgreSQL only; not analysed for ${options.dialect}` });
    return { ...base, statements, notes };
  }

  let earlier: ReadonlyMap<string, EarlierColumn> | undefined;
  const earlierTypes = () => (earlier ??= file.path ? earlierColumnTypes(file.path) : new Map<string, EarlierColumn>());
  // Module functions that only return SQL text (`execute(new_function_definition())`).
  const helpers = new Map<string, ExValue>();
  for (const def of defs) {
    const body = blockStatements(def.body);
    const only = body.length === 1 ? readValue(body[0]!) : undefined;
    if (only?.kind === 'str') helpers.set(def.name, only);
  }
  // Forward code first, in file order: `down` may be written above `up`.
  const rank = (n: string) => (n === 'down' ? 1 : 0);
  for (const def of [...defs].sort((a, b) => rank(a.name) - rank(b.name))) {
    const direction: Direction | undefined = def.name === 'up' || def.name === 'change' ? 'forward' : def.name === 'down' ? 'rollback' : undefined;
    if (!direction) continue;
    const emit = (sql: string, node: SyntaxNode, call: string) => statements.push({ sql, kind: 'translated', range: span(node), direction, call });
    const note = (node: SyntaxNode, message: string) => {
      if (direction === 'forward') notes.push({ range: span(node), message });
    };
    const raw = (v: ExValue, call: string, dir: Direction, backfill = false) => {
      if (v.kind !== 'str') return false;
      statements.push({
        sql: v.value,
        kind: 'raw',
        range: span(v.node),
        offsets: v.offsets,
        ...(v.exact ? {} : { inexact: true }),
        direction: dir,
        call,
        ...(backfill ? { backfill } : {}),
      });
      return true;
    };
    for (const stmt of blockStatements(def.body)) command(stmt, { emit, note, raw, direction, helpers, earlierTypes });
  }
  return { ...base, statements, notes };
}

interface Sink {
  emit(sql: string, node: SyntaxNode, call: string): void;
  note(node: SyntaxNode, message: string): void;
  raw(v: ExValue, call: string, direction: Direction, backfill?: boolean): boolean;
  direction: Direction;
  helpers: ReadonlyMap<string, ExValue>;
  /** Column types the folder's earlier migrations set, read on first use. */
  earlierTypes(): ReadonlyMap<string, EarlierColumn>;
}

/** One statement of `up`/`change`/`down`. */
function command(node: SyntaxNode, out: Sink): void {
  const fn = callName(node);
  if (!fn) {
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|>') return out.note(node, 'not analysed: a piped expression');
    return;
  }
  if (QUIET.has(fn)) return;
  const args = readArgs(node);
  const [first, second] = args.positional;
  switch (fn) {
    case 'execute': {
      // `execute(up, down)` in `change`: the first runs forward, the second on rollback.
      const up = sqlText(first, out.helpers);
      if (up) {
        out.raw(up, 'execute', out.direction);
        const down = sqlText(second, out.helpers);
        if (down && out.direction === 'forward') out.raw(down, 'execute', 'rollback');
        return;
      }
      if (first?.kind === 'unknown' && first.node.type === 'anonymous_function') {
        const data = captures('elixir', '(call) @c', first.node)
          .map(callName)
          .find((n) => n !== undefined && /(^|\.)(update_all|delete_all|insert_all|query!?)$/.test(n));
        return out.note(node, `not analysed: \`execute\` of an Elixir function${data ? ` (it calls \`${data}\`: a data change inside the migration)` : ''}`);
      }
      return out.note(node, 'not analysed: `execute` with SQL that is not a string literal');
    }
    case 'create':
    case 'create_if_not_exists':
      return create(node, fn, first, args, out);
    case 'alter':
      return alter(node, first, out);
    case 'drop':
    case 'drop_if_exists':
      return drop(node, fn, first, args, out);
    case 'rename':
      return rename(node, first, second, args, out);
    default:
      break;
  }
  // `repo().query!("UPDATE …")`, `Repo.query("…")`: the user's SQL, run in the migration.
  if (/(^|\.)query!?$/.test(fn) && first?.kind === 'str') {
    out.raw(first, fn, out.direction, /^\s*(update|delete|insert)\b/i.test(first.value));
    return;
  }
  if (/(^|\.)(update_all|delete_all|insert_all)$/.test(fn))
    return out.note(node, `not analysed: \`${fn}\` changes data inside the migration (a backfill); Lockstep cannot see its SQL`);
  return out.note(node, `not analysed: \`${fn}\``);
}

/** A string literal, or the string a module function without arguments returns. */
function sqlText(v: ExValue | undefined, helpers: ReadonlyMap<string, ExValue>): ExValue | undefined {
  if (v?.kind === 'str') return v;
  if (v?.kind === 'call' && v.args.positional.length === 0 && v.args.keywords.size === 0) return helpers.get(v.name);
  return undefined;
}

/** `table(:name, opts)`, `index(…)`, `unique_index(…)`, `constraint(…)` as what they describe. */
interface TableRef {
  name: string;
  prefix?: string;
  args: ExArgs;
}

function tableRef(v: ExValue | undefined): TableRef | undefined {
  if (v?.kind !== 'call' || v.name !== 'table') return undefined;
  const n = name(v.args.positional[0]);
  if (n === undefined) return undefined;
  const prefix = name(v.args.keywords.get('prefix'));
  return { name: n, ...(prefix ? { prefix } : {}), args: v.args };
}

const qualified = (t: { name: string; prefix?: string }): string => (t.prefix ? `${q(t.prefix)}.${q(t.name)}` : q(t.name));

function create(node: SyntaxNode, fn: string, target: ExValue | undefined, args: ExArgs, out: Sink): void {
  if (target?.kind !== 'call') return out.note(node, `not analysed: \`${fn}\` of something Lockstep cannot read`);
  const ifNotExists = fn === 'create_if_not_exists';
  if (target.name === 'table') {
    const t = tableRef(target);
    if (!t) return out.note(node, 'not analysed: a table name that is not a literal');
    const changes: Change[] = [];
    const pk = t.args.keywords.get('primary_key');
    if (pk?.kind !== 'bool' || pk.value) {
      // Ecto adds `id bigserial` first unless `primary_key: false` (a keyword list renames or retypes it).
      const opts = pk?.kind === 'list' ? pk.keywords : new Map<string, ExValue>();
      changes.push({
        op: 'add',
        column: name(opts.get('name')) ?? 'id',
        type: typeValue(opts.get('type')) ?? 'bigserial',
        opts: new Map([['primary_key', { kind: 'bool', value: true, node } as ExValue]]),
      });
    }
    for (const stmt of blockStatements(doBlock(node))) {
      const c = columnChange(stmt);
      if (typeof c === 'string') {
        if (c) return out.note(stmt, c);
        continue;
      }
      changes.push(...c);
    }
    const sql = createTableSql(qualified(t), changes, ifNotExists, t.name, str(t.args.keywords.get('options')));
    return typeof sql === 'string' ? out.emit(sql, node, 'create table') : out.note(node, sql.error);
  }
  if (target.name === 'index' || target.name === 'unique_index') {
    const sql = indexSql(target, ifNotExists);
    return sql.startsWith('!') ? out.note(node, sql.slice(1)) : out.emit(sql, node, `create ${target.name}`);
  }
  if (target.name === 'constraint') {
    const t = name(target.args.positional[0]);
    const c = name(target.args.positional[1]);
    const check = target.args.keywords.get('check');
    const exclude = target.args.keywords.get('exclude');
    const prefix = name(target.args.keywords.get('prefix'));
    if (t === undefined || c === undefined) return out.note(node, 'not analysed: a constraint whose names are not literals');
    const notValid = bool(target.args.keywords.get('validate')) === false ? ' NOT VALID' : '';
    const tbl = qualified({ name: t, ...(prefix ? { prefix } : {}) });
    if (check)
      return str(check) === undefined
        ? out.note(node, 'not analysed: a check that is not a string literal')
        : out.emit(`ALTER TABLE ${tbl} ADD CONSTRAINT ${q(c)} CHECK (${str(check)})${notValid}`, node, 'create constraint');
    if (exclude)
      return str(exclude) === undefined
        ? out.note(node, 'not analysed: an exclusion that is not a string literal')
        : out.emit(`ALTER TABLE ${tbl} ADD CONSTRAINT ${q(c)} EXCLUDE USING ${str(exclude)}${notValid}`, node, 'create constraint');
    return out.note(node, 'not analysed: a constraint without `check:` or `exclude:`');
  }
  void args;
  return out.note(node, `not analysed: \`${fn} ${target.name}\``);
}

function alter(node: SyntaxNode, target: ExValue | undefined, out: Sink): void {
  const t = tableRef(target);
  if (!t) return out.note(node, 'not analysed: a table name that is not a literal');
  // ecto_sql writes one ALTER TABLE with the changes comma-separated; each change is kept as
  // its own statement here so a finding underlines the call that causes it. The locks are
  // the same: every change of the block runs in the migration's transaction.
  for (const stmt of blockStatements(doBlock(node))) {
    const c = columnChange(stmt);
    if (typeof c === 'string') {
      if (c) out.note(stmt, c);
      continue;
    }
    if (c.length === 0) continue;
    for (const ch of c) {
      if (ch.op !== 'modify') continue;
      const before = out.earlierTypes().get(`${t.name}.${ch.column}`);
      const now = ch.ref ? referenceColumnType(ch.ref.type, ch.opts) : columnType(ch.type, ch.opts);
      if (before !== undefined && before.type === now) ch.sameType = true;
      if (before?.notNull) ch.alreadyNotNull = true;
    }
    const parts = c.map((ch) => changeSql(t.name, ch));
    const failed = parts.find((p): p is { error: string } => typeof p !== 'string');
    if (failed) out.note(stmt, `not analysed: ${failed.error}`);
    else if (parts.every((p) => p === '')) continue;
    else out.emit(`ALTER TABLE ${qualified(t)} ${parts.join(', ')}`, stmt, callName(stmt) ?? 'alter');
  }
}

/** An Ecto type argument: `:string`, `{:array, :string}`, `:"varchar(20)"`, `"citext"`. */
function typeValue(v: ExValue | undefined): string | undefined {
  if (v?.kind === 'atom' || (v?.kind === 'str' && v.exact)) return v.value;
  if (v?.kind === 'tuple' && v.items.length === 2 && v.items[0]?.kind === 'atom') {
    const inner = typeValue(v.items[1]);
    if (inner === undefined) return undefined;
    if (v.items[0].value === 'array') return `{array,${inner}}`;
    if (v.items[0].value === 'map') return 'map';
  }
  return undefined;
}

/** `add`, `modify`, `remove`, `timestamps` inside `create table`/`alter table`; a string is a note ('' for nothing). */
function columnChange(stmt: SyntaxNode): Change[] | string {
  const fn = callName(stmt);
  if (!fn) return stmt.type === 'comment' ? '' : 'not analysed: an expression Lockstep does not translate';
  const a = readArgs(stmt);
  const column = name(a.positional[0]);
  const typeArg = a.positional[1];
  const opts = a.keywords;
  switch (fn) {
    case 'add':
    case 'add_if_not_exists':
    case 'modify': {
      if (column === undefined) return `not analysed: \`${fn}\` of a column name that is not a literal`;
      if (typeArg?.kind === 'call' && typeArg.name === 'references') {
        const ref = references(typeArg);
        if (typeof ref === 'string') return ref;
        return [{ op: fn, column, type: ref.type, opts, ref, ...fromRef(opts) }];
      }
      const type = typeValue(typeArg);
      if (type === undefined) return `not analysed: \`${fn} :${column}\` with a type that is not a literal`;
      return [{ op: fn, column, type, opts, ...fromRef(opts) }];
    }
    case 'remove':
    case 'remove_if_exists': {
      if (column === undefined) return `not analysed: \`${fn}\` of a column name that is not a literal`;
      const ref = typeArg?.kind === 'call' && typeArg.name === 'references' ? references(typeArg) : undefined;
      if (typeof ref === 'string') return ref;
      return [{ op: fn, column, type: '', opts, ...(ref ? { ref } : {}) }];
    }
    case 'timestamps': {
      // Ecto's defaults: `inserted_at` and `updated_at`, :naive_datetime, NOT NULL.
      const type = typeValue(opts.get('type')) ?? 'naive_datetime';
      const colOpts = new Map(opts);
      colOpts.delete('type');
      colOpts.delete('inserted_at');
      colOpts.delete('updated_at');
      if (!colOpts.has('null')) colOpts.set('null', { kind: 'bool', value: false, node: stmt });
      const out: Change[] = [];
      for (const key of ['inserted_at', 'updated_at']) {
        const given = opts.get(key);
        if (given?.kind === 'bool' && !given.value) continue;
        out.push({ op: 'add', column: name(given) ?? key, type, opts: colOpts });
      }
      return out;
    }
    default:
      return QUIET.has(fn) ? '' : `not analysed: \`${fn}\``;
  }
}

function fromRef(opts: ReadonlyMap<string, ExValue>): { from?: Reference } {
  const from = opts.get('from');
  // `from: references(:t)` or `from: {references(:t), null: true}`: the old foreign key is dropped first.
  const call = from?.kind === 'tuple' ? from.items[0] : from;
  if (call?.kind !== 'call' || call.name !== 'references') return {};
  const ref = references(call);
  return typeof ref === 'string' ? {} : { from: ref };
}

function references(v: Extract<ExValue, { kind: 'call' }>): Reference | string {
  const table = name(v.args.positional[0]);
  const k = v.args.keywords;
  if (table === undefined) return 'not analysed: `references` to a table name that is not a literal';
  const withPairs: [string, string][] = [];
  const w = k.get('with');
  if (w?.kind === 'list') for (const [key, val] of w.keywords) withPairs.push([key, name(val) ?? key]);
  const refName = name(k.get('name'));
  const prefix = name(k.get('prefix'));
  const onDelete = name(k.get('on_delete'));
  const onUpdate = name(k.get('on_update'));
  const match = name(k.get('match'));
  return {
    table,
    column: name(k.get('column')) ?? 'id',
    // ecto_sql's default foreign key type is :bigserial, written as bigint.
    type: typeValue(k.get('type')) ?? 'bigserial',
    ...(refName ? { name: refName } : {}),
    ...(prefix ? { prefix } : {}),
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    ...(match ? { match } : {}),
    validate: bool(k.get('validate')) !== false,
    with: withPairs,
  };
}

/** `index(:t, [:a, "lower(b)"], unique: true, concurrently: true, where: "…", using: :gin, name: :x)`. */
function indexSql(v: Extract<ExValue, { kind: 'call' }>, ifNotExists: boolean): string {
  const t = name(v.args.positional[0]);
  const colsArg = v.args.positional[1];
  const k = v.args.keywords;
  const cols = colsArg?.kind === 'list' ? colsArg.items : colsArg ? [colsArg] : [];
  const fields: string[] = [];
  const nameParts: string[] = [];
  for (const c of cols) {
    // An atom is a column, quoted; a string is an expression, written as is.
    if (c.kind === 'atom') fields.push(q(c.value));
    else if (c.kind === 'str' && c.exact) fields.push(c.value);
    else return '!not analysed: an index whose columns are not literals';
    nameParts.push(c.kind === 'atom' ? c.value : (c as { value: string }).value);
  }
  if (t === undefined || fields.length === 0) return '!not analysed: an index whose table or columns are not literals';
  const explicit = k.get('name');
  const indexName = explicit ? name(explicit) : defaultIndexName(t, nameParts);
  if (indexName === undefined) return '!not analysed: an index name that is not a literal';
  const where = k.get('where');
  if (where && str(where) === undefined) return '!not analysed: an index condition that is not a string literal';
  const prefix = name(k.get('prefix'));
  const using = name(k.get('using'));
  const include = k.get('include');
  const includeFields = include?.kind === 'list' ? include.items.map((i) => (i.kind === 'atom' ? q(i.value) : (str(i) ?? ''))) : [];
  const nulls = bool(k.get('nulls_distinct'));
  const options = str(k.get('options'));
  const unique = v.name === 'unique_index' || bool(k.get('unique')) === true;
  return [
    'CREATE ',
    unique ? 'UNIQUE ' : '',
    'INDEX ',
    bool(k.get('concurrently')) ? 'CONCURRENTLY ' : '',
    ifNotExists ? 'IF NOT EXISTS ' : '',
    q(indexName),
    ' ON ',
    bool(k.get('only')) ? 'ONLY ' : '',
    qualified({ name: t, ...(prefix ? { prefix } : {}) }),
    using ? ` USING ${using}` : '',
    ` (${fields.join(', ')})`,
    includeFields.length > 0 ? ` INCLUDE (${includeFields.join(', ')})` : '',
    nulls === undefined ? '' : nulls ? ' NULLS DISTINCT' : ' NULLS NOT DISTINCT',
    options ? ` WITH (${options})` : '',
    where ? ` WHERE ${str(where)}` : '',
  ].join('');
}

/**
 * Ecto.Migration's default index name: the table, the columns and `index` joined by `_`,
 * each part with non-word characters turned into `_` and trailing `_` dropped.
 */
function defaultIndexName(table: string, columns: readonly string[]): string {
  return [table, ...columns, 'index'].map((p) => p.replace(/[^\w]/g, '_').replace(/_+$/, '')).join('_');
}

function drop(node: SyntaxNode, fn: string, target: ExValue | undefined, args: ExArgs, out: Sink): void {
  const ifExists = fn === 'drop_if_exists' ? 'IF EXISTS ' : '';
  const cascade = name(args.keywords.get('mode')) === 'cascade' ? ' CASCADE' : '';
  if (target?.kind !== 'call') return out.note(node, `not analysed: \`${fn}\` of something Lockstep cannot read`);
  if (target.name === 'table') {
    const t = tableRef(target);
    return t
      ? out.emit(`DROP TABLE ${ifExists}${qualified(t)}${cascade}`, node, 'drop table')
      : out.note(node, 'not analysed: a table name that is not a literal');
  }
  if (target.name === 'index' || target.name === 'unique_index') {
    const t = name(target.args.positional[0]);
    const colsArg = target.args.positional[1];
    const cols = colsArg?.kind === 'list' ? colsArg.items.map(name) : colsArg ? [name(colsArg)] : [];
    const explicit = target.args.keywords.get('name');
    const indexName = explicit ? name(explicit) : t !== undefined && cols.every((c) => c !== undefined) ? defaultIndexName(t, cols as string[]) : undefined;
    if (indexName === undefined) return out.note(node, 'not analysed: an index name that is not a literal');
    const prefix = name(target.args.keywords.get('prefix'));
    const concurrently = bool(target.args.keywords.get('concurrently')) ? 'CONCURRENTLY ' : '';
    return out.emit(`DROP INDEX ${concurrently}${ifExists}${qualified({ name: indexName, ...(prefix ? { prefix } : {}) })}${cascade}`, node, 'drop index');
  }
  if (target.name === 'constraint') {
    const t = name(target.args.positional[0]);
    const c = name(target.args.positional[1]);
    const prefix = name(target.args.keywords.get('prefix'));
    if (t === undefined || c === undefined) return out.note(node, 'not analysed: a constraint whose names are not literals');
    return out.emit(
      `ALTER TABLE ${qualified({ name: t, ...(prefix ? { prefix } : {}) })} DROP CONSTRAINT ${ifExists}${q(c)}${cascade}`,
      node,
      'drop constraint',
    );
  }
  return out.note(node, `not analysed: \`${fn} ${target.name}\``);
}

function rename(node: SyntaxNode, target: ExValue | undefined, second: ExValue | undefined, args: ExArgs, out: Sink): void {
  const to = args.keywords.get('to');
  const t = tableRef(target);
  if (t && to?.kind === 'call' && to.name === 'table') {
    const n = tableRef(to);
    return n
      ? out.emit(`ALTER TABLE ${qualified(t)} RENAME TO ${q(n.name)}`, node, 'rename table')
      : out.note(node, 'not analysed: a table name that is not a literal');
  }
  if (t) {
    const from = name(second);
    const newName = name(to);
    return from !== undefined && newName !== undefined
      ? out.emit(`ALTER TABLE ${qualified(t)} RENAME ${q(from)} TO ${q(newName)}`, node, 'rename column')
      : out.note(node, 'not analysed: a column name that is not a literal');
  }
  if (target?.kind === 'call' && target.name === 'index') {
    const current = name(target.args.keywords.get('name'));
    const newName = name(to);
    return current !== undefined && newName !== undefined
      ? out.emit(`ALTER INDEX ${q(current)} RENAME TO ${q(newName)}`, node, 'rename index')
      : out.note(node, 'not analysed: an index name that is not a literal');
  }
  return out.note(node, 'not analysed: `rename` of something Lockstep cannot read');
}

/** The database the project's dependencies name in `mix.exs`: postgrex, myxql or ecto_sqlite3. */
function ectoDatabase(filePath: string, readFile: (path: string) => string | undefined): ProjectDatabase | undefined {
  // priv/repo/migrations/x.exs → the project's root is three folders up.
  let dir = dirname(filePath);
  for (let i = 0; i < 4; i++) {
    const mix = readFile(join(dir, 'mix.exs'));
    if (mix !== undefined) {
      const dialect: Dialect | undefined = mix.includes(':postgrex')
        ? 'postgresql'
        : mix.includes(':myxql')
          ? 'mysql'
          : mix.includes(':ecto_sqlite3')
            ? 'sqlite'
            : undefined;
      return dialect ? { dialect, reason: `the database driver among the dependencies in ${join(dir, 'mix.exs')}` } : undefined;
    }
    dir = dirname(dir);
  }
  return undefined;
}
