import type { ForeignKeyTarget, QualifiedName } from '../operations';
import { ident, objectName, tableSql } from './sql-text';
import type { Justification, PlanStatement, Step } from './types';

/**
 * The building blocks of the constrain phase, each the sequence PostgreSQL needs to add a
 * constraint without a long lock: add it NOT VALID (brief lock), validate it separately
 * (SHARE UPDATE EXCLUSIVE: reads and writes go on), build indexes CONCURRENTLY.
 */

const stmt = (sql: string, extra: Omit<PlanStatement, 'sql'> = {}): PlanStatement => ({ sql, ...extra });

export function txn(summary: string, statements: readonly PlanStatement[], down: readonly Step[] = [], lockTimeout = true): Step {
  return { kind: 'transaction', summary, statements, lockTimeout, down };
}

export function alone(summary: string, statement: PlanStatement, noTransaction: boolean, down: readonly Step[] = []): Step {
  return { kind: 'alone', summary, statement, noTransaction, down };
}

function notNullCheckName(table: QualifiedName, column: string): string {
  return objectName(table.name, column, 'not_null_check');
}

/** CHECK (c IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL (uses the check, PG12+) → drop the helper. */
export function notNullSteps(table: QualifiedName, column: string, setNotNull: boolean): Step[] {
  const t = tableSql(table);
  const c = ident(column);
  const check = notNullCheckName(table, column);
  const steps: Step[] = [
    txn(
      `Add CHECK (${column} IS NOT NULL) NOT VALID on ${table.name}: new and updated rows must have a value; existing rows are not scanned`,
      [stmt(`ALTER TABLE ${t} ADD CONSTRAINT ${ident(check)} CHECK (${c} IS NOT NULL) NOT VALID`)],
      [txn(`Drop the helper CHECK ${check}`, [stmt(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(check)}`)])],
    ),
    alone(
      `Validate ${check}: scans ${table.name} under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue`,
      stmt(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(check)}`, { validates: check }),
      false,
    ),
  ];
  if (setNotNull) {
    steps.push(
      txn(
        `Set ${table.name}.${column} NOT NULL (the validated CHECK spares the scan) and drop the helper CHECK`,
        [stmt(`ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL`, { provenBy: check }), stmt(`ALTER TABLE ${t} DROP CONSTRAINT ${ident(check)}`)],
        [txn(`Drop NOT NULL on ${table.name}.${column}`, [stmt(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP NOT NULL`)])],
      ),
    );
  }
  return steps;
}

/** A CHECK or FOREIGN KEY added NOT VALID, then validated on its own. */
export function validatedConstraintSteps(table: QualifiedName, name: string, addSql: string, what: string): Step[] {
  const t = tableSql(table);
  return [
    txn(
      `Add ${what} ${name} NOT VALID: enforced for new writes at once, existing rows not scanned`,
      [stmt(addSql)],
      [txn(`Drop ${name}`, [stmt(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(name)}`)])],
    ),
    alone(
      `Validate ${name}: scans existing rows under SHARE UPDATE EXCLUSIVE`,
      stmt(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(name)}`, { validates: name }),
      false,
    ),
  ];
}

/** ADD FOREIGN KEY … NOT VALID, keeping the key's MATCH, ON DELETE / ON UPDATE actions and deferrability. */
export function foreignKeySql(
  table: QualifiedName,
  name: string,
  columns: readonly string[],
  target: ForeignKeyTarget,
  deferrable?: { readonly initiallyDeferred: boolean },
): string {
  const cols = columns.map(ident).join(', ');
  const refCols = target.columns.length > 0 ? ` (${target.columns.map(ident).join(', ')})` : '';
  const actions = target.actions ? ` ${target.actions}` : '';
  const timing = deferrable ? ` DEFERRABLE INITIALLY ${deferrable.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : '';
  return `ALTER TABLE ${tableSql(table)} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${cols}) REFERENCES ${tableSql(target.table)}${refCols}${actions}${timing} NOT VALID`;
}

/** A CREATE INDEX statement made CONCURRENTLY, outside any transaction, with its undo. */
export function concurrentIndexStep(table: QualifiedName, name: string, createSql: string, schema?: string): Step {
  const qualified = schema ? `${ident(schema)}.${ident(name)}` : ident(name);
  return alone(`Build index ${name} CONCURRENTLY: SHARE UPDATE EXCLUSIVE, reads and writes on ${table.name} continue`, stmt(createSql), true, [
    alone(`Drop index ${name} CONCURRENTLY`, stmt(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified}`), true),
  ]);
}

/** UNIQUE / PRIMARY KEY: build the unique index CONCURRENTLY, then attach it (catalog-only). */
export function uniqueConstraintSteps(
  table: QualifiedName,
  name: string,
  columns: readonly string[],
  kind: 'UNIQUE' | 'PRIMARY KEY',
  deferrable?: { readonly initiallyDeferred: boolean },
): Step[] {
  const t = tableSql(table);
  const cols = columns.map(ident).join(', ');
  const timing = deferrable ? ` DEFERRABLE INITIALLY ${deferrable.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : '';
  return [
    concurrentIndexStep(table, name, `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${cols})`, table.schema),
    txn(
      `Attach ${name} as the ${kind} constraint (USING INDEX: no index build under the lock)`,
      [stmt(`ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} ${kind} USING INDEX ${ident(name)}${timing}`)],
      [txn(`Drop the ${kind} constraint ${name} (its index goes with it)`, [stmt(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(name)}`)])],
    ),
  ];
}

export function justified(sql: string, rules: readonly string[], reason: string): PlanStatement {
  const justify: Justification = { rules, reason };
  return { sql, justify };
}

export { stmt };
