import { displayName } from '../operations';
import { statementLines } from './fixes';
import { defineRule } from './types';

/**
 * Adding a NOT NULL column with a DEFAULT and dropping the default in the same migration
 * (Django's AddField does exactly this) leaves a NOT NULL column without a default. The
 * application code still running during a rolling deploy does not know the column, so its
 * INSERTs leave it out and fail with a not-null violation until every instance runs new code.
 */
export default defineRule({
  meta: {
    id: 'not-null-default-dropped',
    description: 'Dropping the default of a NOT NULL column added in the same migration breaks inserts from the running application.',
    defaultSeverity: 'warning',
    dialects: ['postgresql', 'mysql', 'mariadb', 'sqlite'],
    // Removing the DROP DEFAULT keeps a default the migration meant to remove: it moves to a later release.
    fixable: 'unsafe',
    messages: {
      dropped:
        'The default of {table}.{column} is dropped right after the column was added NOT NULL: application code deployed before this migration inserts without {column} and fails with a not-null violation until every instance runs new code.',
    },
  },
  on: ['set-default'],
  check(op, ctx) {
    if (op.default !== undefined || !ctx.state.addedNotNullWithDefault(op.table, op.column)) return [];
    const lines = ctx.statement.operations.length === 1 ? statementLines(ctx.file, ctx.statement) : undefined;
    return [
      {
        messageId: 'dropped',
        data: { table: displayName(op.table), column: op.column },
        help: 'Keep the default for now and drop it in a later migration, once no running code inserts without the column.',
        ...(lines ? { fix: { title: 'Keep the default (drop it in a later release)', edits: [{ ...lines, text: '' }] } } : {}),
      },
    ];
  },
});
