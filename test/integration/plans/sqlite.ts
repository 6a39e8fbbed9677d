import type { Database } from 'sql.js';
import type { GeneratedFile } from '../../../src/core/phases';
import { loadSqlJs } from '../../../src/core/engines/sqlite/engine';
import { seedTable } from '../../../src/core/simulate/sqlite/seed';
import { plainValue, type EngineState } from './compare';

/** In-process SQLite (sql.js): a fresh database per run, seeded, and the state left behind. */

export async function freshSqlite(earlier: readonly string[], rows: number): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  for (const text of earlier) db.exec(text);
  for (const t of userTables(db)) seedTable(db, t, rows);
  return db;
}

/** A copy of `db`, so both runs of a case start from the same rows. */
export async function copySqlite(db: Database): Promise<Database> {
  const SQL = await loadSqlJs();
  return new SQL.Database(db.export());
}

function userTables(db: Database): string[] {
  const r = db.exec(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)[0];
  return (r?.values ?? []).map((v) => String(v[0]));
}

function all(db: Database, sql: string): Record<string, unknown>[] {
  const r = db.exec(sql)[0];
  if (!r) return [];
  return r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, plainValue(v[i])])));
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The sqlite3 shell runs a file's statements in order and stops at the first error (with -bail). */
export function applySqlitePlan(db: Database, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    for (const part of f.parts.filter((p) => p.direction === 'up')) {
      try {
        db.exec(part.sql);
      } catch (err) {
        throw new Error(`${f.path} failed: ${(err as Error).message}`);
      }
    }
  }
}

export function recordSqlite(db: Database): EngineState {
  const columns: EngineState['columns'][number][] = [];
  const constraints: string[] = [];
  const indexes: string[] = [];
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const t of userTables(db)) {
    for (const c of all(db, `SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(${lit(t)})`)) {
      columns.push({
        table: t,
        name: String(c['name']),
        type: `${String(c['type'])}${Number(c['pk']) ? ` PRIMARY KEY ${c['pk']}` : ''}${Number(c['hidden']) ? ` GENERATED ${c['hidden']}` : ''}`,
        notNull: c['notnull'] === 1,
        default: c['dflt_value'] === null ? null : String(c['dflt_value']),
        position: Number(c['cid']),
      });
    }
    for (const fk of all(db, `SELECT id, "table" AS parent, "from", "to", on_update, on_delete FROM pragma_foreign_key_list(${lit(t)}) ORDER BY id, seq`)) {
      constraints.push(
        `${t} FOREIGN KEY (${fk['from']}) REFERENCES ${fk['parent']}(${fk['to'] ?? ''}) ON UPDATE ${fk['on_update']} ON DELETE ${fk['on_delete']}`,
      );
    }
    for (const ix of all(db, `SELECT name, "unique", origin, partial FROM pragma_index_list(${lit(t)})`)) {
      const cols = all(db, `SELECT name, "desc", coll FROM pragma_index_xinfo(${lit(String(ix['name']))}) WHERE key = 1 ORDER BY seqno`)
        .map((c) => `${c['name'] ?? '<expression>'}${c['desc'] ? ' DESC' : ''}`)
        .join(', ');
      // Automatic indexes of UNIQUE/PRIMARY KEY constraints are numbered by position: named by origin instead.
      const name = String(ix['name']).startsWith('sqlite_autoindex_') ? `(${ix['origin']})` : String(ix['name']);
      indexes.push(`${t}.${name} ${ix['unique'] ? 'UNIQUE ' : ''}(${cols})${ix['partial'] ? ' WHERE …' : ''}`);
    }
    rows[t] = all(db, `SELECT * FROM "${t.replace(/"/g, '""')}"`);
  }
  const others = all(db, `SELECT type || ' ' || name AS o FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY 1`).map((r) => String(r['o']));
  return { columns, constraints, indexes, others, rows };
}
