import rule from '../../../src/core/rules/concurrently-in-transaction';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'plain file under autocommit', sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'after COMMIT', sql: 'BEGIN;\nALTER TABLE users ADD COLUMN email text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'after ROLLBACK', sql: 'BEGIN;\nSELECT 1;\nROLLBACK;\nDROP INDEX CONCURRENTLY users_email_idx;' },
    { name: 'non-concurrent index in a transaction is another rule', sql: 'BEGIN;\nCREATE INDEX users_email_idx ON users (email);\nCOMMIT;' },
    {
      name: 'dbmate with transaction:false',
      sql: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      config: { convention: 'dbmate' },
    },
    {
      name: 'transactional: false overrides the convention',
      sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      config: { convention: 'flyway', transactional: false },
    },
    { name: 'Sequelize runs without a transaction', sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', config: { convention: 'sequelize' } },
  ],
  invalid: [
    {
      name: 'explicit BEGIN … COMMIT: the fix moves it after COMMIT',
      sql: 'BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;\n',
      findings: [{ messageId: 'explicit', line: 2, column: 1, message: 'CREATE INDEX CONCURRENTLY cannot run inside the transaction opened by BEGIN' }],
      output: 'BEGIN;\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
    },
    {
      name: 'DROP INDEX CONCURRENTLY inside BEGIN … COMMIT, with other work kept in place',
      sql: 'BEGIN;\nALTER TABLE users DROP COLUMN legacy;\nDROP INDEX CONCURRENTLY users_legacy_idx;\nCOMMIT;\n',
      findings: [{ messageId: 'explicit', line: 3, message: 'DROP INDEX CONCURRENTLY' }],
      output: 'BEGIN;\nALTER TABLE users DROP COLUMN legacy;\nCOMMIT;\n\nDROP INDEX CONCURRENTLY users_legacy_idx;\n',
    },
    {
      name: 'START TRANSACTION … END',
      sql: 'START TRANSACTION;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nEND;',
      findings: [{ messageId: 'explicit', line: 2 }],
      output: 'START TRANSACTION;\nEND;\n\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'BEGIN without COMMIT in the file: no fix',
      sql: 'BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      findings: [{ messageId: 'explicit' }],
      output: null,
    },
    {
      name: 'explicit BEGIN inside the runner’s transaction: moving it after COMMIT would not help, no fix',
      sql: 'BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;\n',
      config: { transactional: true },
      findings: [{ messageId: 'explicit' }],
      output: null,
    },
    {
      name: 'Flyway wraps each file in a transaction',
      sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'runner', line: 1, message: 'this migration runner wraps each file in one' }],
      output: null,
    },
    {
      name: 'transactional: true in the config',
      sql: 'DROP INDEX CONCURRENTLY users_email_idx;',
      config: { transactional: true },
      findings: [{ messageId: 'runner' }],
    },
    {
      name: 'dbmate wraps unless transaction:false',
      sql: '-- migrate:up\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      config: { convention: 'dbmate' },
      findings: [{ messageId: 'runner', line: 2 }],
    },
  ],
});

// A COMMIT written in the file ends the runner's transaction (where the runner allows it).
const AROUND = 'ALTER TABLE users ADD COLUMN c int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_c_idx ON users (c);\nBEGIN;';
ruleCases(rule, {
  valid: [
    { name: 'Rails: COMMIT; … BEGIN; around the concurrent build', sql: AROUND, config: { convention: 'rails' } },
    { name: 'Knex: the same', sql: AROUND, config: { convention: 'knex' } },
    { name: 'REINDEX CONCURRENTLY outside a transaction', sql: 'REINDEX INDEX CONCURRENTLY users_c_idx;' },
  ],
  invalid: [
    {
      name: 'Flyway: PgJDBC opens a new transaction after the COMMIT',
      sql: AROUND,
      config: { convention: 'flyway' },
      findings: [{ messageId: 'runner', line: 3 }],
      output: null,
    },
    {
      name: 'Rails: the statement before COMMIT is still in the runner’s transaction',
      sql: 'CREATE INDEX CONCURRENTLY users_c_idx ON users (c);\nCOMMIT;\nBEGIN;',
      config: { convention: 'rails' },
      findings: [{ messageId: 'runner', line: 1 }],
      output: null,
    },
    {
      name: 'REINDEX CONCURRENTLY inside BEGIN … COMMIT',
      sql: 'BEGIN;\nREINDEX INDEX CONCURRENTLY users_c_idx;\nCOMMIT;',
      findings: [{ messageId: 'explicit', message: 'REINDEX CONCURRENTLY cannot run' }],
      output: 'BEGIN;\nCOMMIT;\n\nREINDEX INDEX CONCURRENTLY users_c_idx;',
    },
  ],
});
