import rule from '../../../src/core/rules/not-null-default-dropped';
import { ruleCases } from '../../helpers/rule-cases';

const ADD = 'ALTER TABLE "orders" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;';
const DROP = 'ALTER TABLE "orders" ALTER COLUMN "priority" DROP DEFAULT;';

ruleCases(rule, {
  valid: [
    { name: 'the default stays', sql: ADD },
    { name: 'the default dropped in a later migration', sql: DROP },
    { name: 'a nullable column', sql: "ALTER TABLE orders ADD COLUMN note text DEFAULT '';\nALTER TABLE orders ALTER COLUMN note DROP DEFAULT;" },
    {
      name: 'a table created in the file has no old code writing to it',
      sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN n int DEFAULT 0 NOT NULL;\nALTER TABLE t ALTER COLUMN n DROP DEFAULT;',
    },
  ],
  invalid: [
    {
      name: 'Django’s add-then-drop-default',
      sql: `BEGIN;\n${ADD}\n${DROP}\nCOMMIT;`,
      findings: [{ messageId: 'dropped', line: 3, column: 1, message: 'The default of orders.priority is dropped' }],
      output: `BEGIN;\n${ADD}\nCOMMIT;`,
    },
    {
      name: 'MySQL',
      sql: 'ALTER TABLE orders ADD COLUMN priority int NOT NULL DEFAULT 0;\nALTER TABLE orders ALTER COLUMN priority DROP DEFAULT;',
      config: { dialect: 'mysql' },
      findings: [{ messageId: 'dropped', line: 2 }],
      output: 'ALTER TABLE orders ADD COLUMN priority int NOT NULL DEFAULT 0;\n',
    },
  ],
});
