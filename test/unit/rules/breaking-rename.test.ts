import rule from '../../../src/core/rules/breaking-rename';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'rename a column of a table created in the file', sql: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;' },
    { name: 'rename a table created in the file', sql: 'CREATE TABLE t_tmp (a int);\nALTER TABLE t_tmp RENAME TO t;' },
    { name: 'adding a column is not a rename', sql: 'ALTER TABLE users ADD COLUMN full_name text;' },
    { name: 'renaming an index is not a rename of the table', sql: 'ALTER INDEX users_email_idx RENAME TO users_email_key;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
      findings: [{ messageId: 'column', line: 1, column: 1, message: 'Renaming users.name to full_name breaks every running query that uses name' }],
    },
    { name: 'without the COLUMN keyword', sql: 'ALTER TABLE users RENAME name TO full_name;', findings: [{ messageId: 'column' }] },
    { name: 'table rename', sql: 'ALTER TABLE users RENAME TO accounts;', findings: [{ messageId: 'table', message: 'Renaming table users to accounts' }] },
    {
      name: 'schema-qualified',
      sql: 'ALTER TABLE billing.invoices RENAME COLUMN total TO amount;',
      findings: [{ messageId: 'column', message: 'billing.invoices.total' }],
    },
  ],
});

// Renames of schemas, views, types, enum values and functions.
ruleCases(rule, {
  valid: [
    {
      name: 'an enum swap keeps the name',
      sql: "CREATE TYPE mood_new AS ENUM ('ok');\nALTER TABLE users ALTER COLUMN mood TYPE mood_new USING mood::text::mood_new;\nALTER TYPE mood RENAME TO mood_old;\nALTER TYPE mood_new RENAME TO mood;\nDROP TYPE mood_old;",
    },
    {
      name: 'an enum replaced: the old type dropped, the new one renamed to its name',
      sql: 'CREATE TYPE "Res_new" AS ENUM (\'a\');\nALTER TABLE t ALTER COLUMN r TYPE "Res_new" USING r::text::"Res_new";\nDROP TYPE "Res";\nALTER TYPE "Res_new" RENAME TO "Res";',
    },
    { name: 'renaming a constraint breaks no query', sql: 'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique;' },
    {
      name: 'renaming a view of a table created in the file',
      sql: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;\nALTER INDEX t_a_idx RENAME TO u_a_idx;',
    },
  ],
  invalid: [
    {
      name: 'ALTER SCHEMA … RENAME',
      sql: 'ALTER SCHEMA billing RENAME TO invoicing;',
      findings: [{ messageId: 'object', line: 1, column: 1, message: 'Renaming schema billing to invoicing' }],
    },
    {
      name: 'a view',
      sql: 'ALTER VIEW active_users RENAME TO current_users;',
      findings: [{ messageId: 'object', message: 'Renaming view active_users to current_users' }],
    },
    {
      name: 'a materialized view',
      sql: 'ALTER MATERIALIZED VIEW stats RENAME TO daily_stats;',
      findings: [{ messageId: 'object', message: 'materialized view stats' }],
    },
    {
      name: 'an enum value',
      sql: "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';",
      findings: [{ messageId: 'object', message: "Renaming enum value 'sad' of type mood to 'unhappy'" }],
    },
    { name: 'a function', sql: 'ALTER FUNCTION total(int) RENAME TO order_total;', findings: [{ messageId: 'object', message: 'function total' }] },
    { name: 'a type', sql: 'ALTER TYPE mood RENAME TO feeling;', findings: [{ messageId: 'object', message: 'type mood' }] },
  ],
});
