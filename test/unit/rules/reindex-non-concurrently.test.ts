import rule from '../../../src/core/rules/reindex-non-concurrently';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'REINDEX INDEX CONCURRENTLY', sql: 'REINDEX INDEX CONCURRENTLY users_email_idx;' },
    { name: 'the parenthesized option', sql: 'REINDEX (CONCURRENTLY) TABLE users;' },
    { name: 'a table created in the file', sql: 'CREATE TABLE t (id int);\nREINDEX TABLE t;' },
  ],
  invalid: [
    {
      sql: 'REINDEX INDEX users_email_idx;',
      findings: [{ messageId: 'blocking', line: 1, column: 1, message: 'holds SHARE on the table and ACCESS EXCLUSIVE on each index' }],
      output: 'REINDEX INDEX CONCURRENTLY users_email_idx;',
    },
    {
      name: 'REINDEX TABLE',
      sql: 'REINDEX (VERBOSE) TABLE public.users;',
      findings: [{ messageId: 'blocking', message: 'REINDEX TABLE users' }],
      output: 'REINDEX (VERBOSE) TABLE CONCURRENTLY public.users;',
    },
    {
      name: 'before PostgreSQL 12: no fix',
      sql: 'REINDEX TABLE users;',
      config: { targetVersion: 11 },
      findings: [{ messageId: 'oldVersion', message: 'needs PostgreSQL 12 (target is 11)' }],
      output: null,
    },
  ],
});
