import { isTimeZoneChange, typeChangeIsBinaryCoercible } from '../engines/postgres/coercion';
import { hasFact } from '../engines/postgres/facts';
import { displayName } from '../operations';
import { defineRule } from './types';
import { costSentence } from './wording';

/**
 * Changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE
 * unless the old type is binary coercible to the new one without a tighter modifier
 * (data/binary-coercible.json, generated from PostgreSQL). The old type comes from the
 * schema the earlier migrations leave; when it is unknown the finding says so instead of
 * guessing either way.
 */
export default defineRule({
  meta: {
    id: 'alter-column-type-rewrite',
    description: 'Changing a column type rewrites the table unless the change is binary coercible.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    messages: {
      rewrite:
        'Changing {table}.{column} from {from} to {to} rewrites the table and all its indexes while holding ACCESS EXCLUSIVE, which blocks reads and writes.{cost}',
      rewriteUnlessUtc:
        "Changing {table}.{column} from {from} to {to} rewrites the table and all its indexes while holding ACCESS EXCLUSIVE, unless the session's TimeZone is UTC (then PostgreSQL only changes the catalog).{cost}",
      unknownType:
        'Changing {table}.{column} to {to}, current type unknown (no earlier migration in the folder or --schema declares it): unless the current type is binary coercible to {to}, this rewrites the table and all its indexes while holding ACCESS EXCLUSIVE.{cost}',
    },
  },
  on: ['alter-column-type'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table)) return [];
    const from = ctx.state.columnType(op.table, op.column);
    // A USING expression that computes new values rewrites whatever the types.
    if (!op.usingComputes && typeChangeIsBinaryCoercible(from, op.type, { pgVersion: ctx.pgVersion, utc: ctx.state.utcSession }) === true) return [];
    const cost = ctx.cost(op);
    const messageId = !from
      ? 'unknownType'
      : isTimeZoneChange(from, op.type) && hasFact(ctx.pgVersion, 'timestampTimeZoneChangeInUtc')
        ? 'rewriteUnlessUtc'
        : 'rewrite';
    return [
      {
        messageId,
        data: { table: displayName(op.table), column: op.column, from: from?.sql ?? '', to: op.type.sql, cost: costSentence(cost) },
        help:
          messageId === 'rewriteUnlessUtc'
            ? "Run SET TIME ZONE 'UTC' before the change in the same session (PostgreSQL 12+ then keeps the stored values), or add a new column, backfill it in batches and switch over."
            : 'Add a new column of the new type, dual-write from the application (or a trigger), backfill it in batches, then switch reads and drop the old column.',
        ...(cost ? { cost } : {}),
      },
    ];
  },
});
