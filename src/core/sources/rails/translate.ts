import type { Direction, HostSpan, MigrationSource, SafetyAnnotation, SourceNote, SourceStatement } from '../adapter';
import { LineIndex } from '../../sql/positions';
import { pluralize, singularize, tableize } from './inflect';
import { N, parseRuby, type Location, type RubyNode } from './prism';
import { checkConstraintName, foreignKeyName, quoteName, quoteString, quoteTable, quoteValue, typeSql } from './postgres';
import { mappedString } from './strings';
import { isHash, isSql, nameOf, UNKNOWN, valueOf, type RubyValue } from './values';

type Call = InstanceType<typeof N.CallNode>;
type Options = ReadonlyMap<string, RubyValue>;

/** Column types a table definition (`t.string`) and `add_column` accept. */
const COLUMN_TYPES = new Set([
  'string',
  'text',
  'integer',
  'bigint',
  'float',
  'decimal',
  'numeric',
  'datetime',
  'timestamp',
  'timestamptz',
  'time',
  'date',
  'binary',
  'boolean',
  'json',
  'jsonb',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  'hstore',
  'citext',
  'ltree',
  'tsvector',
  'point',
  'line',
  'lseg',
  'box',
  'path',
  'polygon',
  'circle',
  'money',
  'interval',
  'xml',
  'bit',
  'bit_varying',
  'daterange',
  'numrange',
  'tsrange',
  'tstzrange',
  'int4range',
  'int8range',
  'oid',
  'primary_key',
]);

/** Calls that run no SQL worth checking: output, timing, schema cache resets. */
const QUIET = new Set([
  'say',
  'puts',
  'p',
  'print',
  'pp',
  'require',
  'require_relative',
  'sleep',
  'raise',
  'fail',
  'reset_column_information',
  'suppress_messages',
  'connection',
  'logger',
  'revert_with',
]);

/** Blocks whose body runs as part of the migration. */
const PASS_THROUGH_BLOCKS = new Set(['say_with_time', 'suppress_messages', 'transaction', 'with_lock', 'each', 'each_with_index', 'map', 'tap', 'then']);

const RAW_SQL = new Set(['execute', 'exec_query', 'exec_update', 'exec_delete', 'exec_insert', 'update', 'delete', 'insert']);

/** Model methods that change data row by row without SQL we can show: a backfill. */
const DATA_METHODS = new Set([
  'find_each',
  'find_in_batches',
  'in_batches',
  'each',
  'update',
  'update!',
  'update_column',
  'update_columns',
  'save',
  'save!',
  'create',
  'create!',
  'insert_all',
  'upsert_all',
  'delete_all',
  'destroy_all',
  'find_or_create_by',
  'find_or_create_by!',
]);

interface Context {
  readonly text: string;
  readonly span: (l: Location) => HostSpan;
  /** ActiveRecord::Migration[x.y]: the defaults of that version apply (compatibility layer). */
  readonly version: number;
  readonly statements: SourceStatement[];
  readonly notes: SourceNote[];
  readonly annotations: SafetyAnnotation[];
  readonly lines: LineIndex;
  readonly comments: readonly HostSpan[];
  /** Model classes declared in the migration, by class name → table. */
  readonly models: Map<string, string>;
  /** Methods the migration class defines, inlined where called from up/change. */
  readonly helpers: Map<string, InstanceType<typeof N.DefNode>>;
  readonly inlined: Set<string>;
  /** String literals assigned to local variables (`sql = <<~SQL … SQL; execute sql`). */
  readonly locals: Map<string, RubyNode>;
  direction: Direction;
  /** Inside `revert do … end`: each call runs its inverse. */
  reverting: boolean;
  transactional: boolean;
  optOut?: HostSpan;
}

/** Reads a Rails migration file into statements of PostgreSQL SQL. */
export function translateRails(text: string): MigrationSource {
  const parsed = parseRuby(text);
  const span = (l: Location): HostSpan => ({ start: parsed.offset(l.startOffset), end: parsed.offset(l.startOffset + l.length) });
  const lines = new LineIndex(text);
  const migration = findMigrationClass(parsed.program.statements);
  const ctx: Context = {
    text,
    span,
    version: migration ? migrationVersion(migration.superclass) : 7.1,
    statements: [],
    notes: [],
    annotations: [],
    lines,
    comments: parsed.comments,
    models: new Map(),
    helpers: new Map(),
    inlined: new Set(),
    locals: new Map(),
    direction: 'forward',
    reverting: false,
    transactional: true,
  };
  if (migration?.body instanceof N.StatementsNode) readClassBody(migration.body.body, ctx);
  return {
    framework: 'rails',
    statements: ctx.statements,
    transactional: ctx.transactional,
    ...(ctx.optOut ? { transactionOptOut: ctx.optOut } : {}),
    annotations: ctx.annotations,
    notes: ctx.notes,
    comments: parsed.comments.map((c) => ({ range: c, body: text.slice(c.start, c.end).replace(/^#/, '') })),
    errors: parsed.errors,
  };
}

/**
 * The `[x.y]` of a file's `ActiveRecord::Migration[x.y]` as written (`"7.1"`), so generated
 * migrations keep the project's compatibility version; undefined when it names none.
 */
export function railsMigrationVersion(text: string): string | undefined {
  const parsed = parseRuby(text);
  const node = findMigrationClass(parsed.program.statements)?.superclass;
  if (!(node instanceof N.CallNode) || node.name !== '[]') return undefined;
  const arg = node.arguments_?.arguments_[0];
  if (!(arg instanceof N.FloatNode)) return undefined;
  return text.slice(parsed.offset(arg.location.startOffset), parsed.offset(arg.location.startOffset + arg.location.length));
}

type ClassNode = InstanceType<typeof N.ClassNode>;

/** The first class inheriting from ActiveRecord::Migration (or, failing that, any class with up/change). */
function findMigrationClass(statements: InstanceType<typeof N.StatementsNode> | null): ClassNode | undefined {
  const classes: ClassNode[] = [];
  const visit = (body: readonly RubyNode[]): void => {
    for (const n of body) {
      if (n instanceof N.ClassNode) classes.push(n);
      else if (n instanceof N.ModuleNode && n.body instanceof N.StatementsNode) visit(n.body.body);
    }
  };
  visit(statements?.body ?? []);
  return classes.find((c) => isMigrationSuperclass(c.superclass)) ?? classes.find((c) => definesDirection(c));
}

function isMigrationSuperclass(node: RubyNode | null): boolean {
  if (node instanceof N.CallNode && node.name === '[]') return isMigrationSuperclass(node.receiver);
  if (node instanceof N.ConstantPathNode) return node.name === 'Migration';
  return false;
}

function definesDirection(c: ClassNode): boolean {
  return c.body instanceof N.StatementsNode && c.body.body.some((n) => n instanceof N.DefNode && ['up', 'change'].includes(n.name));
}

/** `ActiveRecord::Migration[6.1]` → 6.1; the unversioned class of Rails 4 and earlier → 4.2. */
function migrationVersion(node: RubyNode | null): number {
  if (node instanceof N.CallNode && node.name === '[]') {
    const v = valueOf(node.arguments_?.arguments_[0]);
    if (typeof v === 'number') return v;
    return 7.1;
  }
  return 4.2;
}

function readClassBody(body: readonly RubyNode[], ctx: Context): void {
  for (const n of body) if (n instanceof N.DefNode) ctx.helpers.set(n.name, n);
  for (const n of body) {
    if (n instanceof N.CallNode && !n.receiver && n.name === 'disable_ddl_transaction!') {
      ctx.transactional = false;
      ctx.optOut = ctx.span(n.location);
    } else if (n instanceof N.ClassNode) {
      readModelClass(n, ctx);
    }
  }
  const defs = body.filter((n): n is InstanceType<typeof N.DefNode> => n instanceof N.DefNode);
  for (const def of defs) {
    const direction: Direction | undefined = def.name === 'up' || def.name === 'change' ? 'forward' : def.name === 'down' ? 'rollback' : undefined;
    if (!direction) continue;
    ctx.direction = direction;
    ctx.locals.clear();
    walk(def.body, ctx);
  }
  ctx.direction = 'forward';
}

/** `class User < ActiveRecord::Base; self.table_name = "members"; end` inside the migration. */
function readModelClass(c: ClassNode, ctx: Context): void {
  const name = c.name;
  let table = tableize(name);
  if (c.body instanceof N.StatementsNode) {
    for (const n of c.body.body) {
      if (n instanceof N.CallNode && n.name === 'table_name=' && n.receiver instanceof N.SelfNode) {
        const v = nameOf(valueOf(n.arguments_?.arguments_[0]));
        if (v) table = v;
      }
    }
  }
  ctx.models.set(name, table);
}

function walk(node: RubyNode | null | undefined, ctx: Context): void {
  if (!node) return;
  if (node instanceof N.StatementsNode) {
    for (const n of node.body) walk(n, ctx);
  } else if (node instanceof N.BeginNode) {
    walk(node.statements, ctx);
    walk(node.elseClause, ctx);
    walk(node.ensureClause, ctx);
  } else if (node instanceof N.IfNode || node instanceof N.UnlessNode) {
    walk(node.statements, ctx);
    walk(node instanceof N.IfNode ? node.subsequent : node.elseClause, ctx);
  } else if (node instanceof N.ElseNode) {
    walk(node.statements, ctx);
  } else if (node instanceof N.CaseNode) {
    for (const w of node.conditions) if (w instanceof N.WhenNode) walk(w.statements, ctx);
    walk(node.elseClause, ctx);
  } else if (node instanceof N.ParenthesesNode) {
    walk(node.body, ctx);
  } else if (node instanceof N.LocalVariableWriteNode) {
    if (node.value instanceof N.StringNode || node.value instanceof N.InterpolatedStringNode) ctx.locals.set(node.name, node.value);
    else walk(node.value, ctx);
  } else if (node instanceof N.CallNode) {
    call(node, ctx);
  } else if (node instanceof N.EnsureNode) {
    walk(node.statements, ctx);
  }
}

function blockBody(c: Call): RubyNode | null {
  return c.block instanceof N.BlockNode ? c.block.body : null;
}

/** The name of a block's first parameter (`do |t|` → `t`). */
function blockParam(c: Call): string | undefined {
  const params = c.block instanceof N.BlockNode ? c.block.parameters : null;
  if (!(params instanceof N.BlockParametersNode)) return undefined;
  const first = params.parameters?.requireds[0];
  return first instanceof N.RequiredParameterNode ? first.name : undefined;
}

function args(c: Call): RubyNode[] {
  return c.arguments_?.arguments_ ?? [];
}

/** Positional values and the trailing options hash. */
function split(c: Call): { positional: RubyValue[]; options: Options } {
  // `*%i[a b]` spreads a literal array into the arguments.
  const nodes = args(c).flatMap((n) => (n instanceof N.SplatNode && n.expression instanceof N.ArrayNode ? n.expression.elements : [n]));
  const last = nodes[nodes.length - 1];
  if (last instanceof N.KeywordHashNode) {
    const opts = valueOf(last);
    return { positional: nodes.slice(0, -1).map(valueOf), options: isHash(opts) ? opts.hash : new Map([['__unknown__', UNKNOWN]]) };
  }
  return { positional: nodes.map(valueOf), options: new Map() };
}

function isConnection(node: RubyNode | null): boolean {
  if (node instanceof N.CallNode && node.name === 'connection') return true;
  return false;
}

function call(c: Call, ctx: Context): void {
  const name = c.name;
  const receiver = c.receiver;
  if (!receiver || receiver instanceof N.SelfNode || isConnection(receiver)) {
    if (RAW_SQL.has(name) && (name === 'execute' || name.startsWith('exec_') || isConnection(receiver))) return rawSql(c, ctx);
    if (name === 'reversible') return reversible(c, ctx);
    if (name === 'safety_assured') return safetyAssured(c, ctx);
    if (name === 'revert') return revert(c, ctx);
    if (name === 'change_table') return changeTable(c, ctx);
    if (name === 'up_only') return walk(blockBody(c), ctx);
    if (PASS_THROUGH_BLOCKS.has(name) || QUIET.has(name)) return walk(blockBody(c), ctx);
    if (SCHEMA[name]) return schemaCall(c, ctx, SCHEMA[name]!);
    const helper = ctx.helpers.get(name);
    if (helper && !['up', 'down', 'change'].includes(name) && !ctx.inlined.has(name)) {
      ctx.inlined.add(name);
      walk(helper.body, ctx);
      ctx.inlined.delete(name);
      return;
    }
    if (!receiver && !c.arguments_ && !c.block) return; // a local method or variable-like call
    // An unknown method given a block (`with_lock_retries do … end`) is taken for a wrapper whose block runs.
    if (c.block instanceof N.BlockNode) return walk(blockBody(c), ctx);
    return note(ctx, c, `\`${name}\` is not analysed: Lockstep does not know the SQL it runs`);
  }
  const model = modelOf(receiver, ctx);
  if (model) return modelCall(c, model, ctx);
  if (c.block) {
    // `[:a, :b].each do |col| … end`, `User.find_each do |u| … end`: walk what runs inside.
    if (PASS_THROUGH_BLOCKS.has(name)) walk(blockBody(c), ctx);
    else if (DATA_METHODS.has(name))
      note(
        ctx,
        c,
        `\`${name}\` is a data migration Lockstep does not analyse: it changes rows inside the migration${ctx.transactional ? "'s transaction" : ''}`,
        true,
      );
  }
}

function note(ctx: Context, c: Call, message: string, backfill = false): void {
  if (ctx.direction !== 'forward') return;
  ctx.notes.push({ range: ctx.span(c.location), message: backfill ? message + ' (a backfill; batch it outside the schema change).' : message + '.' });
}

function emit(ctx: Context, c: Call | RubyNode, sql: string, backfill = false): void {
  const call = c instanceof N.CallNode ? c.name : 'sql';
  ctx.statements.push({ sql, kind: 'translated', range: ctx.span(c.location), direction: ctx.direction, call, ...(backfill ? { backfill } : {}) });
}

function rawSql(c: Call, ctx: Context): void {
  let node = args(c)[0];
  if (node instanceof N.LocalVariableReadNode) node = ctx.locals.get(node.name) ?? node;
  const mapped = node && mappedString(node, ctx.text, ctx.span);
  if (!mapped) return note(ctx, c, `\`${c.name}\` is not analysed: its SQL is not a string literal`);
  ctx.statements.push({
    sql: mapped.sql,
    kind: 'raw',
    range: { start: mapped.start, end: mapped.end },
    offsets: mapped.offsets,
    ...(mapped.inexact ? { inexact: true } : {}),
    direction: ctx.direction,
    call: c.name,
  });
}

/** `reversible do |dir| dir.up { … }; dir.down { … } end`. */
function reversible(c: Call, ctx: Context): void {
  const param = blockParam(c);
  const body = blockBody(c);
  const saved = ctx.direction;
  const visit = (node: RubyNode | null): void => {
    if (!(node instanceof N.StatementsNode)) return walk(node, ctx);
    for (const n of node.body) {
      if (n instanceof N.CallNode && n.receiver instanceof N.LocalVariableReadNode && n.receiver.name === param && (n.name === 'up' || n.name === 'down')) {
        ctx.direction = n.name === 'up' ? saved : 'rollback';
        walk(blockBody(n), ctx);
        ctx.direction = saved;
      } else walk(n, ctx);
    }
  };
  visit(body);
}

/** strong_migrations' `safety_assured { … }`: its statements are not reported; a comment beside it should say why. */
function safetyAssured(c: Call, ctx: Context): void {
  const range = ctx.span(c.location);
  const head = ctx.span(c.messageLoc ?? c.location);
  ctx.annotations.push({ name: 'safety_assured', range, head, reason: reasonFor(head, ctx) });
  walk(blockBody(c), ctx);
}

/** Comments on the lines right above the annotation, or on its own line. */
function reasonFor(head: HostSpan, ctx: Context): string {
  const line = ctx.lines.position(head.start).line;
  const byLine = new Map<number, string>();
  for (const cm of ctx.comments) byLine.set(ctx.lines.position(cm.start).line, ctx.text.slice(cm.start, cm.end).replace(/^#\s*/, '').trim());
  const parts: string[] = [];
  if (byLine.has(line)) parts.push(byLine.get(line)!);
  for (let l = line - 1; byLine.has(l); l--) parts.unshift(byLine.get(l)!);
  return parts
    .filter((p) => !/^lockstep-ignore/.test(p))
    .join(' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Schema statements

type SchemaHandler = (c: Call, ctx: Context, positional: RubyValue[], options: Options) => string[] | string | undefined;

function schemaCall(c: Call, ctx: Context, handler: SchemaHandler): void {
  let { positional, options } = split(c);
  if (ctx.reverting) {
    const inverse = INVERSE[c.name];
    if (!inverse) return note(ctx, c, `\`${c.name}\` inside \`revert\` is not analysed: Lockstep does not know its inverse`);
    handler = SCHEMA[inverse[0]]!;
    positional = inverse[1](positional);
  }
  const sql = positional.includes(UNKNOWN) || options.has('__unknown__') ? undefined : handler(c, ctx, positional, options);
  if (sql === undefined) return note(ctx, c, `\`${c.name}\` is not analysed: its arguments are not literal values`);
  for (const s of Array.isArray(sql) ? sql : [sql]) emit(ctx, c, s);
}

function str(v: RubyValue | undefined): string | undefined {
  return v === undefined ? undefined : nameOf(v);
}

function num(v: RubyValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

interface ColumnSpec {
  readonly name: string;
  readonly type: string;
  readonly options: Options;
}

/** `"name" type DEFAULT … NOT NULL`, as the adapter's schema creation writes a column. */
function columnSql(col: ColumnSpec, ctx: Context): string | undefined {
  const o = col.options;
  let precision = num(o.get('precision'));
  // Rails 7.0 made datetime columns precision 6 by default (6.1 only for timestamps).
  if (precision === undefined && !o.has('precision') && ctx.version >= 7.0 && (col.type === 'datetime' || col.type === 'timestamp')) precision = 6;
  let sql = `${quoteName(col.name)} ${typeSql(col.type, {
    ...(num(o.get('limit')) !== undefined ? { limit: num(o.get('limit'))! } : {}),
    ...(precision !== undefined ? { precision } : {}),
    ...(num(o.get('scale')) !== undefined ? { scale: num(o.get('scale'))! } : {}),
    ...(o.get('array') === true ? { array: true } : {}),
  })}`;
  const collation = str(o.get('collation'));
  if (collation) sql += ` COLLATE ${quoteName(collation)}`;
  if (o.has('default') && !(o.get('null') === false && o.get('default') === null)) {
    const d = defaultSql(o.get('default')!, col.type, o.get('array') === true);
    if (d === undefined) return undefined;
    sql += ` DEFAULT ${d}`;
  }
  if (o.get('null') === false) sql += ' NOT NULL';
  if (o.get('primary_key') === true) sql += ' PRIMARY KEY';
  return sql;
}

function defaultSql(v: RubyValue, type: string, array: boolean): string | undefined {
  if (array && Array.isArray(v)) {
    const items = v.map((x) =>
      typeof x === 'string' ? `"${x.replace(/(["\\])/g, '\\$1')}"` : x === null ? 'NULL' : typeof x === 'object' ? undefined : String(x),
    );
    return items.includes(undefined) ? undefined : quoteString(`{${items.join(',')}}`);
  }
  return quoteValue(v, type);
}

function indexName(table: string, columns: readonly string[]): string {
  return `index_${table}_on_${columns.join('_and_')}`;
}

/** A column given as a string with anything but a name in it is an SQL expression. */
function isExpression(column: string): boolean {
  return /\W/.test(column);
}

function indexSql(table: string, columns: readonly string[], o: Options, _ctx: Context): string | undefined {
  if (columns.length === 0) return undefined;
  const name = str(o.get('name')) ?? indexName(table, columns);
  const order = o.get('order') ?? null;
  const orders = isHash(order) ? order.hash : undefined;
  const opclass = o.get('opclass') ?? null;
  const cols =
    columns.length === 1 && isExpression(columns[0]!)
      ? columns[0]!
      : columns
          .map((col) => {
            let s = isExpression(col) ? col : quoteName(col);
            const oc = isHash(opclass) ? str(opclass.hash.get(col)) : str(opclass);
            if (oc) s += ` ${oc}`;
            const dir = orders ? str(orders.get(col)) : str(order);
            if (dir) s += ` ${dir.toUpperCase()}`;
            return s;
          })
          .join(', ');
  const unique = o.get('unique') === true ? 'UNIQUE ' : '';
  const concurrently = str(o.get('algorithm')) === 'concurrently' ? 'CONCURRENTLY ' : '';
  const ifNotExists = o.get('if_not_exists') === true ? 'IF NOT EXISTS ' : '';
  const using = str(o.get('using'));
  const include = o.get('include');
  const includes = include === undefined ? [] : Array.isArray(include) ? include.map(nameOf) : [nameOf(include)];
  if (includes.includes(undefined)) return undefined;
  let sql = `CREATE ${unique}INDEX ${concurrently}${ifNotExists}${quoteName(name)} ON ${quoteTable(table)} ${using ? `USING ${using} ` : ''}(${cols})`;
  if (includes.length > 0) sql += ` INCLUDE (${includes.map((c) => quoteName(c!)).join(', ')})`;
  const where = str(o.get('where'));
  if (where) sql += ` WHERE ${where}`;
  return sql;
}

function columnsOf(v: RubyValue | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v.map(nameOf) : [nameOf(v)];
  return list.includes(undefined) ? undefined : (list as string[]);
}

/** The referencing column Rails assumes: `column:`, else the singular of the target table plus `_id`. */
function foreignKeyColumn(to: string, o: Options): string {
  return str(o.get('column')) ?? `${singularize(to.split('.').pop()!)}_id`;
}

/** The table and constraint name of `remove_foreign_key`/`validate_foreign_key` (`name:`, else Rails' generated name). */
function namedForeignKey(p: readonly RubyValue[], o: Options): { from: string; name: string } | undefined {
  const from = str(p[0]);
  const to = str(p[1]);
  const named = str(o.get('name'));
  if (!from) return undefined;
  if (named !== undefined) return { from, name: named };
  const column = to || str(o.get('column')) !== undefined ? foreignKeyColumn(to ?? '', o) : undefined;
  return column ? { from, name: foreignKeyName(from, column) } : undefined;
}

function foreignKeySql(from: string, to: string, o: Options, inline: boolean): string | undefined {
  const column = foreignKeyColumn(to, o);
  const primaryKey = str(o.get('primary_key')) ?? 'id';
  const name = str(o.get('name')) ?? foreignKeyName(from, column);
  let sql = `CONSTRAINT ${quoteName(name)} FOREIGN KEY (${quoteName(column)}) REFERENCES ${quoteTable(to)} (${quoteName(primaryKey)})`;
  for (const [key, verb] of [
    ['on_delete', 'DELETE'],
    ['on_update', 'UPDATE'],
  ] as const) {
    const action = str(o.get(key));
    if (action)
      sql += ` ON ${verb} ${action === 'nullify' ? 'SET NULL' : action === 'cascade' ? 'CASCADE' : action === 'restrict' ? 'RESTRICT' : action.toUpperCase()}`;
  }
  const deferrable = o.get('deferrable');
  if (deferrable === true || deferrable === 'immediate' || (typeof deferrable === 'object' && nameOf(deferrable) === 'immediate')) sql += ' DEFERRABLE';
  else if (nameOf(deferrable ?? null) === 'deferred') sql += ' DEFERRABLE INITIALLY DEFERRED';
  if (!inline && o.get('validate') === false) sql += ' NOT VALID';
  return inline ? sql : `ALTER TABLE ${quoteTable(from)} ADD ${sql}`;
}

/** The columns, indexes and foreign keys `t.references :user` (or `add_reference`) adds. */
function referenceParts(
  table: string,
  ref: string,
  o: Options,
  ctx: Context,
): { columns: ColumnSpec[]; index?: string; foreignKey?: Options & { to: string } } | undefined {
  const polymorphic = o.get('polymorphic');
  const type = str(o.get('type')) ?? (ctx.version < 5.1 ? 'integer' : 'bigint');
  const colOptions = new Map<string, RubyValue>();
  for (const k of ['null', 'default', 'limit', 'comment']) if (o.has(k)) colOptions.set(k, o.get(k)!);
  const columns: ColumnSpec[] = [];
  if (polymorphic !== undefined && polymorphic !== false)
    columns.push({ name: `${ref}_type`, type: 'string', options: isHash(polymorphic) ? polymorphic.hash : colOptions });
  columns.push({ name: `${ref}_id`, type, options: colOptions });
  const indexOpt = o.get('index') ?? (ctx.version < 5.0 ? false : true);
  let index: string | undefined;
  if (indexOpt !== false && indexOpt !== null) {
    const io = isHash(indexOpt) ? indexOpt.hash : new Map<string, RubyValue>();
    const cols = columns.map((c) => c.name);
    const name = str(io.get('name')) ?? (polymorphic ? indexName(table, [ref]) : indexName(table, cols));
    index = indexSql(table, cols, new Map([...io, ['name', name]]), ctx);
  }
  const fk = o.get('foreign_key');
  if (fk === undefined || fk === false || fk === null) return { columns, ...(index ? { index } : {}) };
  const fo = isHash(fk) ? fk.hash : new Map<string, RubyValue>();
  const to = str(fo.get('to_table')) ?? pluralize(ref);
  return { columns, ...(index ? { index } : {}), foreignKey: Object.assign(new Map([...fo, ['column', `${ref}_id`]]), { to }) };
}

function addColumnSql(table: string, col: ColumnSpec, ctx: Context): string[] | undefined {
  const def = columnSql(col, ctx);
  if (!def) return undefined;
  const out = [`ALTER TABLE ${quoteTable(table)} ADD ${def}`];
  const comment = str(col.options.get('comment'));
  if (comment !== undefined) out.push(`COMMENT ON COLUMN ${quoteTable(table)}.${quoteName(col.name)} IS ${quoteString(comment)}`);
  const index = col.options.get('index');
  if (index !== undefined && index !== false) out.push(indexSql(table, [col.name], isHash(index) ? index.hash : new Map(), ctx)!);
  return out;
}

function addReferenceSql(table: string, ref: string, o: Options, ctx: Context): string[] | undefined {
  const parts = referenceParts(table, ref, o, ctx);
  if (!parts) return undefined;
  const out: string[] = [];
  for (const col of parts.columns) {
    const def = columnSql(col, ctx);
    if (!def) return undefined;
    out.push(`ALTER TABLE ${quoteTable(table)} ADD ${def}`);
  }
  if (parts.index) out.push(parts.index);
  if (parts.foreignKey) out.push(foreignKeySql(table, parts.foreignKey.to, parts.foreignKey, false)!);
  return out;
}

function timestampColumns(o: Options, ctx: Context): ColumnSpec[] {
  const options = new Map(o);
  // Migration[6.0]+ gives timestamps precision 6; Migration[4.2] left them nullable.
  if (!options.has('precision') && ctx.version >= 6.0) options.set('precision', 6);
  if (!options.has('null') && ctx.version >= 5.0) options.set('null', false);
  return ['created_at', 'updated_at'].map((name) => ({ name, type: 'datetime', options }));
}

/** The calls of a table definition block: `t.string :name`, `t.references :user`, `t.index …`, `t.timestamps`. */
interface TableBlock {
  columns: ColumnSpec[];
  indexes: string[];
  constraints: string[];
  /** Statements for `change_table` (each call alters the table on its own). */
  alters: { call: Call; sql: string[] }[];
}

function tableBlock(c: Call, table: string, ctx: Context, mode: 'create' | 'change'): TableBlock | undefined {
  const param = blockParam(c);
  const out: TableBlock = { columns: [], indexes: [], constraints: [], alters: [] };
  const body = blockBody(c);
  if (!param || !body) return out;
  const statements = body instanceof N.StatementsNode ? body.body : [body];
  for (const n of statements) {
    if (!(n instanceof N.CallNode) || !(n.receiver instanceof N.LocalVariableReadNode) || n.receiver.name !== param) {
      walk(n, ctx);
      continue;
    }
    const { positional, options } = split(n);
    if (positional.includes(UNKNOWN) || options.has('__unknown__')) {
      note(ctx, n, `\`${param}.${n.name}\` is not analysed: its arguments are not literal values`);
      continue;
    }
    const sql = mode === 'create' ? createTableCall(n, table, positional, options, out, ctx) : changeTableCall(n, table, positional, options, ctx);
    if (sql === undefined) note(ctx, n, `\`${param}.${n.name}\` is not analysed`);
    else if (sql.length > 0) out.alters.push({ call: n, sql });
  }
  return out;
}

/** One call inside `create_table`; adds to the definition and returns [] (or undefined when not understood). */
function createTableCall(n: Call, table: string, positional: RubyValue[], o: Options, out: TableBlock, ctx: Context): string[] | undefined {
  const names = positional.map(nameOf);
  if (n.name === 'timestamps') {
    out.columns.push(...timestampColumns(o, ctx));
    return [];
  }
  if (n.name === 'index') {
    const cols = columnsOf(positional[0]);
    const sql = cols && indexSql(table, cols, o, ctx);
    if (!sql) return undefined;
    out.indexes.push(sql);
    return [];
  }
  if (n.name === 'references' || n.name === 'belongs_to') {
    for (const ref of names) {
      const parts = ref && referenceParts(table, ref, o, ctx);
      if (!parts) return undefined;
      out.columns.push(...parts.columns);
      if (parts.index) out.indexes.push(parts.index);
      if (parts.foreignKey) out.constraints.push(foreignKeySql(table, parts.foreignKey.to, parts.foreignKey, true)!);
    }
    return [];
  }
  if (n.name === 'foreign_key') {
    const to = str(positional[0]);
    if (!to) return undefined;
    out.constraints.push(foreignKeySql(table, to, o, true)!);
    return [];
  }
  if (n.name === 'check_constraint') {
    const expr = str(positional[0]);
    if (!expr) return undefined;
    out.constraints.push(`CONSTRAINT ${str(o.get('name')) ?? checkConstraintName(table, expr)} CHECK (${expr})`);
    return [];
  }
  const column = n.name === 'column' ? { names: [names[0]], type: names[1] } : COLUMN_TYPES.has(n.name) ? { names, type: n.name } : undefined;
  if (!column || !column.type || column.names.some((x) => !x)) return undefined;
  for (const name of column.names) {
    out.columns.push({ name: name!, type: column.type, options: o });
    const index = o.get('index');
    if (index !== undefined && index !== false) out.indexes.push(indexSql(table, [name!], isHash(index) ? index.hash : new Map(), ctx)!);
  }
  return [];
}

/** One call inside `change_table`: the statements it runs on its own. */
function changeTableCall(n: Call, table: string, p: RubyValue[], o: Options, ctx: Context): string[] | undefined {
  const handler = CHANGE_TABLE[n.name];
  if (handler) {
    const r = handler(n, ctx, [table, ...p], o);
    return r === undefined ? undefined : Array.isArray(r) ? r : [r];
  }
  const type = n.name === 'column' ? str(p[1]) : COLUMN_TYPES.has(n.name) ? n.name : undefined;
  if (!type) return undefined;
  const names = n.name === 'column' ? [str(p[0])] : p.map(str);
  const out: string[] = [];
  for (const name of names) {
    const sql = name && addColumnSql(table, { name, type, options: o }, ctx);
    if (!sql) return undefined;
    out.push(...sql);
  }
  return out;
}

function createTable(c: Call, ctx: Context, p: RubyValue[], o: Options): string[] | undefined {
  const table = str(p[0]);
  if (!table) return undefined;
  const block = tableBlock(c, table, ctx, 'create');
  if (!block) return undefined;
  const columns: string[] = [];
  const id = o.get('id');
  if (id !== false) {
    const pk = str(o.get('primary_key')) ?? 'id';
    const idType = str(id ?? null);
    if (Array.isArray(o.get('primary_key'))) return undefined;
    if (idType === undefined || idType === 'primary_key') {
      columns.push(ctx.version < 5.1 ? `${quoteName(pk)} serial NOT NULL PRIMARY KEY` : `${quoteName(pk)} bigserial primary key`);
    } else if (idType === 'uuid') {
      const d = o.get('default');
      columns.push(`${quoteName(pk)} uuid DEFAULT ${isSql(d ?? null) ? (d as { sql: string }).sql : 'gen_random_uuid()'} NOT NULL PRIMARY KEY`);
    } else if (idType === 'integer' || idType === 'serial') {
      columns.push(`${quoteName(pk)} serial NOT NULL PRIMARY KEY`);
    } else if (idType === 'bigint' || idType === 'bigserial') {
      columns.push(`${quoteName(pk)} bigserial NOT NULL PRIMARY KEY`);
    } else {
      columns.push(`${quoteName(pk)} ${typeSql(idType, {})} NOT NULL PRIMARY KEY`);
    }
  }
  for (const col of block.columns) {
    const sql = columnSql(col, ctx);
    if (!sql) return undefined;
    columns.push(sql);
  }
  const head = `CREATE${o.get('temporary') === true ? ' TEMPORARY' : ''} TABLE ${o.get('if_not_exists') === true ? 'IF NOT EXISTS ' : ''}${quoteTable(table)}`;
  const extra = str(o.get('options'));
  const out: string[] = [];
  const force = o.get('force');
  if (force !== undefined && force !== false) out.push(`DROP TABLE IF EXISTS ${quoteTable(table)}${str(force) === 'cascade' ? ' CASCADE' : ''}`);
  out.push(`${head} (${[...columns, ...block.constraints].join(', ')})${extra ? ` ${extra}` : ''}`);
  out.push(...block.indexes);
  // Comments are set after the table and its indexes exist.
  const comment = str(o.get('comment'));
  if (comment) out.push(`COMMENT ON TABLE ${quoteTable(table)} IS ${quoteString(comment)}`);
  for (const col of block.columns) {
    const c = str(col.options.get('comment'));
    if (c !== undefined) out.push(`COMMENT ON COLUMN ${quoteTable(table)}.${quoteName(col.name)} IS ${quoteString(c)}`);
  }
  return out;
}

function changeTable(c: Call, ctx: Context): void {
  const { positional } = split(c);
  const table = str(positional[0]);
  if (!table) return note(ctx, c, '`change_table` is not analysed: its table name is not a literal');
  // `bulk: true` combines the changes into one ALTER TABLE; each is checked here on its own,
  // which finds the same locks.
  const block = tableBlock(c, table, ctx, 'change');
  for (const a of block?.alters ?? []) for (const s of a.sql) emit(ctx, a.call, s);
}

/** `revert do … end` runs each call's inverse, last call first. */
function revert(c: Call, ctx: Context): void {
  if (!(c.block instanceof N.BlockNode) || ctx.reverting)
    return note(ctx, c, '`revert` is not analysed: the statements it runs are the inverse of the migration given');
  const from = ctx.statements.length;
  ctx.reverting = true;
  walk(blockBody(c), ctx);
  ctx.reverting = false;
  const added = ctx.statements.splice(from);
  ctx.statements.push(...added.reverse());
}

const same = (p: RubyValue[]): RubyValue[] => p;
const swapLast = (p: RubyValue[]): RubyValue[] => [...p.slice(0, -2), p[p.length - 1]!, p[p.length - 2]!];

/** The call Rails runs to undo each reversible call, and how its arguments become the inverse's. */
const INVERSE: Readonly<Record<string, readonly [string, (p: RubyValue[]) => RubyValue[]]>> = {
  create_table: ['drop_table', same],
  drop_table: ['create_table', same],
  create_join_table: ['drop_join_table', same],
  add_column: ['remove_column', same],
  remove_column: ['add_column', same],
  add_index: ['remove_index', same],
  add_reference: ['remove_reference', same],
  add_belongs_to: ['remove_reference', same],
  add_timestamps: ['remove_timestamps', same],
  add_foreign_key: ['remove_foreign_key', same],
  add_check_constraint: ['remove_check_constraint', same],
  rename_column: ['rename_column', swapLast],
  rename_table: ['rename_table', swapLast],
  rename_index: ['rename_index', swapLast],
  enable_extension: ['disable_extension', same],
  disable_extension: ['enable_extension', same],
};

const alter = (table: string, rest: string): string => `ALTER TABLE ${quoteTable(table)} ${rest}`;

/** change_table's `t.remove`, `t.rename`, …: the schema statement they stand for, with the table first. */
const CHANGE_TABLE: Readonly<Record<string, SchemaHandler>> = {
  remove: (_c, _x, p) =>
    p.slice(1).some((v) => str(v) === undefined)
      ? undefined
      : [
          alter(
            str(p[0])!,
            p
              .slice(1)
              .map((v) => `DROP COLUMN ${quoteName(str(v)!)}`)
              .join(', '),
          ),
        ],
  rename: (c, x, p, o) => SCHEMA.rename_column!(c, x, p, o),
  change: (c, x, p, o) => SCHEMA.change_column!(c, x, p, o),
  change_default: (c, x, p, o) => SCHEMA.change_column_default!(c, x, p, o),
  change_null: (c, x, p, o) => SCHEMA.change_column_null!(c, x, p, o),
  index: (c, x, p, o) => SCHEMA.add_index!(c, x, p, o),
  remove_index: (c, x, p, o) => SCHEMA.remove_index!(c, x, p, o),
  references: (c, x, p, o) => p.slice(1).flatMap((r) => (str(r) ? (addReferenceSql(str(p[0])!, str(r)!, o, x) ?? ['?']) : ['?'])),
  belongs_to: (c, x, p, o) => CHANGE_TABLE.references!(c, x, p, o),
  remove_references: (c, x, p, o) => SCHEMA.remove_reference!(c, x, p, o),
  remove_belongs_to: (c, x, p, o) => SCHEMA.remove_reference!(c, x, p, o),
  timestamps: (c, x, p, o) => SCHEMA.add_timestamps!(c, x, p, o),
  remove_timestamps: (c, x, p, o) => SCHEMA.remove_timestamps!(c, x, p, o),
  check_constraint: (c, x, p, o) => SCHEMA.add_check_constraint!(c, x, p, o),
  foreign_key: (c, x, p, o) => SCHEMA.add_foreign_key!(c, x, p, o),
  remove_foreign_key: (c, x, p, o) => SCHEMA.remove_foreign_key!(c, x, p, o),
  remove_check_constraint: (c, x, p, o) => SCHEMA.remove_check_constraint!(c, x, p, o),
};

const SCHEMA: Readonly<Record<string, SchemaHandler>> = {
  create_table: createTable,
  create_join_table: (_c, ctx, p, o) => {
    const [a, b] = [str(p[0]), str(p[1])];
    if (!a || !b) return undefined;
    const table = str(o.get('table_name')) ?? [a, b].sort().join('_');
    const colOptions = isHash(o.get('column_options') ?? null) ? (o.get('column_options') as { hash: Options }).hash : new Map<string, RubyValue>();
    const cols = [a, b].map((t) => columnSql({ name: `${singularize(t)}_id`, type: 'bigint', options: new Map([['null', false], ...colOptions]) }, ctx));
    return `CREATE TABLE ${quoteTable(table)} (${cols.join(', ')})`;
  },
  drop_table: (_c, _x, p, o) => {
    const t = str(p[0]);
    return t
      ? `DROP TABLE ${o.get('if_exists') === true ? 'IF EXISTS ' : ''}${quoteTable(t)}${str(o.get('force')) === 'cascade' ? ' CASCADE' : ''}`
      : undefined;
  },
  drop_join_table: (_c, _x, p, o) => {
    const [a, b] = [str(p[0]), str(p[1])];
    return a && b ? `DROP TABLE ${quoteTable(str(o.get('table_name')) ?? [a, b].sort().join('_'))}` : undefined;
  },
  rename_table: (_c, _x, p) => {
    const [a, b] = [str(p[0]), str(p[1])];
    // Rails then renames the table's id sequence, primary key index and `index_<table>_on_…`
    // indexes, each looked up in the database; those renames are metadata-only.
    return a && b ? alter(a, `RENAME TO ${quoteName(b)}`) : undefined;
  },
  add_column: (_c, ctx, p, o) => {
    const [t, name, type] = [str(p[0]), str(p[1]), str(p[2])];
    return t && name && type ? addColumnSql(t, { name, type, options: o }, ctx) : undefined;
  },
  remove_column: (_c, _x, p, o) => {
    const [t, name] = [str(p[0]), str(p[1])];
    return t && name ? alter(t, `DROP COLUMN ${o.get('if_exists') === true ? 'IF EXISTS ' : ''}${quoteName(name)}`) : undefined;
  },
  remove_columns: (_c, _x, p) => {
    const t = str(p[0]);
    const cols = p.slice(1).map(str);
    return t && cols.length > 0 && !cols.includes(undefined) ? alter(t, cols.map((c) => `DROP COLUMN ${quoteName(c!)}`).join(', ')) : undefined;
  },
  rename_column: (_c, _x, p) => {
    const [t, a, b] = [str(p[0]), str(p[1]), str(p[2])];
    // Rails also renames indexes named after the column (`index_users_on_a`) when they exist.
    return t && a && b ? alter(t, `RENAME COLUMN ${quoteName(a)} TO ${quoteName(b)}`) : undefined;
  },
  change_column: (_c, ctx, p, o) => {
    const [t, col, type] = [str(p[0]), str(p[1]), str(p[2])];
    if (!t || !col || !type) return undefined;
    const def = columnSql({ name: col, type, options: new Map([...o].filter(([k]) => ['limit', 'precision', 'scale', 'array'].includes(k))) }, ctx);
    if (!def) return undefined;
    const parts = [`ALTER COLUMN ${quoteName(col)} TYPE ${def.slice(quoteName(col).length + 1)}`];
    const using = str(o.get('using'));
    if (using) parts[0] += ` USING ${using}`;
    if (o.has('default')) {
      const d = o.get('default');
      const v = d === null ? undefined : quoteValue(d!, type);
      parts.push(d === null ? `ALTER COLUMN ${quoteName(col)} DROP DEFAULT` : `ALTER COLUMN ${quoteName(col)} SET DEFAULT ${v}`);
      if (v === undefined && d !== null) return undefined;
    }
    if (o.has('null')) parts.push(`ALTER COLUMN ${quoteName(col)} ${o.get('null') === false ? 'SET' : 'DROP'} NOT NULL`);
    return alter(t, parts.join(', '));
  },
  change_column_null: (_c, _x, p) => {
    const [t, col] = [str(p[0]), str(p[1])];
    const allowNull = p[2];
    if (!t || !col || typeof allowNull !== 'boolean') return undefined;
    const out: string[] = [];
    if (!allowNull && p[3] !== undefined && p[3] !== null) {
      const v = quoteValue(p[3]);
      if (v === undefined) return undefined;
      // Every NULL row is filled in one statement, inside the migration's transaction.
      out.push(`UPDATE ${quoteTable(t)} SET ${quoteName(col)}=${v} WHERE ${quoteName(col)} IS NULL`);
    }
    out.push(alter(t, `ALTER COLUMN ${quoteName(col)} ${allowNull ? 'DROP' : 'SET'} NOT NULL`));
    return out;
  },
  change_column_default: (_c, _x, p, o) => {
    const [t, col] = [str(p[0]), str(p[1])];
    // `from: a, to: b` arrives as keyword options.
    let v = p.length > 2 ? p[2] : o.get('to');
    if (!t || !col || v === undefined) return undefined;
    if (isHash(v) && v.hash.has('to')) v = v.hash.get('to')!;
    if (v === null) return alter(t, `ALTER COLUMN ${quoteName(col)} DROP DEFAULT`);
    const q = quoteValue(v);
    return q === undefined ? undefined : alter(t, `ALTER COLUMN ${quoteName(col)} SET DEFAULT ${q}`);
  },
  add_index: (_c, ctx, p, o) => {
    const t = str(p[0]);
    const cols = columnsOf(p[1]);
    return t && cols ? indexSql(t, cols, o, ctx) : undefined;
  },
  remove_index: (_c, _x, p, o) => {
    const t = str(p[0]);
    const cols = columnsOf(p[1] ?? o.get('column'));
    const name = str(o.get('name')) ?? (t && cols ? indexName(t, cols) : undefined);
    if (!t || !name) return undefined;
    return `DROP INDEX ${str(o.get('algorithm')) === 'concurrently' ? 'CONCURRENTLY ' : ''}${o.get('if_exists') === true ? 'IF EXISTS ' : ''}${quoteTable(name)}`;
  },
  rename_index: (_c, _x, p) => {
    const [a, b] = [str(p[1]), str(p[2])];
    return a && b ? `ALTER INDEX ${quoteTable(a)} RENAME TO ${quoteName(b)}` : undefined;
  },
  add_reference: (_c, ctx, p, o) => {
    const [t, ref] = [str(p[0]), str(p[1])];
    return t && ref ? addReferenceSql(t, ref, o, ctx) : undefined;
  },
  remove_reference: (_c, _x, p, o) => {
    const [t, ref] = [str(p[0]), str(p[1])];
    if (!t || !ref) return undefined;
    const out: string[] = [];
    const fk = o.get('foreign_key');
    if (fk !== undefined && fk !== false && fk !== null) {
      // The key's name depends only on the table and column, not on the table it references.
      out.push(alter(t, `DROP CONSTRAINT ${quoteName(foreignKeyName(t, `${ref}_id`))}`));
    }
    if (o.get('polymorphic') !== undefined && o.get('polymorphic') !== false) out.push(alter(t, `DROP COLUMN ${quoteName(`${ref}_type`)}`));
    out.push(alter(t, `DROP COLUMN ${quoteName(`${ref}_id`)}`));
    return out;
  },
  add_foreign_key: (_c, _x, p, o) => {
    const [from, to] = [str(p[0]), str(p[1])];
    return from && to ? foreignKeySql(from, to, o, false) : undefined;
  },
  remove_foreign_key: (_c, _x, p, o) => {
    const fk = namedForeignKey(p, o);
    return fk ? alter(fk.from, `DROP CONSTRAINT ${quoteName(fk.name)}`) : undefined;
  },
  validate_foreign_key: (_c, _x, p, o) => {
    const fk = namedForeignKey(p, o);
    return fk ? alter(fk.from, `VALIDATE CONSTRAINT ${quoteName(fk.name)}`) : undefined;
  },
  add_check_constraint: (_c, _x, p, o) => {
    const [t, expr] = [str(p[0]), str(p[1])];
    if (!t || !expr) return undefined;
    // 6.1 writes the constraint name unquoted.
    const name = str(o.get('name')) ?? checkConstraintName(t, expr);
    return alter(t, `ADD CONSTRAINT ${name} CHECK (${expr})${o.get('validate') === false ? ' NOT VALID' : ''}`);
  },
  validate_check_constraint: (_c, _x, p, o) => {
    const t = str(p[0]);
    const name = str(o.get('name'));
    return t && name ? alter(t, `VALIDATE CONSTRAINT ${quoteName(name)}`) : undefined;
  },
  remove_check_constraint: (_c, _x, p, o) => {
    const [t, expr] = [str(p[0]), str(p[1])];
    const name = str(o.get('name')) ?? (t && expr ? checkConstraintName(t, expr) : undefined);
    return t && name ? alter(t, `DROP CONSTRAINT ${quoteName(name)}`) : undefined;
  },
  add_timestamps: (_c, ctx, p, o) => {
    const t = str(p[0]);
    if (!t) return undefined;
    const cols = timestampColumns(o, ctx).map((c) => columnSql(c, ctx));
    return cols.includes(undefined) ? undefined : cols.map((c) => alter(t, `ADD ${c}`));
  },
  remove_timestamps: (_c, _x, p) => {
    const t = str(p[0]);
    return t ? alter(t, 'DROP COLUMN "updated_at", DROP COLUMN "created_at"') : undefined;
  },
  enable_extension: (_c, _x, p) => (str(p[0]) ? `CREATE EXTENSION IF NOT EXISTS ${quoteName(str(p[0])!)}` : undefined),
  disable_extension: (_c, _x, p) => (str(p[0]) ? `DROP EXTENSION IF EXISTS ${quoteName(str(p[0])!)} CASCADE` : undefined),
  change_column_comment: (_c, _x, p) => {
    const [t, col] = [str(p[0]), str(p[1])];
    let v = p[2];
    if (isHash(v ?? null) && (v as { hash: Options }).hash.has('to')) v = (v as { hash: Options }).hash.get('to');
    return t && col
      ? `COMMENT ON COLUMN ${quoteTable(t)}.${quoteName(col)} IS ${v === null || v === undefined ? 'NULL' : quoteString(String(nameOf(v) ?? ''))}`
      : undefined;
  },
  change_table_comment: (_c, _x, p) => {
    const t = str(p[0]);
    let v = p[1];
    if (isHash(v ?? null) && (v as { hash: Options }).hash.has('to')) v = (v as { hash: Options }).hash.get('to');
    return t ? `COMMENT ON TABLE ${quoteTable(t)} IS ${v === null || v === undefined ? 'NULL' : quoteString(String(nameOf(v) ?? ''))}` : undefined;
  },
};
Object.assign(SCHEMA, { add_belongs_to: SCHEMA.add_reference, remove_belongs_to: SCHEMA.remove_reference });

// ---------------------------------------------------------------------------------------------
// Data changes through models

/** The table a model receiver stands for: `User`, `Admin::User`, a class declared in the migration. */
function modelOf(node: RubyNode | null, ctx: Context): { table: string; chain: Call[]; inferred: boolean } | undefined {
  const chain: Call[] = [];
  let n = node;
  while (n instanceof N.CallNode) {
    chain.unshift(n);
    n = n.receiver;
  }
  let name: string | undefined;
  if (n instanceof N.ConstantReadNode) name = n.name;
  else if (n instanceof N.ConstantPathNode && n.name) name = n.name;
  if (!name || name === 'ActiveRecord' || (n instanceof N.ConstantPathNode && n.parent instanceof N.ConstantReadNode && n.parent.name === 'ActiveRecord'))
    return undefined;
  if (chain.some((c) => c.name === 'connection')) return undefined;
  const local = ctx.models.get(name);
  return { table: local ?? tableize(name), chain, inferred: local === undefined };
}

function modelCall(c: Call, model: { table: string; chain: Call[]; inferred: boolean }, ctx: Context): void {
  if (c.name === 'reset_column_information' || c.name === 'table_name' || c.name === 'connection') return;
  if (c.name !== 'update_all') {
    if (DATA_METHODS.has(c.name))
      note(
        ctx,
        c,
        `\`${c.name}\` is a data migration Lockstep does not analyse: it changes rows inside the migration${ctx.transactional ? "'s transaction" : ''}`,
        true,
      );
    // `ApplicationRecord.without_timeout do … end`, `Model.transaction do … end`: the block runs.
    else if (c.block instanceof N.BlockNode) walk(blockBody(c), ctx);
    return;
  }
  const where: string[] = [];
  for (const link of model.chain) {
    if (link.name === 'unscoped' || link.name === 'all') continue;
    if (link.name !== 'where') return note(ctx, c, `\`update_all\` after \`${link.name}\` is a data migration Lockstep does not analyse`, true);
    const w = whereSql(link, model.table);
    if (w === undefined) return note(ctx, c, '`update_all` with a condition that is not literal is a data migration Lockstep does not analyse', true);
    where.push(...w);
  }
  const set = setSql(args(c)[0]);
  if (set === undefined) return note(ctx, c, '`update_all` with values that are not literal is a data migration Lockstep does not analyse', true);
  emit(ctx, c, `UPDATE ${quoteTable(model.table)} SET ${set}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, true);
}

function setSql(node: RubyNode | undefined): string | undefined {
  const v = valueOf(node);
  if (typeof v === 'string') return v;
  if (!isHash(v)) return undefined;
  const parts: string[] = [];
  for (const [col, value] of v.hash) {
    const q = quoteValue(value);
    if (q === undefined) return undefined;
    parts.push(`${quoteName(col)} = ${q}`);
  }
  return parts.length ? parts.join(', ') : undefined;
}

function whereSql(link: Call, table: string): string[] | undefined {
  const nodes = args(link);
  if (nodes.length !== 1) return undefined;
  const v = valueOf(nodes[0]);
  if (typeof v === 'string') return [`(${v})`];
  if (!isHash(v)) return undefined;
  const out: string[] = [];
  for (const [col, value] of v.hash) {
    const target = `${quoteTable(table)}.${quoteName(col)}`;
    if (value === null) out.push(`${target} IS NULL`);
    else if (Array.isArray(value)) {
      const items = value.map((x) => quoteValue(x));
      if (items.includes(undefined)) return undefined;
      out.push(`${target} IN (${items.join(', ')})`);
    } else {
      const q = quoteValue(value);
      if (q === undefined) return undefined;
      out.push(`${target} = ${q}`);
    }
  }
  return out;
}
