import rule from '../../../src/core/rules/concurrent-index-defective-release';
import { ruleCases } from '../../helpers/rule-cases';

const CIC = 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);';

ruleCases(rule, {
  valid: [
    { name: 'the default target (16)', sql: CIC },
    { name: 'PostgreSQL 14.4 has the fix', sql: CIC, config: { targetVersion: '14.4' } },
    { name: 'PostgreSQL 13.7 never had the defect', sql: CIC, config: { targetVersion: '13.7' } },
    { name: 'a plain CREATE INDEX on 14.2', sql: 'CREATE INDEX users_email_idx ON users (email);', config: { targetVersion: '14.2' } },
  ],
  invalid: [
    {
      sql: CIC,
      config: { targetVersion: '14.2' },
      findings: [{ messageId: 'affected', line: 1, column: 1, message: 'on PostgreSQL 14.2 can build a corrupt index users_email_idx' }],
    },
    {
      name: 'REINDEX CONCURRENTLY on 14.0',
      sql: 'REINDEX INDEX CONCURRENTLY users_email_idx;',
      config: { targetVersion: '14.0' },
      findings: [{ messageId: 'affected', message: 'REINDEX CONCURRENTLY' }],
    },
    { name: 'target 14 without a minor release', sql: CIC, config: { targetVersion: 14 }, findings: [{ messageId: 'minorUnknown' }] },
  ],
});
