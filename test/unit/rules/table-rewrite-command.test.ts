import rule from '../../../src/core/rules/table-rewrite-command';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'plain VACUUM', sql: 'VACUUM (ANALYZE) users;' },
    { name: 'a table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t SET TABLESPACE fast;' },
    { name: 'CLUSTER … SET WITHOUT CLUSTER only changes the catalog', sql: 'ALTER TABLE users SET WITHOUT CLUSTER;' },
  ],
  invalid: [
    { sql: 'VACUUM FULL users;', findings: [{ messageId: 'rewrites', line: 1, column: 1, message: 'VACUUM FULL copies every row of users' }] },
    {
      name: 'VACUUM (FULL) of two tables',
      sql: 'VACUUM (FULL, ANALYZE) users, orders;',
      findings: [
        { messageId: 'rewrites', message: 'users' },
        { messageId: 'rewrites', message: 'orders' },
      ],
    },
    { name: 'CLUSTER', sql: 'CLUSTER users USING users_pkey;', findings: [{ messageId: 'rewrites', message: 'CLUSTER copies every row of users' }] },
    { name: 'SET TABLESPACE', sql: 'ALTER TABLE users SET TABLESPACE fast;', findings: [{ messageId: 'rewrites', message: 'SET TABLESPACE copies' }] },
  ],
});
