import rule from '../../../src/core/rules/sqlite-add-column-restriction';
import { ruleCases } from '../../helpers/rule-cases';

const config = { dialect: 'sqlite' as const, targetVersion: '3.45.0' };

ruleCases(rule, {
  valid: [
    { sql: 'ALTER TABLE users ADD COLUMN note TEXT;', config },
    { sql: "ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active';", config },
    { sql: 'ALTER TABLE users ADD COLUMN total INTEGER GENERATED ALWAYS AS (a + b) VIRTUAL;', config },
    {
      name: 'empty table: NOT NULL without default is accepted',
      sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nALTER TABLE t ADD COLUMN c INTEGER NOT NULL;',
      config,
    },
    { name: 'foreign keys off', sql: 'PRAGMA foreign_keys = OFF;\nALTER TABLE posts ADD COLUMN user_id INTEGER REFERENCES users (id) DEFAULT 1;', config },
  ],
  invalid: [
    { sql: 'ALTER TABLE users ADD COLUMN id2 INTEGER PRIMARY KEY;', config, findings: [{ messageId: 'primaryKey' }] },
    {
      name: 'UNIQUE even on a new table',
      sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nALTER TABLE t ADD COLUMN email TEXT UNIQUE;',
      config,
      findings: [{ messageId: 'unique', line: 2 }],
      output: 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nALTER TABLE t ADD COLUMN email TEXT;\nCREATE UNIQUE INDEX t_email_key ON t (email);',
    },
    {
      name: 'NOT NULL without default before 3.53: no mechanical fix',
      sql: 'ALTER TABLE users ADD COLUMN c INTEGER NOT NULL;',
      config,
      findings: [{ messageId: 'notNullWithoutDefault' }],
    },
    {
      name: 'NOT NULL without default on 3.53: add, backfill, SET NOT NULL',
      sql: 'ALTER TABLE users ADD COLUMN c INTEGER NOT NULL;',
      config: { dialect: 'sqlite', targetVersion: '3.53.0' },
      findings: [{ messageId: 'notNullWithoutDefault' }],
      output: 'ALTER TABLE users ADD COLUMN c INTEGER;\n-- Backfill c here (UPDATE in batches), then:\nALTER TABLE users ALTER COLUMN c SET NOT NULL;',
    },
    { sql: 'ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;', config, findings: [{ messageId: 'nonConstantDefault' }] },
    { sql: 'ALTER TABLE users ADD COLUMN total INTEGER GENERATED ALWAYS AS (a + b) STORED;', config, findings: [{ messageId: 'storedGenerated' }] },
    { sql: 'ALTER TABLE posts ADD COLUMN user_id INTEGER REFERENCES users (id) DEFAULT 1;', config, findings: [{ messageId: 'referencesWithDefault' }] },
  ],
});
