import rule from '../../../src/core/rules/add-column-not-null-without-default';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'nullable column', sql: 'ALTER TABLE users ADD COLUMN status text;' },
    { name: 'NOT NULL with a constant default', sql: "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';" },
    { name: 'NOT NULL with a stable default', sql: 'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();' },
    { name: 'identity fills existing rows', sql: 'ALTER TABLE users ADD COLUMN seq bigint NOT NULL GENERATED ALWAYS AS IDENTITY;' },
    { name: 'serial fills existing rows', sql: 'ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;' },
    { name: 'generated column has a value', sql: 'ALTER TABLE users ADD COLUMN email_lower text NOT NULL GENERATED ALWAYS AS (lower(email)) STORED;' },
    { name: 'table created earlier in the file is empty', sql: 'CREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD COLUMN owner text NOT NULL;' },
    { name: 'table configured with zero rows', sql: 'ALTER TABLE flags ADD COLUMN name text NOT NULL;', config: { tables: { flags: { rows: 0 } } } },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD COLUMN status text NOT NULL;',
      findings: [{ messageId: 'fails', line: 1, column: 1, message: 'Adding status as NOT NULL without a default fails on users' }],
      output:
        'ALTER TABLE users ADD COLUMN status text;\n' +
        '-- Backfill status in batches here (or in a separate migration), then:\n' +
        'ALTER TABLE users ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE users VALIDATE CONSTRAINT users_status_not_null;\n' +
        'ALTER TABLE users ALTER COLUMN status SET NOT NULL;\n' +
        'ALTER TABLE users DROP CONSTRAINT users_status_not_null;',
    },
    {
      name: 'DEFAULT NULL is no default',
      sql: 'ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT NULL;',
      findings: [{ messageId: 'fails' }],
      output:
        'ALTER TABLE users ADD COLUMN status text;\n' +
        '-- Backfill status in batches here (or in a separate migration), then:\n' +
        'ALTER TABLE users ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE users VALIDATE CONSTRAINT users_status_not_null;\n' +
        'ALTER TABLE users ALTER COLUMN status SET NOT NULL;\n' +
        'ALTER TABLE users DROP CONSTRAINT users_status_not_null;',
    },
    {
      name: 'the configured size is named',
      sql: 'ALTER TABLE users ADD COLUMN status text NOT NULL;',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'fails', message: '(5M rows configured)' }],
      output:
        'ALTER TABLE users ADD COLUMN status text;\n' +
        '-- Backfill status in batches here (or in a separate migration), then:\n' +
        'ALTER TABLE users ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE users VALIDATE CONSTRAINT users_status_not_null;\n' +
        'ALTER TABLE users ALTER COLUMN status SET NOT NULL;\n' +
        'ALTER TABLE users DROP CONSTRAINT users_status_not_null;',
    },
    {
      name: 'schema-qualified and quoted names keep their quoting in the fix',
      sql: 'ALTER TABLE app."Users" ADD COLUMN "Status" text NOT NULL;',
      findings: [{ messageId: 'fails' }],
      output:
        'ALTER TABLE app."Users" ADD COLUMN "Status" text;\n' +
        '-- Backfill "Status" in batches here (or in a separate migration), then:\n' +
        'ALTER TABLE app."Users" ADD CONSTRAINT "Users_Status_not_null" CHECK ("Status" IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE app."Users" VALIDATE CONSTRAINT "Users_Status_not_null";\n' +
        'ALTER TABLE app."Users" ALTER COLUMN "Status" SET NOT NULL;\n' +
        'ALTER TABLE app."Users" DROP CONSTRAINT "Users_Status_not_null";',
    },
    {
      name: 'a REFERENCES clause: no fix, it would drop the clause',
      sql: 'ALTER TABLE orders ADD COLUMN account_id bigint NOT NULL REFERENCES accounts (id);',
      findings: [{ messageId: 'fails' }],
      output: null,
    },
    {
      name: 'one of several sub-commands: no fix',
      sql: 'ALTER TABLE users ADD COLUMN a int NOT NULL, ADD COLUMN b int;',
      findings: [{ messageId: 'fails' }],
      output: null,
    },
  ],
});
