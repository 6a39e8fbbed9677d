import rule from '../../../src/core/rules/breaking-drop';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'drop a column of a table created in the file', sql: 'CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' },
    { name: 'drop a table created in the file', sql: 'CREATE TABLE scratch (a int);\nDROP TABLE scratch;' },
    { name: 'dropping an index is not a drop of data code reads', sql: 'DROP INDEX CONCURRENTLY users_email_idx;' },
    { name: 'dropping a constraint', sql: 'ALTER TABLE users DROP CONSTRAINT users_email_check;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users DROP COLUMN legacy_flag;',
      findings: [{ messageId: 'column', line: 1, column: 1, message: 'Dropping users.legacy_flag breaks running code' }],
    },
    { name: 'IF EXISTS does not make it safer', sql: 'ALTER TABLE users DROP COLUMN IF EXISTS legacy_flag;', findings: [{ messageId: 'column' }] },
    { name: 'table drop', sql: 'DROP TABLE sessions;', findings: [{ messageId: 'table', message: 'Dropping table sessions' }] },
    {
      name: 'one finding per existing table in a multi-table drop',
      sql: 'CREATE TABLE scratch (a int);\nDROP TABLE sessions, scratch, audit_log;',
      findings: [
        { messageId: 'table', line: 2, message: 'sessions' },
        { messageId: 'table', line: 2, message: 'audit_log' },
      ],
    },
  ],
});
