import rule from '../../../src/core/rules/unique-constraint-builds-index';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'UNIQUE USING INDEX attaches an index built concurrently', sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;' },
    { name: 'PRIMARY KEY USING INDEX', sql: 'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;' },
    {
      name: 'the full safe sequence',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE t (id int, email text);\nALTER TABLE t ADD PRIMARY KEY (id);\nALTER TABLE t ADD UNIQUE (email);' },
    { name: 'CHECK is another rule', sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);' },
  ],
  invalid: [
    {
      name: 'UNIQUE',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      findings: [{ messageId: 'builds', line: 1, column: 1, message: 'Adding UNIQUE constraint users_email_key builds a unique index on users while holding ACCESS EXCLUSIVE' }],
      output:
        'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    },
    {
      name: 'unnamed UNIQUE on two columns gets PostgreSQL’s default name',
      sql: 'ALTER TABLE memberships ADD UNIQUE (org_id, user_id);',
      findings: [{ messageId: 'builds', message: 'memberships_org_id_user_id_key' }],
      output:
        'CREATE UNIQUE INDEX CONCURRENTLY memberships_org_id_user_id_key ON memberships (org_id, user_id);\nALTER TABLE memberships ADD CONSTRAINT memberships_org_id_user_id_key UNIQUE USING INDEX memberships_org_id_user_id_key;',
    },
    {
      name: 'unnamed PRIMARY KEY gets <table>_pkey',
      sql: 'ALTER TABLE users ADD PRIMARY KEY (id);',
      findings: [{ messageId: 'builds', message: 'Adding PRIMARY KEY users_pkey' }],
      output: 'CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;',
    },
    {
      name: 'inside BEGIN … COMMIT: no fix (CONCURRENTLY cannot run there)',
      sql: 'BEGIN;\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\nCOMMIT;',
      findings: [{ messageId: 'builds', line: 2 }],
      output: null,
    },
    {
      name: 'in the runner’s transaction: no fix',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'builds' }],
      output: null,
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'builds', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE/ }],
      output: 'CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;',
    },
  ],
});
