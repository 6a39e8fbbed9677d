import rule from '../../../src/core/rules/set-not-null-scans-table';
import { ruleCases } from '../../helpers/rule-cases';

const proven = [
  'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
  'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;',
  'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
].join('\n');

const fixed = [
  'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
  'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;',
  'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  'ALTER TABLE users DROP CONSTRAINT users_email_not_null;',
].join('\n');

ruleCases(rule, {
  valid: [
    { name: 'a CHECK NOT VALID, validated, proves it (PG 12+)', sql: proven },
    { name: 'the same on PG 17', sql: proven, config: { targetVersion: 17 } },
    { name: 'the same on exactly PG 12', sql: proven, config: { targetVersion: 12 } },
    {
      name: 'a CHECK added validated in one step proves it too',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;' },
    { name: 'DROP NOT NULL is metadata only', sql: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      findings: [{ messageId: 'scans', line: 1, column: 1, message: 'SET NOT NULL on users.email scans every row while holding ACCESS EXCLUSIVE' }],
      output: fixed,
    },
    {
      name: 'before PG 12 even a validated CHECK does not help, and there is no fix',
      sql: proven,
      config: { targetVersion: 11 },
      findings: [{ messageId: 'scansOldVersion', line: 3, message: 'Before PostgreSQL 12 (target is 11)' }],
      output: null,
    },
    {
      name: 'PG 10',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      config: { targetVersion: 10 },
      findings: [{ messageId: 'scansOldVersion' }],
      output: null,
    },
    {
      name: 'a CHECK still NOT VALID proves nothing; the fix validates it',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      findings: [{ messageId: 'scans', line: 2 }],
      output:
        'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n' +
        'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
    {
      name: 'a validated CHECK on another column proves nothing about this one',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      findings: [{ messageId: 'scans', line: 2 }],
      output: 'ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL);\n' + fixed,
    },
    {
      name: 'inside BEGIN … COMMIT: no fix, the CHECK’s lock would be held through the scan',
      sql: 'BEGIN;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nCOMMIT;',
      findings: [{ messageId: 'scans', line: 2 }],
      output: null,
    },
    {
      name: 'in the runner’s transaction: no fix',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'scans' }],
      output: null,
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'scans', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE/ }],
      output: fixed,
    },
  ],
});

// ADD PRIMARY KEY USING INDEX sets the key's columns NOT NULL.
ruleCases(rule, {
  valid: [
    {
      name: 'PRIMARY KEY USING INDEX on a column added NOT NULL',
      sql: "ALTER TABLE users ADD COLUMN id text NOT NULL DEFAULT 'x';\nCREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;",
    },
    {
      name: 'PRIMARY KEY USING INDEX after a validated CHECK proves the column',
      sql: 'ALTER TABLE users ADD CONSTRAINT id_nn CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT id_nn;\nCREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;',
    },
    { name: 'index from an earlier migration: columns unknown', sql: 'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;' },
    {
      name: 'UNIQUE USING INDEX does not set NOT NULL',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY e_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT e_key UNIQUE USING INDEX e_idx;',
    },
  ],
  invalid: [
    {
      name: 'PRIMARY KEY USING INDEX on a nullable column',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;',
      findings: [{ messageId: 'primaryKeyUsingIndexUnknown', line: 2, message: 'whether they allow NULL now is not known from this file' }],
      output:
        'CREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);\nALTER TABLE users ADD CONSTRAINT users_id_not_null CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_id_not_null;\nALTER TABLE users ALTER COLUMN id SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_id_not_null;\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;',
    },
    {
      name: 'inside a transaction: no fix',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);\nBEGIN;\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;\nCOMMIT;',
      findings: [{ messageId: 'primaryKeyUsingIndexUnknown', line: 3 }],
      output: null,
    },
    {
      name: 'a column added nullable in the file',
      sql: 'ALTER TABLE users ADD COLUMN code text;\nCREATE UNIQUE INDEX CONCURRENTLY users_code_idx ON users (code);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_code_idx;',
      findings: [
        { messageId: 'primaryKeyUsingIndex', line: 3, message: 'ADD PRIMARY KEY USING INDEX users_code_idx makes code NOT NULL, and SET NOT NULL scans' },
      ],
      output:
        'ALTER TABLE users ADD COLUMN code text;\nCREATE UNIQUE INDEX CONCURRENTLY users_code_idx ON users (code);\nALTER TABLE users ADD CONSTRAINT users_code_not_null CHECK (code IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_code_not_null;\nALTER TABLE users ALTER COLUMN code SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_code_not_null;\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_code_idx;',
    },
  ],
});
