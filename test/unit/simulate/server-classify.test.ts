import { strict as assert } from 'node:assert';
import { functionVerdict } from '../../../src/core/simulate/engine/server-classify';
import { serverStatements, type ServerStatement } from '../../../src/core/simulate/engine/server-statements';
import { loadPostgresParser } from '../../../src/core/sql/postgres/parser';

/** Real database mode's allow-list, decided from PostgreSQL's parse tree. */

async function classify(sql: string): Promise<ServerStatement[]> {
  const parser = await loadPostgresParser();
  return serverStatements(parser.parse(sql));
}

async function kindOf(sql: string): Promise<string> {
  const [s] = await classify(sql);
  const v = s!.verdict;
  return v.kind === 'skip' ? `skip ${v.what}` : v.kind === 'transaction' ? `transaction ${v.action}` : v.kind;
}

describe('real database mode: which statements run', function () {
  it('splits what the file splitter kept together, by PostgreSQL’s parser', async function () {
    const out = await classify('CREATE TABLE shifts (id int PRIMARY KEY, begin timestamptz);\nCOMMIT;\nDROP TABLE orders;\nINSERT INTO audit VALUES (1);');
    assert.deepEqual(
      out.map((s) => [s.stmt.text, s.verdict.kind]),
      [
        ['CREATE TABLE shifts (id int PRIMARY KEY, begin timestamptz)', 'run'],
        ['COMMIT', 'transaction'],
        ['DROP TABLE orders', 'run'],
        ['INSERT INTO audit VALUES (1)', 'run'],
      ],
    );
    assert.deepEqual(
      out.map((s) => s.stmt.index),
      [0, 1, 2, 3],
    );
    assert.equal(out[2]!.stmt.range.start.line, 3, 'positions point into the file');
  });

  const RUN = [
    'ALTER TABLE users ADD COLUMN nickname text DEFAULT gen_random_uuid()::text',
    'CREATE TABLE t (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), CHECK (length(lower(name)) > 0), name text)',
    'CREATE INDEX users_lower ON users (lower(email))',
    "UPDATE users SET status = 'x' WHERE id IN (SELECT id FROM users WHERE coalesce(a, 0) = 0 LIMIT 1000)",
    "INSERT INTO t (id) SELECT nextval('s') FROM generate_series(1, 10)",
    "DELETE FROM t WHERE created_at < now() - interval '1 day'",
    "CREATE TYPE mood AS ENUM ('a', 'b')",
    "ALTER TYPE mood ADD VALUE 'c'",
    'CREATE SEQUENCE s',
    'ALTER TABLE t RENAME COLUMN a TO b',
    'DROP TABLE t',
    'DROP SCHEMA public CASCADE',
    'SET search_path = app, public',
    "SET LOCAL work_mem = '64MB'",
    "COMMENT ON TABLE t IS 'x'",
    'LOCK TABLE t IN SHARE MODE',
    'SELECT pg_sleep(1)',
    'SELECT pg_advisory_xact_lock(1)',
    'ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES u (id) NOT VALID',
  ];
  for (const sql of RUN) {
    it(`runs: ${sql}`, async function () {
      assert.equal(await kindOf(sql), 'run');
    });
  }

  const NOT_RUN: readonly [string, RegExp][] = [
    ['BEGIN', /transaction begin/],
    ['START TRANSACTION', /transaction begin/],
    ['END', /transaction commit/],
    ['ABORT', /transaction rollback/],
    ['COMMIT AND CHAIN', /transaction commit-and-chain/],
    ["PREPARE TRANSACTION 'x'", /transaction prepare/],
    ["COMMIT PREPARED 'x'", /transaction prepared/],
    ['SAVEPOINT a', /transaction savepoint/],
    ['SET lock_timeout = 0', /setting/],
    ['DO $$ BEGIN COMMIT; END $$', /skip DO/],
    ['CALL p()', /skip CALL/],
    ["COPY t TO '/tmp/x'", /skip COPY TO a file/],
    ["COPY t FROM PROGRAM 'id'", /skip COPY FROM PROGRAM/],
    ['COPY t FROM STDIN', /skip COPY FROM STDIN/],
    ['VACUUM t', /skip VACUUM/],
    ['ANALYZE t', /skip VACUUM\/ANALYZE/],
    ['CLUSTER t', /skip CLUSTER/],
    ["ALTER SYSTEM SET work_mem = '1GB'", /skip ALTER SYSTEM/],
    ['CREATE DATABASE d', /skip CREATE DATABASE/],
    ['CREATE EXTENSION dblink', /skip CREATE EXTENSION/],
    ['CREATE ROLE r', /skip CREATE ROLE/],
    ['GRANT SELECT ON t TO r', /skip GRANT/],
    ['SET ROLE r', /skip SET role/],
    ['SET SESSION AUTHORIZATION r', /skip SET session_authorization/],
    ['RESET ALL', /skip RESET ALL/],
    ['RESET statement_timeout', /setting/],
    ['SET idle_in_transaction_session_timeout = 0', /skip SET idle_in_transaction_session_timeout/],
    ['LISTEN c', /skip LISTEN/],
    ["NOTIFY c, 'x'", /skip NOTIFY/],
    ['CREATE INDEX CONCURRENTLY i ON t (a)', /no-transaction/],
    ["SELECT set_config('statement_timeout', '0', false)", /skip set_config\(\)/],
    ["SELECT dblink_exec('dbname=x', 'drop table t')", /skip dblink_exec\(\)/],
    ['SELECT pg_switch_wal()', /skip pg_switch_wal\(\)/],
    ['SELECT pg_terminate_backend(1)', /skip pg_terminate_backend\(\)/],
    ['SELECT pg_stat_reset()', /skip pg_stat_reset\(\)/],
    ["SELECT lo_import('/etc/passwd')", /skip lo_import\(\)/],
    ["SELECT * FROM pg_create_logical_replication_slot('s', 'test_decoding')", /skip pg_create_logical_replication_slot\(\)/],
    ['ALTER TABLE t ADD COLUMN a int DEFAULT public.f()', /skip public\.f\(\)/],
    ['UPDATE t SET a = my_func(a)', /skip my_func\(\)/],
    ["INSERT INTO t SELECT * FROM dblink('x', 'y') AS r(a int)", /skip dblink\(\)/],
    ["UPDATE pg_catalog.pg_class SET relname = 'x'", /skip a statement on pg_catalog\.pg_class/],
    ['SET search_path = evil, pg_catalog', /skip SET search_path/],
    ['ALTER TABLE t OWNER TO r', /skip ALTER TABLE … OWNER TO/],
    ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', /skip CREATE FUNCTION/],
    ['CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', /skip CREATE TRIGGER/],
    ['TRUNCATE t', /skip TRUNCATE/],
    ['EXPLAIN ANALYZE DELETE FROM t', /skip EXPLAIN/],
  ];
  for (const [sql, expected] of NOT_RUN) {
    it(`does not run: ${sql}`, async function () {
      assert.match(await kindOf(sql), expected);
    });
  }

  it('counts writes nested in WITH as writes to their tables', async function () {
    const [s] = await classify('WITH d AS (DELETE FROM audited RETURNING id) SELECT count(*) FROM d');
    assert.deepEqual(s!.verdict, { kind: 'run', targets: ['audited'], dml: true });
  });

  it('reports what PostgreSQL cannot parse instead of sending it', async function () {
    const [s] = await classify('ALTER TABLE t ADD COLUMN');
    assert.equal(s!.verdict.kind, 'invalid');
  });

  it('allows side-effect-free built-ins and refuses the rest by name', function () {
    for (const f of ['lower', 'now', 'gen_random_uuid', 'nextval', 'jsonb_build_object', 'count']) assert.ok(functionVerdict([f]).ok, f);
    assert.ok(functionVerdict(['extensions', 'uuid_generate_v4']).ok, 'extension functions in their own schema');
    for (const f of [
      'set_config',
      'setval',
      'pg_read_file',
      'query_to_xml',
      'pg_advisory_lock',
      'dblink_connect',
      'txid_unknown_fn',
      'constructor',
      'toString',
      '__proto__',
    ])
      assert.equal(functionVerdict([f]).ok, false, f);
  });
});
