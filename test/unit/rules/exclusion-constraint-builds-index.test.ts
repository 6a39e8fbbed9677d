import rule from '../../../src/core/rules/exclusion-constraint-builds-index';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    {
      name: 'on a table created in the file',
      sql: 'CREATE TABLE bookings (room int, during tstzrange);\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
    },
    { name: 'a UNIQUE constraint is another rule', sql: 'ALTER TABLE bookings ADD CONSTRAINT b_key UNIQUE USING INDEX b_idx;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
      findings: [
        {
          messageId: 'builds',
          line: 1,
          column: 1,
          message: 'Adding exclusion constraint no_overlap builds its index on bookings while holding ACCESS EXCLUSIVE',
        },
      ],
    },
  ],
});
