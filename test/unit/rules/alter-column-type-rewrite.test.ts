import rule from '../../../src/core/rules/alter-column-type-rewrite';
import { ruleCases } from '../../helpers/rule-cases';

/** users.name is declared varchar(50) earlier in the file, so the old type is known. */
const declared = 'ALTER TABLE users ADD COLUMN name varchar(50);\n';

ruleCases(rule, {
  valid: [
    { name: 'varchar(n) → varchar(m > n) keeps the bytes', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE varchar(100);` },
    { name: 'varchar(n) → text', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE text;` },
    { name: 'varchar(n) → varchar (no limit)', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE varchar;` },
    { name: 'same type and length', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE varchar(50);` },
    {
      name: 'numeric(p, s) → numeric (unconstrained)',
      sql: 'ALTER TABLE users ADD COLUMN balance numeric(10, 2);\nALTER TABLE users ALTER COLUMN balance TYPE numeric;',
    },
    { name: 'old type unknown, target text: treated as a widening', sql: 'ALTER TABLE users ALTER COLUMN bio TYPE text;' },
    { name: 'old type unknown, target varchar without limit', sql: 'ALTER TABLE users ALTER COLUMN bio TYPE varchar;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id TYPE bigint;' },
  ],
  invalid: [
    {
      name: 'int → bigint, old type known',
      sql: 'ALTER TABLE users ADD COLUMN visits int;\nALTER TABLE users ALTER COLUMN visits TYPE bigint;',
      findings: [{ messageId: 'rewrite', line: 2, column: 1, message: 'from int to bigint rewrites the table' }],
    },
    {
      name: 'int → bigint, old type unknown',
      sql: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      findings: [{ messageId: 'likelyRewrite', line: 1 }],
    },
    {
      name: 'text → varchar(n) must check every value',
      sql: 'ALTER TABLE users ADD COLUMN bio text;\nALTER TABLE users ALTER COLUMN bio TYPE varchar(255);',
      findings: [{ messageId: 'rewrite', message: 'from text to varchar(255)' }],
    },
    { name: 'varchar(n) → varchar(m < n) shrinks', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE varchar(20);`, findings: [{ messageId: 'rewrite', line: 2 }] },
    { name: 'varchar(n) with the old type unknown', sql: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(100);', findings: [{ messageId: 'likelyRewrite' }] },
    {
      name: 'numeric precision shrinks',
      sql: 'ALTER TABLE users ADD COLUMN balance numeric(12, 2);\nALTER TABLE users ALTER COLUMN balance TYPE numeric(10, 2);',
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'USING clause with a real conversion',
      sql: 'ALTER TABLE users ADD COLUMN flag text;\nALTER TABLE users ALTER COLUMN flag TYPE boolean USING flag::boolean;',
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'likelyRewrite', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE/ }],
    },
  ],
});
