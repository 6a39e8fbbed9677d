import { functionVolatility, worseVolatility } from '../../engines/postgres/volatility';
import type { ColumnType, DefaultValue, UpdateFilter, Volatility } from '../../operations';
import { constValue, list, names, str, tagOf, unwrap, walk, type PgNode } from './nodes';

/**
 * How volatile an expression is: the riskiest of the functions it calls, looked up in
 * PostgreSQL's catalog. SQL value functions (CURRENT_TIMESTAMP, CURRENT_USER…) are stable.
 * A sub-select or an unknown function makes the expression `unknown` unless something
 * in it is already known to be volatile.
 */
function expressionVolatility(expr: unknown): { volatility: Volatility; unknownFunctions: string[] } {
  let volatility: Volatility = 'immutable';
  const unknownFunctions: string[] = [];
  const consider = (tag: string, node: PgNode): void => {
    if (tag === 'FuncCall') {
      const fn = names(node['funcname']).at(-1) ?? '';
      const known = functionVolatility(fn);
      if (known === undefined) unknownFunctions.push(fn);
      volatility = worseVolatility(volatility, known ?? 'unknown');
    } else if (tag === 'SQLValueFunction') {
      volatility = worseVolatility(volatility, 'stable');
    } else if (tag === 'SubLink') {
      volatility = worseVolatility(volatility, 'unknown');
    }
  };
  const top = tagOf(expr);
  if (top) consider(top.tag, top.node);
  walk(expr, consider);
  // The walk can meet the top node twice; name each unknown function once.
  return { volatility, unknownFunctions: [...new Set(unknownFunctions)] };
}

/** `NULL` or `NULL::type` — a default that is no default. */
function isNullExpression(expr: unknown): boolean {
  if (constValue(expr) === null) return true;
  const cast = unwrap(expr, 'TypeCast');
  return cast !== undefined && constValue(cast['arg']) === null;
}

export function defaultValue(expr: unknown, sql: string): DefaultValue {
  const { volatility, unknownFunctions } = expressionVolatility(expr);
  return { sql, volatility, isNull: isNullExpression(expr), unknownFunctions };
}

/** Names the parser gives SQL-standard types, mapped to what people call them. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'int4',
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  boolean: 'bool',
  real: 'float4',
  'double precision': 'float8',
  decimal: 'numeric',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  timestamp: 'timestamp',
};

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

export function columnType(typeName: PgNode | undefined, sql: string): { type: ColumnType; serial: boolean } {
  const parts = names(typeName?.['names']);
  const raw = (parts.at(-1) ?? 'unknown').toLowerCase();
  const serialBase = SERIAL_TYPES[raw];
  const name = serialBase ?? TYPE_ALIASES[raw] ?? raw;
  const modifiers = list(typeName?.['typmods'])
    .map((m) => constValue(m))
    .filter((v): v is number => typeof v === 'number');
  const isArray = list(typeName?.['arrayBounds']).length > 0;
  return { type: { sql: sql.trim(), name, modifiers, isArray }, serial: serialBase !== undefined };
}

const RANGE_OPS = new Set(['<', '<=', '>', '>=']);

/** Column names that look like a key a batch loop would range over. */
function isKeyColumn(expr: unknown): boolean {
  const ref = unwrap(expr, 'ColumnRef');
  if (!ref) return false;
  const col = names(ref['fields']).at(-1)?.toLowerCase() ?? '';
  return col === 'id' || col === 'ctid' || col.endsWith('_id') || col === 'pk';
}

/**
 * Whether an UPDATE/DELETE's WHERE bounds the rows it touches the way a batch does:
 * a key range (`id BETWEEN a AND b`, `id >= a AND id < b`), a key equality or list,
 * or a sub-select with LIMIT (`id IN (SELECT id … LIMIT 1000)`).
 */
export function updateFilter(where: unknown): UpdateFilter {
  if (where === undefined || where === null) return 'none';
  let bounded = false;
  const visit = (tag: string, node: PgNode): void => {
    if (tag === 'SelectStmt' && node['limitCount'] !== undefined) bounded = true;
    if (tag === 'A_Expr') {
      const kind = str(node, 'kind');
      const op = names(node['name']).at(-1) ?? '';
      const keyed = isKeyColumn(node['lexpr']);
      if (keyed && (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_IN' || (kind === 'AEXPR_OP' && (RANGE_OPS.has(op) || op === '=')))) {
        bounded = true;
      }
      if (keyed && kind === 'AEXPR_OP_ANY') bounded = true;
    }
  };
  const top = tagOf(where);
  if (top) visit(top.tag, top.node);
  walk(where, visit);
  return bounded ? 'bounded' : 'unbounded';
}

/**
 * Columns whose equality to one literal names a single row: a primary key or a settings
 * table's key by the usual names. (`slug`, `code` and `*_id` are often unique only per parent.)
 */
const ROW_KEYS = new Set(['id', 'pk', 'key', 'uuid']);

/**
 * Whether an UPDATE/DELETE's WHERE pins one row: `key = literal`, alone or ANDed with other
 * conditions (which can only narrow it further).
 */
export function pinsOneRow(where: unknown): boolean {
  const conjuncts = (expr: unknown): unknown[] => {
    const bool = unwrap(expr, 'BoolExpr');
    return bool && str(bool, 'boolop') === 'AND_EXPR' ? list(bool['args']).flatMap(conjuncts) : [expr];
  };
  return conjuncts(where).some((c) => {
    const e = unwrap(c, 'A_Expr');
    if (!e || str(e, 'kind') !== 'AEXPR_OP' || names(e['name']).at(-1) !== '=') return false;
    const sides = [e['lexpr'], e['rexpr']];
    const keyed = sides.some((x) => ROW_KEYS.has(names(unwrap(x, 'ColumnRef')?.['fields']).at(-1)?.toLowerCase() ?? ''));
    const literal = sides.some((x) => unwrap(x, 'A_Const') !== undefined || unwrap(unwrap(x, 'TypeCast')?.['arg'], 'A_Const') !== undefined);
    return keyed && literal;
  });
}

/** For `CHECK (col IS NOT NULL)`: the column it proves not null. */
export function provesNotNull(expr: unknown): string | undefined {
  const test = unwrap(expr, 'NullTest');
  if (!test || str(test, 'nulltesttype') !== 'IS_NOT_NULL') return undefined;
  const ref = unwrap(test['arg'], 'ColumnRef');
  return ref ? names(ref['fields']).at(-1) : undefined;
}

/** Parse `SET lock_timeout = '5s'` style values into milliseconds. */
export function timeoutMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return n * (factor[unit] ?? 1);
}
