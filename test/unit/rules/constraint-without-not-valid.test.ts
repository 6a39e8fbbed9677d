import rule from '../../../src/core/rules/constraint-without-not-valid';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'CHECK … NOT VALID', sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;' },
    { name: 'FOREIGN KEY … NOT VALID', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;' },
    {
      name: 'NOT VALID then VALIDATE in a later statement',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0);' },
    { name: 'foreign key from a new table', sql: 'CREATE TABLE t (user_id int);\nALTER TABLE t ADD FOREIGN KEY (user_id) REFERENCES users (id);' },
    { name: 'UNIQUE is another rule', sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);' },
    { name: 'a column REFERENCES clause on a new, all-NULL column', sql: 'ALTER TABLE orders ADD COLUMN coupon_id int REFERENCES coupons (id);' },
  ],
  invalid: [
    {
      name: 'CHECK',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);',
      findings: [
        {
          messageId: 'check',
          line: 1,
          column: 1,
          message: 'Adding CHECK constraint users_age_check validates every row of users while holding ACCESS EXCLUSIVE',
        },
      ],
      output: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
    },
    {
      name: 'unnamed CHECK gets a name so it can be validated',
      sql: 'ALTER TABLE users ADD CHECK (age >= 0);',
      findings: [{ messageId: 'check', message: '(unnamed)' }],
      output: 'ALTER TABLE users ADD CONSTRAINT users_new_check CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_new_check;',
    },
    {
      name: 'CHECK (col IS NOT NULL) takes its name from the column',
      sql: 'ALTER TABLE users ADD CHECK (email IS NOT NULL);',
      findings: [{ messageId: 'check' }],
      output:
        'ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_check;',
    },
    {
      name: 'FOREIGN KEY locks both tables',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      findings: [{ messageId: 'foreignKey', message: 'SHARE ROW EXCLUSIVE on orders and users, which blocks writes to both' }],
      output:
        'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
    },
    {
      name: 'unnamed FOREIGN KEY',
      sql: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;',
      findings: [{ messageId: 'foreignKey' }],
      output:
        'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;',
    },
    {
      name: 'inside BEGIN … COMMIT: VALIDATE goes after COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nCOMMIT;\n',
      findings: [{ messageId: 'foreignKey', line: 2 }],
      output:
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nCOMMIT;\n\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n',
    },
    {
      name: 'in the runner’s transaction: VALIDATE belongs in a later migration',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);',
      config: { convention: 'flyway' },
      findings: [{ messageId: 'check' }],
      output:
        "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;\n-- In a later migration, outside this one's transaction: ALTER TABLE users VALIDATE CONSTRAINT users_age_check;",
    },
    {
      name: 'one of several sub-commands: no fix',
      sql: 'ALTER TABLE users ADD COLUMN age int, ADD CONSTRAINT users_age_check CHECK (age >= 0);',
      findings: [{ messageId: 'check' }],
      output: null,
    },
    {
      name: 'cost sentence when the table size is configured',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);',
      config: { tables: { users: { rows: 5_000_000 } } },
      findings: [{ messageId: 'check', message: /On users \(5M rows\) that is about [\d.]+ m?s holding ACCESS EXCLUSIVE/ }],
      output: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
    },
  ],
});

// CHECK and REFERENCES written inside ADD COLUMN.
ruleCases(rule, {
  valid: [
    { name: 'ADD COLUMN without constraints', sql: 'ALTER TABLE users ADD COLUMN age int;' },
    { name: 'REFERENCES without a default has nothing to look up', sql: 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);' },
    { name: 'CHECK on a column of a table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN age int CHECK (age >= 0);' },
  ],
  invalid: [
    {
      name: 'CHECK in ADD COLUMN',
      sql: 'ALTER TABLE users ADD COLUMN age int CHECK (age >= 0);',
      findings: [{ messageId: 'columnCheck', line: 1, message: 'The CHECK on the added column users.age is checked against every row' }],
      output:
        'ALTER TABLE users ADD COLUMN age int;\nALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_age_check;',
    },
    {
      name: 'named CHECK with a default keeps its name',
      sql: 'ALTER TABLE users ADD COLUMN age int DEFAULT 0 CONSTRAINT age_positive CHECK (age >= 0) NOT NULL;',
      findings: [{ messageId: 'columnCheck' }],
      output:
        'ALTER TABLE users ADD COLUMN age int DEFAULT 0 NOT NULL;\nALTER TABLE users ADD CONSTRAINT age_positive CHECK (age >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT age_positive;',
    },
    {
      name: 'REFERENCES with a DEFAULT',
      sql: 'ALTER TABLE orders ADD COLUMN status_id int DEFAULT 1 REFERENCES statuses (id);',
      findings: [{ messageId: 'columnReferences', message: 'with DEFAULT 1 looks up every row’s value in statuses' }],
      output: null,
    },
  ],
});
