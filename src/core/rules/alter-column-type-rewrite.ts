import { typeChangeIsBinaryCoercible } from '../engines/postgres/classify';
import { displayName } from '../operations';
import { defineRule } from './types';
import { costSentence } from './wording';

/**
 * Changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE
 * unless the old type is binary coercible to the new one without shrinking
 * (varchar(n) → varchar(m≥n) or text). int → bigint and text → varchar(n) both rewrite.
 */
export default defineRule({
  meta: {
    id: 'alter-column-type-rewrite',
    description: 'Changing a column type rewrites the table unless the change is binary coercible.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    messages: {
      rewrite: 'Changing {table}.{column} from {from} to {to} rewrites the table and all its indexes while holding ACCESS EXCLUSIVE, which blocks reads and writes.{cost}',
      likelyRewrite:
        'Changing {table}.{column} to {to} rewrites the table and all its indexes under ACCESS EXCLUSIVE unless the current type is binary coercible to it (only a longer varchar, text, or unconstrained numeric qualify).{cost}',
    },
  },
  on: ['alter-column-type'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table)) return [];
    // The old type is known when the file declared the column earlier.
    const from = ctx.state.columnType(op.table, op.column);
    const coercible = typeChangeIsBinaryCoercible(from, op.type);
    if (coercible === true) return [];
    // Unknown old type: a target of unlimited text/varchar is almost always a widening.
    if (coercible === undefined && op.type.modifiers.length === 0 && (op.type.name === 'text' || op.type.name === 'varchar')) return [];
    const cost = ctx.cost(op);
    return [
      {
        messageId: from ? 'rewrite' : 'likelyRewrite',
        data: { table: displayName(op.table), column: op.column, from: from?.sql ?? '', to: op.type.sql, cost: costSentence(cost) },
        help: 'Add a new column of the new type, dual-write from the application (or a trigger), backfill it in batches, then switch reads and drop the old column.',
        ...(cost ? { cost } : {}),
      },
    ];
  },
});
