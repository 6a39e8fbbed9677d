import rule from '../../../src/core/rules/add-column-table-rewrite';
import { ruleCases } from '../../helpers/rule-cases';

const big = { tables: { users: { rows: 5_000_000 } } };

ruleCases(rule, {
  valid: [
    { name: 'nullable column, no default', sql: 'ALTER TABLE users ADD COLUMN nickname text;' },
    { name: 'constant default on PG 11+', sql: 'ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;' },
    { name: 'constant default on exactly PG 11', sql: 'ALTER TABLE users ADD COLUMN score int DEFAULT 0;', config: { targetVersion: 11 } },
    { name: 'now() is STABLE: stored once in the catalog', sql: 'ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();' },
    { name: 'CURRENT_TIMESTAMP is STABLE', sql: 'ALTER TABLE users ADD COLUMN seen_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;' },
    { name: 'DEFAULT NULL is no default, even before 11', sql: 'ALTER TABLE users ADD COLUMN c int DEFAULT NULL;', config: { targetVersion: 10 } },
    { name: 'nullable column before 11', sql: 'ALTER TABLE users ADD COLUMN c int;', config: { targetVersion: 10 } },
    {
      name: 'VIRTUAL generated column is metadata only (PG 18)',
      sql: 'ALTER TABLE users ADD COLUMN c int GENERATED ALWAYS AS (id * 2) VIRTUAL;',
      config: { targetVersion: 18 },
    },
    {
      name: 'volatile default on a table created earlier in the file',
      sql: 'CREATE TABLE tokens (id bigint PRIMARY KEY);\nALTER TABLE tokens ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    },
    { name: 'serial on a new table', sql: 'CREATE TABLE t (name text);\nALTER TABLE t ADD COLUMN id serial;' },
    { name: 'domain without constraints', sql: 'CREATE DOMAIN label AS text;\nALTER TABLE users ADD COLUMN tag label;' },
    { name: 'immutable expression default', sql: "ALTER TABLE users ADD COLUMN status text DEFAULT lower('ACTIVE');" },
  ],
  invalid: [
    {
      name: 'gen_random_uuid() is VOLATILE',
      sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      findings: [{ messageId: 'rewrite', line: 1, column: 1, message: 'its default gen_random_uuid() is volatile' }],
      output:
        'ALTER TABLE users ADD COLUMN token uuid;\n' +
        'ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n' +
        '-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:\n' +
        '-- UPDATE users SET token = gen_random_uuid() WHERE id BETWEEN $1 AND $2 AND token IS NULL;',
    },
    {
      name: 'clock_timestamp() is VOLATILE',
      sql: 'ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
      findings: [{ messageId: 'rewrite' }],
      output:
        'ALTER TABLE users ADD COLUMN seen_at timestamptz;\n' +
        'ALTER TABLE users ALTER COLUMN seen_at SET DEFAULT clock_timestamp();\n' +
        '-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:\n' +
        '-- UPDATE users SET seen_at = clock_timestamp() WHERE id BETWEEN $1 AND $2 AND seen_at IS NULL;',
    },
    {
      name: 'random() is VOLATILE; NOT NULL becomes a proven constraint after the backfill',
      sql: 'ALTER TABLE users ADD COLUMN weight float8 NOT NULL DEFAULT random();',
      findings: [{ messageId: 'rewrite' }],
      output:
        'ALTER TABLE users ADD COLUMN weight float8;\n' +
        'ALTER TABLE users ALTER COLUMN weight SET DEFAULT random();\n' +
        '-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:\n' +
        '-- UPDATE users SET weight = random() WHERE id BETWEEN $1 AND $2 AND weight IS NULL;\n' +
        '-- Then enforce NOT NULL without a long scan under ACCESS EXCLUSIVE:\n' +
        '-- ALTER TABLE users ADD CONSTRAINT users_weight_not_null CHECK (weight IS NOT NULL) NOT VALID;\n' +
        '-- ALTER TABLE users VALIDATE CONSTRAINT users_weight_not_null;\n' +
        '-- ALTER TABLE users ALTER COLUMN weight SET NOT NULL;',
    },
    {
      name: 'any non-null default rewrites before PG 11',
      sql: 'ALTER TABLE users ADD COLUMN score int DEFAULT 0;',
      config: { targetVersion: 10 },
      findings: [{ messageId: 'rewrite', message: 'before PostgreSQL 11 (target is 10)' }],
      output:
        'ALTER TABLE users ADD COLUMN score int;\n' +
        'ALTER TABLE users ALTER COLUMN score SET DEFAULT 0;\n' +
        '-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:\n' +
        '-- UPDATE users SET score = 0 WHERE id BETWEEN $1 AND $2 AND score IS NULL;',
    },
    {
      name: 'now() also rewrites before PG 11',
      sql: 'ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();',
      config: { targetVersion: '10.23' },
      findings: [{ messageId: 'rewrite' }],
      output:
        'ALTER TABLE users ADD COLUMN seen_at timestamptz;\n' +
        'ALTER TABLE users ALTER COLUMN seen_at SET DEFAULT now();\n' +
        '-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:\n' +
        '-- UPDATE users SET seen_at = now() WHERE id BETWEEN $1 AND $2 AND seen_at IS NULL;',
    },
    {
      name: 'STORED generated column: no fix, the value must be computed per row',
      sql: 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;',
      findings: [{ messageId: 'rewrite' }],
      output: null,
    },
    {
      name: 'STORED generated column on PG 18 too',
      sql: 'ALTER TABLE users ADD COLUMN d int GENERATED ALWAYS AS (id * 2) STORED;',
      config: { targetVersion: 18 },
      findings: [{ messageId: 'rewrite' }],
    },
    {
      name: 'serial fills every row from a sequence',
      sql: 'ALTER TABLE users ADD COLUMN seq serial;',
      findings: [{ messageId: 'rewrite', message: /^((?!On users).)*$/ }],
    },
    { name: 'bigserial', sql: 'ALTER TABLE users ADD COLUMN seq bigserial;', findings: [{ messageId: 'rewrite' }] },
    { name: 'identity column', sql: 'ALTER TABLE users ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY;', findings: [{ messageId: 'rewrite' }] },
    {
      name: 'constrained domain created earlier in the file',
      sql: 'CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);\nALTER TABLE users ADD COLUMN quota positive_int;',
      findings: [{ messageId: 'rewrite', line: 2, message: 'positive_int is a domain with constraints' }],
    },
    {
      name: 'volatile default with a REFERENCES clause: no fix, it would drop the clause',
      sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() REFERENCES tokens (id);',
      findings: [{ messageId: 'rewrite' }],
      output: null,
    },
    {
      name: 'one of several sub-commands: no fix',
      sql: 'ALTER TABLE users ADD COLUMN a int DEFAULT 0, ADD COLUMN b uuid DEFAULT gen_random_uuid();',
      findings: [{ messageId: 'rewrite' }],
      output: null,
    },
    {
      name: 'both sub-commands rewrite before PG 11',
      sql: 'ALTER TABLE users ADD COLUMN a int DEFAULT 0, ADD COLUMN b int DEFAULT 1;',
      config: { targetVersion: 10 },
      findings: [{ messageId: 'rewrite' }, { messageId: 'rewrite' }],
      output: null,
    },
    {
      name: 'a function outside the catalog has unknown volatility',
      sql: 'ALTER TABLE users ADD COLUMN code text DEFAULT make_code();',
      findings: [{ messageId: 'unknownVolatility', message: 'make_code is not a built-in function' }],
      output: null,
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'ALTER TABLE users ADD COLUMN seq serial;',
      config: big,
      findings: [{ messageId: 'rewrite', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE, which blocks reads and writes\./ }],
    },
  ],
});
