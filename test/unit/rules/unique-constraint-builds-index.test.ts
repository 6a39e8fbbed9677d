import rule from '../../../src/core/rules/unique-constraint-builds-index';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    {
      name: 'UNIQUE USING INDEX attaches an index built concurrently',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
    },
    { name: 'PRIMARY KEY USING INDEX', sql: 'ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;' },
    {
      name: 'the full safe sequence',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
    },
    {
      name: 'table created earlier in the file',
      sql: 'CREATE TABLE t (id int, email text);\nALTER TABLE t ADD PRIMARY KEY (id);\nALTER TABLE t ADD UNIQUE (email);',
    },
    { name: 'CHECK is another rule', sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);' },
  ],
  invalid: [
    {
      name: 'UNIQUE',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      findings: [
        {
          messageId: 'builds',
          line: 1,
          column: 1,
          message: 'Adding UNIQUE constraint users_email_key builds a unique index on users while holding ACCESS EXCLUSIVE',
        },
      ],
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

// UNIQUE and PRIMARY KEY written inside ADD COLUMN.
ruleCases(rule, {
  valid: [
    { name: 'ADD COLUMN without a key', sql: 'ALTER TABLE users ADD COLUMN email text;' },
    { name: 'ADD COLUMN UNIQUE on a table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN email text UNIQUE;' },
  ],
  invalid: [
    {
      name: 'UNIQUE in ADD COLUMN',
      sql: 'ALTER TABLE users ADD COLUMN email text UNIQUE;',
      findings: [{ messageId: 'inColumn', line: 1, message: 'UNIQUE on the added column users.email builds a unique index' }],
      output:
        'ALTER TABLE users ADD COLUMN email text;\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    },
    {
      name: 'named UNIQUE in ADD COLUMN keeps its name, and NOT NULL stays',
      sql: 'ALTER TABLE users ADD COLUMN email text CONSTRAINT email_uq UNIQUE NOT NULL;\nSELECT 1;',
      findings: [{ messageId: 'inColumn' }],
      output:
        'ALTER TABLE users ADD COLUMN email text NOT NULL;\nCREATE UNIQUE INDEX CONCURRENTLY email_uq ON users (email);\nALTER TABLE users ADD CONSTRAINT email_uq UNIQUE USING INDEX email_uq;\nSELECT 1;',
    },
    {
      name: 'UNIQUE in ADD COLUMN inside the runner’s transaction: no fix',
      sql: 'ALTER TABLE users ADD COLUMN email text UNIQUE;',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'inColumn' }],
      output: null,
    },
    {
      name: 'PRIMARY KEY on a serial column',
      sql: 'ALTER TABLE events ADD COLUMN id bigserial PRIMARY KEY;',
      findings: [{ messageId: 'primaryKeyInColumn', message: 'on top of rewriting every row' }],
      output: null,
    },
    {
      name: 'PRIMARY KEY on an identity column',
      sql: 'ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;',
      findings: [{ messageId: 'primaryKeyInColumn' }],
      output: null,
    },
  ],
});
