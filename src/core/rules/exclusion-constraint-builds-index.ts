import { OPERATION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { defineRule } from './types';
import { costSentence } from './wording';

/**
 * ADD CONSTRAINT … EXCLUDE builds its index and checks every row while holding ACCESS
 * EXCLUSIVE, like a UNIQUE constraint, but with no way out: an exclusion constraint cannot
 * be attached to an index built CONCURRENTLY (USING INDEX takes only unique b-tree indexes).
 */
const LOCK = LOCK_SQL_NAMES[OPERATION_FACTS['add-unique-constraint'].lock];

export default defineRule({
  meta: {
    id: 'exclusion-constraint-builds-index',
    description: 'Adding an exclusion constraint builds its index under ACCESS EXCLUSIVE, with no concurrent alternative.',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    messages: {
      builds: `Adding exclusion constraint {name} builds its index on {table} while holding ${LOCK}, which blocks reads and writes for the whole build; no concurrent form exists.{cost}`,
    },
  },
  on: ['add-constraint'],
  check(op, ctx) {
    if (op.constraint !== 'exclusion' || ctx.state.isNewTable(op.table)) return [];
    const cost = ctx.cost(op);
    return [
      {
        messageId: 'builds',
        data: { name: op.name ?? '(unnamed)', table: displayName(op.table), cost: costSentence(cost) },
        help: 'Add it while the table is small, at a quiet time with a short lock_timeout, or enforce the rule from a new table filled by a trigger and swapped in; a unique index built CONCURRENTLY covers the equality-only case.',
        ...(cost ? { cost } : {}),
      },
    ];
  },
});
