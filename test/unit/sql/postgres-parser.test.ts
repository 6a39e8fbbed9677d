import assert from 'node:assert/strict';
import type { Operation } from '../../../src/core/operations';
import { loadPostgresParser } from '../../../src/core/sql/postgres/parser';

async function ops(sql: string): Promise<Operation[]> {
  const parser = await loadPostgresParser();
  return parser.parse(sql).statements.flatMap((s) => s.operations);
}

async function one<K extends Operation['kind']>(sql: string, kind: K): Promise<Extract<Operation, { kind: K }>> {
  const found = (await ops(sql)).filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `expected one ${kind} in ${sql}`);
  return found[0] as Extract<Operation, { kind: K }>;
}

describe('PostgreSQL parser → operations', () => {
  it('maps ADD COLUMN with type, default text and volatility', async () => {
    const op = await one(`ALTER TABLE public.users ADD COLUMN IF NOT EXISTS "Email" varchar(255) DEFAULT lower('X') NOT NULL`, 'add-column');
    assert.deepEqual(op.table, { schema: 'public', name: 'users' });
    assert.equal(op.ifNotExists, true);
    assert.equal(op.column.name, 'Email');
    assert.deepEqual({ ...op.column.type }, { sql: 'varchar(255)', name: 'varchar', modifiers: [255], isArray: false });
    assert.equal(op.column.notNull, true);
    assert.deepEqual(op.column.default, { sql: "lower('X')", volatility: 'immutable', isNull: false, unknownFunctions: [] });
  });

  it('takes default volatility from the catalog', async () => {
    const vol = async (expr: string): Promise<string | undefined> =>
      (await one(`ALTER TABLE t ADD COLUMN c timestamptz DEFAULT ${expr}`, 'add-column')).column.default?.volatility;
    assert.equal(await vol('now()'), 'stable');
    assert.equal(await vol('CURRENT_TIMESTAMP'), 'stable');
    assert.equal(await vol('clock_timestamp()'), 'volatile');
    assert.equal(await vol("'2020-01-01'"), 'immutable');
    assert.equal(await vol('my_func()'), 'unknown');
    assert.equal((await one('ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()', 'add-column')).column.default?.volatility, 'volatile');
    assert.equal((await one('ALTER TABLE t ADD COLUMN c int DEFAULT NULL', 'add-column')).column.default?.isNull, true);
  });

  it('recognises serial, identity, stored generated and references', async () => {
    assert.equal((await one('ALTER TABLE t ADD COLUMN c bigserial', 'add-column')).column.serial, true);
    assert.equal((await one('ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS IDENTITY', 'add-column')).column.identity, true);
    assert.equal((await one('ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a + 1) STORED', 'add-column')).column.generated, 'stored');
    const ref = await one('ALTER TABLE t ADD COLUMN c bigint REFERENCES s.plans (id)', 'add-column');
    assert.deepEqual(ref.column.references, { table: { schema: 's', name: 'plans' }, columns: ['id'] });
  });

  it('splits a multi-command ALTER TABLE into operations', async () => {
    const all = await ops('ALTER TABLE t ADD COLUMN a int, ALTER COLUMN b SET NOT NULL, ALTER COLUMN c DROP NOT NULL, DROP COLUMN d');
    assert.deepEqual(
      all.map((o) => o.kind),
      ['add-column', 'set-not-null', 'drop-not-null', 'drop-column'],
    );
  });

  it('maps constraints with NOT VALID, USING INDEX and CHECK (col IS NOT NULL)', async () => {
    const check = await one('ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID', 'add-constraint');
    assert.equal(check.notValid, true);
    assert.equal(check.provesNotNull, 'c');
    assert.equal(check.expression, 'c IS NOT NULL');
    const fk = await one('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a_id) REFERENCES a (id)', 'add-constraint');
    assert.equal(fk.constraint, 'foreign-key');
    assert.equal(fk.notValid, false);
    assert.deepEqual(fk.columns, ['a_id']);
    const uniq = await one('ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u_idx', 'add-constraint');
    assert.equal(uniq.usingIndex, 'u_idx');
    assert.equal((await one('ALTER TABLE t VALIDATE CONSTRAINT c_nn', 'validate-constraint')).name, 'c_nn');
  });

  it('maps type changes with USING', async () => {
    const op = await one('ALTER TABLE t ALTER COLUMN c TYPE bigint USING c::bigint', 'alter-column-type');
    assert.equal(op.type.name, 'int8');
    assert.equal(op.using, 'c::bigint');
  });

  it('maps indexes, drops and renames', async () => {
    const idx = await one('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a, lower(b)) WHERE a > 0', 'create-index');
    assert.deepEqual([idx.unique, idx.concurrently, idx.ifNotExists, idx.where], [true, true, true, 'a > 0']);
    assert.deepEqual(idx.columns, ['a', '(expression)']);
    const drop = await one('DROP INDEX CONCURRENTLY s.i', 'drop-index');
    assert.deepEqual(drop.names, [{ schema: 's', name: 'i' }]);
    assert.equal((await one('ALTER TABLE t RENAME COLUMN a TO b', 'rename-column')).to, 'b');
    assert.equal((await one('ALTER TABLE t RENAME TO u', 'rename-table')).to, 'u');
  });

  it('classifies UPDATE batching bounds', async () => {
    const filter = async (where: string): Promise<string> => (await one(`UPDATE t SET c = 1 ${where}`, 'update')).filter;
    assert.equal(await filter(''), 'none');
    assert.equal(await filter('WHERE c IS NULL'), 'unbounded');
    assert.equal(await filter('WHERE id BETWEEN 1 AND 1000'), 'bounded');
    assert.equal(await filter('WHERE id >= 1 AND id < 1000 AND c IS NULL'), 'bounded');
    assert.equal(await filter('WHERE id IN (SELECT id FROM t WHERE c IS NULL LIMIT 1000)'), 'bounded');
  });

  it('finds DDL and UPDATEs inside DO blocks', async () => {
    const all = await ops(`DO $$ BEGIN UPDATE t SET c = 1; EXECUTE 'ALTER TABLE t ADD COLUMN d int'; END $$`);
    assert.deepEqual(
      all.map((o) => o.kind),
      ['update', 'add-column'],
    );
    assert.equal((all[0] as Extract<Operation, { kind: 'update' }>).inProcedural, true);
  });

  it('maps timeouts and transactions', async () => {
    const all = await ops("BEGIN; SET LOCAL lock_timeout = '2s'; SET statement_timeout TO 0; COMMIT; START TRANSACTION; ROLLBACK");
    assert.deepEqual(all, [
      { kind: 'transaction', statementIndex: 0, action: 'begin' },
      { kind: 'set-timeout', statementIndex: 1, setting: 'lock_timeout', ms: 2000, local: true },
      { kind: 'set-timeout', statementIndex: 2, setting: 'statement_timeout', ms: 0, local: false },
      { kind: 'transaction', statementIndex: 3, action: 'commit' },
      { kind: 'transaction', statementIndex: 4, action: 'begin' },
      { kind: 'transaction', statementIndex: 5, action: 'rollback' },
    ]);
  });

  it('reports a syntax error at its position and still parses the rest', async () => {
    const parser = await loadPostgresParser();
    const file = parser.parse('SELECT 1;\nALTER TABLE t ADD COLUMN;\nCREATE INDEX i ON t (a);');
    assert.equal(file.statements.length, 3);
    const bad = file.statements[1]!;
    assert.ok(bad.error);
    assert.equal(file.lines.position(bad.error.offset).line, 2);
    assert.equal(file.statements[2]!.operations[0]?.kind, 'create-index');
  });

  it('converts byte locations to character offsets for non-ASCII text', async () => {
    const op = await one("ALTER TABLE t ADD COLUMN note text DEFAULT 'héllo wörld' NOT NULL", 'add-column');
    assert.equal(op.column.default?.sql, "'héllo wörld'");
  });
});
