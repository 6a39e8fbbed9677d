import type { HostSpan } from '../adapter';
import { arg, readValue, str, strList, type PhpArgs, type PhpValue } from '../php/values';
import { pluralize } from '../rails/inflect';

/**
 * Laravel's schema Blueprint (`Schema::create('users', function (Blueprint $table) { … })`)
 * compiled as Laravel 8's PostgresGrammar does: the columns of the closure become one
 * `create table` (or one `alter table … add column …, add column …`), then the commands in
 * the order they were called, then the indexes declared on columns (`->unique()`), then the
 * column comments. Every statement keeps the host span of the call that produced it.
 */

/** One `$table->method(…)->modifier(…)` chain, read. */
export interface ChainCall {
  readonly name: string;
  readonly args: PhpArgs;
  readonly span: HostSpan;
}

export interface Chain {
  readonly calls: readonly ChainCall[];
  readonly span: HostSpan;
}

interface CompiledStatement {
  readonly sql: string;
  readonly range: HostSpan;
  readonly call: string;
}

export interface BlueprintResult {
  readonly statements: CompiledStatement[];
  readonly notes: { readonly range: HostSpan; readonly message: string }[];
}

interface Column {
  readonly name: string;
  readonly type: string;
  /** Type parameters (`length`, `total`, `places`, `allowed`, `precision`). */
  readonly params: Readonly<Record<string, unknown>>;
  nullable: boolean;
  default?: string;
  autoIncrement: boolean;
  useCurrent: boolean;
  collation?: string;
  storedAs?: string;
  virtualAs?: string;
  comment?: string;
  index?: { kind: 'index' | 'unique' | 'primary'; name?: string };
  change: boolean;
  /** The modifiers the call states (`nullable`, `default`): what `->change()` applies. */
  stated?: Set<string>;
  span: HostSpan;
}

interface Command {
  readonly sql: (table: string) => string[];
  readonly span: HostSpan;
  readonly call: string;
}

const DEFAULT_STRING_LENGTH = 255;
const SERIALS = new Set(['bigInteger', 'integer', 'mediumInteger', 'smallInteger', 'tinyInteger']);

export function wrap(name: string): string {
  return name
    .split('.')
    .map((p) => (p === '*' ? p : `"${p.replace(/"/g, '""')}"`))
    .join('.');
}

function columnize(cols: readonly string[]): string {
  return cols.map(wrap).join(', ');
}

/** Blueprint::createIndexName. */
function indexName(table: string, kind: string, cols: readonly string[]): string {
  return `${table}_${cols.join('_')}_${kind}`.replace(/[-.]/g, '_').toLowerCase();
}

/** Grammar::getDefaultValue: booleans as '1'/'0', everything else quoted as is (Laravel does not escape it). */
function defaultValue(v: PhpValue | undefined): string | undefined | null {
  if (v === undefined) return undefined;
  switch (v.kind) {
    case 'const':
      return v.value === null ? undefined : `'${v.value ? 1 : 0}'`;
    case 'num':
      return `'${v.text}'`;
    case 'str':
      return v.exact ? `'${v.value}'` : null;
    default:
      return rawExpression(v) ?? null;
  }
}

/** `DB::raw('now()')` / `new Expression('…')`: the SQL as written. */
export function rawExpression(v: PhpValue): string | undefined {
  const node = v.node;
  const isRaw = (node.type === 'scoped_call_expression' && node.childForFieldName('name')?.text === 'raw') || node.type === 'object_creation_expression';
  if (!isRaw) return undefined;
  const args = node.type === 'scoped_call_expression' ? node.childForFieldName('arguments') : node.namedChildren.find((c) => c?.type === 'arguments');
  const first = args?.namedChildren[0]?.namedChildren.at(-1);
  if (!first) return undefined;
  return str(readValue(first));
}

interface ColumnSeed {
  readonly name: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly autoIncrement?: boolean;
  readonly nullable?: boolean;
}
type ColumnFactory = (a: PhpArgs) => ColumnSeed[] | undefined;

const num = (v: PhpValue | undefined, fallback: number): number | undefined => (v === undefined ? fallback : v.kind === 'num' ? v.value : undefined);

function simple(type: string, extra: (a: PhpArgs) => Record<string, unknown> | undefined = () => ({})): ColumnFactory {
  return (a) => {
    const name = str(arg(a, 0, 'column'));
    const params = extra(a);
    return name !== undefined && params ? [{ name, type, params }] : undefined;
  };
}
const integer =
  (type: string, auto = false): ColumnFactory =>
  (a) => {
    const name = str(arg(a, 0, 'column'));
    const ai = auto || (arg(a, 1, 'autoIncrement')?.kind === 'const' && (arg(a, 1, 'autoIncrement') as { value: unknown }).value === true);
    return name !== undefined ? [{ name, type, params: {}, autoIncrement: ai }] : undefined;
  };
const precision = (type: string): ColumnFactory =>
  simple(type, (a) => {
    const p = arg(a, 1, 'precision');
    if (p?.kind === 'const' && p.value === null) return { precision: null };
    const n = num(p, 0);
    return n === undefined ? undefined : { precision: n };
  });
const pair =
  (type: string, names: readonly string[], tz = false): ColumnFactory =>
  (a) => {
    const p = arg(a, 0, 'precision');
    const n = num(p, 0);
    return n === undefined ? undefined : names.map((name) => ({ name, type: tz ? `${type}Tz` : type, params: { precision: n }, nullable: true }));
  };

/** `morphs('taggable')`: `taggable_type` and `taggable_id`, indexed together (the index is added by {@link compileBlueprint}). */
const morphs =
  (idType: string, nullable: boolean): ColumnFactory =>
  (a) => {
    const name = str(arg(a, 0, 'name'));
    if (name === undefined || arg(a, 1, 'indexName') !== undefined) return undefined;
    return [
      { name: `${name}_type`, type: 'string', params: { length: DEFAULT_STRING_LENGTH }, nullable },
      { name: `${name}_id`, type: idType, params: {}, nullable },
    ];
  };

const COLUMNS: Readonly<Record<string, ColumnFactory>> = {
  id: (a) => [{ name: str(arg(a, 0, 'column')) ?? 'id', type: 'bigInteger', params: {}, autoIncrement: true }],
  increments: integer('integer', true),
  bigIncrements: integer('bigInteger', true),
  mediumIncrements: integer('mediumInteger', true),
  smallIncrements: integer('smallInteger', true),
  tinyIncrements: integer('tinyInteger', true),
  integer: integer('integer'),
  bigInteger: integer('bigInteger'),
  mediumInteger: integer('mediumInteger'),
  smallInteger: integer('smallInteger'),
  tinyInteger: integer('tinyInteger'),
  unsignedInteger: integer('integer'),
  unsignedBigInteger: integer('bigInteger'),
  unsignedMediumInteger: integer('mediumInteger'),
  unsignedSmallInteger: integer('smallInteger'),
  unsignedTinyInteger: integer('tinyInteger'),
  foreignId: integer('bigInteger'),
  string: simple('string', (a) => ({ length: num(arg(a, 1, 'length'), DEFAULT_STRING_LENGTH) })),
  char: simple('char', (a) => ({ length: num(arg(a, 1, 'length'), DEFAULT_STRING_LENGTH) })),
  text: simple('text'),
  tinyText: simple('tinyText'),
  mediumText: simple('text'),
  longText: simple('text'),
  float: simple('double'),
  double: simple('double'),
  unsignedFloat: simple('double'),
  unsignedDouble: simple('double'),
  real: simple('real'),
  decimal: simple('decimal', (a) => ({ total: num(arg(a, 1, 'total'), 8), places: num(arg(a, 2, 'places'), 2) })),
  unsignedDecimal: simple('decimal', (a) => ({ total: num(arg(a, 1, 'total'), 8), places: num(arg(a, 2, 'places'), 2) })),
  boolean: simple('boolean'),
  enum: simple('enum', (a) => {
    const allowed = strList(arg(a, 1, 'allowed'));
    return allowed ? { allowed } : undefined;
  }),
  json: simple('json'),
  jsonb: simple('jsonb'),
  date: simple('date'),
  dateTime: precision('timestamp'),
  dateTimeTz: precision('timestampTz'),
  time: precision('time'),
  timeTz: precision('timeTz'),
  timestamp: precision('timestamp'),
  timestampTz: precision('timestampTz'),
  timestamps: pair('timestamp', ['created_at', 'updated_at']),
  nullableTimestamps: pair('timestamp', ['created_at', 'updated_at']),
  timestampsTz: pair('timestamp', ['created_at', 'updated_at'], true),
  softDeletes: (a) => {
    const n = num(arg(a, 1, 'precision'), 0);
    return n === undefined ? undefined : [{ name: str(arg(a, 0, 'column')) ?? 'deleted_at', type: 'timestamp', params: { precision: n }, nullable: true }];
  },
  softDeletesTz: (a) => {
    const n = num(arg(a, 1, 'precision'), 0);
    return n === undefined ? undefined : [{ name: str(arg(a, 0, 'column')) ?? 'deleted_at', type: 'timestampTz', params: { precision: n }, nullable: true }];
  },
  year: simple('integer'),
  binary: simple('binary'),
  uuid: simple('uuid'),
  foreignUuid: simple('uuid'),
  ipAddress: simple('ipAddress'),
  macAddress: simple('macAddress'),
  morphs: morphs('bigInteger', false),
  nullableMorphs: morphs('bigInteger', true),
  uuidMorphs: morphs('uuid', false),
  nullableUuidMorphs: morphs('uuid', true),
  rememberToken: () => [{ name: 'remember_token', type: 'string', params: { length: 100 }, nullable: true }],
};

function typeSql(c: Column): string | undefined {
  const p = c.params as Record<string, number | null | string[]>;
  const prec = (base: string, tz: string) => `${base}${p.precision === null || p.precision === undefined ? '' : `(${p.precision})`} ${tz}`;
  switch (c.type) {
    case 'string':
      return `varchar(${p.length})`;
    case 'char':
      return `char(${p.length})`;
    case 'tinyText':
      return 'varchar(255)';
    case 'text':
      return 'text';
    case 'integer':
    case 'mediumInteger':
      return c.autoIncrement ? 'serial' : 'integer';
    case 'bigInteger':
      return c.autoIncrement ? 'bigserial' : 'bigint';
    case 'smallInteger':
    case 'tinyInteger':
      return c.autoIncrement ? 'smallserial' : 'smallint';
    case 'double':
      return 'double precision';
    case 'real':
      return 'real';
    case 'decimal':
      return `decimal(${p.total}, ${p.places})`;
    case 'boolean':
      return 'boolean';
    case 'enum':
      return `varchar(255) check ("${c.name}" in (${(p.allowed as string[]).map((v) => `'${v}'`).join(', ')}))`;
    case 'json':
    case 'jsonb':
    case 'date':
    case 'uuid':
      return c.type;
    case 'timestamp':
    case 'timestampTz': {
      const t = prec('timestamp', c.type === 'timestamp' ? 'without time zone' : 'with time zone');
      return c.useCurrent ? `${t} default CURRENT_TIMESTAMP` : t;
    }
    case 'time':
      return prec('time', 'without time zone');
    case 'timeTz':
      return prec('time', 'with time zone');
    case 'binary':
      return 'bytea';
    case 'ipAddress':
      return 'inet';
    case 'macAddress':
      return 'macaddr';
    default:
      return undefined;
  }
}

function columnSql(c: Column): string {
  let sql = `${wrap(c.name)} ${typeSql(c)}`;
  if (c.collation !== undefined) sql += ` collate ${wrap(c.collation)}`;
  if (SERIALS.has(c.type) && c.autoIncrement) sql += ' primary key';
  sql += c.nullable ? ' null' : ' not null';
  if (c.default !== undefined) sql += ` default ${c.default}`;
  if (c.virtualAs !== undefined) sql += ` generated always as (${c.virtualAs})`;
  if (c.storedAs !== undefined) sql += ` generated always as (${c.storedAs}) stored`;
  return sql;
}

/** Foreign key state built by `foreign(…)->references(…)->on(…)->onDelete(…)`. */
interface ForeignKey {
  columns: string[];
  name?: string;
  references?: string[];
  on?: string;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: boolean;
  initiallyImmediate?: boolean;
  notValid?: boolean;
}

function foreignSql(table: string, fk: ForeignKey): string | undefined {
  if (!fk.on || !fk.references) return undefined;
  let sql = `alter table ${wrap(table)} add constraint ${wrap(fk.name ?? indexName(table, 'foreign', fk.columns))} foreign key (${columnize(fk.columns)}) references ${wrap(fk.on)} (${columnize(fk.references)})`;
  if (fk.onDelete !== undefined) sql += ` on delete ${fk.onDelete}`;
  if (fk.onUpdate !== undefined) sql += ` on update ${fk.onUpdate}`;
  if (fk.deferrable !== undefined) sql += fk.deferrable ? ' deferrable' : ' not deferrable';
  if (fk.deferrable && fk.initiallyImmediate !== undefined) sql += fk.initiallyImmediate ? ' initially immediate' : ' initially deferred';
  if (fk.notValid !== undefined) sql += ' not valid';
  return sql;
}

/** Applies `->references()->on()->onDelete()…`; false when a call is not understood. */
function applyForeignModifiers(fk: ForeignKey, calls: readonly ChainCall[]): boolean {
  for (const c of calls) {
    const a0 = arg(c.args, 0, 'value') ?? c.args.positional[0];
    switch (c.name) {
      case 'references': {
        const cols = strList(arg(c.args, 0, 'columns'));
        if (!cols) return false;
        fk.references = cols;
        break;
      }
      case 'on': {
        const t = str(arg(c.args, 0, 'table'));
        if (t === undefined) return false;
        fk.on = t;
        break;
      }
      case 'onDelete':
      case 'onUpdate': {
        const v = str(arg(c.args, 0, 'action'));
        if (v === undefined) return false;
        fk[c.name] = v;
        break;
      }
      case 'cascadeOnDelete':
        fk.onDelete = 'cascade';
        break;
      case 'restrictOnDelete':
        fk.onDelete = 'restrict';
        break;
      case 'nullOnDelete':
        fk.onDelete = 'set null';
        break;
      case 'noActionOnDelete':
        fk.onDelete = 'no action';
        break;
      case 'cascadeOnUpdate':
        fk.onUpdate = 'cascade';
        break;
      case 'restrictOnUpdate':
        fk.onUpdate = 'restrict';
        break;
      case 'deferrable':
        fk.deferrable = a0?.kind === 'const' ? a0.value !== false : true;
        break;
      case 'initiallyImmediate':
        fk.initiallyImmediate = a0?.kind === 'const' ? a0.value !== false : true;
        break;
      case 'notValid':
        fk.notValid = a0?.kind === 'const' ? a0.value !== false : true;
        break;
      case 'name':
        return false;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Compiles the chains of one Blueprint closure for `table`; `creating` for Schema::create.
 * `head` is the Schema call's span (the create statement's range).
 */
export function compileBlueprint(table: string, creating: boolean, chains: readonly Chain[], head: HostSpan): BlueprintResult {
  const columns: Column[] = [];
  const commands: Command[] = [];
  const changed: Column[] = [];
  const notes: BlueprintResult['notes'] = [];
  const note = (span: HostSpan, message: string) => notes.push({ range: span, message: `not analysed: ${message}` });

  for (const chain of chains) {
    const [first, ...rest] = chain.calls;
    if (!first) continue;
    const factory = COLUMNS[first.name];
    if (factory) {
      const made = factory(first.args);
      if (!made) {
        note(chain.span, `\`$table->${first.name}(…)\` with arguments that are not literals`);
        continue;
      }
      const cols: Column[] = made.map((m) => ({ nullable: false, autoIncrement: false, useCurrent: false, change: false, ...m, span: chain.span }));
      let ok = true;
      let fk: ForeignKey | undefined;
      for (const [i, m] of rest.entries()) {
        if (fk) {
          ok = applyForeignModifiers(fk, rest.slice(i));
          break;
        }
        const v0 = m.args.positional[0] ?? [...m.args.named.values()][0];
        const flag = v0?.kind === 'const' ? v0.value !== false : true;
        for (const c of cols) {
          (c.stated ??= new Set()).add(m.name);
          switch (m.name) {
            case 'nullable':
              c.nullable = flag;
              break;
            case 'default': {
              const d = defaultValue(v0);
              if (d === null) ok = false;
              else if (d === undefined) delete c.default;
              else c.default = d;
              break;
            }
            case 'useCurrent':
              c.useCurrent = flag;
              break;
            case 'autoIncrement':
              c.autoIncrement = flag;
              break;
            case 'change':
              c.change = true;
              break;
            case 'comment': {
              const t = str(v0);
              if (t === undefined) ok = false;
              else c.comment = t;
              break;
            }
            case 'collation': {
              const t = str(v0);
              if (t === undefined) ok = false;
              else c.collation = t;
              break;
            }
            case 'storedAs':
            case 'virtualAs': {
              const t = str(v0);
              if (t === undefined) ok = false;
              else c[m.name] = t;
              break;
            }
            case 'index':
            case 'unique':
            case 'primary': {
              if (v0 !== undefined && !(v0.kind === 'const' && v0.value === true) && str(v0) === undefined) ok = false;
              else c.index = { kind: m.name, ...(str(v0) !== undefined ? { name: str(v0)! } : {}) };
              break;
            }
            case 'generatedAs':
            case 'always':
            case 'fulltext':
            case 'fullText':
            case 'spatialIndex':
            case 'from':
            case 'startingValue':
              ok = false;
              break;
            default:
              // A column definition is a Fluent: any other call only sets an attribute PostgresGrammar never reads (`after`, `unsigned`, `charset`).
              break;
          }
        }
        if (m.name === 'constrained') {
          const col = str(arg(m.args, 1, 'column')) ?? 'id';
          const on = str(arg(m.args, 0, 'table')) ?? pluralize(cols[0]!.name.endsWith(`_${col}`) ? cols[0]!.name.slice(0, -(col.length + 1)) : cols[0]!.name);
          fk = { columns: [cols[0]!.name], references: [col], on };
        } else if (m.name === 'references') {
          const refs = strList(arg(m.args, 0, 'column'));
          if (!refs) ok = false;
          fk = { columns: [cols[0]!.name], references: refs ?? [] };
        }
        if (!ok) break;
      }
      if (!ok) {
        note(chain.span, `\`$table->${first.name}(…)\` with a modifier Lockstep does not translate`);
        continue;
      }
      if (cols.some((c) => c.change)) {
        const type = dbalType(cols[0]!);
        if (type === undefined) note(chain.span, `\`->change()\` to a column type Lockstep does not translate`);
        else {
          changed.push(...cols);
          const stated = cols[0]!.stated;
          if (stated?.has('nullable') || stated?.has('default'))
            note(
              chain.span,
              '`->change()` with `nullable()`/`default()`: whether the column type changes too is decided by Doctrine DBAL from the live column; only the NULL and default changes are linted',
            );
        }
        continue;
      }
      columns.push(...cols);
      if (/^(nullable)?(Uuid)?[mM]orphs$/.test(first.name)) {
        const pair = cols.map((c) => c.name);
        commands.push({ sql: (t) => [indexSql(t, 'index', indexName(t, 'index', pair), pair)], span: chain.span, call: first.name });
      }
      if (fk) {
        const key = fk;
        commands.push({ sql: (t) => [foreignSql(t, key)!].filter(Boolean), span: chain.span, call: 'foreign' });
      }
      continue;
    }
    const command = compileCommand(first, rest, chain.span);
    if (typeof command === 'string') note(chain.span, command);
    else if (command) commands.push(...command);
  }

  const out: CompiledStatement[] = [];
  const add = (sqls: string[], range: HostSpan, call: string) => {
    for (const sql of sqls) out.push({ sql, range, call });
  };
  const spanOf = (cols: readonly Column[]): HostSpan => ({ start: cols[0]!.span.start, end: cols[cols.length - 1]!.span.end });
  // Laravel puts the `change` command first; Doctrine DBAL writes the type and default changes, then the NOT NULL ones.
  for (const c of changed) add(changeSql(table, c), c.span, 'change');
  for (const c of changed) add(changeNullSql(table, c), c.span, 'change');
  if (creating) {
    const unknown = columns.find((c) => typeSql(c) === undefined);
    if (unknown) note(unknown.span, `the column type of ${unknown.name}`);
    else add([`create table ${wrap(table)} (${columns.map(columnSql).join(', ')})`], head, 'Schema::create');
  } else if (columns.length > 0) {
    add([`alter table ${wrap(table)} ${columns.map((c) => `add column ${columnSql(c)}`).join(', ')}`], spanOf(columns), 'add column');
  }
  for (const c of commands) add(c.sql(table), c.span, c.call);
  for (const c of columns) {
    if (!c.index) continue;
    const name = c.index.name ?? indexName(table, c.index.kind, [c.name]);
    add([indexSql(table, c.index.kind, name, [c.name])], c.span, c.index.kind);
  }
  for (const c of columns) {
    if (c.comment !== undefined) add([`comment on column ${wrap(table)}.${wrap(c.name)} is '${c.comment.replace(/'/g, "''")}'`], c.span, 'comment');
  }
  return { statements: out, notes };
}

/**
 * Doctrine DBAL's PostgreSQL type declarations (DBAL 3, as Laravel 8's `->change()` uses it):
 * `ALTER TABLE users ALTER name TYPE TEXT`, identifiers unquoted.
 */
function dbalType(c: Column): string | undefined {
  const p = c.params as Record<string, number | null>;
  switch (c.type) {
    case 'string':
      return `VARCHAR(${p.length})`;
    case 'char':
      return `CHAR(${p.length})`;
    case 'text':
    case 'tinyText':
      return 'TEXT';
    case 'integer':
    case 'mediumInteger':
      return 'INT';
    case 'bigInteger':
      return 'BIGINT';
    case 'smallInteger':
    case 'tinyInteger':
      return 'SMALLINT';
    case 'boolean':
      return 'BOOLEAN';
    case 'decimal':
      return `NUMERIC(${p.total}, ${p.places})`;
    case 'double':
      return 'DOUBLE PRECISION';
    case 'date':
      return 'DATE';
    case 'json':
      return 'JSON';
    case 'jsonb':
      return 'JSONB';
    case 'uuid':
      return 'UUID';
    case 'timestamp':
      return 'TIMESTAMP(0) WITHOUT TIME ZONE';
    case 'timestampTz':
      return 'TIMESTAMP(0) WITH TIME ZONE';
    case 'binary':
      return 'BYTEA';
    default:
      return undefined;
  }
}

/**
 * `->change()`: Laravel 8 applies only what the call states to the live column and DBAL
 * writes the difference. Without the live column, a call that states no modifier is a type
 * change (there is nothing else it could change); one that states `nullable()`/`default()`
 * writes those, and a type change it may also make is not known.
 */
function changeSql(table: string, c: Column): string[] {
  const stated = c.stated ?? new Set<string>();
  const head = `ALTER TABLE ${table} ALTER ${c.name}`;
  const out: string[] = [];
  const modifiers = stated.has('nullable') || stated.has('default');
  if (!modifiers) out.push(`${head} TYPE ${dbalType(c)}`);
  if (stated.has('default')) out.push(c.default === undefined ? `${head} DROP DEFAULT` : `${head} SET DEFAULT ${c.default}`);
  return out;
}

function changeNullSql(table: string, c: Column): string[] {
  return c.stated?.has('nullable') ? [`ALTER TABLE ${table} ALTER ${c.name} ${c.nullable ? 'DROP' : 'SET'} NOT NULL`] : [];
}

function indexSql(table: string, kind: 'index' | 'unique' | 'primary', name: string, cols: readonly string[], algorithm?: string): string {
  if (kind === 'primary') return `alter table ${wrap(table)} add primary key (${columnize(cols)})`;
  if (kind === 'unique') return `alter table ${wrap(table)} add constraint ${wrap(name)} unique (${columnize(cols)})`;
  return `create index ${wrap(name)} on ${wrap(table)}${algorithm ? ` using ${algorithm}` : ''} (${columnize(cols)})`;
}

/** A Blueprint command (`index`, `foreign`, `dropColumn`, …): its statements, or a note's text. */
function compileCommand(first: ChainCall, rest: readonly ChainCall[], span: HostSpan): Command[] | string | undefined {
  const a = first.args;
  const call = first.name;
  const one = (sql: (t: string) => string[]): Command[] => [{ sql, span, call }];
  switch (call) {
    case 'index':
    case 'unique':
    case 'primary': {
      const cols = strList(arg(a, 0, 'columns'));
      const name = arg(a, 1, 'name');
      const algorithm = arg(a, 2, 'algorithm');
      if (!cols || (name !== undefined && !(name.kind === 'const' && name.value === null) && str(name) === undefined))
        return `\`$table->${call}(…)\` with arguments that are not literals`;
      if (rest.length > 0 || (algorithm !== undefined && str(algorithm) === undefined))
        return `\`$table->${call}(…)\` with options Lockstep does not translate`;
      return one((t) => [indexSql(t, call, str(name) ?? indexName(t, call, cols), cols, str(algorithm))]);
    }
    case 'fullText':
    case 'fulltext': {
      const cols = strList(arg(a, 0, 'columns'));
      const name = arg(a, 1, 'name');
      if (!cols || (name !== undefined && str(name) === undefined)) return `\`$table->${call}(…)\` with arguments that are not literals`;
      let language = 'english';
      for (const r of rest) {
        const l = r.name === 'language' ? str(r.args.positional[0]) : undefined;
        if (l === undefined) return `\`$table->${call}(…)\` with options Lockstep does not translate`;
        language = l;
      }
      const vectors = cols.map((c) => `to_tsvector('${language}', ${wrap(c)})`).join(' || ');
      return one((t) => [`create index ${wrap(str(name) ?? indexName(t, 'fulltext', cols))} on ${wrap(t)} using gin ((${vectors}))`]);
    }
    case 'foreign': {
      const cols = strList(arg(a, 0, 'columns'));
      const name = str(arg(a, 1, 'name'));
      if (!cols) return '`$table->foreign(…)` with columns that are not literals';
      const fk: ForeignKey = { columns: cols, ...(name !== undefined ? { name } : {}) };
      if (!applyForeignModifiers(fk, rest) || !fk.on || !fk.references) return '`$table->foreign(…)` whose table or columns are not literals';
      return one((t) => [foreignSql(t, fk)!]);
    }
    case 'dropColumn':
    case 'dropColumns': {
      const cols = a.positional.length === 1 ? strList(a.positional[0]) : a.positional.map(str);
      if (!cols || cols.some((c) => c === undefined)) return '`$table->dropColumn(…)` with columns that are not literals';
      return one((t) => [`alter table ${wrap(t)} ${(cols as string[]).map((c) => `drop column ${wrap(c)}`).join(', ')}`]);
    }
    case 'dropTimestamps':
    case 'dropTimestampsTz':
      return one((t) => [`alter table ${wrap(t)} drop column "created_at", drop column "updated_at"`]);
    case 'dropSoftDeletes':
    case 'dropSoftDeletesTz': {
      const col = str(arg(a, 0, 'column')) ?? 'deleted_at';
      return one((t) => [`alter table ${wrap(t)} drop column ${wrap(col)}`]);
    }
    case 'dropMorphs': {
      const name = str(arg(a, 0, 'name'));
      if (name === undefined || arg(a, 1, 'indexName') !== undefined) return '`$table->dropMorphs(…)` with a name that is not a literal';
      const pair = [`${name}_type`, `${name}_id`];
      return one((t) => [
        `drop index ${wrap(indexName(t, 'index', pair))}`,
        `alter table ${wrap(t)} drop column ${wrap(pair[0]!)}, drop column ${wrap(pair[1]!)}`,
      ]);
    }
    case 'dropRememberToken':
      return one((t) => [`alter table ${wrap(t)} drop column "remember_token"`]);
    case 'dropIndex':
    case 'dropFullText':
    case 'dropSpatialIndex':
    case 'dropUnique':
    case 'dropForeign':
    case 'dropPrimary': {
      const v = arg(a, 0, 'index');
      const kind =
        call === 'dropFullText'
          ? 'fulltext'
          : call === 'dropSpatialIndex'
            ? 'spatialindex'
            : call === 'dropIndex'
              ? 'index'
              : call === 'dropUnique'
                ? 'unique'
                : call === 'dropForeign'
                  ? 'foreign'
                  : 'primary';
      const given = str(v);
      const cols = v?.kind === 'array' ? strList(v) : undefined;
      if (call === 'dropPrimary' && v === undefined) return one((t) => [`alter table ${wrap(t)} drop constraint ${wrap(`${t}_pkey`)}`]);
      if (given === undefined && !cols) return `\`$table->${call}(…)\` with a name that is not a literal`;
      const name = (t: string) => (call === 'dropPrimary' ? `${t}_pkey` : (given ?? indexName(t, kind, cols!)));
      if (call === 'dropIndex' || call === 'dropFullText' || call === 'dropSpatialIndex') return one((t) => [`drop index ${wrap(name(t))}`]);
      return one((t) => [`alter table ${wrap(t)} drop constraint ${wrap(name(t))}`]);
    }
    case 'dropConstrainedForeignId': {
      const col = str(arg(a, 0, 'column'));
      if (col === undefined) return '`$table->dropConstrainedForeignId(…)` with a column that is not a literal';
      return one((t) => [`alter table ${wrap(t)} drop constraint ${wrap(indexName(t, 'foreign', [col]))}`, `alter table ${wrap(t)} drop column ${wrap(col)}`]);
    }
    case 'renameColumn': {
      const from = str(arg(a, 0, 'from'));
      const to = str(arg(a, 1, 'to'));
      if (from === undefined || to === undefined) return '`$table->renameColumn(…)` with names that are not literals';
      // Laravel 8 hands renames to Doctrine DBAL, whose PostgreSQL platform writes this.
      return one((t) => [`ALTER TABLE ${t} RENAME COLUMN ${from} TO ${to}`]);
    }
    case 'renameIndex': {
      const from = str(arg(a, 0, 'from'));
      const to = str(arg(a, 1, 'to'));
      if (from === undefined || to === undefined) return '`$table->renameIndex(…)` with names that are not literals';
      return one(() => [`alter index ${wrap(from)} rename to ${wrap(to)}`]);
    }
    case 'rename': {
      const to = str(arg(a, 0, 'to'));
      if (to === undefined) return '`$table->rename(…)` with a name that is not a literal';
      return one((t) => [`alter table ${wrap(t)} rename to ${wrap(to)}`]);
    }
    case 'drop':
      return one((t) => [`drop table ${wrap(t)}`]);
    case 'dropIfExists':
      return one((t) => [`drop table if exists ${wrap(t)}`]);
    case 'engine':
    case 'charset':
    case 'collation':
    case 'temporary':
      return undefined;
    default:
      return `\`$table->${call}(…)\``;
  }
}
