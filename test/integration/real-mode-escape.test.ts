import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { simulate } from '../../src/core/simulate/simulate';
import type { Timeline, TimelineStatement } from '../../src/core/simulate/timeline';
import { snapshotDatabase, snapshotDiff, testServer, type TestServer } from './snapshot';

/**
 * Migrations that try to escape real database mode's rolled-back transaction, run against
 * the real test server as its superuser (the strongest role a user could point it at). Each
 * is followed by a snapshot diff: nothing may persist except sequences (nextval is not
 * transactional) and dead tuples (bloat), which the README and the output state.
 */

const PROBE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-escape-'));
fs.chmodSync(PROBE_DIR, 0o777);
const probe = (name: string): string => path.join(PROBE_DIR, name);

interface Case {
  readonly name: string;
  readonly sql: string | ((ctx: Context) => string);
  readonly probes?: readonly string[];
  readonly transactional?: boolean;
  readonly check?: (t: Timeline, ctx: Context) => void | Promise<void>;
}

interface Context {
  readonly server: TestServer;
  readonly victimPid: number;
  readonly hasDblink: boolean;
}

function stmt(t: Timeline, pattern: RegExp): TimelineStatement {
  const s = t.statements.find((x) => pattern.test(x.sql));
  assert.ok(s, `no statement matching ${pattern} in ${t.statements.map((x) => x.sql).join(' | ')}`);
  return s;
}

function skipped(t: Timeline, pattern: RegExp, why?: RegExp): void {
  const s = stmt(t, pattern);
  assert.ok(s.skipped, `${s.sql} ran: ${JSON.stringify(s.error)}`);
  if (why) assert.match(s.skipped, why);
}

function modelled(t: Timeline, pattern: RegExp): void {
  const s = stmt(t, pattern);
  assert.equal(s.skipped, null);
  assert.match(s.notes.join(' '), /modelled, not sent/);
}

function cancelledByTimeout(t: Timeline, pattern: RegExp): void {
  const s = stmt(t, pattern);
  assert.equal(s.error?.code, '57014', `${s.sql}: expected statement_timeout to cancel it, got ${JSON.stringify(s.error ?? s.skipped)}`);
}

const CASES: readonly Case[] = [
  {
    name: 'a column named begin, then COMMIT; DROP TABLE; INSERT',
    sql: `CREATE TABLE shifts (id int PRIMARY KEY, begin timestamptz NOT NULL, "end" timestamptz);
COMMIT;
DROP TABLE orders;
INSERT INTO audit (msg) VALUES ('escaped');`,
    check: (t) => {
      modelled(t, /^COMMIT/);
      assert.equal(stmt(t, /^DROP TABLE orders/).error, null, 'the DROP ran inside the rolled-back transaction');
      assert.equal(t.statements.length, 4, 'PostgreSQL’s parser splits the statements the splitter kept together');
    },
  },
  {
    name: 'PREPARE TRANSACTION',
    sql: `BEGIN;\nALTER TABLE orders ADD COLUMN p int;\nPREPARE TRANSACTION 'lockstep_escape';\nCOMMIT PREPARED 'lockstep_escape';`,
    check: (t) => modelled(t, /^PREPARE/),
  },
  {
    name: 'COPY TO a file',
    sql: `COPY orders TO '${probe('copy.txt')}';`,
    probes: [probe('copy.txt')],
    check: (t) => skipped(t, /^COPY/, /files on the server/),
  },
  {
    name: 'COPY TO PROGRAM',
    sql: `COPY orders TO PROGRAM 'touch ${probe('to-program')}';`,
    probes: [probe('to-program')],
    check: (t) => skipped(t, /^COPY/, /command on the server/),
  },
  {
    name: 'COPY FROM PROGRAM',
    sql: `COPY audit (msg) FROM PROGRAM 'touch ${probe('from-program')}; echo x';`,
    probes: [probe('from-program')],
    check: (t) => skipped(t, /^COPY/, /PROGRAM/),
  },
  {
    name: 'pg_create_logical_replication_slot',
    sql: `SELECT pg_create_logical_replication_slot('lockstep_escape', 'test_decoding');`,
    check: (t) => skipped(t, /replication_slot/, /replication slot/),
  },
  {
    name: 'pg_create_physical_replication_slot',
    sql: `SELECT * FROM pg_create_physical_replication_slot('lockstep_escape_phys', true);`,
    check: (t) => skipped(t, /replication_slot/),
  },
  {
    name: 'dblink through a second connection',
    sql: (ctx) => `SELECT dblink_exec('host=127.0.0.1 port=${ctx.server.port} user=postgres dbname=postgres', 'CREATE TABLE dblink_escaped (id int)');`,
    check: (t, ctx) => {
      if (!ctx.hasDblink) return;
      skipped(t, /dblink/, /another connection/);
    },
  },
  { name: 'pg_switch_wal', sql: 'SELECT pg_switch_wal();', check: (t) => skipped(t, /pg_switch_wal/, /WAL/) },
  {
    name: "set_config('statement_timeout', '0') then pg_sleep",
    sql: `SELECT set_config('statement_timeout', '0', false);\nSELECT pg_sleep(90);`,
    check: (t) => {
      skipped(t, /set_config/, /guards/);
      cancelledByTimeout(t, /pg_sleep/);
    },
  },
  {
    name: 'RESET ALL then pg_sleep',
    sql: 'RESET ALL;\nSELECT pg_sleep(75);',
    check: (t) => {
      skipped(t, /^RESET ALL/);
      cancelledByTimeout(t, /pg_sleep/);
    },
  },
  {
    name: 'SET statement_timeout = 0 and SET LOCAL then pg_sleep',
    sql: 'SET statement_timeout = 0;\nSET LOCAL statement_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\nSELECT pg_sleep(60);',
    check: (t) => cancelledByTimeout(t, /pg_sleep/),
  },
  { name: 'ALTER SYSTEM', sql: "ALTER SYSTEM SET work_mem = '77MB';", check: (t) => skipped(t, /ALTER SYSTEM/) },
  { name: 'CREATE DATABASE', sql: 'CREATE DATABASE lockstep_escape;', check: (t) => skipped(t, /CREATE DATABASE/) },
  { name: 'DROP DATABASE', sql: 'DROP DATABASE IF EXISTS lockstep_victim_db;', check: (t) => skipped(t, /DROP DATABASE/) },
  { name: 'CREATE ROLE', sql: 'CREATE ROLE lockstep_escape SUPERUSER LOGIN;', check: (t) => skipped(t, /CREATE ROLE/) },
  {
    name: 'GRANT and REVOKE',
    sql: 'GRANT ALL ON orders TO PUBLIC;\nGRANT pg_read_server_files TO lockstep_other;\nREVOKE ALL ON orders FROM postgres;',
    check: (t) => skipped(t, /^GRANT ALL/),
  },
  {
    name: 'SET ROLE and SESSION AUTHORIZATION',
    sql: 'SET ROLE lockstep_other;\nSET SESSION AUTHORIZATION lockstep_other;\nDROP TABLE orders;',
    check: (t) => {
      skipped(t, /^SET ROLE/);
      skipped(t, /^SET SESSION AUTHORIZATION/);
    },
  },
  { name: 'DO block that commits', sql: 'DO $$ BEGIN DROP TABLE orders; COMMIT; END $$;', check: (t) => skipped(t, /^DO/, /commit/) },
  { name: 'CALL of a procedure that commits', sql: 'CALL escape_commit();', check: (t) => skipped(t, /^CALL/) },
  { name: 'VACUUM', sql: 'VACUUM FULL orders;\nANALYZE orders;', check: (t) => skipped(t, /^VACUUM/) },
  { name: 'CLUSTER', sql: 'CLUSTER orders USING orders_pkey;', check: (t) => skipped(t, /^CLUSTER/) },
  {
    name: 'LISTEN and NOTIFY',
    sql: "LISTEN lockstep_escape;\nNOTIFY lockstep_escape, 'x';\nSELECT pg_notify('lockstep_escape', 'y');",
    check: (t) => skipped(t, /^NOTIFY/),
  },
  {
    name: 'pg_terminate_backend',
    sql: (ctx) => `SELECT pg_terminate_backend(${ctx.victimPid});\nSELECT pg_cancel_backend(${ctx.victimPid});`,
    check: (t) => skipped(t, /pg_terminate_backend/, /other sessions/),
  },
  { name: 'pg_stat_reset', sql: "SELECT pg_stat_reset();\nSELECT pg_stat_reset_shared('bgwriter');", check: (t) => skipped(t, /pg_stat_reset\(\)/) },
  {
    name: 'lo_import and lo_export',
    sql: `SELECT lo_import('/etc/hostname');\nSELECT lo_export(lo_create(0), '${probe('lo-export')}');`,
    probes: [probe('lo-export')],
    check: (t) => skipped(t, /lo_import/, /large-object/),
  },
  { name: 'CREATE EXTENSION', sql: 'CREATE EXTENSION IF NOT EXISTS pgcrypto;', check: (t) => skipped(t, /CREATE EXTENSION/) },
  {
    name: 'COMMIT AND CHAIN',
    sql: 'BEGIN;\nDELETE FROM audit;\nCOMMIT AND CHAIN;\nDROP TABLE orders;\nCOMMIT;',
    check: (t) => {
      modelled(t, /AND CHAIN/);
      assert.equal(stmt(t, /^DROP TABLE orders/).transaction, 'transaction', 'AND CHAIN opens the next transaction');
    },
  },
  { name: 'END outside a transaction', sql: 'END;\nDROP TABLE orders;\nEND;', check: (t) => modelled(t, /^END/) },
  {
    name: 'ROLLBACK then statements',
    sql: "BEGIN;\nINSERT INTO audit (msg) VALUES ('rolled back by the migration');\nROLLBACK;\nDROP TABLE audit;\nINSERT INTO orders (amount) VALUES (1);",
    check: (t) => {
      modelled(t, /^ROLLBACK/);
      assert.equal(stmt(t, /^DROP TABLE audit/).transaction, 'autocommit');
    },
  },
  {
    name: 'SAVEPOINT and RELEASE juggling, including the simulation’s own savepoint names',
    sql: 'BEGIN;\nSAVEPOINT a;\nDROP TABLE orders;\nRELEASE SAVEPOINT a;\nRELEASE SAVEPOINT lockstep_statement;\nROLLBACK TO SAVEPOINT lockstep_migration_tx;\nRELEASE lockstep_migration_tx;\nCOMMIT;\nDELETE FROM audit;\nCOMMIT;\nDELETE FROM orders;',
    check: (t) => {
      modelled(t, /^RELEASE SAVEPOINT lockstep_statement/);
      assert.equal(stmt(t, /^DELETE FROM audit/).error, null);
      // As on a real run: the migration's committed transaction dropped the table.
      assert.equal(stmt(t, /^DELETE FROM orders/).error?.code, '42P01');
    },
  },
  {
    name: 'several statements on one line, and a dollar-quoted semicolon',
    sql: 'ALTER TABLE orders ADD COLUMN m int; COMMIT; DROP TABLE audit; SELECT $q$;COMMIT;$q$; DROP TABLE orders',
    check: (t) => {
      modelled(t, /^COMMIT$/);
      assert.equal(t.statements.length, 5);
    },
  },
  {
    name: 'DROP SCHEMA public CASCADE (rolled back)',
    sql: 'DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\nCREATE TABLE public.orders (id int);',
    check: (t) => assert.equal(stmt(t, /^DROP SCHEMA/).error, null, 'the drop ran and was rolled back'),
  },
  // Beyond the report: other ways out.
  {
    name: 'writes to the catalog through an unqualified name',
    sql: "UPDATE pg_class SET relname = 'renamed' WHERE relname = 'orders';\nDELETE FROM pg_catalog.pg_roles;",
    check: (t) => skipped(t, /^UPDATE pg_class/, /system catalog/),
  },
  {
    name: 'INSERT into a table whose trigger writes elsewhere, also from a WITH',
    sql: "INSERT INTO audited (msg) VALUES ('x');\nUPDATE audited SET msg = 'y';\nWITH w AS (INSERT INTO audited (msg) VALUES ('z') RETURNING id) SELECT count(*) FROM w;",
    check: (t) => {
      skipped(t, /^INSERT INTO audited/, /triggers/);
      skipped(t, /^WITH w/, /triggers/);
    },
  },
  {
    name: 'DDL on a table with triggers and user-function defaults runs (it fires neither)',
    sql: 'ALTER TABLE audited ADD COLUMN extra int;\nALTER TABLE uses_fn ADD COLUMN extra int;',
    check: (t) => {
      for (const s of t.statements) assert.ok(!s.skipped && !s.error, `${s.sql}: ${s.skipped ?? s.error?.message}`);
    },
  },
  {
    name: 'DELETE that cascades into a table with a trigger',
    sql: 'DELETE FROM cascade_parent;',
    check: (t) => skipped(t, /^DELETE FROM cascade_parent/, /cascades to cascade_child/),
  },
  {
    name: 'the runner’s transaction (--transactional) with a COMMIT inside',
    sql: 'DROP TABLE audit;\nCOMMIT;\nDELETE FROM orders;',
    transactional: true,
    check: (t) => {
      modelled(t, /^COMMIT/);
      assert.equal(stmt(t, /^DROP TABLE audit/).transaction, 'transaction');
      assert.equal(stmt(t, /^DELETE FROM orders/).transaction, 'autocommit');
    },
  },
  {
    name: 'query_to_xml running dblink as text',
    sql: "SELECT query_to_xml('select pg_switch_wal()', true, true, '');",
    check: (t) => skipped(t, /query_to_xml/, /SQL text/),
  },
  { name: 'setval', sql: "SELECT setval('orders_id_seq', 1000000);", check: (t) => skipped(t, /setval/, /sequence/) },
  { name: 'COPY FROM STDIN', sql: 'COPY audit (msg) FROM stdin;\nescaped\n\\.\n', check: (t) => skipped(t, /^COPY/) },
  {
    name: 'a default that calls a user function',
    sql: 'ALTER TABLE orders ADD COLUMN y int DEFAULT public.escape_fn();\nINSERT INTO uses_fn DEFAULT VALUES;',
    check: (t) => {
      skipped(t, /escape_fn/, /outside pg_catalog/);
      skipped(t, /uses_fn/, /escape_fn/);
    },
  },
  { name: 'ALTER TABLE OWNER TO', sql: 'ALTER TABLE orders OWNER TO lockstep_other;', check: (t) => skipped(t, /OWNER TO/) },
  { name: 'pg_read_file and pg_ls_dir', sql: "SELECT pg_read_file('/etc/passwd');\nSELECT pg_ls_dir('.');", check: (t) => skipped(t, /pg_read_file/) },
  {
    name: 'CREATE TABLE AS over a dblink call',
    sql: "CREATE TABLE leak AS SELECT dblink('dbname=postgres', 'select 1') AS x;",
    check: (t) => skipped(t, /^CREATE TABLE leak/),
  },
  {
    name: 'changing the guards’ application_name',
    sql: "SET application_name = 'hidden';\nDISCARD ALL;",
    check: (t) => skipped(t, /application_name/, /guard/),
  },
  { name: 'session advisory lock', sql: 'SELECT pg_advisory_lock(42);', check: (t) => skipped(t, /pg_advisory_lock/) },
  {
    name: 'search_path that would shadow built-ins',
    sql: 'SET search_path = public, pg_catalog;\nSELECT now();',
    check: (t) => skipped(t, /search_path/, /shadow/),
  },
  {
    name: 'allowed work only changes sequences and leaves dead tuples',
    sql: "INSERT INTO orders (amount) SELECT g FROM generate_series(1, 200) g;\nUPDATE orders SET note = 'bloat';\nALTER TABLE orders ADD COLUMN u uuid DEFAULT gen_random_uuid();\nCREATE INDEX orders_note ON orders (note);",
    check: (t) => {
      for (const s of t.statements) assert.equal(s.error, null, `${s.sql}: ${s.error?.message}`);
      assert.ok(t.warnings.some((w) => /sequences advanced/.test(w)));
      assert.ok(t.warnings.some((w) => /bloat/.test(w)));
    },
  },
  {
    name: 'one transaction with savepoints: a later statement sees an earlier one, a duplicate fails',
    sql: 'ALTER TABLE orders ADD COLUMN q int;\nCREATE INDEX orders_q ON orders (q);\nALTER TABLE orders ADD COLUMN q int;\nALTER TABLE orders ADD COLUMN r int;',
    check: (t) => {
      assert.equal(t.statements[1]!.error, null, 'the index sees the column added before it');
      assert.equal(t.statements[2]!.error?.code, '42701', 'the duplicate column fails');
      assert.equal(t.statements[3]!.error, null, 'a failure does not hide the statements after it');
      assert.ok(
        t.statements[3]!.locks.some((l) => l.mode === 'AccessExclusiveLock' && l.acquired),
        'autocommit statements take their lock again',
      );
    },
  },
];

describe('real database mode cannot change the database', function () {
  const server = testServer();
  let admin: ServerSession;
  let victim: ServerSession;
  let ctx: Context;
  let dir: string;

  before(async function () {
    if (!server) this.skip();
    admin = await connectServer(server!.url);
    await admin.exec(`
      DROP TABLE IF EXISTS orders, audit, audited, audited_log, uses_fn, shifts, cascade_parent, cascade_child CASCADE;
      DROP PROCEDURE IF EXISTS escape_commit();
      CREATE TABLE orders (id serial PRIMARY KEY, amount int NOT NULL, note text);
      INSERT INTO orders (amount) SELECT g FROM generate_series(1, 1000) g;
      CREATE TABLE audit (id serial PRIMARY KEY, msg text);
      INSERT INTO audit (msg) VALUES ('kept');
      CREATE TABLE audited (id serial PRIMARY KEY, msg text);
      CREATE TABLE audited_log (msg text);
      CREATE OR REPLACE FUNCTION audited_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audited_log VALUES (NEW.msg); RETURN NEW; END $$;
      CREATE TRIGGER audited_log AFTER INSERT OR UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION audited_log();
      CREATE OR REPLACE FUNCTION escape_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE TABLE uses_fn (id int DEFAULT escape_fn());
      CREATE TABLE cascade_parent (id int PRIMARY KEY);
      INSERT INTO cascade_parent VALUES (1);
      CREATE TABLE cascade_child (id int REFERENCES cascade_parent ON DELETE CASCADE, msg text);
      INSERT INTO cascade_child VALUES (1, 'child');
      CREATE TRIGGER cascade_child_log AFTER DELETE ON cascade_child FOR EACH ROW EXECUTE FUNCTION audited_log();
      CREATE PROCEDURE escape_commit() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM audit; COMMIT; END $$;
      ANALYZE;
    `);
    await admin.exec('DROP ROLE IF EXISTS lockstep_other');
    await admin.exec('CREATE ROLE lockstep_other');
    let hasDblink = false;
    try {
      await admin.exec('CREATE EXTENSION IF NOT EXISTS dblink');
      hasDblink = true;
    } catch {
      hasDblink = false;
    }
    victim = await connectServer(server!.url);
    const pid = Number((await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    ctx = { server: server!, victimPid: pid, hasDblink };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-escape-sql-'));
  });

  after(async function () {
    if (!server) return;
    await victim?.close();
    await admin.exec(
      'DROP TABLE IF EXISTS orders, audit, audited, audited_log, uses_fn, cascade_parent, cascade_child CASCADE; DROP PROCEDURE IF EXISTS escape_commit(); DROP FUNCTION IF EXISTS audited_log(), escape_fn()',
    );
    await admin.exec('DROP EXTENSION IF EXISTS dblink');
    await admin.exec('DROP ROLE IF EXISTS lockstep_other');
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(PROBE_DIR, { recursive: true, force: true });
  });

  it(`has at least 31 cases (${CASES.length})`, function () {
    assert.ok(CASES.length >= 31);
  });

  for (const [k, c] of CASES.entries()) {
    it(c.name, async function () {
      const sql = typeof c.sql === 'function' ? c.sql(ctx) : c.sql;
      const file = path.join(dir, `${String(k).padStart(3, '0')}.sql`);
      fs.writeFileSync(file, sql);
      const probes = c.probes ?? [];
      // Start on a fresh WAL segment: a case writes far less than one, so only a switch made by
      // the simulation can move it to the next.
      await admin.exec('SELECT pg_switch_wal()');
      const before = await snapshotDatabase(admin, ctx.server, probes);
      const t = await simulate({
        file,
        url: ctx.server.url,
        serverStatementTimeoutMs: 2_000,
        serverLockTimeoutMs: 1_000,
        transactional: c.transactional ?? false,
      });
      const after = await snapshotDatabase(admin, ctx.server, probes);
      assert.deepEqual(snapshotDiff(before.snapshot, after.snapshot), [], 'nothing persisted');
      for (const p of probes) assert.equal(fs.existsSync(p), false, `${p} was written`);
      assert.equal(Number((await victim.query<{ n: number }>('select 1 as n')).rows[0]!.n), 1, 'the other session survived');
      assert.ok(
        t.warnings.some((w) => /sequences advanced/.test(w)),
        'the output says sequences advance',
      );
      await c.check?.(t, ctx);
    });
  }
});
