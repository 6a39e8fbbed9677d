import rule from '../../../src/core/rules/mysql-add-column-not-instant';
import { ruleCases } from '../../helpers/rule-cases';

const mysql = (targetVersion: string) => ({ dialect: 'mysql' as const, targetVersion });
const mariadb = (targetVersion: string) => ({ dialect: 'mariadb' as const, targetVersion });

ruleCases(rule, {
  valid: [
    { name: 'MySQL 8.0.12: last position is INSTANT', sql: 'ALTER TABLE users ADD COLUMN note varchar(20);', config: mysql('8.0.12') },
    { name: 'MySQL 8.0.29: any position is INSTANT', sql: 'ALTER TABLE users ADD COLUMN note varchar(20) AFTER id;', config: mysql('8.0.29') },
    { name: 'MariaDB 10.4: any position is INSTANT', sql: 'ALTER TABLE users ADD COLUMN note int FIRST;', config: mariadb('10.4') },
    { name: 'MariaDB 10.3.2: last position is INSTANT', sql: 'ALTER TABLE users ADD COLUMN note int;', config: mariadb('10.3.2') },
    { name: 'explicit INSTANT that applies', sql: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=INSTANT;', config: mysql('8.0.36') },
    { name: 'table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int FIRST;', config: mysql('8.0.11') },
    { name: 'two INSTANT additions together', sql: 'ALTER TABLE users ADD COLUMN a int, ADD COLUMN b int;', config: mysql('8.0.36') },
  ],
  invalid: [
    {
      name: 'MySQL 8.0.11: before INSTANT',
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config: mysql('8.0.11'),
      findings: [{ messageId: 'version', line: 1 }],
    },
    {
      name: 'MySQL 8.0.28: AFTER is not INSTANT (fix drops the placement)',
      sql: 'ALTER TABLE users ADD COLUMN note int AFTER id;',
      config: mysql('8.0.28'),
      findings: [{ messageId: 'position' }],
      output: 'ALTER TABLE users ADD COLUMN note int;',
    },
    {
      name: 'MariaDB 10.3.7: FIRST is not INSTANT',
      sql: 'ALTER TABLE users ADD COLUMN note int FIRST;',
      config: mariadb('10.3.7'),
      findings: [{ messageId: 'position' }],
      output: 'ALTER TABLE users ADD COLUMN note int;',
    },
    { name: 'MariaDB 10.2: before INSTANT', sql: 'ALTER TABLE users ADD COLUMN note int;', config: mariadb('10.2'), findings: [{ messageId: 'version' }] },
    {
      name: 'combined with an index',
      sql: 'ALTER TABLE users ADD COLUMN note int, ADD INDEX users_note (note);',
      config: mysql('8.0.36'),
      findings: [{ messageId: 'combined' }],
    },
    {
      name: 'ROW_FORMAT=COMPRESSED table (config)',
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config: { ...mysql('8.0.36'), tables: { users: { rows: 1000, mysql: { rowFormat: 'COMPRESSED' } } } },
      findings: [{ messageId: 'compressed' }],
    },
    {
      name: 'FULLTEXT index added earlier in the file',
      sql: 'CREATE FULLTEXT INDEX ft ON posts (body);\nALTER TABLE posts ADD COLUMN note int;',
      config: mysql('8.0.36'),
      findings: [{ messageId: 'fulltext', line: 2 }],
    },
    {
      name: '64 row versions reached',
      sql: 'ALTER TABLE users ADD COLUMN note int;',
      config: { ...mysql('8.0.36'), tables: { users: { rows: 10, mysql: { rowVersions: 64 } } } },
      findings: [{ messageId: 'rowVersions' }],
    },
    {
      name: 'LOCK=NONE rules out INSTANT',
      sql: 'ALTER TABLE users ADD COLUMN note int, LOCK=NONE;',
      config: mysql('8.0.36'),
      findings: [{ messageId: 'lockClause' }],
    },
    {
      name: 'ALGORITHM=INSTANT that cannot apply fails',
      sql: 'ALTER TABLE users ADD COLUMN note int AFTER id, ALGORITHM=INSTANT;',
      config: mysql('8.0.28'),
      findings: [{ messageId: 'instantFails' }],
    },
    {
      name: 'STORED generated column',
      sql: 'ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED;',
      config: mysql('8.0.36'),
      findings: [{ messageId: 'kind' }],
    },
  ],
});
