import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerSession } from '../../src/core/simulate/engine/server';

/**
 * Everything about the test server that a simulation must leave as it found it: the schema
 * (Debian's pg_dump), every table's rows, replication slots, prepared transactions,
 * databases, roles, large objects, statistics resets, the WAL segment, the server
 * configuration, the files in the data directory, and files a migration could write
 * elsewhere. Sequences are recorded apart: nextval is not transactional, so they may move.
 */

export interface TestServer {
  readonly url: string;
  readonly bin: string;
  readonly dataDir: string;
  readonly port: string;
}

export function testServer(): TestServer | undefined {
  const state = path.join(__dirname, '../../.tmp/pg-test-server.env');
  if (!fs.existsSync(state)) return undefined;
  const vars = Object.fromEntries(
    fs
      .readFileSync(state, 'utf8')
      .split('\n')
      .map((l) => l.split('='))
      .filter((kv) => kv.length >= 2)
      .map(([k, ...v]) => [k!, v.join('=')]),
  ) as Record<string, string>;
  if (!vars['PG_URL'] || !vars['PG_BIN'] || !vars['PG_DATA'] || !vars['PG_PORT']) return undefined;
  return { url: vars['PG_URL'], bin: vars['PG_BIN'], dataDir: vars['PG_DATA'], port: vars['PG_PORT'] };
}

export interface DatabaseSnapshot {
  readonly schema: string;
  readonly tables: Record<string, string>;
  readonly slots: string[];
  readonly prepared: string[];
  readonly databases: string[];
  readonly roles: string[];
  readonly largeObjects: number;
  readonly statsReset: string | null;
  readonly walFile: string;
  readonly autoConf: string;
  readonly dataFiles: string[];
  readonly probes: Record<string, boolean>;
}

/** Parts of the data directory that change with any activity (WAL, statistics, commit logs). */
const VOLATILE_DIRS = new Set(['pg_wal', 'pg_stat_tmp', 'pg_stat', 'pg_xact', 'pg_subtrans', 'pg_multixact', 'pg_logical', 'pg_snapshots', 'pg_notify']);

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (!rel && VOLATILE_DIRS.has(e.name)) continue;
    if (e.isDirectory()) {
      out.push(`${r}/`, ...listFiles(root, r));
      continue;
    }
    // Server bookkeeping, free-space and visibility maps (they follow dead tuples, i.e. bloat),
    // and the empty files a dropped or rolled-back relation leaves until the next checkpoint.
    if (/^postmaster\.|pg_internal\.init$|_fsm$|_vm$|^pg_filenode\.map$/.test(e.name)) continue;
    if (fs.statSync(path.join(root, r)).size === 0) continue;
    out.push(r);
  }
  return out.sort();
}

export async function snapshotDatabase(
  admin: ServerSession,
  server: TestServer,
  probes: readonly string[],
): Promise<{ snapshot: DatabaseSnapshot; sequences: Record<string, string> }> {
  await admin.exec('CHECKPOINT');
  const schema = execFileSync(
    path.join(server.bin, 'pg_dump'),
    ['--schema-only', '--no-comments', '-h', '127.0.0.1', '-p', server.port, '-U', 'postgres', 'postgres'],
    {
      encoding: 'utf8',
    },
  )
    // pg_dump 17.6+/15.14+ frames the dump with a random \restrict key.
    .replace(/^\\(un)?restrict .*$/gm, '');
  const tables: Record<string, string> = {};
  const rels = await admin.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' order by 1`,
  );
  for (const { name } of rels.rows) {
    const r = await admin.query<{ n: string; h: string | null }>(
      `select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${name} t`,
    );
    tables[name] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
  }
  const col = async (sql: string): Promise<string[]> => (await admin.query<{ v: string }>(sql)).rows.map((r) => String(r.v));
  const sequences: Record<string, string> = {};
  for (const r of (
    await admin.query<{ name: string; v: string | null }>("select schemaname || '.' || sequencename as name, last_value::text as v from pg_sequences")
  ).rows) {
    sequences[r.name] = r.v ?? '';
  }
  const snapshot: DatabaseSnapshot = {
    schema,
    tables,
    slots: await col('select slot_name as v from pg_replication_slots order by 1'),
    prepared: await col('select gid as v from pg_prepared_xacts order by 1'),
    databases: await col("select datname || coalesce(datacl::text, '') as v from pg_database order by 1"),
    roles: await col(
      "select rolname || ':' || rolsuper || rolcreaterole || rolcreatedb || rolcanlogin || coalesce((select string_agg(b.rolname, ',' order by b.rolname) from pg_auth_members m join pg_roles b on b.oid = m.roleid where m.member = r.oid), '') as v from pg_roles r order by 1",
    ),
    largeObjects: Number((await col('select count(*) as v from pg_largeobject_metadata'))[0]),
    statsReset: (await col("select coalesce(stats_reset::text, 'never') as v from pg_stat_database where datname = current_database()"))[0] ?? null,
    walFile: (await col('select pg_walfile_name(pg_current_wal_lsn()) as v'))[0]!,
    autoConf: fs.readFileSync(path.join(server.dataDir, 'postgresql.auto.conf'), 'utf8'),
    dataFiles: listFiles(server.dataDir),
    probes: Object.fromEntries(probes.map((p) => [p, fs.existsSync(p)])),
  };
  return { snapshot, sequences };
}

/** The parts that differ, each with its before and after, for a readable failure. */
export function snapshotDiff(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const out: string[] = [];
  for (const key of Object.keys(before) as (keyof DatabaseSnapshot)[]) {
    const a = JSON.stringify(before[key]);
    const b = JSON.stringify(after[key]);
    if (a === b) continue;
    if (key === 'schema') {
      const la = new Set(before.schema.split('\n'));
      const lb = new Set(after.schema.split('\n'));
      out.push(`schema: -${[...la].filter((l) => !lb.has(l)).join(' / ')} +${[...lb].filter((l) => !la.has(l)).join(' / ')}`);
    } else if (key === 'dataFiles') {
      const la = new Set(before.dataFiles);
      const lb = new Set(after.dataFiles);
      out.push(`data files: -${[...la].filter((l) => !lb.has(l)).join(', ')} +${[...lb].filter((l) => !la.has(l)).join(', ')}`);
    } else out.push(`${key}: ${a.slice(0, 400)} → ${b.slice(0, 400)}`);
  }
  return out;
}
