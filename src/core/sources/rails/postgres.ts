import { createHash } from 'node:crypto';
import { isSql, isSym, type RubyValue } from './values';

/**
 * The SQL ActiveRecord's PostgreSQL adapter emits, written after its schema statements
 * (ActiveRecord 6.1, the version Debian 12 ships; test/fixtures/frameworks/rails holds what
 * it really emitted). What Rails 7.x emits differently, where it matters here:
 * - 7.0: `datetime` columns get precision 6 by default, not only timestamps (applied for
 *   `Migration[7.0]` and later); `config.active_record.postgresql_adapter_datetime_type`
 *   can make them `timestamp with time zone`, which the translation does not read.
 * - 7.1: an index name longer than PostgreSQL's 63 characters is shortened by Rails
 *   instead of raising; the translation keeps the long name (the lock is the same).
 * - 7.1 adds `add_unique_constraint` and `add_exclusion_constraint`; they are reported as
 *   not analysed.
 */

export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` → `"schema"."table"`. */
export function quoteTable(name: string): string {
  return name.split('.').map(quoteName).join('.');
}

/** Native types of the PostgreSQL adapter, by the migration's type symbol. */
const NATIVE: Readonly<Record<string, string>> = {
  primary_key: 'bigserial primary key',
  string: 'character varying',
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  float: 'float',
  decimal: 'decimal',
  numeric: 'decimal',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  timestamptz: 'timestamp with time zone', // Rails 7.0+
  time: 'time',
  date: 'date',
  daterange: 'daterange',
  numrange: 'numrange',
  tsrange: 'tsrange',
  tstzrange: 'tstzrange',
  int4range: 'int4range',
  int8range: 'int8range',
  binary: 'bytea',
  boolean: 'boolean',
  xml: 'xml',
  tsvector: 'tsvector',
  hstore: 'hstore',
  inet: 'inet',
  cidr: 'cidr',
  macaddr: 'macaddr',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  ltree: 'ltree',
  citext: 'citext',
  point: 'point',
  line: 'line',
  lseg: 'lseg',
  box: 'box',
  path: 'path',
  polygon: 'polygon',
  circle: 'circle',
  bit: 'bit',
  bit_varying: 'bit varying',
  money: 'money',
  interval: 'interval',
  oid: 'oid',
};

export interface TypeOptions {
  readonly limit?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly array?: boolean;
}

/** `type_to_sql`: `:string, limit: 20` → `character varying(20)`; unknown types pass through as written. */
export function typeSql(type: string, o: TypeOptions): string {
  let sql: string;
  if (type === 'integer') {
    // The adapter picks the integer type by byte limit.
    const l = o.limit;
    sql = l === 1 || l === 2 ? 'smallint' : l === undefined || l === 3 || l === 4 ? 'integer' : l <= 8 ? 'bigint' : 'integer';
  } else if (type === 'text' || type === 'binary') {
    sql = NATIVE[type]!; // PostgreSQL has no length for these; the limit is ignored
  } else if (NATIVE[type] !== undefined) {
    sql = NATIVE[type]!;
    if (type === 'decimal' || type === 'numeric') {
      if (o.precision !== undefined) sql += o.scale !== undefined ? `(${o.precision},${o.scale})` : `(${o.precision})`;
    } else if (['datetime', 'timestamp', 'time', 'interval', 'timestamptz'].includes(type) && o.precision !== undefined) {
      sql += `(${o.precision})`;
    } else if (type !== 'primary_key' && o.limit !== undefined) {
      sql += `(${o.limit})`;
    }
  } else {
    sql = type;
  }
  return o.array ? `${sql}[]` : sql;
}

/** A Ruby value as an SQL literal, cast the way the column's type serialises it. */
export function quoteValue(v: RubyValue, type?: string): string | undefined {
  if (isSql(v)) return v.sql;
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') {
    if (type === 'string' || type === 'text') return quoteString(v ? 't' : 'f');
    return v ? 'TRUE' : 'FALSE';
  }
  if (typeof v === 'number') {
    if (type === 'boolean') return v === 0 ? 'FALSE' : 'TRUE';
    if (type === 'string' || type === 'text') return quoteString(String(v));
    return String(v);
  }
  const s = typeof v === 'string' ? v : isSym(v) ? v.sym : undefined;
  if (s !== undefined) {
    if (type === 'integer' || type === 'bigint') {
      const n = /^\s*[+-]?\d+/.exec(s);
      return n ? String(parseInt(n[0], 10)) : 'NULL';
    }
    if (type === 'float' || type === 'decimal') return /^\s*[+-]?\d+(\.\d+)?\s*$/.test(s) ? String(Number(s)) : quoteString(s);
    if (type === 'boolean') {
      const falsy = ['', 'f', 'false', '0', 'off', 'F', 'FALSE', 'OFF'].includes(s);
      return s === '' ? 'NULL' : falsy ? 'FALSE' : 'TRUE';
    }
    return quoteString(s);
  }
  if (Array.isArray(v) && (type === 'json' || type === 'jsonb')) return quoteString(JSON.stringify(jsonOf(v)));
  if (typeof v === 'object' && v !== null && 'hash' in v && (type === 'json' || type === 'jsonb')) return quoteString(JSON.stringify(jsonOf(v)));
  return undefined;
}

function jsonOf(v: RubyValue): unknown {
  if (Array.isArray(v)) return v.map(jsonOf);
  if (isSym(v)) return v.sym;
  if (typeof v === 'object' && v !== null && 'hash' in v) return Object.fromEntries([...v.hash].map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

export function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `fk_rails_<10 hex>`: the name Rails gives a foreign key when none is given. */
export function foreignKeyName(table: string, column: string): string {
  return `fk_rails_${sha256(`${table}_${column}_fk`).slice(0, 10)}`;
}

/** `chk_rails_<10 hex>` (Rails 6.1+). */
export function checkConstraintName(table: string, expression: string): string {
  return `chk_rails_${sha256(`${table}_${expression}_chk`).slice(0, 10)}`;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
