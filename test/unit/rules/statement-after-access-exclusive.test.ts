import rule from '../../../src/core/rules/statement-after-access-exclusive';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'one statement per transaction', sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_c_idx ON users (c);' },
    { name: 'autocommit: each statement commits on its own', sql: 'ALTER TABLE users ADD COLUMN c int;\nUPDATE users SET c = 0 WHERE id BETWEEN 1 AND 1000;' },
    {
      name: 'metadata-only follow-ups add microseconds',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nALTER TABLE users ALTER COLUMN c SET DEFAULT 0;\nALTER TABLE users ADD CONSTRAINT users_c_check CHECK (c >= 0) NOT VALID;\nCOMMIT;',
    },
    {
      name: 'a new table holds no lock anyone else waits on',
      sql: 'BEGIN;\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;\nCREATE INDEX t_c_idx ON t (c);\nCOMMIT;',
    },
    { name: 'creating a table after an ALTER is metadata only', sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE TABLE audit (id int);\nCOMMIT;' },
    {
      name: 'work on a table created in the same transaction',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE TABLE audit (id int);\nCREATE INDEX audit_id_idx ON audit (id);\nCOMMIT;',
    },
    { name: 'SHARE from CREATE INDEX is not ACCESS EXCLUSIVE', sql: 'BEGIN;\nCREATE INDEX users_c_idx ON users (c);\nUPDATE users SET c = 0;\nCOMMIT;' },
    {
      name: 'dbmate with transaction:false runs each statement on its own',
      sql: '-- migrate:up transaction:false\nALTER TABLE users ADD COLUMN c int;\nCREATE INDEX users_c_idx ON users (c);',
      config: { convention: 'dbmate' },
    },
  ],
  invalid: [
    {
      name: 'an index build after an ALTER in the same transaction',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE INDEX users_c_idx ON users (c);\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3, column: 1, message: 'still holds ACCESS EXCLUSIVE on users' }],
    },
    {
      name: 'a backfill after an ALTER',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nUPDATE users SET c = 0 WHERE id BETWEEN 1 AND 1000;\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3 }],
    },
    {
      name: 'SET NOT NULL scans while the lock is held',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int DEFAULT 0;\nALTER TABLE users ALTER COLUMN c SET NOT NULL;\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3 }],
    },
    {
      name: 'VALIDATE in the same transaction as the ADD … NOT VALID',
      sql: 'BEGIN;\nALTER TABLE users ADD CONSTRAINT users_c_check CHECK (c >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_c_check;\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3 }],
    },
    {
      name: 'the lock on one table blocks it while another is worked on',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE INDEX orders_c_idx ON orders (c);\nCOMMIT;',
      findings: [{ messageId: 'extends', message: 'on users' }],
    },
    {
      name: 'the runner’s implicit transaction (Flyway)',
      sql: 'ALTER TABLE users ADD COLUMN c int;\nCREATE INDEX users_c_idx ON users (c);',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'extends', line: 2 }],
    },
    {
      name: 'transactional: true in the config',
      sql: 'ALTER TABLE users RENAME COLUMN a TO b;\nDELETE FROM sessions;',
      config: { transactional: true },
      findings: [{ messageId: 'extends', line: 2 }],
    },
    {
      name: 'CREATE TABLE AS copies rows while the lock is held',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE TABLE users_copy AS SELECT * FROM users;\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3 }],
    },
    {
      name: 'cost sentence when the size of the table worked on is configured',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nUPDATE orders SET c = 0;\nCOMMIT;',
      config: { tables: { orders: { rows: 5_000_000 } } },
      findings: [{ messageId: 'extends', message: /On orders \(5M rows\) this statement takes about [\d.]+ s, all of it with users blocked\.$/ }],
    },
    {
      name: 'one finding per statement, each later heavy statement reported',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int, ADD COLUMN d int;\nCREATE INDEX users_c_idx ON users (c);\nUPDATE users SET d = 0;\nCOMMIT;',
      findings: [
        { messageId: 'extends', line: 3 },
        { messageId: 'extends', line: 4 },
      ],
    },
  ],
});

// Reads and one-row writes after ACCESS EXCLUSIVE.
ruleCases(rule, {
  valid: [
    {
      name: 'a SELECT with a WHERE reads an index, not the table',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nSELECT c FROM users WHERE id = 1;\nCOMMIT;',
    },
    { name: 'a SELECT without a table', sql: "BEGIN;\nALTER TABLE users ADD COLUMN c int;\nSELECT setval('users_id_seq', 10);\nCOMMIT;" },
    { name: 'the runner’s bookkeeping row', sql: "BEGIN;\nALTER TABLE users ADD COLUMN c int;\nUPDATE alembic_version SET version_num = 'b2';\nCOMMIT;" },
    { name: 'a one-row UPDATE by key', sql: "BEGIN;\nALTER TABLE users ADD COLUMN c int;\nUPDATE settings SET value = '1' WHERE key = 'x';\nCOMMIT;" },
  ],
  invalid: [
    {
      name: 'a full-table SELECT after ACCESS EXCLUSIVE',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nSELECT count(*) FROM orders;\nCOMMIT;',
      findings: [{ messageId: 'extends', line: 3, message: 'still holds ACCESS EXCLUSIVE on users' }],
    },
    {
      name: 'an UPDATE of every row after ACCESS EXCLUSIVE, in the runner’s transaction',
      sql: 'ALTER TABLE users ADD COLUMN c int;\nUPDATE users SET c = 0;',
      config: { convention: 'rails' },
      findings: [{ messageId: 'extends', line: 2 }],
    },
  ],
});
