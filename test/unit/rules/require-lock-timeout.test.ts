import rule from '../../../src/core/rules/require-lock-timeout';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'SET before the DDL', sql: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;" },
    { name: 'SET … TO, in milliseconds', sql: 'SET lock_timeout TO 3000;\nALTER TABLE users ADD COLUMN c int;' },
    { name: 'SET LOCAL inside BEGIN', sql: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;" },
    {
      name: 'SET LOCAL in the runner’s transaction',
      sql: "SET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
      config: { convention: 'flyway' },
    },
    { name: 'CREATE INDEX CONCURRENTLY does not block reads or writes', sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'DROP INDEX CONCURRENTLY', sql: 'DROP INDEX CONCURRENTLY users_email_idx;' },
    { name: 'VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE', sql: 'ALTER TABLE users VALIDATE CONSTRAINT users_age_check;' },
    { name: 'work on a table created in the file', sql: 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX t_b_idx ON t (b);' },
    { name: 'data changes only', sql: 'UPDATE users SET plan = 1 WHERE id BETWEEN 1 AND 1000;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD COLUMN c int;',
      findings: [{ messageId: 'missing', line: 1, column: 1, message: 'needs ACCESS EXCLUSIVE (blocks reads and writes) on users' }],
      output: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
    },
    {
      name: 'reported once per file, at the first statement that needs it',
      sql: '-- add the column\nALTER TABLE users ADD COLUMN c int;\nALTER TABLE users ADD COLUMN d int;\nCREATE INDEX users_c_idx ON users (c);',
      findings: [{ messageId: 'missing', line: 2 }],
      output:
        "-- add the column\nSET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;\nALTER TABLE users ADD COLUMN d int;\nCREATE INDEX users_c_idx ON users (c);",
    },
    {
      name: 'CREATE INDEX takes SHARE',
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      findings: [{ messageId: 'missing', message: 'needs SHARE (blocks writes) on users' }],
      output: "SET lock_timeout = '5s';\nCREATE INDEX users_email_idx ON users (email);",
    },
    {
      name: 'inside BEGIN the fix uses SET LOCAL',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;',
      findings: [{ messageId: 'missing', line: 2 }],
      output: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;",
    },
    {
      name: 'statement_timeout does not bound the lock wait alone',
      sql: "SET statement_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
      findings: [{ messageId: 'missing', line: 2 }],
      output: "SET statement_timeout = '5s';\nSET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
    },
    {
      name: 'lock_timeout = 0 means no limit',
      sql: 'SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN c int;',
      findings: [{ messageId: 'missing', line: 2 }],
      output: "SET lock_timeout = 0;\nSET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
    },
    {
      name: 'SET LOCAL outside a transaction block does nothing',
      sql: "SET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
      findings: [{ messageId: 'missing', line: 2 }],
      output: "SET LOCAL lock_timeout = '5s';\nSET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;",
    },
    {
      name: 'SET LOCAL ends with its transaction',
      sql: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\nALTER TABLE orders ADD COLUMN c int;",
      findings: [{ messageId: 'missing', line: 5, message: 'on orders' }],
      output:
        "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN c int;",
    },
    {
      name: 'DROP INDEX without CONCURRENTLY',
      sql: 'DROP INDEX users_email_idx;',
      findings: [{ messageId: 'missing' }],
      output: "SET lock_timeout = '5s';\nDROP INDEX users_email_idx;",
    },
    {
      name: 'foreign key: SHARE ROW EXCLUSIVE',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      findings: [{ messageId: 'missing', message: 'SHARE ROW EXCLUSIVE' }],
      output: "SET lock_timeout = '5s';\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
    },
    {
      name: 'indented statement keeps its indentation',
      sql: 'DO $$ BEGIN PERFORM 1; END $$;\n  ALTER TABLE users DROP COLUMN legacy;',
      findings: [{ messageId: 'missing', line: 2, column: 3 }],
      output: "DO $$ BEGIN PERFORM 1; END $$;\n  SET lock_timeout = '5s';\n  ALTER TABLE users DROP COLUMN legacy;",
    },
  ],
});

// Concurrent operations take only SHARE UPDATE EXCLUSIVE, which no application query conflicts with.
ruleCases(rule, {
  valid: [
    { name: 'REINDEX CONCURRENTLY', sql: 'REINDEX INDEX CONCURRENTLY users_email_idx;' },
    { name: 'DETACH PARTITION CONCURRENTLY', sql: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;' },
    { name: 'VALIDATE CONSTRAINT', sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;' },
    {
      name: 'a file of concurrent operations only',
      sql: 'CREATE INDEX CONCURRENTLY a_idx ON t (a);\nDROP INDEX CONCURRENTLY b_idx;\nREINDEX INDEX CONCURRENTLY c_idx;',
    },
  ],
  invalid: [
    {
      name: 'REINDEX without CONCURRENTLY',
      sql: 'REINDEX TABLE users;',
      findings: [{ messageId: 'missing', message: 'needs SHARE (blocks writes) on users' }],
      output: "SET lock_timeout = '5s';\nREINDEX TABLE users;",
    },
    {
      name: 'VACUUM FULL',
      sql: 'VACUUM FULL users;',
      findings: [{ messageId: 'missing', message: 'ACCESS EXCLUSIVE' }],
      output: "SET lock_timeout = '5s';\nVACUUM FULL users;",
    },
  ],
});
