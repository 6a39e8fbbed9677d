import rule from '../../../src/core/rules/foreign-key-validated-in-same-transaction';
import { ruleCases } from '../../helpers/rule-cases';

const ADD = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;';
const VALIDATE = 'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;';

ruleCases(rule, {
  valid: [
    { name: 'autocommit: each statement its own transaction', sql: `${ADD}\n${VALIDATE}` },
    { name: 'validated after COMMIT', sql: `BEGIN;\n${ADD}\nCOMMIT;\n${VALIDATE}` },
    { name: 'validated in a later migration', sql: VALIDATE, config: { convention: 'flyway' } },
    {
      name: 'a CHECK is not a foreign key',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT qty_pos CHECK (qty > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT qty_pos;\nCOMMIT;',
    },
  ],
  invalid: [
    {
      name: 'inside BEGIN … COMMIT: the fix moves VALIDATE after COMMIT',
      sql: `BEGIN;\n${ADD}\n${VALIDATE}\nCOMMIT;`,
      findings: [{ messageId: 'sameTransaction', line: 3, message: 'still holds SHARE ROW EXCLUSIVE on orders and its referenced table' }],
      output: `BEGIN;\n${ADD}\nCOMMIT;\n\n${VALIDATE}`,
    },
    {
      name: 'in the runner’s transaction: no fix',
      sql: `${ADD}\n${VALIDATE}`,
      config: { convention: 'flyway' },
      findings: [{ messageId: 'sameTransaction', line: 2 }],
      output: null,
    },
  ],
});
