import type { ColumnDefinition, ColumnType, Operation, QualifiedName } from '../../operations';
import { typeChangeIsBinaryCoercible } from './coercion';
import { hasFact, type OperationClass } from './facts';

/** What the classifier needs to know about the file so far. */
export interface ClassifyState {
  hasValidatedNotNullCheck(table: QualifiedName, column: string): boolean;
  columnType(table: QualifiedName, column: string): ColumnType | undefined;
  constraintKind(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined;
  /** The type is a domain with a CHECK or NOT NULL created earlier in the file. */
  isConstrainedDomain(type: ColumnType): boolean;
  /** A `SET TIME ZONE` to a zero-offset zone ran earlier (timestamp ⇄ timestamptz then keeps the bytes). */
  utcSession?(): boolean;
}

export type RewriteReason = 'volatile-default' | 'default-before-11' | 'stored-generated' | 'serial' | 'identity' | 'constrained-domain';

/** Why an added column forces a table rewrite on this version, or undefined when it does not. */
export function addColumnRewriteReason(column: ColumnDefinition, pgVersion: number, constrainedDomain = false): RewriteReason | undefined {
  if (column.generated === 'stored') return 'stored-generated';
  if (column.serial) return 'serial';
  if (column.identity) return 'identity';
  // Each row's value (NULL or the default) must pass the domain's constraints, so every row is rewritten.
  if (constrainedDomain) return 'constrained-domain';
  const d = column.default;
  if (d && !d.isNull) {
    if (d.volatility === 'volatile') return 'volatile-default';
    if (!hasFact(pgVersion, 'nonVolatileDefaultWithoutRewrite')) return 'default-before-11';
  }
  return undefined;
}

/** The engine-facts class of an operation on this version, given what the file did before it. */
export function classify(op: Operation, pgVersion: number, state: ClassifyState): OperationClass | undefined {
  switch (op.kind) {
    case 'add-column':
      if (addColumnRewriteReason(op.column, pgVersion, state.isConstrainedDomain(op.column.type))) return 'add-column-rewrite';
      return op.column.references ? 'add-column-references' : 'add-column-metadata';
    case 'alter-column-type':
      return !op.usingComputes &&
        typeChangeIsBinaryCoercible(state.columnType(op.table, op.column), op.type, { pgVersion, utc: state.utcSession?.() ?? false }) === true
        ? 'alter-type-metadata'
        : 'alter-type-rewrite';
    case 'set-not-null':
      return hasFact(pgVersion, 'setNotNullUsesValidatedCheck') && state.hasValidatedNotNullCheck(op.table, op.column)
        ? 'set-not-null-proven'
        : 'set-not-null-scan';
    case 'drop-not-null':
      return 'drop-not-null';
    case 'set-default':
      return 'set-default';
    case 'add-constraint':
      switch (op.constraint) {
        case 'check':
        case 'not-null':
          return op.notValid ? 'add-check-not-valid' : 'add-check-validated';
        case 'foreign-key':
          return op.notValid ? 'add-foreign-key-not-valid' : 'add-foreign-key';
        case 'unique':
        case 'primary-key':
        case 'exclusion':
          return op.usingIndex ? 'add-unique-using-index' : 'add-unique-constraint';
      }
      return undefined;
    case 'validate-constraint':
      return state.constraintKind(op.table, op.name) === 'foreign-key' ? 'validate-foreign-key' : 'validate-check';
    case 'drop-constraint':
      return 'drop-constraint';
    case 'create-index':
      return op.concurrently ? 'create-index-concurrently' : 'create-index';
    case 'drop-index':
      return op.concurrently ? 'drop-index-concurrently' : 'drop-index';
    case 'drop-column':
      return 'drop-column';
    case 'rename-column':
    case 'rename-table':
      return 'rename';
    case 'update':
    case 'delete':
      return 'update';
    case 'create-table':
      return 'create-table';
    case 'drop-table':
      return 'drop-table';
    case 'reindex':
      return op.concurrently ? 'reindex-concurrently' : 'reindex';
    case 'detach-partition':
      return op.concurrently ? 'detach-partition-concurrently' : 'detach-partition';
    case 'rewrite-table':
      return 'rewrite-table';
    case 'add-domain-constraint':
      // NOT VALID checks no stored value and locks no table (only the domain's type): nothing to model.
      return op.notValid ? undefined : 'add-domain-constraint';
    case 'other':
      // The parser names a table on a SELECT only when it reads all of it.
      return op.tag === 'SelectStmt' && op.table ? 'select-full-table' : undefined;
    case 'set-timeout':
    case 'transaction':
    case 'create-domain':
      return undefined;
  }
}
