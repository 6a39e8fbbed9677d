import assert from 'node:assert/strict';
import type { Convention } from '../../../src/core/config';
import type { GeneratedFile } from '../../../src/core/phases';
import type { SqlSession } from '../../../src/core/simulate/engine/session';
import { splitStatements } from '../../../src/core/sql/split';

/**
 * Applies generated files to a real engine the way each runner does, and reads back the
 * parts of the catalog a migration's meaning lives in.
 */

/** Runners that send a whole file (or section) as one query string. */
const ONE_STRING: readonly Convention[] = ['golang-migrate', 'dbmate', 'prisma', 'flyway'];

export async function applyPart(session: SqlSession, convention: Convention, sql: string, transactional: boolean): Promise<void> {
  if (!sql.trim()) return;
  if (transactional) {
    try {
      await session.exec(`BEGIN;\n${sql}\nCOMMIT;`);
    } catch (err) {
      // Leave the session usable for the next case, as a runner's failed migration would.
      await session.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return;
  }
  const statements = splitStatements(sql).statements;
  if (ONE_STRING.includes(convention)) {
    // Outside a transaction, such a runner can only apply a single statement per file.
    assert.equal(statements.length, 1, `a non-transactional ${convention} file must hold one statement:\n${sql}`);
    await session.exec(sql);
    return;
  }
  for (const s of statements) await session.exec(s.text);
}

export async function applyFiles(session: SqlSession, convention: Convention, files: readonly GeneratedFile[], direction: 'up' | 'down'): Promise<void> {
  const ordered = direction === 'up' ? files : [...files].reverse();
  for (const f of ordered) {
    for (const part of f.parts.filter((p) => p.direction === direction)) {
      try {
        await applyPart(session, convention, part.sql, part.transactional);
      } catch (err) {
        throw new Error(`${f.path} (${direction}) failed: ${(err as Error).message}`);
      }
    }
  }
}

export interface CatalogSnapshot {
  readonly columns: readonly string[];
  readonly constraints: readonly string[];
  readonly indexes: readonly string[];
  readonly triggers: readonly string[];
  readonly routines: readonly string[];
}

/** Columns, constraints, indexes, triggers and routines of every table in `schema`, schema names stripped. */
export async function snapshot(session: SqlSession, schema: string): Promise<CatalogSnapshot> {
  const strip = (s: string): string => s.split(`${schema}.`).join('');
  const columns = await session.query<{ t: string; c: string; type: string; nn: boolean; d: string | null }>(
    `select c.relname as t, a.attname as c, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as nn, pg_get_expr(d.adbin, d.adrelid) as d
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = $1 and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by 1, 2`,
    [schema],
  );
  const constraints = await session.query<{ t: string; name: string; type: string; def: string; valid: boolean }>(
    `select c.relname as t, k.conname as name, k.contype as type, pg_get_constraintdef(k.oid) as def, k.convalidated as valid
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 order by 1, 2`,
    [schema],
  );
  const indexes = await session.query<{ def: string; valid: boolean }>(
    `select pg_get_indexdef(i.indexrelid) as def, i.indisvalid as valid
       from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 order by 1`,
    [schema],
  );
  const triggers = await session.query<{ name: string }>(
    `select t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and not t.tgisinternal order by 1`,
    [schema],
  );
  const routines = await session.query<{ name: string }>(
    `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 order by 1`,
    [schema],
  );
  return {
    columns: columns.rows.map((r) => `${r.t}.${r.c} ${r.type}${r.nn ? ' NOT NULL' : ''}${r.d ? ` DEFAULT ${strip(r.d)}` : ''}`),
    constraints: constraints.rows.map((r) => `${r.t}.${r.name} ${r.type} ${strip(r.def)}${r.valid ? '' : ' NOT VALID'}`),
    indexes: indexes.rows.map((r) => `${strip(r.def)}${r.valid ? '' : ' INVALID'}`),
    triggers: triggers.rows.map((r) => r.name),
    routines: routines.rows.map((r) => r.name),
  };
}

/** NULL count per column of `table`: every row backfilled means the same counts as the original. */
export async function nullCounts(session: SqlSession, schema: string, table: string): Promise<Record<string, number>> {
  const cols = await session.query<{ c: string }>(
    `select a.attname as c from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by 1`,
    [`${schema}.${table}`],
  );
  const exprs = cols.rows.map((r) => `count(*) filter (where "${r.c}" is null) as "${r.c}"`).join(', ');
  const r = await session.query<Record<string, number | string>>(`select ${exprs} from ${schema}.${table}`);
  return Object.fromEntries(Object.entries(r.rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** A fresh schema holding the base tables and rows, made the search path. */
export async function freshSchema(session: SqlSession, schema: string, baseSql: string, seed: string): Promise<void> {
  await session.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
  await session.exec(baseSql);
  await session.exec(seed);
}

// ---------------------------------------------------------------------------------------
// ORM migrations: the generated module itself runs, through a thin adapter that hands its
// queries to the real engine (the ORM's own query API, not a database).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';

type Rows = Record<string, unknown>[];

function knexOn(session: SqlSession): unknown {
  return {
    async raw(sql: string, bindings?: unknown[]) {
      let i = 0;
      const text = bindings ? sql.replace(/\?/g, () => `$${++i}`) : sql;
      const r = await session.query(text, bindings);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async transaction<T>(fn: (trx: unknown) => Promise<T>): Promise<T> {
      return inTransaction(session, () => fn(knexOn(session)));
    },
  };
}

function typeormRunner(session: SqlSession): unknown {
  return {
    async query(sql: string, params?: unknown[]) {
      const r = await session.query<Rows[number]>(sql, params);
      // TypeORM's PostgreSQL driver answers an UPDATE with [rows, affected count].
      return /^\s*UPDATE\b/i.test(sql) ? [r.rows, r.affectedRows ?? 0] : r.rows;
    },
    startTransaction: () => session.exec('BEGIN'),
    commitTransaction: () => session.exec('COMMIT'),
    rollbackTransaction: () => session.exec('ROLLBACK'),
  };
}

function sequelizeInterface(session: SqlSession): unknown {
  const sequelize = {
    async query(sql: string, options?: { bind?: unknown[] }) {
      const r = await session.query(sql, options?.bind);
      return [r.rows, { rowCount: r.affectedRows ?? r.rows.length }];
    },
    async transaction<T>(fn: (t: unknown) => Promise<T>): Promise<T> {
      return inTransaction(session, () => fn({}));
    },
  };
  return { sequelize };
}

async function inTransaction<T>(session: SqlSession, fn: () => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const value = await fn();
    await session.exec('COMMIT');
    return value;
  } catch (err) {
    await session.exec('ROLLBACK');
    throw err;
  }
}

export const SCRIPT_CONVENTIONS: readonly Convention[] = ['knex', 'typeorm', 'sequelize'];

/**
 * Conventions whose files are programs only their own runner can execute (a Kysely Migrator,
 * node-pg-migrate, Rails, Django, Alembic, Laravel): they are run with those real runners
 * against a real PostgreSQL by test/integration/js-runners.test.ts and
 * test/integration/framework-plans.test.ts, not replayed here.
 */
export const RUNNER_ONLY_CONVENTIONS: readonly Convention[] = ['kysely', 'node-pg-migrate', 'rails', 'django', 'alembic', 'laravel'];

/** Writes the files to a scratch folder and runs each migration's up (or down) as its runner would. */
export async function runScripts(
  session: SqlSession,
  convention: Convention,
  files: readonly GeneratedFile[],
  direction: 'up' | 'down',
  log: string[] = [],
): Promise<void> {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'lockstep-orm-'));
  const realLog = console.log;
  console.log = (...args: unknown[]) => void log.push(args.map(String).join(' '));
  try {
    const ordered = direction === 'up' ? files : [...files].reverse();
    for (const f of ordered) {
      const file = nodePath.join(dir, f.path);
      fs.writeFileSync(file, f.content);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as Record<string, unknown>;
      try {
        if (convention === 'knex') {
          const m = mod as { up: (k: unknown) => Promise<void>; down: (k: unknown) => Promise<void>; config?: { transaction?: boolean } };
          const run = () => m[direction](knexOn(session));
          await (m.config?.transaction === false ? run() : inTransaction(session, run));
        } else if (convention === 'typeorm') {
          const Migration = Object.values(mod)[0] as new () => {
            transaction?: boolean;
            up: (q: unknown) => Promise<void>;
            down: (q: unknown) => Promise<void>;
          };
          const m = new Migration();
          const run = () => m[direction](typeormRunner(session));
          await (m.transaction === false ? run() : inTransaction(session, run));
        } else {
          const m = mod as { up: (q: unknown, s: unknown) => Promise<void>; down: (q: unknown, s: unknown) => Promise<void> };
          await m[direction](sequelizeInterface(session), {});
        }
      } catch (err) {
        throw new Error(`${f.path} (${direction}) failed: ${(err as Error).message}`);
      }
    }
  } finally {
    console.log = realLog;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
