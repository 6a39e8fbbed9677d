import type { Database, SqlJsStatic } from 'sql.js';
import type { QualifiedName } from '../../operations';
import type { ParsedFile } from '../statement';

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

/** The table's definition as it stands just before statement `beforeIndex`, when the file created it. */
export function sqliteTableBefore(file: ParsedFile, beforeIndex: number, table: QualifiedName): TableSchema | undefined {
  const log = logs.get(file);
  if (!log) return undefined;
  const db = new log.SQL.Database();
  try {
    for (const s of log.statements) {
      if (s.index >= beforeIndex) break;
      try {
        db.run(s.sql);
      } catch {
        /* it ran once during parsing; a failure now only loses this object */
      }
    }
    return readTableSchema(db, table.name);
  } finally {
    db.close();
  }
}

/** A table's definition, indexes, triggers and the views that mention it, as the database holds them. */
export function readTableSchema(db: Database, tableName: string): TableSchema | undefined {
  const rows = db.exec("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL")[0]?.values ?? [];
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
