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
    { name: 'schema-qualified', sql: 'ALTER TABLE billing.invoices RENAME COLUMN total TO amount;', findings: [{ messageId: 'column', message: 'billing.invoices.total' }] },
  ],
});
