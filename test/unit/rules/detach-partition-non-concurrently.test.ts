import rule from '../../../src/core/rules/detach-partition-non-concurrently';
import { ruleCases } from '../../helpers/rule-cases';

ruleCases(rule, {
  valid: [
    { name: 'DETACH PARTITION CONCURRENTLY', sql: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;' },
    { name: 'ATTACH PARTITION', sql: "ALTER TABLE events ATTACH PARTITION events_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');" },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE events DETACH PARTITION events_2020;',
      findings: [{ messageId: 'blocking', line: 1, column: 1, message: 'Detaching events_2020 from events without CONCURRENTLY takes ACCESS EXCLUSIVE' }],
      output: 'ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;',
    },
    {
      name: 'inside BEGIN … COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nALTER TABLE events DETACH PARTITION events_2020;\nCOMMIT;',
      findings: [{ messageId: 'blocking', line: 2 }],
      output: 'BEGIN;\nCOMMIT;\n\nALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;',
    },
    {
      name: 'before PostgreSQL 14: no fix',
      sql: 'ALTER TABLE events DETACH PARTITION events_2020;',
      config: { targetVersion: 13 },
      findings: [{ messageId: 'oldVersion' }],
      output: null,
    },
  ],
});
