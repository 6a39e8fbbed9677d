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
    { name: 'transactional: false overrides the convention', sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', config: { convention: 'flyway', transactional: false } },
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
