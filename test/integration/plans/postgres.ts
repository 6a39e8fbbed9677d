import type { Convention } from '../../../src/core/config';
import type { GeneratedFile } from '../../../src/core/phases';
import { listUserTables, readTable } from '../../../src/core/simulate/catalog';
import { connectServer, type ServerSession } from '../../../src/core/simulate/engine/server';
import { replaySchema } from '../../../src/core/simulate/replay';
import { seedOrder, seedTables } from '../../../src/core/simulate/seed';
import { splitStatements } from '../../../src/core/sql/split';
import { applyFiles, runScripts, SCRIPT_CONVENTIONS } from '../../unit/phases/apply';
import { plainValue, type EngineState } from './compare';

/**
 * Fresh databases on the PostgreSQL test server (one per run of a case), the earlier
 * migrations replayed and synthetic rows seeded, and the state a migration leaves behind.
 */

export class PostgresServer {
  private n = 0;
  private constructor(
    private readonly url: string,
    private readonly admin: ServerSession,
  ) {}

  static async connect(url: string): Promise<PostgresServer> {
    return new PostgresServer(url, await connectServer(url));
  }

  /**
   * The throwaway test server need not survive a crash: without fsync, CREATE DATABASE and
   * each autocommitted statement stop waiting for the disk (5–10× faster on a busy machine).
   * Set with ALTER SYSTEM and reset by `restoreDurability`.
   */
  async relaxDurability(): Promise<void> {
    await this.admin.exec(`ALTER SYSTEM SET fsync = off`);
    await this.admin.exec(`SELECT pg_reload_conf()`);
    this.relaxed = true;
  }

  async restoreDurability(): Promise<void> {
    if (!this.relaxed) return;
    await this.admin.exec(`ALTER SYSTEM RESET fsync`);
    await this.admin.exec(`SELECT pg_reload_conf()`);
    this.relaxed = false;
  }

  private relaxed = false;

  get versionText(): string {
    return this.admin.versionText;
  }

  urlOf(database: string): string {
    const u = new URL(this.url);
    u.pathname = `/${database}`;
    return u.toString();
  }

  /**
   * A database holding the earlier migrations' schema and seeded rows, to copy from: both
   * runs of a case start from the same rows.
   */
  async base(earlier: readonly string[], rows: number): Promise<{ name: string; replayFailures: number }> {
    // Cases with the same earlier migrations (a fixture in every convention, the rule pages) share one.
    const key = JSON.stringify([earlier, rows]);
    let base = this.bases.get(key);
    if (!base) {
      base = this.build(earlier, rows);
      this.bases.set(key, base);
    }
    return base;
  }

  private readonly bases = new Map<string, Promise<{ name: string; replayFailures: number }>>();

  private async build(earlier: readonly string[], rows: number): Promise<{ name: string; replayFailures: number }> {
    const name = `lockstep_plans_${process.pid}_${++this.n}`;
    await this.admin.exec(`CREATE DATABASE ${name}`);
    const s = await connectServer(this.urlOf(name));
    try {
      const replay = await replaySchema(
        s,
        earlier.map((text, i) => ({ file: `earlier #${i + 1}`, text })),
      );
      const tables = await Promise.all((await listUserTables(s)).map((t) => readTable(s, t.oid)));
      await seedTables(
        s,
        seedOrder(tables).map((table) => ({ table, rows })),
      );
      return { name, replayFailures: replay.failures.length };
    } finally {
      await s.close();
    }
  }

  async copy(template: string, suffix: string): Promise<string> {
    const name = `${template}_${suffix}_${++this.n}`;
    await this.admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return name;
  }

  async open(database: string): Promise<ServerSession> {
    return connectServer(this.urlOf(database));
  }

  async drop(...names: string[]): Promise<void> {
    for (const n of names) await this.admin.exec(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  }

  async close(): Promise<void> {
    for (const base of this.bases.values()) await this.drop((await base.catch(() => ({ name: '' }))).name || 'lockstep_plans_none');
    await this.restoreDurability();
    await this.admin.close();
  }
}

/** The original migration, statement by statement as written (its own BEGIN/COMMIT included). */
export async function applyOriginal(s: ServerSession, sql: string): Promise<void> {
  for (const st of splitStatements(sql, 'postgresql').statements) await s.exec(st.text);
}

/** The generated files, the way the convention's runner applies them. */
export async function applyPlan(s: ServerSession, convention: Convention, files: readonly GeneratedFile[]): Promise<void> {
  const silent: string[] = [];
  if (SCRIPT_CONVENTIONS.includes(convention)) await runScripts(s, convention, files, 'up', silent);
  else await applyFiles(s, convention, files, 'up');
}

/** Tables named as the plan names them: bare in public, schema-qualified elsewhere. */
const TABLE_NAME = `case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end`;

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'`;

export async function recordPostgres(s: ServerSession): Promise<EngineState> {
  const columns = await s.query<{ t: string; c: string; type: string; nn: boolean; d: string | null; pos: number }>(
    `select ${TABLE_NAME} as t, a.attname as c, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as nn,
            pg_get_expr(d.adbin, d.adrelid) as d, a.attnum as pos
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where ${USER_SCHEMAS} and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
  );
  const extra = await s.query<{ t: string; c: string; ident: string; gen: string }>(
    `select ${TABLE_NAME} as t, a.attname as c, a.attidentity as ident, a.attgenerated as gen
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where ${USER_SCHEMAS} and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and (a.attidentity <> '' or a.attgenerated <> '')`,
  );
  const flags = new Map(extra.rows.map((r) => [`${r.t}.${r.c}`, `${r.ident ? ` IDENTITY ${r.ident}` : ''}${r.gen ? ` GENERATED ${r.gen}` : ''}`]));
  const constraints = await s.query<{ t: string; name: string; def: string; valid: boolean }>(
    `select ${TABLE_NAME} as t, k.conname as name, pg_get_constraintdef(k.oid) as def, k.convalidated as valid
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}`,
  );
  const indexes = await s.query<{ def: string; valid: boolean; ready: boolean }>(
    `select pg_get_indexdef(i.indexrelid) as def, i.indisvalid as valid, i.indisready as ready
       from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS}`,
  );
  const others = await s.query<{ o: string }>(
    `select 'trigger ' || t.tgrelid::regclass::text || '.' || t.tgname as o from pg_trigger t join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS} and not t.tgisinternal
     union all
     select 'routine ' || p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${USER_SCHEMAS}
     union all
     select 'relation ' || c.relkind::text || ' ' || c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where ${USER_SCHEMAS} and c.relkind in ('v', 'm', 'S', 'c', 'f')
     union all
     select 'type ' || t.oid::regtype::text || coalesce(' (' || (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) || ')', '')
       from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where ${USER_SCHEMAS} and t.typtype in ('e', 'd')`,
  );
  const rows: Record<string, Record<string, unknown>[]> = {};
  const tables = await s.query<{ q: string; t: string }>(
    `select c.oid::regclass::text as q, ${TABLE_NAME} as t from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS} and c.relkind in ('r', 'p')`,
  );
  for (const t of tables.rows) {
    const r = await s.query<{ j: Record<string, unknown> }>(`select to_jsonb(x) as j from ${t.q} x`);
    rows[t.t] = r.rows.map((x) => Object.fromEntries(Object.entries(x.j).map(([k, v]) => [k, plainValue(v)])));
  }
  return {
    columns: columns.rows.map((r) => ({
      table: r.t,
      name: r.c,
      type: `${r.type}${flags.get(`${r.t}.${r.c}`) ?? ''}`,
      notNull: r.nn,
      default: r.d,
      position: Number(r.pos),
    })),
    constraints: constraints.rows.map((r) => `${r.t}.${r.name} ${r.def}${r.valid ? '' : ' NOT VALID'}`),
    indexes: indexes.rows.map((r) => `${r.def}${r.valid && r.ready ? '' : ' INVALID'}`),
    others: others.rows.map((r) => r.o),
    rows,
  };
}
