import { strict as assert } from 'node:assert';
import { PGlite } from '@electric-sql/pglite';
import data from '../../src/core/engines/postgres/data/binary-coercible.json';
import { typeChangeIsBinaryCoercible } from '../../src/core/engines/postgres/coercion';
import { OPERATION_FACTS, type OperationClass } from '../../src/core/engines/postgres/facts';
import { LOCK_MODES, type LockMode } from '../../src/core/engines/postgres/locks';
import type { Operation } from '../../src/core/operations';
import { loadParser } from '../../src/core/sql/parsers';
import { COERCION_PROBES, probeRewrites } from '../helpers/coercion-probes';

/**
 * The PostgreSQL facts Lockstep ships as data, checked against the engine itself (PGlite),
 * so that the data cannot drift from what PostgreSQL does.
 */

const SETUP = `
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int, b text, v varchar(10), p int, n int NOT NULL DEFAULT 0);
CREATE TABLE lonely (id int);
INSERT INTO parent VALUES (1);
INSERT INTO t SELECT g, g, 'x' || g, 'v', 1 FROM generate_series(1, 50) g;
CREATE INDEX t_a_idx ON t (a);
CREATE UNIQUE INDEX t_b_key ON t (b);
ALTER TABLE t ADD CONSTRAINT t_chk CHECK (a > 0) NOT VALID;
ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (p) REFERENCES parent (id) NOT VALID;
ALTER TABLE t ADD CONSTRAINT t_b_nn CHECK (b IS NOT NULL);
CREATE TABLE pt (id int) PARTITION BY RANGE (id);
CREATE TABLE pt1 PARTITION OF pt FOR VALUES FROM (0) TO (100);
CREATE DOMAIN d AS int;
CREATE TABLE dt (x d);
INSERT INTO dt SELECT g FROM generate_series(1, 20) g;
`;

/** One statement per row of OPERATION_FACTS, and the relation the row's `lock` is about. */
const STATEMENTS: Readonly<Record<OperationClass, { sql: string; table?: string }>> = {
  'add-column-metadata': { sql: 'ALTER TABLE t ADD COLUMN c int' },
  'add-column-rewrite': { sql: 'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT clock_timestamp()' },
  'add-column-references': { sql: 'ALTER TABLE t ADD COLUMN c int REFERENCES parent (id)' },
  'add-check-not-valid': { sql: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID' },
  'add-check-validated': { sql: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)' },
  'add-foreign-key': { sql: 'ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (p) REFERENCES parent (id)' },
  'add-foreign-key-not-valid': { sql: 'ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (p) REFERENCES parent (id) NOT VALID' },
  'add-unique-constraint': { sql: 'ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)' },
  'add-unique-using-index': { sql: 'ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX t_b_key' },
  'validate-check': { sql: 'ALTER TABLE t VALIDATE CONSTRAINT t_chk' },
  'validate-foreign-key': { sql: 'ALTER TABLE t VALIDATE CONSTRAINT t_fk' },
  'set-not-null-scan': { sql: 'ALTER TABLE t ALTER COLUMN a SET NOT NULL' },
  'set-not-null-proven': { sql: 'ALTER TABLE t ALTER COLUMN b SET NOT NULL' },
  'drop-not-null': { sql: 'ALTER TABLE t ALTER COLUMN n DROP NOT NULL' },
  'alter-type-rewrite': { sql: 'ALTER TABLE t ALTER COLUMN a TYPE bigint' },
  'alter-type-metadata': { sql: 'ALTER TABLE t ALTER COLUMN v TYPE varchar(20)' },
  'create-index': { sql: 'CREATE INDEX c ON t (a)' },
  'create-index-concurrently': { sql: 'CREATE INDEX CONCURRENTLY c ON t (a)' },
  'drop-index': { sql: 'DROP INDEX t_a_idx' },
  'drop-index-concurrently': { sql: 'DROP INDEX CONCURRENTLY t_a_idx' },
  'drop-column': { sql: 'ALTER TABLE t DROP COLUMN a' },
  rename: { sql: 'ALTER TABLE t RENAME COLUMN a TO a2' },
  'set-default': { sql: 'ALTER TABLE t ALTER COLUMN a SET DEFAULT 1' },
  'drop-constraint': { sql: 'ALTER TABLE t DROP CONSTRAINT t_chk' },
  update: { sql: 'UPDATE t SET a = a' },
  'create-table': { sql: 'CREATE TABLE fresh (id int)', table: 'fresh' },
  'drop-table': { sql: 'DROP TABLE lonely', table: 'lonely' },
  reindex: { sql: 'REINDEX TABLE t' },
  'reindex-concurrently': { sql: 'REINDEX TABLE CONCURRENTLY t' },
  'detach-partition': { sql: 'ALTER TABLE pt DETACH PARTITION pt1', table: 'pt' },
  'detach-partition-concurrently': { sql: 'ALTER TABLE pt DETACH PARTITION pt1 CONCURRENTLY', table: 'pt' },
  // VACUUM FULL refuses a transaction block; CLUSTER of a named table copies it the same way.
  'rewrite-table': { sql: 'CLUSTER t USING t_pkey' },
  'add-domain-constraint': { sql: 'ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0)', table: 'dt' },
  'select-full-table': { sql: 'SELECT * FROM t' },
};

function strongest(modes: readonly string[]): string | undefined {
  return [...modes].sort((x, y) => LOCK_MODES.indexOf(y as LockMode) - LOCK_MODES.indexOf(x as LockMode))[0];
}

describe('PostgreSQL engine facts match the engine (PGlite)', function () {
  this.timeout(240_000);
  let db: PGlite;

  before(async () => {
    db = await PGlite.create();
    await db.exec(SETUP);
  });
  after(async () => {
    await db?.close();
  });

  it('the coercion data is what pg_cast and the length coercions say', async () => {
    const casts = await db.query<{ from: string; to: string }>(`
      SELECT s.typname AS "from", t.typname AS "to"
        FROM pg_cast c JOIN pg_type s ON s.oid = c.castsource JOIN pg_type t ON t.oid = c.casttarget
       WHERE c.castmethod = 'b' AND c.castsource <> c.casttarget AND s.typtype = 'b' AND t.typtype = 'b'
         AND s.typnamespace = 'pg_catalog'::regnamespace AND t.typnamespace = 'pg_catalog'::regnamespace
       ORDER BY 1, 2`);
    assert.deepEqual(
      casts.rows.map((r) => [r.from, r.to]),
      data.binaryCoercible,
    );
    const support = await db.query<{ type: string }>(`
      SELECT t.typname AS type FROM pg_cast c JOIN pg_type t ON t.oid = c.castsource JOIN pg_proc f ON f.oid = c.castfunc
       WHERE c.castsource = c.casttarget AND t.typtype = 'b' AND f.prosupport <> 0 ORDER BY 1`);
    assert.deepEqual(
      support.rows.map((r) => r.type),
      Object.keys(data.typmodGrowth).sort(),
    );
  });

  it('every type-change probe rewrites (or not) on the engine as the probe and the lint say', async () => {
    const parser = await loadParser('postgresql');
    const results = await probeRewrites(async (sql) => (await db.query(sql)).rows as Record<string, unknown>[]);
    for (const { probe, rewrote } of results) {
      assert.equal(rewrote, probe.rewrites, `${probe.from} → ${probe.to}${probe.utc ? ' (UTC)' : ''}: the engine ${rewrote ? 'rewrote' : 'kept'} the table`);
      const typeOf = (sql: string) =>
        (parser.parse(`ALTER TABLE x ALTER COLUMN c TYPE ${sql};`).statements[0]!.operations[0] as Extract<Operation, { kind: 'alter-column-type' }>).type;
      const lint = typeChangeIsBinaryCoercible(typeOf(probe.from), typeOf(probe.to), { pgVersion: 16, utc: probe.utc === true });
      assert.equal(lint, !probe.rewrites, `lint classifies ${probe.from} → ${probe.to}${probe.utc ? ' (UTC)' : ''} as ${lint ? 'no rewrite' : 'a rewrite'}`);
    }
  });

  it('ALTER DOMAIN … ADD CONSTRAINT … NOT VALID locks no table (so it has no row)', async () => {
    await db.exec('BEGIN');
    try {
      await db.exec('ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0) NOT VALID');
      const locks = await db.query<{ rel: string }>(
        `SELECT c.relname AS rel FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relname IN ('dt', 't')`,
      );
      assert.deepEqual(locks.rows, []);
    } finally {
      await db.exec('ROLLBACK');
    }
  });

  for (const [cls, fact] of Object.entries(OPERATION_FACTS) as [OperationClass, (typeof OPERATION_FACTS)[OperationClass]][]) {
    const { sql, table = 't' } = STATEMENTS[cls];
    it(`${cls}: ${sql}`, async () => {
      if (fact.noTransaction) {
        // Refused in a transaction block; the lock it takes outside one cannot be seen from a single session.
        await db.exec('BEGIN');
        await assert.rejects(db.exec(sql), (e: { code?: string }) => e.code === '25001');
        await db.exec('ROLLBACK');
        return;
      }
      await db.exec('BEGIN');
      try {
        const filenode = async (): Promise<string | null> =>
          (await db.query<{ f: string | null }>(`SELECT pg_relation_filenode(to_regclass('${table}'))::text AS f`)).rows[0]!.f;
        const scans = async (): Promise<number> =>
          Number(
            (await db.query<{ n: string | null }>(`SELECT coalesce(seq_scan, 0)::text AS n FROM pg_stat_xact_user_tables WHERE relname = '${table}'`)).rows[0]
              ?.n ?? 0,
          );
        // By oid: a dropped table's locks outlive its pg_class row.
        const oids = (
          await db.query<{ rel: string; oid: number }>(`SELECT relname AS rel, oid::int AS oid FROM pg_class WHERE relname IN ('${table}', 'parent')`)
        ).rows;
        const fileBefore = await filenode();
        const scansBefore = await scans();
        await db.exec(sql);
        const locks = await db.query<{ oid: number; rel: string | null; mode: string }>(
          `SELECT l.relation::int AS oid, c.relname AS rel, l.mode FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'`,
        );
        const on = (rel: string): string[] => {
          const oid = oids.find((o) => o.rel === rel)?.oid;
          return locks.rows.filter((l) => l.rel === rel || (oid !== undefined && l.oid === oid)).map((l) => l.mode);
        };
        assert.equal(strongest(on(table)), fact.lock, `locks on ${table}: ${on(table).join(', ')}`);
        if (fact.referencedLock) assert.equal(strongest(on('parent')), fact.referencedLock, `locks on parent: ${on('parent').join(', ')}`);
        if (cls !== 'create-table' && cls !== 'drop-table') {
          assert.equal((await filenode()) !== fileBefore, fact.rewrite, `rewrite: filenode ${fileBefore} → ${await filenode()}`);
          assert.equal((await scans()) > scansBefore, fact.scans > 0, `sequential scans of ${table}: ${scansBefore} → ${await scans()}`);
        }
      } finally {
        await db.exec('ROLLBACK');
      }
    });
  }
});
