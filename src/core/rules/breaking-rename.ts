import { displayName } from '../operations';
import type { ParsedFile } from '../sql/statement';
import { defineRule } from './types';

/**
 * Application code deployed before the migration still uses the old name; the moment the
 * rename commits, its queries fail until the new code is everywhere. The same holds for
 * schemas, views, sequences, types, enum values and functions the code names.
 */
export default defineRule({
  meta: {
    id: 'breaking-rename',
    description: 'Renaming a column, table, schema, view, type, enum value or function breaks the running application.',
    defaultSeverity: 'error',
    dialects: ['postgresql', 'mysql', 'mariadb', 'sqlite'],
    messages: {
      column: 'Renaming {table}.{from} to {to} breaks every running query that uses {from} until all application instances run new code.',
      table: 'Renaming table {table} to {to} breaks every running query that uses {table} until all application instances run new code.',
      object: 'Renaming {object} {from} to {to} breaks every running query that uses {from} until all application instances run new code.',
    },
  },
  on: ['rename-column', 'rename-table', 'other'],
  check(op, ctx) {
    if (op.kind === 'other') {
      if (!op.renamed || ctx.dialect !== 'postgresql' || (op.table && ctx.state.isNewTable(op.table)) || isSwap(op.renamed, ctx.file)) return [];
      return [
        {
          messageId: 'object',
          data: { ...op.renamed },
          help: 'Keep the old name working while code moves: create the new object beside the old one (a view or a schema search_path entry for renamed relations, a wrapper for a function), switch the code, then drop the old name in a later release. An enum value cannot be aliased: add the new value, migrate rows and code, then stop using the old one.',
        },
      ];
    }
    if (ctx.state.isNewTable(op.table)) return [];
    const help =
      'Expand and contract: add the new column (or a view with the new name), write to both from the application, backfill, switch reads, then drop the old name in a later release.';
    return op.kind === 'rename-column'
      ? [{ messageId: 'column', data: { table: displayName(op.table), from: op.from, to: op.to }, help }]
      : [{ messageId: 'table', data: { table: displayName(op.table), to: op.to }, help }];
  },
});

/**
 * Part of a swap in one file (Prisma's enum change: X → X_old, X_new → X): another rename of
 * the same kind of object takes this one's old name or gives up its new one, so the name the
 * running code uses still exists when the file commits. A type created earlier in the file
 * (X_new, renamed to X after X is dropped) is not one running code uses either.
 */
function isSwap(renamed: { readonly object: string; readonly from: string; readonly to: string }, file: ParsedFile): boolean {
  return file.statements.some((s) =>
    s.operations.some(
      (o) =>
        o.kind === 'other' &&
        ((renamed.object === 'type' && o.createdType === renamed.from) ||
          (o.renamed !== undefined &&
            o.renamed !== renamed &&
            o.renamed.object === renamed.object &&
            (o.renamed.to === renamed.from || o.renamed.from === renamed.to))),
    ),
  );
}
