import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { GeneratedFile } from '../../../src/core/phases';
import { splitStatements } from '../../../src/core/sql/split';
import { plainValue, type EngineState } from './compare';

/**
 * Fresh databases on the MariaDB test server started by `scripts/mariadb-test-server.sh`,
 * synthetic rows, the mysql client's way of running a file, and the state left behind.
 */

export function mariadbServerUrl(): string | undefined {
  const env = process.env['LOCKSTEP_MARIADB_URL'];
  if (env) return env;
  const state = path.join(__dirname, '../../../.tmp/mariadb-test-server.env');
  const m = fs.existsSync(state) ? /^MARIADB_URL=(.+)$/m.exec(fs.readFileSync(state, 'utf8')) : null;
  return m?.[1]?.trim();
}

export async function connectMariadb(url: string, database?: string): Promise<Connection> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const u = new URL(url);
  return mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: database ?? (u.pathname.slice(1) || undefined),
    // Values as the server prints them: no time-zone shifts, no float rounding of big numbers.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

/**
 * Statements the way the mysql/mariadb command-line client sends them: `DELIMITER` lines
 * change the terminator (for procedure bodies), everything else is split on it.
 */
export function clientStatements(text: string): string[] {
  const out: string[] = [];
  let delimiter = ';';
  let chunk: string[] = [];
  const flush = (): void => {
    const body = chunk.join('\n');
    chunk = [];
    if (!body.trim()) return;
    if (delimiter === ';') {
      out.push(...splitStatements(body, 'mysql').statements.map((s) => s.text));
      return;
    }
    for (const part of body.split(delimiter)) if (part.trim() && !/^\s*(--[^\n]*\n?\s*)*$/.test(part)) out.push(part.trim());
  };
  for (const line of text.split('\n')) {
    const d = /^\s*DELIMITER\s+(\S+)\s*$/i.exec(line);
    if (d) {
      flush();
      delimiter = d[1]!;
    } else chunk.push(line);
  }
  flush();
  return out;
}

export async function runStatements(c: Connection, statements: readonly string[]): Promise<void> {
  for (const st of statements) {
    try {
      await c.query(st);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n  in: ${st.length > 300 ? `${st.slice(0, 300)}…` : st}`);
    }
  }
}

export async function applyPlanFiles(c: Connection, files: readonly GeneratedFile[]): Promise<void> {
  for (const f of files) {
    for (const part of f.parts.filter((p) => p.direction === 'up')) {
      try {
        await runStatements(c, clientStatements(part.sql));
      } catch (err) {
        throw new Error(`${f.path} failed: ${(err as Error).message}`);
      }
    }
  }
}

interface ColumnRow extends RowDataPacket {
  t: string;
  c: string;
  type: string;
  nullable: string;
  dflt: string | null;
  pos: number;
  extra: string;
  gen: string | null;
  dataType: string;
  maxLen: number | null;
  key: string;
}

async function columnsOf(c: Connection, db: string): Promise<ColumnRow[]> {
  const [rows] = await c.query<ColumnRow[]>(
    `SELECT table_name AS t, column_name AS c, column_type AS type, is_nullable AS nullable, column_default AS dflt,
            ordinal_position AS pos, extra, generation_expression AS gen, data_type AS dataType,
            character_maximum_length AS maxLen, column_key AS \`key\`
       FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position`,
    [db],
  );
  return rows;
}

/** A value for row `i` that fits the column: unique per row, NULL in every third row where allowed. */
function seedValue(col: ColumnRow, i: number): unknown {
  if (col.nullable === 'YES' && col.key === '' && i % 3 === 0) return null;
  const t = col.dataType.toLowerCase();
  if (/int|decimal|numeric|float|double|bit/.test(t)) return i;
  if (t === 'year') return 2000 + (i % 100);
  if (/datetime|timestamp/.test(t)) return new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
  if (t === 'date') return new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  if (t === 'time') return `00:00:${String(i % 60).padStart(2, '0')}`;
  if (t === 'enum' || t === 'set') return /'((?:[^']|'')*)'/.exec(col.type)?.[1]?.replace(/''/g, "'") ?? '';
  if (t === 'json') return JSON.stringify({ i });
  const text = `v${i}`;
  return col.maxLen ? text.slice(0, Number(col.maxLen)) : text;
}

/** Seeds every table of `db` with `rows` rows (columns with a default or AUTO_INCREMENT keep them). */
export async function seedMariadb(c: Connection, db: string, rows: number): Promise<void> {
  const cols = await columnsOf(c, db);
  for (const table of [...new Set(cols.map((x) => x.t))]) {
    // MariaDB reports a column without a default as DEFAULT NULL (the text `NULL`).
    const hasDefault = (x: ColumnRow): boolean => x.dflt !== null && x.dflt !== 'NULL';
    const filled = cols.filter((x) => x.t === table && !x.gen && !/auto_increment/i.test(x.extra) && !hasDefault(x));
    const names = filled.map((x) => `\`${x.c}\``).join(', ');
    const values = Array.from({ length: rows }, (_, k) => filled.map((x) => seedValue(x, k + 1)));
    if (filled.length === 0) await c.query(`INSERT INTO \`${table}\` () VALUES ${Array.from({ length: rows }, () => '()').join(', ')}`);
    else await c.query(`INSERT INTO \`${table}\` (${names}) VALUES ?`, [values]);
  }
}

export async function recordMariadb(c: Connection, db: string): Promise<EngineState> {
  const cols = await columnsOf(c, db);
  const [constraints] = await c.query<RowDataPacket[]>(
    `SELECT tc.table_name AS t, tc.constraint_name AS name, tc.constraint_type AS type, cc.check_clause AS chk,
            (SELECT GROUP_CONCAT(k.column_name, '->', COALESCE(k.referenced_table_name, ''), '.', COALESCE(k.referenced_column_name, '') ORDER BY k.ordinal_position)
               FROM information_schema.key_column_usage k
              WHERE k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name) AS cols
       FROM information_schema.table_constraints tc
       LEFT JOIN information_schema.check_constraints cc
         ON cc.constraint_schema = tc.constraint_schema AND cc.table_name = tc.table_name AND cc.constraint_name = tc.constraint_name
      WHERE tc.table_schema = ?`,
    [db],
  );
  const [indexes] = await c.query<RowDataPacket[]>(
    `SELECT table_name AS t, index_name AS name, non_unique AS nu, index_type AS type,
            GROUP_CONCAT(column_name, COALESCE(CONCAT('(', sub_part, ')'), '') ORDER BY seq_in_index) AS cols
       FROM information_schema.statistics WHERE table_schema = ? GROUP BY table_name, index_name, non_unique, index_type`,
    [db],
  );
  const [routines] = await c.query<RowDataPacket[]>(
    `SELECT CONCAT(routine_type, ' ', routine_name) AS o FROM information_schema.routines WHERE routine_schema = ?
     UNION ALL SELECT CONCAT('trigger ', trigger_name) FROM information_schema.triggers WHERE trigger_schema = ?
     UNION ALL SELECT CONCAT('view ', table_name) FROM information_schema.views WHERE table_schema = ?`,
    [db, db, db],
  );
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of [...new Set(cols.map((x) => x.t))]) {
    const [r] = await c.query<RowDataPacket[]>(`SELECT * FROM \`${table}\``);
    rows[table] = r.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainValue(v)])));
  }
  return {
    columns: cols.map((x) => ({
      table: x.t,
      name: x.c,
      type: `${x.type}${x.extra ? ` ${x.extra}` : ''}${x.gen ? ` AS (${x.gen})` : ''}`,
      notNull: x.nullable === 'NO',
      default: x.dflt,
      position: Number(x.pos),
    })),
    constraints: constraints.map((r) => `${r['t']}.${r['name']} ${r['type']} ${r['chk'] ?? r['cols'] ?? ''}`),
    indexes: indexes.map((r) => `${r['t']}.${r['name']} ${Number(r['nu']) ? '' : 'UNIQUE '}${r['type']} (${r['cols']})`),
    others: routines.map((r) => String(r['o'])),
    rows,
  };
}
