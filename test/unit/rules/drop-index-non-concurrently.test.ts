import rule from '../../../src/core/rules/drop-index-non-concurrently';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'DROP INDEX CONCURRENTLY', sql: 'DROP INDEX CONCURRENTLY users_email_idx;' },
    { name: 'DROP INDEX CONCURRENTLY IF EXISTS', sql: 'DROP INDEX CONCURRENTLY IF EXISTS public.users_email_idx;' },
  ],
  invalid: [
    {
      sql: 'DROP INDEX users_email_idx;',
      findings: [{ messageId: 'blocking', line: 1, column: 1, message: 'takes ACCESS EXCLUSIVE on its table' }],
      output: 'DROP INDEX CONCURRENTLY users_email_idx;',
    },
    {
      name: 'inside BEGIN … COMMIT: the fix moves it after COMMIT',
      sql: 'BEGIN;\nDROP INDEX IF EXISTS users_email_idx;\nCOMMIT;',
      findings: [{ messageId: 'blocking', line: 2 }],
      output: 'BEGIN;\nCOMMIT;\n\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;',
    },
    { name: 'two indexes: no fix', sql: 'DROP INDEX a_idx, b_idx;', findings: [{ messageId: 'blocking', message: 'a_idx, b_idx' }], output: null },
    { name: 'CASCADE: no fix', sql: 'DROP INDEX a_idx CASCADE;', findings: [{ messageId: 'blocking' }], output: null },
    {
      name: 'in the runner’s transaction: no fix',
      sql: 'DROP INDEX a_idx;',
      config: { convention: 'rails' },
      findings: [{ messageId: 'blocking' }],
      output: null,
    },
  ],
});
