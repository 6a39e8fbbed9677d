import { tableKey, type QualifiedName } from '../operations';
import type { ParsedStatement } from '../sql/statement';
import { updateParts } from './sql-text';

/** A value to write into an added column's existing rows, and where it came from. */
export interface ColumnFill {
  readonly value: string;
  readonly where?: string;
  readonly placeholder?: string;
}

/** `schema.table.column`, lower-cased: how fills and added columns are matched. */
export function columnKey(table: QualifiedName, column: string): string {
  return `${tableKey(table)}.${column.toLowerCase()}`;
}

/**
 * UPDATEs that set one column the file adds become that column's batched backfill.
 * Returns the fills by column and the statements they replace.
 */
export function singleColumnFills(statements: readonly ParsedStatement[]): { fills: Map<string, ColumnFill>; consumed: Set<number> } {
  const fills = new Map<string, ColumnFill>();
  const consumed = new Set<number>();
  const added = new Set<string>();
  for (const s of statements) {
    for (const op of s.operations) {
      if (op.kind === 'add-column') added.add(columnKey(op.table, op.column.name));
      if (op.kind !== 'update' || s.operations.length !== 1) continue;
      const parts = updateParts(s.text);
      if (!parts || parts.assignments.length !== 1 || !parts.assignments.every((a) => added.has(columnKey(op.table, a.column)))) continue;
      const a = parts.assignments[0]!;
      fills.set(columnKey(op.table, a.column), { value: a.value, ...(parts.where ? { where: parts.where } : {}) });
      consumed.add(s.index);
    }
  }
  return { fills, consumed };
}
