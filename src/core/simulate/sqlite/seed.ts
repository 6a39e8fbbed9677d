import type { Database } from 'sql.js';
import { quoteSqliteName } from '../../sql/sqlite/rebuild';
import type { SeededTable } from '../timeline';

interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly pk: number;
  /** 0 normal, 1 hidden (virtual table), 2/3 generated. */
  readonly hidden: number;
}

function columns(db: Database, table: string): ColumnInfo[] {
  const res = db.exec(`SELECT name, type, "notnull", pk, hidden FROM pragma_table_xinfo('${table.replace(/'/g, "''")}')`)[0];
  return (res?.values ?? []).map((r) => ({ name: String(r[0]), type: String(r[1] ?? ''), notNull: r[2] === 1, pk: Number(r[3]), hidden: Number(r[4]) }));
}

/**
 * A value for row `i` by the column's type affinity (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
 * Every value derives from `i`, so UNIQUE and PRIMARY KEY columns get distinct values.
 */
function valueExpr(c: ColumnInfo): string {
  const t = c.type.toUpperCase();
  if (t.includes('INT')) return 'i';
  if (/CHAR|CLOB|TEXT/.test(t)) return `'v' || i`;
  if (t.includes('BLOB') || t === '') return `'b' || i`;
  if (/REAL|FLOA|DOUB/.test(t)) return 'i * 0.5';
  if (/DATE|TIME/.test(t)) return `datetime(1700000000 + i, 'unixepoch')`;
  if (/BOOL/.test(t)) return 'i % 2';
  return 'i';
}

/** Fills `table` with `rows` synthetic rows using a recursive CTE, in one transaction. */
export function seedTable(db: Database, table: string, rows: number): SeededTable {
  const cols = columns(db, table).filter((c) => c.hidden === 0);
  const pkCols = cols.filter((c) => c.pk > 0);
  // INTEGER PRIMARY KEY is the rowid: let SQLite number it.
  const rowidAlias = pkCols.length === 1 && pkCols[0]!.type.toUpperCase() === 'INTEGER' ? pkCols[0]!.name : undefined;
  const filled = cols.filter((c) => c.name !== rowidAlias);
  const notes: string[] = [];
  const started = performance.now();
  const insert = (exprs: (c: ColumnInfo) => string): void => {
    const names = filled.map((c) => quoteSqliteName(c.name)).join(', ');
    const values = filled.map(exprs).join(', ');
    const target = filled.length > 0 ? `${quoteSqliteName(table)} (${names})` : quoteSqliteName(table);
    const select = filled.length > 0 ? `SELECT ${values} FROM n` : 'SELECT NULL FROM n';
    db.run('BEGIN');
    try {
      for (let from = 1; from <= rows; from += 100_000) {
        const to = Math.min(rows, from + 99_999);
        db.run(`WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${to}) INSERT INTO ${target} ${select}`);
      }
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw err;
    }
  };
  try {
    insert(valueExpr);
  } catch (first) {
    // CHECK constraints the synthetic values break: leave nullable columns NULL and try again.
    try {
      insert((c) => (c.notNull || c.pk > 0 ? valueExpr(c) : 'NULL'));
      notes.push(`nullable columns left NULL: ${(first as Error).message}`);
    } catch (second) {
      notes.push(`not seeded: ${(second as Error).message}`);
      return { table, rows: 0, ms: performance.now() - started, notes };
    }
  }
  return { table, rows, ms: performance.now() - started, notes };
}
