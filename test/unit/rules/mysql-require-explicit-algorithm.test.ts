import rule from '../../../src/core/rules/mysql-require-explicit-algorithm';
import { ruleCases } from '../../helpers/rule-cases';

const config = { dialect: 'mysql' as const, targetVersion: '8.0.36' };

ruleCases(rule, {
  valid: [
    { sql: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;', config },
    { sql: 'CREATE INDEX users_email ON users (email) ALGORITHM=INPLACE LOCK=NONE;', config },
    { name: "a copy is mysql-algorithm-copy's business", sql: 'ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4;', config },
    { name: 'table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;', config },
    { name: 'not an ALTER', sql: 'UPDATE users SET note = 1 WHERE id BETWEEN 1 AND 1000;', config },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config,
      findings: [{ messageId: 'missing' }],
      output: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;',
    },
    {
      sql: 'CREATE INDEX users_email ON users (email);',
      config,
      findings: [{ messageId: 'missing' }],
      output: 'CREATE INDEX users_email ON users (email) ALGORITHM=INPLACE LOCK=NONE;',
    },
    {
      name: 'MySQL 8.0.11 has no INSTANT: in place',
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config: { dialect: 'mysql', targetVersion: '8.0.11' },
      findings: [{ messageId: 'missing' }],
      output: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INPLACE, LOCK=NONE;',
    },
    {
      name: 'MariaDB 10.3.5 has instant ADD COLUMN but not the INSTANT keyword',
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config: { dialect: 'mariadb', targetVersion: '10.3.5' },
      findings: [{ messageId: 'missing' }],
      output: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INPLACE, LOCK=NONE;',
    },
  ],
});
