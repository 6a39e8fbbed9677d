import rule from '../../../src/core/rules/domain-constraint-without-not-valid';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'NOT VALID', sql: 'ALTER DOMAIN price ADD CONSTRAINT price_positive CHECK (VALUE > 0) NOT VALID;' },
    { name: 'VALIDATE', sql: 'ALTER DOMAIN price VALIDATE CONSTRAINT price_positive;' },
  ],
  invalid: [
    {
      sql: 'ALTER DOMAIN price ADD CONSTRAINT price_positive CHECK (VALUE > 0);',
      findings: [{ messageId: 'check', line: 1, column: 1, message: 'checks every column of type price in every table, holding SHARE' }],
      output:
        'ALTER DOMAIN price ADD CONSTRAINT price_positive CHECK (VALUE > 0) NOT VALID;\n-- At a quiet time: ALTER DOMAIN price VALIDATE CONSTRAINT price_positive;',
    },
    {
      name: 'unnamed: no fix (the VALIDATE needs the name)',
      sql: 'ALTER DOMAIN price ADD CHECK (VALUE > 0);',
      findings: [{ messageId: 'check' }],
      output: null,
    },
    { name: 'SET NOT NULL', sql: 'ALTER DOMAIN price SET NOT NULL;', findings: [{ messageId: 'notNull' }], output: null },
  ],
});
