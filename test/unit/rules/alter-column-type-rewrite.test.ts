import rule from '../../../src/core/rules/alter-column-type-rewrite';
import { ruleCases } from '../../helpers/rule-cases';

/**
 * users.name is declared varchar(50) earlier in the file, so the old type is known (types
 * declared by earlier migrations of the folder: test/unit/lint/schema-history.test.ts).
 */
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
    { name: 'USING one cast of the column is no conversion', sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE text USING name::text;` },
    { name: 'varchar(20) → varchar(21)', sql: 'ALTER TABLE users ADD COLUMN code varchar(20);\nALTER TABLE users ALTER COLUMN code TYPE varchar(21);' },
    {
      name: 'numeric(10,2) → numeric(20,2): same scale, more precision',
      sql: 'ALTER TABLE users ADD COLUMN total numeric(10,2);\nALTER TABLE users ALTER COLUMN total TYPE numeric(20,2);',
    },
    { name: 'timestamp(0) → timestamp(3)', sql: 'ALTER TABLE users ADD COLUMN seen timestamp(0);\nALTER TABLE users ALTER COLUMN seen TYPE timestamp(3);' },
    { name: 'interval(0) → interval(3)', sql: 'ALTER TABLE users ADD COLUMN span interval(0);\nALTER TABLE users ALTER COLUMN span TYPE interval(3);' },
    {
      name: 'timestamptz → timestamp in a UTC session',
      sql: "SET TIME ZONE 'UTC';\nALTER TABLE users ADD COLUMN at timestamptz;\nALTER TABLE users ALTER COLUMN at TYPE timestamp;",
    },
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
      findings: [{ messageId: 'unknownType', line: 1, message: 'current type unknown' }],
    },
    {
      name: 'old type unknown, target text: no guess that it widens',
      sql: 'ALTER TABLE users ALTER COLUMN bio TYPE text;',
      findings: [{ messageId: 'unknownType', message: 'Changing users.bio to text, current type unknown' }],
    },
    {
      name: 'a USING expression that computes values rewrites even to the same type name',
      sql: 'ALTER TABLE users ADD COLUMN kind kind_new;\nALTER TABLE users ALTER COLUMN kind TYPE kind_new USING (kind::text::kind_new);',
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'int → text rewrites',
      sql: 'ALTER TABLE users ADD COLUMN visits int;\nALTER TABLE users ALTER COLUMN visits TYPE text;',
      findings: [{ messageId: 'rewrite', message: 'from int to text rewrites the table' }],
    },
    {
      name: 'numeric(10,2) → numeric(20,3): the scale changes',
      sql: 'ALTER TABLE users ADD COLUMN total numeric(10,2);\nALTER TABLE users ALTER COLUMN total TYPE numeric(20,3);',
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'timestamp(3) → timestamp(0) loses precision',
      sql: 'ALTER TABLE users ADD COLUMN seen timestamp(3);\nALTER TABLE users ALTER COLUMN seen TYPE timestamp(0);',
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'timestamptz → timestamp with the session time zone not known to be UTC',
      sql: 'ALTER TABLE users ADD COLUMN at timestamptz;\nALTER TABLE users ALTER COLUMN at TYPE timestamp;',
      findings: [{ messageId: 'rewriteUnlessUtc', message: "unless the session's TimeZone is UTC" }],
    },
    {
      name: 'timestamptz → timestamp in UTC before PostgreSQL 12',
      sql: "SET TIME ZONE 'UTC';\nALTER TABLE users ADD COLUMN at timestamptz;\nALTER TABLE users ALTER COLUMN at TYPE timestamp;",
      config: { targetVersion: 11 },
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'text → varchar(n) must check every value',
      sql: 'ALTER TABLE users ADD COLUMN bio text;\nALTER TABLE users ALTER COLUMN bio TYPE varchar(255);',
      findings: [{ messageId: 'rewrite', message: 'from text to varchar(255)' }],
    },
    {
      name: 'varchar(n) → varchar(m < n) shrinks',
      sql: `${declared}ALTER TABLE users ALTER COLUMN name TYPE varchar(20);`,
      findings: [{ messageId: 'rewrite', line: 2 }],
    },
    { name: 'varchar(n) with the old type unknown', sql: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(100);', findings: [{ messageId: 'unknownType' }] },
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
      findings: [{ messageId: 'unknownType', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE/ }],
    },
  ],
});
