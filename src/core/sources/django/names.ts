import { createHash } from 'node:crypto';

/**
 * Names and quoting as Django's PostgreSQL schema editor writes them (Django 3.2; the same
 * algorithm through 5.x): every identifier double-quoted, generated index and constraint
 * names made of the table, the columns and an md5 digest, cut to PostgreSQL's 63 bytes.
 */

const MAX_NAME_LENGTH = 63;

export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `names_digest`: the first `length` hex digits of md5 over the names, concatenated. */
function namesDigest(names: readonly string[], length: number): string {
  const h = createHash('md5');
  for (const n of names) h.update(n);
  return h.digest('hex').slice(0, length);
}

/** `_create_index_name`: `table_columns_digest[suffix]`, shortened the way Django shortens it. */
export function indexName(table: string, columns: readonly string[], suffix = ''): string {
  const bare = table.includes('.') ? table.slice(table.lastIndexOf('.') + 1).replace(/"/g, '') : table;
  let hashSuffix = `${namesDigest([bare, ...columns], 8)}${suffix}`;
  const joined = columns.join('_');
  let name = `${bare}_${joined}_${hashSuffix}`;
  if (name.length <= MAX_NAME_LENGTH) return name;
  if (hashSuffix.length > MAX_NAME_LENGTH / 3) hashSuffix = hashSuffix.slice(0, Math.floor(MAX_NAME_LENGTH / 3));
  const other = Math.floor((MAX_NAME_LENGTH - hashSuffix.length) / 2) - 1;
  name = `${bare.slice(0, other)}_${joined.slice(0, other)}_${hashSuffix}`;
  if (name[0] === '_' || /[0-9]/.test(name[0]!)) name = `D${name.slice(0, -1)}`;
  return name;
}

/** A Python value as psycopg2 renders it in collected SQL (`quote_value`). */
export function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}
