/**
 * Phased plans under load, for `npm run bench`: the README's example migration and its
 * generated plan each run on a real server against a seeded table while one connection reads
 * and one writes random rows; the longest time an application query took while each ran is
 * printed (never asserted: it depends on the machine). PostgreSQL from
 * scripts/pg-test-server.sh, MariaDB from scripts/mariadb-test-server.sh; an engine whose
 * server is not running is skipped with a message.
 *
 *   npx tsx scripts/bench-plans.ts        (BENCH_PLAN_ROWS: rows seeded, default 200,000)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../src/core/config';
import { planMigration, type GeneratedFile } from '../src/core/phases';
import { connectServer, type ServerSession } from '../src/core/simulate/engine/server';
import { splitStatements } from '../src/core/sql/split';

const ROOT = path.resolve(__dirname, '..');
const ROWS = Number(process.env['BENCH_PLAN_ROWS'] ?? 200_000);

function stateUrl(file: string, key: string): string | undefined {
  const p = path.join(ROOT, '.tmp', file);
  return fs.existsSync(p) ? new RegExp(`^${key}=(.+)$`, 'm').exec(fs.readFileSync(p, 'utf8'))?.[1]?.trim() : undefined;
}

interface Engine {
  /** One statement, autocommitted. */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Application traffic: reads and writes of random rows, each query timed. */
class Workload {
  private running = true;
  private loops: Promise<void>[] = [];
  longestMs = 0;
  queries = 0;

  constructor(clients: readonly Engine[], read: (id: number) => string, write: (id: number) => string) {
    clients.forEach((c, i) => this.loops.push(this.loop(c, i % 2 === 0 ? read : write)));
  }

  private async loop(c: Engine, query: (id: number) => string): Promise<void> {
    while (this.running) {
      const t0 = performance.now();
      try {
        await c.run(query(1 + Math.floor(Math.random() * ROWS)));
      } catch {
        // A query failing (a lock timeout, a column not there yet) is not a wait.
      }
      this.queries++;
      this.longestMs = Math.max(this.longestMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

interface Target {
  readonly name: string;
  readonly version: string;
  connect(): Promise<Engine>;
  /** Statements of a file as the engine's own client sends them. */
  statements(sql: string): string[];
  reset(): Promise<void>;
}

async function measure(
  target: Target,
  label: string,
  schema: readonly string[],
  seed: string,
  apply: (e: Engine) => Promise<void>,
  read: (id: number) => string,
  write: (id: number) => string,
): Promise<{ label: string; ms: number; longestMs: number; queries: number }> {
  await target.reset();
  const admin = await target.connect();
  for (const s of schema) await admin.run(s);
  await admin.run(seed);
  const clients = [await target.connect(), await target.connect()];
  const load = new Workload(clients, read, write);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  await apply(admin);
  const ms = performance.now() - t0;
  await load.stop();
  for (const c of [admin, ...clients]) await c.close();
  return { label, ms, longestMs: load.longestMs, queries: load.queries };
}

async function runFiles(target: Target, e: Engine, files: readonly GeneratedFile[]): Promise<void> {
  for (const f of files) for (const part of f.parts.filter((p) => p.direction === 'up')) for (const s of target.statements(part.sql)) await e.run(s);
}

async function bench(
  target: Target,
  migrationFile: string,
  configFile: string,
  seed: string,
  read: (id: number) => string,
  write: (id: number) => string,
  extra: { backfillValues?: Record<string, string> } = {},
): Promise<void> {
  const dir = path.dirname(migrationFile);
  const earlier = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.sql') && n < path.basename(migrationFile))
    .sort();
  const schema = earlier.flatMap((n) => target.statements(fs.readFileSync(path.join(dir, n), 'utf8')));
  const sql = fs.readFileSync(migrationFile, 'utf8');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  const tables = Object.fromEntries(Object.keys((config['tables'] as object | undefined) ?? {}).map((t) => [t, { rows: ROWS }]));
  const result = await planMigration(sql, { config: resolveConfig({ ...config, tables }), fileName: migrationFile, convention: 'plain', pauseMs: 0, ...extra });
  const original = await measure(
    target,
    'original',
    schema,
    seed,
    async (e) => {
      for (const s of target.statements(sql)) await e.run(s);
    },
    read,
    write,
  );
  const phased = await measure(
    target,
    `phased (${result.files.filter((f) => f.parts.some((p) => p.direction === 'up')).length} files)`,
    schema,
    seed,
    (e) => runFiles(target, e, result.files),
    read,
    write,
  );
  console.log(`plans: ${path.relative(ROOT, migrationFile)} on ${target.version}, ${ROWS.toLocaleString('en-US')} rows, one reader and one writer`);
  for (const m of [original, phased]) {
    console.log(`  ${m.label.padEnd(20)} ran ${(m.ms / 1000).toFixed(2)} s   longest application query ${m.longestMs.toFixed(0)} ms   (${m.queries} queries)`);
  }
}

async function postgres(): Promise<void> {
  const url = process.env['LOCKSTEP_PG_URL'] ?? stateUrl('pg-test-server.env', 'PG_URL');
  if (!url) return void console.log('plans (PostgreSQL): skipped, no server (bash scripts/pg-test-server.sh start)');
  const admin = await connectServer(url);
  const db = `lockstep_bench_plans_${process.pid}`;
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${db}`;
  const wrap = (s: ServerSession): Engine => ({ run: (sql) => s.exec(sql), close: () => s.close() });
  const target: Target = {
    name: 'postgresql',
    version: admin.versionText.split(' on ')[0]!,
    connect: async () => wrap(await connectServer(dbUrl.toString())),
    statements: (sql) => splitStatements(sql, 'postgresql').statements.map((s) => s.text),
    reset: async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.exec(`CREATE DATABASE ${db}`);
    },
  };
  try {
    await bench(
      target,
      path.join(ROOT, 'examples', 'migrations', '0002_add_user_plan.sql'),
      path.join(ROOT, 'examples', 'lockstep.config.json'),
      `INSERT INTO plans (name) SELECT 'plan ' || g FROM generate_series(1, 12) g;
       INSERT INTO users (email, display_name) SELECT 'user' || g || '@example.com', 'name ' || g FROM generate_series(1, ${ROWS}) g`,
      (id) => `SELECT email, display_name FROM users WHERE id = ${id}`,
      (id) => `UPDATE users SET display_name = 'renamed ${id}' WHERE id = ${id}`,
    );
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
  }
}

async function mariadb(): Promise<void> {
  const url = process.env['LOCKSTEP_MARIADB_URL'] ?? stateUrl('mariadb-test-server.env', 'MARIADB_URL');
  if (!url) return void console.log('plans (MariaDB): skipped, no server (bash scripts/mariadb-test-server.sh start)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const u = new URL(url);
  const options = { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password) };
  const admin = await mysql.createConnection(options);
  const db = `lockstep_bench_plans_${process.pid}`;
  const [v] = await admin.query('SELECT VERSION() AS v');
  const target: Target = {
    name: 'mariadb',
    version: `MariaDB ${(v as { v: string }[])[0]!.v}`,
    connect: async () => {
      const c = await mysql.createConnection({ ...options, database: db });
      return { run: async (sql) => void (await c.query(sql)), close: () => c.end() };
    },
    statements: (sql) => splitStatements(sql, 'mysql').statements.map((s) => s.text),
    reset: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await admin.query(`CREATE DATABASE \`${db}\``);
    },
  };
  try {
    // The MariaDB server the tests start is what is measured, so the plan targets it.
    const configFile = path.join(os.tmpdir(), `lockstep-bench-plans-${process.pid}.json`);
    fs.writeFileSync(configFile, JSON.stringify({ dialect: 'mariadb', targetVersion: '10.11', tables: { orders: { rows: ROWS } } }));
    try {
      await bench(
        target,
        path.join(ROOT, 'examples', 'mysql', 'migrations', '0002_add_order_stage.sql'),
        configFile,
        `INSERT INTO orders (customer_id, paid_at, total_cents)
         SELECT seq % 1000, IF(seq % 3 = 0, NULL, '2024-01-01 00:00:00' + INTERVAL seq SECOND), seq FROM seq_1_to_${ROWS}`,
        (id) => `SELECT customer_id, total_cents FROM orders WHERE id = ${id}`,
        (id) => `UPDATE orders SET total_cents = total_cents + 1 WHERE id = ${id}`,
      );
    } finally {
      fs.rmSync(configFile, { force: true });
    }
  } catch (err) {
    console.log(`plans (MariaDB): the phased example did not run: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``).catch(() => undefined);
    await admin.end();
  }
}

void (async () => {
  await postgres();
  await mariadb();
})().catch((err) => {
  console.error(`plans: ${(err as Error).message}`);
  process.exitCode = 1;
});
