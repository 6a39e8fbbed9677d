import rule from '../../../src/core/rules/sqlite-requires-rebuild';
import { ruleCases } from '../../helpers/rule-cases';

const old = { dialect: 'sqlite' as const, targetVersion: '3.45.0' };
const v353 = { dialect: 'sqlite' as const, targetVersion: '3.53.0' };
const table = 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER);\nCREATE INDEX t_a ON t (a);\n';

ruleCases(rule, {
  valid: [
    { name: '3.53 adds a CHECK itself', sql: 'ALTER TABLE t ADD CONSTRAINT t_b_pos CHECK (b > 0);', config: v353 },
    { name: '3.53 sets NOT NULL itself', sql: 'ALTER TABLE t ALTER COLUMN b SET NOT NULL;', config: v353 },
    { name: '3.53 drops NOT NULL itself', sql: 'ALTER TABLE t ALTER COLUMN a DROP NOT NULL;', config: v353 },
    { name: 'RENAME COLUMN from 3.25', sql: 'ALTER TABLE t RENAME COLUMN a TO c;', config: { dialect: 'sqlite', targetVersion: '3.25.0' } },
    { name: 'DROP COLUMN from 3.35', sql: 'ALTER TABLE t DROP COLUMN b;', config: { dialect: 'sqlite', targetVersion: '3.35.0' } },
    { sql: 'ALTER TABLE t ADD COLUMN c TEXT;', config: old },
  ],
  invalid: [
    {
      name: 'type change, table unknown: no fix',
      sql: 'ALTER TABLE users ALTER COLUMN age TYPE BIGINT;',
      config: v353,
      findings: [{ messageId: 'typeChange' }],
    },
    {
      name: 'type change of a table created in the file: the 12-step rebuild',
      sql: `${table}ALTER TABLE t ALTER COLUMN b TYPE BIGINT;`,
      config: v353,
      findings: [{ messageId: 'typeChange', line: 3 }],
      output: `${table}PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b BIGINT);
INSERT INTO new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE new_t RENAME TO t;
CREATE INDEX t_a ON t (a);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;`,
    },
    {
      name: 'before 3.53: SET NOT NULL inside a transaction rebuilds with deferred foreign keys',
      sql: `BEGIN;\n${table}ALTER TABLE t ALTER COLUMN b SET NOT NULL;\nCOMMIT;`,
      config: { dialect: 'sqlite', targetVersion: '3.52.0' },
      findings: [{ messageId: 'notNull', line: 4 }],
      output: `BEGIN;\n${table}PRAGMA defer_foreign_keys = ON;
CREATE TABLE new_t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER NOT NULL);
INSERT INTO new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE new_t RENAME TO t;
CREATE INDEX t_a ON t (a);
PRAGMA foreign_key_check;\nCOMMIT;`,
    },
    {
      name: 'before 3.53: ADD CONSTRAINT CHECK',
      sql: 'ALTER TABLE t ADD CONSTRAINT t_b_pos CHECK (b > 0);',
      config: { dialect: 'sqlite', targetVersion: '3.52.0' },
      findings: [{ messageId: 'addCheck' }],
    },
    { name: 'before 3.53: DROP NOT NULL', sql: 'ALTER TABLE t ALTER COLUMN a DROP NOT NULL;', config: old, findings: [{ messageId: 'notNull' }] },
    {
      name: 'before 3.25: RENAME COLUMN',
      sql: 'ALTER TABLE t RENAME COLUMN a TO c;',
      config: { dialect: 'sqlite', targetVersion: '3.24.0' },
      findings: [{ messageId: 'renameColumn' }],
    },
    {
      name: 'before 3.35: DROP COLUMN',
      sql: 'ALTER TABLE t DROP COLUMN b;',
      config: { dialect: 'sqlite', targetVersion: '3.34.1' },
      findings: [{ messageId: 'dropColumn' }],
    },
    {
      name: 'ADD UNIQUE: a unique index instead',
      sql: 'ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);',
      config: v353,
      findings: [{ messageId: 'addUnique' }],
      output: 'CREATE UNIQUE INDEX t_a_key ON t (a);',
    },
  ],
});
