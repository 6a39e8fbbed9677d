import rule from '../../../src/core/rules/create-index-non-concurrently';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { sql: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'table created in the same file', sql: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);' },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX users_email_idx ON users (email);',
      findings: [{ messageId: 'blocking', line: 1, column: 1 }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'inside BEGIN … COMMIT: the fix moves it after COMMIT',
      sql: 'BEGIN;\nCREATE UNIQUE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\n',
      findings: [{ messageId: 'blocking', line: 2 }],
      output: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;\n\nCREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
    },
  ],
});
