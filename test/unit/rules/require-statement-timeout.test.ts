import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import rule from '../../../src/core/rules/require-statement-timeout';
import { ruleCases, sharedLinter } from '../../helpers/rule-cases';

const on = { rules: { 'require-statement-timeout': 'warning' as const } };

ruleCases(rule, {
  valid: [
    { name: 'a timeout set first', sql: "SET statement_timeout = '10min';\nCREATE INDEX users_email_idx ON users (email);", config: on },
    { name: 'a catalog-only change', sql: 'ALTER TABLE users ADD COLUMN note text;', config: on },
    { name: 'a concurrent build blocks nobody', sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', config: on },
    { name: 'statement_timeout = 0 is no limit', sql: 'SET statement_timeout = 0;\nSELECT 1;', config: on },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      config: on,
      findings: [{ messageId: 'missing', line: 1, column: 1, message: 'which scans users while holding SHARE' }],
      output: "SET statement_timeout = '15min';\nCREATE INDEX users_email_idx ON users (email);",
    },
    {
      name: 'in a transaction: SET LOCAL',
      sql: 'BEGIN;\nALTER TABLE users ALTER COLUMN id TYPE bigint;\nCOMMIT;',
      config: on,
      findings: [{ messageId: 'missing', line: 2, message: 'rewrites users while holding ACCESS EXCLUSIVE' }],
      output: "BEGIN;\nSET LOCAL statement_timeout = '15min';\nALTER TABLE users ALTER COLUMN id TYPE bigint;\nCOMMIT;",
    },
  ],
});

describe('require-statement-timeout is opt-in', () => {
  it('reports nothing unless the configuration names it', async () => {
    const result = (await sharedLinter()).lint('CREATE INDEX users_email_idx ON users (email);', { config: resolveConfig({}) });
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === rule.meta.id),
      [],
    );
  });
});
