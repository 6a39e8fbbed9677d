import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTable, readTable } from '../../src/core/simulate/catalog';
import type { ServerSession } from '../../src/core/simulate/engine/server';
import { replaySchema } from '../../src/core/simulate/replay';
import { seedTables } from '../../src/core/simulate/seed';
import { simulate } from '../../src/core/simulate/simulate';
import type { Timeline } from '../../src/core/simulate/timeline';
import { loadPostgresParser } from '../../src/core/sql/postgres/parser';

/**
 * One migration predicted from a PGlite sample and run on a real PostgreSQL server. The
 * integration test checks what is deterministic about it (cost classes, rewrites, rows,
 * order); `npm run bench` prints how the predicted durations compare with the server's.
 */
export const SCHEMA = `CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  score int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_email ON accounts (email);`;

export const MIGRATION = `ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE accounts ADD CONSTRAINT score_nonneg CHECK (score >= 0) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT score_nonneg;
CREATE INDEX accounts_score ON accounts (score);
ALTER TABLE accounts ADD COLUMN nickname text;
UPDATE accounts SET nickname = email;`;

/** The prediction for `rows` production rows from a `sampleRows`-row PGlite sample. */
export async function predict(rows: number, sampleRows: number): Promise<Timeline> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-accuracy-'));
  try {
    fs.writeFileSync(path.join(dir, '001_schema.sql'), SCHEMA);
    fs.writeFileSync(path.join(dir, '002_change.sql'), MIGRATION);
    return await simulate({ file: path.join(dir, '002_change.sql'), rows: { accounts: rows }, sampleRows });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ServerRun {
  readonly sql: string;
  /** Whether the table's storage was replaced (pg_class.relfilenode changed). */
  readonly rewrite: boolean;
  /** Rows the statement reported (UPDATE), else null. */
  readonly rowCount: number | null;
  /** Fastest of the timed runs, in milliseconds. */
  readonly ms: number;
}

async function filenode(server: ServerSession): Promise<string> {
  const r = await server.query<{ f: string }>("SELECT relfilenode::text AS f FROM pg_class WHERE oid = 'accounts'::regclass");
  return r.rows[0]!.f;
}

/**
 * Seeds `rows` rows on the server and runs the migration statement by statement. Each
 * statement is timed `runs` times, rolled back after each; the fastest run counts, since
 * other work on the machine only ever makes a run slower. Then it runs for real, so the
 * next statement starts from the state the migration would leave.
 */
export async function runOnServer(server: ServerSession, rows: number, runs = 1): Promise<ServerRun[]> {
  await server.exec('DROP TABLE IF EXISTS accounts CASCADE');
  await replaySchema(server, [{ file: 'schema.sql', text: SCHEMA }]);
  const table = await readTable(server, (await findTable(server, 'accounts'))!);
  await seedTables(server, [{ table, rows }]);
  const parser = await loadPostgresParser();
  const out: ServerRun[] = [];
  try {
    for (const stmt of parser.parse(MIGRATION).statements) {
      // Production tables are vacuumed: measure on one, not on pages the last statement left unhinted.
      await server.exec('VACUUM ANALYZE accounts');
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        await server.exec('BEGIN');
        const t0 = performance.now();
        await server.exec(stmt.text);
        times.push(performance.now() - t0);
        await server.exec('ROLLBACK');
        // An undone UPDATE leaves dead rows whose free space would make the next run cheaper.
        if (/^\s*UPDATE/i.test(stmt.text)) await server.exec('VACUUM FULL ANALYZE accounts');
      }
      const before = await filenode(server);
      const result = await server.query(stmt.text);
      out.push({
        sql: stmt.text,
        rewrite: (await filenode(server)) !== before,
        rowCount: /^\s*UPDATE/i.test(stmt.text) ? (result.affectedRows ?? null) : null,
        ms: times.length ? Math.min(...times) : NaN,
      });
    }
  } finally {
    await server.exec('DROP TABLE IF EXISTS accounts');
  }
  return out;
}
