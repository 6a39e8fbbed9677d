import reserved from './reserved-words.json';
import { baseName, bool, num, str, type PyCall, type PyValue } from '../python/values';

/**
 * How SQLAlchemy 1.4's PostgreSQL compiler writes names, types and defaults, as Alembic's
 * `op` emits them. test/fixtures/frameworks/alembic holds what the real framework emitted;
 * the reserved words come from SQLAlchemy itself (scripts/record-framework-sql/alembic_sql.py).
 */

const RESERVED = new Set<string>(reserved.words);

/** SQLAlchemy quotes a name only when it must: a reserved word, upper case, or characters beyond [a-z0-9_$]. */
export function quoteName(name: string): string {
  const needs = RESERVED.has(name.toLowerCase()) || /^[0-9$]/.test(name) || !/^[A-Za-z0-9_$]+$/.test(name) || name.toLowerCase() !== name;
  return needs ? `"${name.replace(/"/g, '""')}"` : name;
}

export function qualified(name: string, schema: string | undefined): string {
  return schema ? `${quoteName(schema)}.${quoteName(name)}` : quoteName(name);
}

/** A type a column declares, rendered; undefined when the type is not one SQLAlchemy's core or PostgreSQL dialect names. */
export interface RenderedType {
  readonly sql: string;
  /** Integer types become SERIAL/BIGSERIAL/SMALLSERIAL as an autoincrementing primary key. */
  readonly serial?: string;
  /** A named ENUM that CREATE TABLE creates first. */
  readonly createEnum?: string;
}

const SIMPLE: Readonly<Record<string, RenderedType>> = {
  Text: { sql: 'TEXT' },
  TEXT: { sql: 'TEXT' },
  UnicodeText: { sql: 'TEXT' },
  Integer: { sql: 'INTEGER', serial: 'SERIAL' },
  INTEGER: { sql: 'INTEGER', serial: 'SERIAL' },
  INT: { sql: 'INTEGER', serial: 'SERIAL' },
  BigInteger: { sql: 'BIGINT', serial: 'BIGSERIAL' },
  BIGINT: { sql: 'BIGINT', serial: 'BIGSERIAL' },
  SmallInteger: { sql: 'SMALLINT', serial: 'SMALLSERIAL' },
  SMALLINT: { sql: 'SMALLINT', serial: 'SMALLSERIAL' },
  Boolean: { sql: 'BOOLEAN' },
  BOOLEAN: { sql: 'BOOLEAN' },
  Date: { sql: 'DATE' },
  DATE: { sql: 'DATE' },
  JSON: { sql: 'JSON' },
  JSONB: { sql: 'JSONB' },
  UUID: { sql: 'UUID' },
  Uuid: { sql: 'UUID' },
  INET: { sql: 'INET' },
  CIDR: { sql: 'CIDR' },
  MACADDR: { sql: 'MACADDR' },
  TSVECTOR: { sql: 'TSVECTOR' },
  HSTORE: { sql: 'HSTORE' },
  // sqlalchemy_utils' full-text type, common in Alembic projects.
  TSVectorType: { sql: 'TSVECTOR' },
  CITEXT: { sql: 'CITEXT' },
  OID: { sql: 'OID' },
  MONEY: { sql: 'MONEY' },
  Interval: { sql: 'INTERVAL' },
  INTERVAL: { sql: 'INTERVAL' },
  LargeBinary: { sql: 'BYTEA' },
  BYTEA: { sql: 'BYTEA' },
  BINARY: { sql: 'BYTEA' },
  REAL: { sql: 'REAL' },
  DOUBLE_PRECISION: { sql: 'DOUBLE PRECISION' },
  INT4RANGE: { sql: 'INT4RANGE' },
  INT8RANGE: { sql: 'INT8RANGE' },
  NUMRANGE: { sql: 'NUMRANGE' },
  DATERANGE: { sql: 'DATERANGE' },
  TSRANGE: { sql: 'TSRANGE' },
  TSTZRANGE: { sql: 'TSTZRANGE' },
};

/** Renders a type expression: `sa.String(50)`, `sa.Text`, `postgresql.ARRAY(sa.String())`. */
export function renderType(v: PyValue | undefined): RenderedType | undefined {
  if (!v) return undefined;
  // `sa.BigInteger().with_variant(sa.Integer, "sqlite")`: the base type, on PostgreSQL.
  if (v.kind === 'call' && v.receiver && baseName(v.callee) === 'with_variant') return renderType(v.receiver);
  const name = v.kind === 'name' ? baseName(v.path) : v.kind === 'call' ? baseName(v.callee) : undefined;
  if (!name) return undefined;
  const call = v.kind === 'call' ? v : undefined;
  const arg = (i: number, kw: string): PyValue | undefined => call?.kwargs.get(kw) ?? call?.args[i];
  switch (name) {
    case 'String':
    case 'VARCHAR':
    case 'Unicode':
    case 'NVARCHAR':
      return { sql: sized('VARCHAR', num(arg(0, 'length'))) };
    case 'CHAR':
    case 'NCHAR':
      return { sql: sized('CHAR', num(arg(0, 'length'))) };
    case 'Numeric':
    case 'NUMERIC':
    case 'DECIMAL':
      return { sql: precision(name === 'DECIMAL' ? 'DECIMAL' : 'NUMERIC', num(arg(0, 'precision')), num(arg(1, 'scale'))) };
    case 'Float':
    case 'FLOAT':
      return { sql: sized('FLOAT', num(arg(0, 'precision'))) };
    case 'DateTime':
    case 'TIMESTAMP':
      return { sql: timeType('TIMESTAMP', bool(arg(0, 'timezone')), num(call?.kwargs.get('precision'))) };
    case 'Time':
    case 'TIME':
      return { sql: timeType('TIME', bool(arg(0, 'timezone')), num(call?.kwargs.get('precision'))) };
    case 'ARRAY': {
      const item = renderType(arg(0, 'item_type'));
      return item ? { sql: `${item.sql}[]` } : undefined;
    }
    case 'Enum':
    case 'ENUM': {
      const enumName = str(call?.kwargs.get('name'));
      if (!enumName || !call) return undefined;
      const labels = call.args.map(str);
      if (labels.some((l) => l === undefined)) return { sql: quoteName(enumName) };
      const create = bool(call.kwargs.get('create_type')) !== false;
      return {
        sql: quoteName(enumName),
        ...(create ? { createEnum: `CREATE TYPE ${quoteName(enumName)} AS ENUM (${labels.map((l) => literal(l!)).join(', ')})` } : {}),
      };
    }
    default:
      return SIMPLE[name];
  }
}

function sized(base: string, n: number | undefined): string {
  return n === undefined ? base : `${base}(${n})`;
}

function precision(base: string, p: number | undefined, s: number | undefined): string {
  if (p === undefined) return base;
  return s === undefined ? `${base}(${p})` : `${base}(${p}, ${s})`;
}

function timeType(base: string, tz: boolean | undefined, p: number | undefined): string {
  return `${base}${p === undefined ? '' : `(${p})`} ${tz ? 'WITH' : 'WITHOUT'} TIME ZONE`;
}

export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * `server_default=` rendered: a plain string is a quoted literal, `sa.text('now()')` and
 * `sa.literal_column` are written as they are, `sa.true()`/`sa.false()` are booleans,
 * `sa.func.now()` a call. Undefined for anything else.
 */
export function renderDefault(v: PyValue): string | undefined {
  if (v.kind === 'str') return literal(v.value);
  if (v.kind !== 'call') return undefined;
  const fn = baseName(v.callee);
  if (fn === 'text' || fn === 'literal_column' || fn === 'DefaultClause') {
    const inner = v.args[0];
    if (fn === 'DefaultClause' && inner) return renderDefault(inner);
    return str(inner);
  }
  if (fn === 'true' && v.args.length === 0) return 'true';
  if (fn === 'false' && v.args.length === 0) return 'false';
  if (v.callee.includes('.func.') && v.args.length === 0) return `${fn}()`;
  return undefined;
}

/** An SQL expression argument: a plain string or `sa.text(...)` (what check constraints and index elements take). */
export function sqlText(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'call' && (baseName(v.callee) === 'text' || baseName(v.callee) === 'literal_column')) return str(v.args[0]);
  return undefined;
}

export function isCall(v: PyValue | undefined, ...names: string[]): v is PyCall {
  return v?.kind === 'call' && names.includes(baseName(v.callee));
}
