import rule from '../../../src/core/rules/create-index-non-concurrently';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'unique, concurrently, partial', sql: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email) WHERE deleted_at IS NULL;' },
    { name: 'table created in the same file', sql: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);' },
    { name: 'table created in the same transaction', sql: 'BEGIN;\nCREATE TABLE t (id int);\nCREATE UNIQUE INDEX t_id_idx ON t (id);\nCOMMIT;' },
    { name: 'CREATE TABLE AS is new too', sql: 'CREATE TABLE archive AS SELECT * FROM users;\nCREATE INDEX archive_id_idx ON archive (id);' },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      findings: [{ messageId: 'blocking', line: 1, column: 1, message: 'Building index users_email_idx on users without CONCURRENTLY holds SHARE' }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'unnamed index',
      sql: 'CREATE INDEX ON users (email);',
      findings: [{ messageId: 'blocking', message: '(unnamed)' }],
      output: 'CREATE INDEX CONCURRENTLY ON users (email);',
    },
    {
      name: 'unique, partial, IF NOT EXISTS, indented',
      sql: '  CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON users (email) WHERE deleted_at IS NULL;',
      findings: [{ messageId: 'blocking', line: 1, column: 3 }],
      output: '  CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email) WHERE deleted_at IS NULL;',
    },
    {
      name: 'inside BEGIN … COMMIT: the fix moves it after COMMIT',
      sql: 'BEGIN;\nCREATE UNIQUE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\n',
      findings: [{ messageId: 'blocking', line: 2 }],
      output: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\n\nCREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
    },
    {
      name: 'an index on an existing table after a new one is created',
      sql: 'CREATE TABLE t (id int);\nCREATE INDEX users_t_idx ON users (t_id);',
      findings: [{ messageId: 'blocking', line: 2 }],
      output: 'CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY users_t_idx ON users (t_id);',
    },
    {
      name: 'in the runner’s transaction (Flyway): no fix, CONCURRENTLY would fail there',
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'blocking' }],
      output: null,
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'blocking', message: /On users \(5M rows\) that is about [\d.]+ m?s holding SHARE, which blocks writes\./ }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
  ],
});
