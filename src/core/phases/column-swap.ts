import type { QualifiedName } from '../operations';
import { ident, literal, tableSql } from './sql-text';

/**
 * SQL for the contract phase of a type change, where the shadow column takes the place of
 * the old one: dropping the old column also drops whatever PostgreSQL ties to it (NOT NULL,
 * its default, an owned sequence, indexes, constraints, views), so the swap first moves or
 * recreates what the plan knows about and refuses on whatever else the catalog shows.
 */

/** What the plan recreates on the shadow column itself, so the guard lets it through. */
export interface Recreated {
  readonly notNull: boolean;
  readonly default: boolean;
  readonly primaryKey: boolean;
}

/**
 * A DO block that raises (rolling back the swap's transaction, so nothing is lost) when the
 * old column still has something the drop would lose and the plan does not recreate, and
 * names each such object. Reads pg_depend for every object that depends on the column.
 */
export function swapGuardSql(table: QualifiedName, column: string, shadow: string, recreated: Recreated): string {
  const rel = `${literal(tableSql(table))}::regclass`;
  const col = literal(column);
  const attr = `FROM pg_attribute WHERE attrelid = ${rel} AND attname = ${col}`;
  const found = [
    ...(recreated.notNull ? [] : [`SELECT 'NOT NULL' AS what ${attr} AND attnotnull`]),
    `SELECT 'its identity' ${attr} AND attidentity <> ''`,
    `SELECT 'its generation expression' ${attr} AND attgenerated <> ''`,
    [
      `SELECT pg_describe_object(d.classid, d.objid, d.objsubid)`,
      `      FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid`,
      `     WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ${rel} AND a.attname = ${col} AND d.deptype IN ('n', 'a')`,
      ...(recreated.default ? [`       AND d.classid <> 'pg_attrdef'::regclass`] : []),
      // PostgreSQL 18 also records NOT NULL as a constraint (contype 'n'): attnotnull above covers it.
      `       AND NOT (d.classid = 'pg_constraint'::regclass AND d.objid IN (SELECT oid FROM pg_constraint WHERE contype IN (${recreated.primaryKey ? "'n', 'p'" : "'n'"})))`,
    ].join('\n'),
  ];
  const message = `%.% cannot be swapped out yet: dropping it would also drop %. Recreate them on % (see the plan's notes), then run this again.`;
  return [
    'DO $lockstep$',
    'DECLARE',
    '  lost text;',
    'BEGIN',
    `  SELECT string_agg(what, ', ') INTO lost FROM (`,
    `    ${found.join('\n    UNION ALL\n    ')}`,
    '  ) AS found(what);',
    '  IF lost IS NOT NULL THEN',
    `    RAISE EXCEPTION ${literal(message)}, ${literal(tableSql(table))}, ${col}, lost, ${literal(shadow)};`,
    '  END IF;',
    'END',
    '$lockstep$',
  ].join('\n');
}

/**
 * Moves the sequence the old column owns (serial) to the shadow column, so dropping the old
 * column does not drop it, and, for a serial, makes the shadow column draw from it. The
 * sequence is looked up when the migration runs (pg_get_serial_sequence), so its name need
 * not be guessed; nothing happens when the column owns none.
 */
export function moveSequenceSql(table: QualifiedName, column: string, shadow: string, setDefault: boolean): string {
  const t = tableSql(table);
  return [
    'DO $lockstep$',
    'DECLARE',
    `  seq text := pg_get_serial_sequence(${literal(t)}, ${literal(column)});`,
    'BEGIN',
    '  IF seq IS NOT NULL THEN',
    `    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', seq, ${literal(t)}, ${literal(shadow)});`,
    ...(setDefault ? [`    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT nextval(%L::regclass)', ${literal(t)}, ${literal(shadow)}, seq);`] : []),
    '  END IF;',
    'END',
    '$lockstep$',
  ].join('\n');
}

/**
 * PostgreSQL 18 keeps NOT NULL as a named constraint, named after the column it was set on:
 * the shadow column's takes the name the old column's had. Earlier versions have none, and
 * the block does nothing.
 */
export function renameNotNullSql(table: QualifiedName, column: string, name: string): string {
  const rel = `${literal(tableSql(table))}::regclass`;
  return [
    'DO $lockstep$',
    'DECLARE',
    '  current text;',
    'BEGIN',
    `  SELECT c.conname INTO current FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]`,
    `   WHERE c.conrelid = ${rel} AND c.contype = 'n' AND a.attname = ${literal(column)};`,
    `  IF current IS NOT NULL AND current <> ${literal(name)} THEN`,
    `    EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${literal(tableSql(table))}, current, ${literal(name)});`,
    '  END IF;',
    'END',
    '$lockstep$',
  ].join('\n');
}

/** `ALTER TABLE … ALTER COLUMN … TYPE …` as the migration means it, for a change kept as written. */
export function alterTypeSql(table: QualifiedName, column: string, type: string, using?: string): string {
  return `ALTER TABLE ${tableSql(table)} ALTER COLUMN ${ident(column)} TYPE ${type}${using ? ` USING ${using}` : ''}`;
}
