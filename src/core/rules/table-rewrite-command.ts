import { OPERATION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { defineRule } from './types';
import { costSentence } from './wording';

/**
 * VACUUM FULL, CLUSTER and ALTER TABLE … SET TABLESPACE copy the whole table (and rebuild its
 * indexes) into new files while holding ACCESS EXCLUSIVE: reads and writes wait for the copy.
 */
const LOCK = LOCK_SQL_NAMES[OPERATION_FACTS['rewrite-table'].lock];
const COMMANDS = { 'vacuum-full': 'VACUUM FULL', cluster: 'CLUSTER', 'set-tablespace': 'SET TABLESPACE' } as const;

export default defineRule({
  meta: {
    id: 'table-rewrite-command',
    description: 'VACUUM FULL, CLUSTER and SET TABLESPACE copy the whole table under ACCESS EXCLUSIVE.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    messages: {
      rewrites: `{command} copies every row of {table} and rebuilds its indexes while holding ${LOCK}, which blocks reads and writes until the copy ends.{cost}`,
    },
  },
  on: ['rewrite-table'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table)) return [];
    const cost = ctx.cost(op);
    return [
      {
        messageId: 'rewrites',
        data: { command: COMMANDS[op.command], table: displayName(op.table), cost: costSentence(cost) },
        help:
          op.command === 'set-tablespace'
            ? 'Move a big table with a copy kept in sync (pg_repack --tablespace, or logical replication into a new table), and switch over in a short step.'
            : 'Compact or reorder a big table online with pg_repack or pg_squeeze, which hold ACCESS EXCLUSIVE only for the final swap; plain VACUUM reclaims space for reuse without blocking.',
        ...(cost ? { cost } : {}),
      },
    ];
  },
});
