import rule from '../../../src/core/rules/backfill-in-migration';
import { ruleCases } from '../../helpers/rule-cases';

const batchLoop = [
  'DO $$',
  'DECLARE n int;',
  'BEGIN',
  '  LOOP',
  '    UPDATE users SET plan = 1 WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 1000);',
  '    GET DIAGNOSTICS n = ROW_COUNT;',
  '    EXIT WHEN n = 0;',
  '  END LOOP;',
  'END',
  '$$;',
].join('\n');

ruleCases(rule, {
  valid: [
    { name: 'key range', sql: 'UPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 10000;' },
    { name: 'half-open key range', sql: 'UPDATE users SET plan = 1 WHERE id >= 1 AND id < 10000 AND plan IS NULL;' },
    { name: 'IN (SELECT … LIMIT n)', sql: 'UPDATE users SET plan = 1 WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 1000);' },
    { name: 'primary-key equality', sql: 'UPDATE users SET plan = 1 WHERE id = 42;' },
    { name: 'foreign-key style key list', sql: 'UPDATE orders SET state = 2 WHERE account_id IN (1, 2, 3);' },
    { name: 'batched loop inside a DO block', sql: batchLoop },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE plans (id int, name text);\nUPDATE plans SET name = lower(name);' },
    {
      name: 'bounded, after the schema change committed',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN plan int;\nCOMMIT;\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;',
    },
    {
      name: 'bounded, after DDL on a new table only',
      sql: 'BEGIN;\nCREATE TABLE plans (id int);\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;\nCOMMIT;',
    },
    {
      name: 'bounded, runner transaction turned off for dbmate',
      sql: '-- migrate:up transaction:false\nALTER TABLE users ADD COLUMN plan int;\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;',
      config: { convention: 'dbmate' },
    },
  ],
  invalid: [
    { name: 'no WHERE at all', sql: 'UPDATE users SET plan = 1;', findings: [{ messageId: 'unbatched', line: 1, column: 1, message: 'touches every row' }] },
    {
      name: 'WHERE c IS NULL is no bound',
      sql: 'UPDATE users SET plan = 1 WHERE plan IS NULL;',
      findings: [{ messageId: 'unbatched', message: 'touches every matching row (no key range or LIMIT bounds it)' }],
    },
    { name: 'non-key filter', sql: "UPDATE users SET plan = 1 WHERE country = 'NL';", findings: [{ messageId: 'unbatched' }] },
    { name: 'DELETE without WHERE', sql: 'DELETE FROM sessions;', findings: [{ messageId: 'unbatched', message: 'DELETE of sessions' }] },
    {
      name: 'unbounded UPDATE inside a DO block',
      sql: 'DO $$\nBEGIN\n  UPDATE users SET plan = 1;\nEND\n$$;',
      findings: [{ messageId: 'unbatched', line: 1 }],
    },
    {
      name: 'bounded, but inside BEGIN … COMMIT after an ALTER on the table',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN plan int;\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;\nCOMMIT;',
      findings: [{ messageId: 'withDdl', line: 3, message: 'ACCESS EXCLUSIVE on users' }],
    },
    {
      name: 'bounded, but in the runner’s transaction (Flyway) after an ALTER',
      sql: 'ALTER TABLE users ADD COLUMN plan int;\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'withDdl', line: 2 }],
    },
    {
      name: 'bounded, transactional: true in the config',
      sql: 'ALTER TABLE users ADD COLUMN plan int;\nUPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;',
      config: { transactional: true },
      findings: [{ messageId: 'withDdl', line: 2 }],
    },
    {
      name: 'the lock on another table is held too',
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE users SET plan = 1;\nCOMMIT;',
      findings: [{ messageId: 'withDdl', message: 'ACCESS EXCLUSIVE on orders' }],
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'UPDATE users SET plan = 1;',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'unbatched', message: /On users \(5M rows\) one UPDATE of every row takes about [\d.]+ s\./ }],
    },
  ],
});

// One-row bookkeeping writes are not backfills.
ruleCases(rule, {
  valid: [
    {
      name: 'Alembic’s version row, after DDL in the same transaction',
      sql: "BEGIN;\nALTER TABLE users ADD COLUMN c int;\nUPDATE alembic_version SET version_num='ae1027a6acf' WHERE alembic_version.version_num = '1975ea83b712';\nCOMMIT;",
    },
    { name: 'a runner’s migrations table without WHERE', sql: 'UPDATE schema_migrations SET dirty = false;' },
    { name: 'a key equal to one literal', sql: "UPDATE settings SET value = 'on' WHERE key = 'signup';" },
    { name: 'an id equal to one literal, with another condition', sql: 'DELETE FROM plans WHERE id = 7 AND archived;' },
  ],
  invalid: [
    {
      name: 'a column that is no key, equal to one literal, can match many rows',
      sql: "UPDATE orders SET state = 1 WHERE status = 'pending';",
      findings: [{ messageId: 'unbatched' }],
    },
    {
      name: 'a key compared with a column is not one row',
      sql: 'UPDATE users SET code = id WHERE code = legacy_code;',
      findings: [{ messageId: 'unbatched' }],
    },
  ],
});
