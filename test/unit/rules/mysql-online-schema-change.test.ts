import assert from 'node:assert/strict';
import rule from '../../../src/core/rules/mysql-online-schema-change';
import { lintWithRule, ruleCases } from '../../helpers/rule-cases';

const big = { dialect: 'mysql' as const, targetVersion: '8.0.36', tables: { orders: { rows: 20_000_000 } } };

ruleCases(rule, {
  valid: [
    { name: 'INSTANT on a big table', sql: 'ALTER TABLE orders ADD COLUMN note int;', config: big },
    { name: 'size unknown', sql: 'ALTER TABLE orders MODIFY COLUMN total bigint;', config: { dialect: 'mysql', targetVersion: '8.0.36' } },
    { name: 'small table', sql: 'ALTER TABLE orders MODIFY COLUMN total bigint;', config: { ...big, tables: { orders: { rows: 5000 } } } },
    {
      name: 'threshold raised',
      sql: 'ALTER TABLE orders MODIFY COLUMN total bigint;',
      config: { ...big, ruleOptions: { 'mysql-online-schema-change': { minRows: 50_000_000 } } },
    },
  ],
  invalid: [
    { name: 'type change on 20M rows', sql: 'ALTER TABLE orders MODIFY COLUMN total bigint;', config: big, findings: [{ messageId: 'large' }] },
    { name: 'index build on 20M rows', sql: 'CREATE INDEX orders_status ON orders (status);', config: big, findings: [{ messageId: 'large' }] },
    {
      name: 'AFTER on 8.0.28 rebuilds',
      sql: 'ALTER TABLE orders ADD COLUMN note int AFTER id;',
      config: { ...big, targetVersion: '8.0.28' },
      findings: [{ messageId: 'large' }],
    },
  ],
});

describe('mysql-online-schema-change command lines', () => {
  it('gives gh-ost and pt-online-schema-change invocations for the ALTER', async () => {
    const [finding] = await lintWithRule(rule, 'ALTER TABLE shop.orders MODIFY COLUMN total bigint, ALGORITHM=COPY;', big);
    assert.ok(finding?.help);
    assert.match(finding.help, /gh-ost .*--database=shop --table=orders --alter="MODIFY COLUMN total bigint"/);
    assert.match(finding.help, /pt-online-schema-change --alter "MODIFY COLUMN total bigint" D=shop,t=orders/);
  });
});
