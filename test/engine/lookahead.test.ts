import { strict as assert } from 'node:assert';
import type { Timeline, TimelineStatement } from '../../src/core/simulate/timeline';
import { cli } from '../helpers/cli';
import { migrationFolder, schemaErrors } from './helpers';

const SCHEMA = `
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, status text, code text, note text, amount int);
`;

async function simulateCli(migration: string): Promise<{ code: number; t: Timeline; stderr: string }> {
  const f = migrationFolder({ 'migrations/001_schema.sql': SCHEMA, 'migrations/002_change.sql': migration });
  try {
    const r = await cli(
      'simulate',
      f.file('migrations/002_change.sql'),
      '--rows',
      'users=1000000',
      '--rows',
      'orders=5000000',
      '--sample',
      '3000',
      '--format',
      'json',
      '--no-progress',
    );
    const t = JSON.parse(r.stdout) as Timeline;
    assert.deepEqual(schemaErrors(t), []);
    return { code: r.code, t, stderr: r.stderr };
  } finally {
    f.remove();
  }
}

function locks(s: TimelineStatement | undefined): string[] {
  return (s?.locks ?? []).map((l) => `${l.relation} ${l.mode}`).sort();
}

describe('look-ahead seeding: the constraints a migration adds hold on the sample', function () {
  this.timeout(240_000);

  it('FOREIGN KEY, CHECK, UNIQUE index and SET NOT NULL on seeded tables all succeed, with their locks', async () => {
    const { code, t, stderr } = await simulateCli(`
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid'));
CREATE UNIQUE INDEX orders_code_key ON orders (code);
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
`);
    assert.equal(code, 0, stderr);
    const [fk, check, unique, notNull] = t.statements;
    for (const s of t.statements) assert.equal(s.error, null, `${s.sql}: ${s.error?.message}`);
    // (plus the AccessShare/RowShare locks of the validating scan, as pg_locks shows them)
    for (const l of ['orders ShareRowExclusiveLock', 'users ShareRowExclusiveLock']) assert.ok(locks(fk).includes(l), locks(fk).join(', '));
    assert.ok(fk!.scan);
    assert.ok(locks(check).includes('orders AccessExclusiveLock'), locks(check).join(', '));
    assert.ok(locks(unique).includes('orders ShareLock'));
    assert.ok(locks(notNull).includes('orders AccessExclusiveLock'), locks(notNull).join(', '));
    // Both tables were seeded in full (users first: the key the orders point at).
    assert.deepEqual(
      t.seeding.map((s) => [s.table, s.rows]),
      [
        ['users', 3000],
        ['orders', 3000],
      ],
    );
  });

  it('a failure only the sample causes is reported as such, keeps its lock and does not fail the run', async () => {
    const { code, t, stderr } = await simulateCli(`ALTER TABLE users ADD CONSTRAINT long_email CHECK (length(email) > 1000);\n`);
    assert.equal(code, 0, stderr);
    const s = t.statements[0]!;
    assert.equal(s.error?.code, '23514');
    assert.equal(s.error?.onSample, true);
    assert.deepEqual(locks(s), ['users AccessExclusiveLock']);
    assert.ok(s.notes.some((n) => n.startsWith('fails on the synthetic sample: ')));
    assert.ok(t.warnings.some((w) => /fails on the synthetic sample/.test(w)));
  });

  it('a statement that fails whatever the data keeps the lock PostgreSQL requests and fails the run', async () => {
    const { code, t } = await simulateCli(`ALTER TABLE users ADD COLUMN plan text NOT NULL;\n`);
    assert.equal(code, 1);
    const s = t.statements[0]!;
    assert.equal(s.error?.code, '23502');
    assert.equal(s.error?.onSample, undefined);
    assert.deepEqual(locks(s), ['users AccessExclusiveLock']);
    assert.equal(s.locks[0]?.source, 'rule');
  });
});
