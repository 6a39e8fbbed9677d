import type { Database, SqlJsStatic } from 'sql.js';
import type { QualifiedName } from '../../operations';
import type { ParsedFile } from '../statement';
import { tokenize } from '../tokens';

/**
 * The schema a SQLite migration file has built up to a given statement, as SQLite itself
 * stores it (sqlite_schema). The parser records the DDL that ran on its scratch database;
 * the schema at a point is rebuilt on demand, only when a rule needs it (rebuild fixes).
 */
export interface TableSchema {
  readonly table: string;
  /** The CREATE TABLE statement as SQLite keeps it. */
  readonly createSql: string;
  readonly indexes: readonly string[];
  readonly triggers: readonly string[];
  /** Views whose definition mentions the table. */
  readonly views: readonly { readonly name: string; readonly sql: string }[];
  readonly columns: readonly string[];
}

interface SchemaLog {
  readonly SQL: SqlJsStatic;
  readonly statements: readonly { index: number; sql: string }[];
}

const logs = new WeakMap<ParsedFile, SchemaLog>();

export function recordSchemaStatements(file: ParsedFile, SQL: SqlJsStatic, statements: readonly { index: number; sql: string }[]): void {
  logs.set(file, { SQL, statements });
}

/**
 * One scratch database kept between calls: rules ask statement by statement, in order, so
 * the replay continues where it stopped instead of starting over for every statement
 * (which made a file of thousands of ALTERs quadratic). Only the latest file's database
 * stays open; asking about another file, or about an earlier point, starts again.
 */
let scratch: { log: SchemaLog; db: Database; next: number; before: number } | undefined;

/** The table's definition as it stands just before statement `beforeIndex`, when the file created it. */
export function sqliteTableBefore(file: ParsedFile, beforeIndex: number, table: QualifiedName): TableSchema | undefined {
  const log = logs.get(file);
  if (!log) return undefined;
  if (!scratch || scratch.log !== log || scratch.before > beforeIndex) {
    scratch?.db.close();
    scratch = { log, db: new log.SQL.Database(), next: 0, before: 0 };
  }
  const s = scratch;
  while (s.next < log.statements.length && log.statements[s.next]!.index < beforeIndex) {
    // It ran once during parsing; a failure now only loses this object.
    replaySchemaStatement(s.db, log.statements[s.next]!.sql);
    s.next++;
  }
  s.before = beforeIndex;
  return readTableSchema(s.db, table.name);
}

/**
 * Replays a schema statement on the scratch database without ever evaluating user
 * expressions: the only DDL that computes data is `CREATE TABLE … AS SELECT`, which becomes
 * a table with the query's column names (the query is prepared, never stepped, so a
 * recursive CTE or `randomblob(1e9)` costs nothing). Every table therefore stays empty, and
 * later DDL (CREATE INDEX, ADD COLUMN checks) has no rows to evaluate expressions over.
 */
export function replaySchemaStatement(db: Database, sql: string): boolean {
  try {
    db.run(withoutQuery(db, sql) ?? sql);
    return true;
  } catch {
    return false;
  }
}

/** `CREATE TABLE t AS SELECT …` → `CREATE TABLE t ("a", "b")`; undefined for any other statement. */
function withoutQuery(db: Database, sql: string): string | undefined {
  const tokens = tokenize(sql);
  if (tokens[0]?.upper !== 'CREATE') return undefined;
  let i = 1;
  if (tokens[i]?.upper === 'TEMP' || tokens[i]?.upper === 'TEMPORARY') i++;
  if (tokens[i]?.upper !== 'TABLE') return undefined;
  // In a CTAS the name is followed directly by AS; a column list would open a parenthesis first.
  for (let k = i + 1; k < tokens.length && k < i + 12; k++) {
    const t = tokens[k]!;
    if (t.text === '(') return undefined;
    if (t.kind !== 'word' || t.upper !== 'AS') continue;
    const names = queryColumns(db, sql.slice(t.end));
    if (!names) return undefined;
    const seen = new Set<string>();
    const columns = names.map((name) => {
      let unique = name;
      for (let n = 1; seen.has(unique.toLowerCase()); n++) unique = `${name}:${n}`;
      seen.add(unique.toLowerCase());
      return `"${unique.replace(/"/g, '""')}"`;
    });
    return `${sql.slice(0, t.start)}(${columns.join(', ')})`;
  }
  return undefined;
}

/** The result columns of a query, from preparing it; undefined when SQLite rejects it. */
function queryColumns(db: Database, query: string): string[] | undefined {
  try {
    const stmt = db.prepare(query);
    try {
      return stmt.getColumnNames();
    } finally {
      stmt.free();
    }
  } catch {
    return undefined;
  }
}

/** A table's definition, indexes, triggers and the views that mention it, as the database holds them. */
export function readTableSchema(db: Database, tableName: string): TableSchema | undefined {
  const rows = db.exec('SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL')[0]?.values ?? [];
  const name = tableName.toLowerCase();
  const own = rows.find((r) => r[0] === 'table' && String(r[1]).toLowerCase() === name);
  if (!own) return undefined;
  const realName = String(own[1]);
  const mentions = new RegExp(`(^|[^\\w$])["\`[]?${realName.replace(/[$]/g, '\\$')}["\`\\]]?([^\\w$]|$)`, 'i');
  const columns = (db.exec(`SELECT name FROM pragma_table_xinfo(${quoteLiteral(realName)}) WHERE hidden IN (0)`)[0]?.values ?? []).map((r) => String(r[0]));
  return {
    table: realName,
    createSql: String(own[3]),
    indexes: rows.filter((r) => r[0] === 'index' && String(r[2]).toLowerCase() === name).map((r) => String(r[3])),
    triggers: rows.filter((r) => r[0] === 'trigger' && String(r[2]).toLowerCase() === name).map((r) => String(r[3])),
    views: rows.filter((r) => r[0] === 'view' && mentions.test(String(r[3]))).map((r) => ({ name: String(r[1]), sql: String(r[3]) })),
    columns,
  };
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
