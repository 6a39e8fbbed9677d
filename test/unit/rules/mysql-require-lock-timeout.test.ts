import rule from '../../../src/core/rules/require-lock-timeout';
import { ruleCases } from '../../helpers/rule-cases';

/** require-lock-timeout on MySQL/MariaDB: lock_wait_timeout bounds the metadata lock wait. */
const config = { dialect: 'mysql' as const, targetVersion: '8.0.36' };

ruleCases(rule, {
  valid: [
    { sql: 'SET SESSION lock_wait_timeout = 5;\nALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;', config },
    { name: 'table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;', config },
    { name: 'a backfill takes no metadata lock', sql: 'UPDATE users SET a = 1 WHERE id BETWEEN 1 AND 1000;', config },
  ],
  invalid: [
    {
      name: 'even an INSTANT ALTER waits for the metadata lock',
      sql: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;\nALTER TABLE users ADD COLUMN other int;',
      config,
      findings: [{ messageId: 'missingMysql', line: 1 }],
      output: 'SET SESSION lock_wait_timeout = 5;\nALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;\nALTER TABLE users ADD COLUMN other int;',
    },
    {
      name: 'MariaDB',
      sql: 'CREATE INDEX users_email ON users (email);',
      config: { dialect: 'mariadb', targetVersion: '10.11' },
      findings: [{ messageId: 'missingMysql' }],
      output: 'SET SESSION lock_wait_timeout = 5;\nCREATE INDEX users_email ON users (email);',
    },
  ],
});
