import assert from 'node:assert/strict';
import { simulateMysql } from '../../../src/core/simulate/mysql/simulate';

describe('MySQL rule-derived timeline', () => {
  const sql = [
    'ALTER TABLE orders ADD COLUMN note varchar(40)',
    'ALTER TABLE orders ADD COLUMN flag int AFTER id',
    'CREATE INDEX orders_note ON orders (note)',
    'ALTER TABLE orders MODIFY COLUMN note varchar(200)',
    'UPDATE orders SET flag = 0 WHERE flag IS NULL',
  ].join(';\n');

  it('follows the target version: AFTER is INSTANT on 8.0.29, a rebuild on 8.0.28', async () => {
    const newer = await simulateMysql({ file: 'm.sql', sql, dialect: 'mysql', targetVersion: '8.0.29', rows: { orders: 10_000_000 } });
    const older = await simulateMysql({ file: 'm.sql', sql, dialect: 'mysql', targetVersion: '8.0.28', rows: { orders: 10_000_000 } });
    assert.equal(newer.statements[1]!.costClass, 'metadata');
    assert.equal(older.statements[1]!.costClass, 'rewrite');
    assert.ok(older.statements[1]!.durationMs > 1000);
    assert.equal(newer.assumptions.engine.kind, 'facts');
    assert.ok(newer.statements.every((s) => s.locks.every((l) => l.source === 'rule')));
  });

  it('marks copies as blocking writes, in-place builds as not blocking, and prices the backfill', async () => {
    const t = await simulateMysql({ file: 'm.sql', sql, dialect: 'mysql', targetVersion: '8.0.36', rows: { orders: 1_000_000 } });
    assert.deepEqual(
      t.statements.map((s) => s.costClass),
      ['metadata', 'metadata', 'index-build', 'rewrite', 'backfill'],
    );
    assert.equal(t.statements[2]!.locks[0]?.blocks, 'nothing');
    assert.equal(t.statements[3]!.locks[0]?.blocks, 'writes');
    assert.ok(t.totalMs > 0);
  });
});
