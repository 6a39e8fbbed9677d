import { atLeast, parseVersion, type VersionParts } from '../version';
import type { Operation } from '../../operations';
import type { TableChange } from '../../sql/sqlite/rebuild';
import { BUNDLED_SQLITE_VERSION } from './engine';

/**
 * What SQLite's ALTER TABLE can do, by version, as data. Anything it cannot do needs the
 * 12-step table rebuild (https://www.sqlite.org/lang_altertable.html#otheralter).
 */
export const SQLITE_ALTER_FACTS = {
  /** ALTER TABLE … RENAME COLUMN. */
  renameColumn: { since: '3.25.0', source: 'https://www.sqlite.org/releaselog/3_25_0.html' },
  /** ALTER TABLE … DROP COLUMN (not for PRIMARY KEY, UNIQUE, indexed or referenced columns). */
  dropColumn: { since: '3.35.0', source: 'https://www.sqlite.org/releaselog/3_35_0.html' },
  /** ADD COLUMN checks new CHECK / generated NOT NULL constraints against existing rows. */
  addColumnChecksRows: { since: '3.37.0', source: 'https://www.sqlite.org/releaselog/3_37_0.html' },
  /** ALTER TABLE … ADD CONSTRAINT … CHECK, DROP CONSTRAINT, ALTER COLUMN … SET/DROP NOT NULL (validated at once). */
  alterConstraints: { since: '3.53.0', source: 'https://www.sqlite.org/releaselog/3_53_0.html' },
  /** Generated columns (VIRTUAL can be added; STORED cannot be added to a table with rows). */
  generatedColumns: { since: '3.31.0', source: 'https://www.sqlite.org/gencol.html' },
} as const satisfies Record<string, { since: string; source: string }>;

export type SqliteAlterFact = keyof typeof SQLITE_ALTER_FACTS;

export function sqliteVersion(targetVersion: string): VersionParts {
  return parseVersion(targetVersion) ?? parseVersion(BUNDLED_SQLITE_VERSION)!;
}

export function sqliteHas(version: VersionParts, fact: SqliteAlterFact): boolean {
  return atLeast(version, SQLITE_ALTER_FACTS[fact].since);
}

/**
 * ALTER TABLE … ADD COLUMN restrictions, from https://www.sqlite.org/lang_altertable.html
 * ("ALTER TABLE ADD COLUMN") and confirmed against the bundled engine by tests: `always`
 * restrictions fail even on an empty table; the others only once the table has a row.
 */
export const ADD_COLUMN_RESTRICTIONS = {
  primaryKey: { always: true, error: 'Cannot add a PRIMARY KEY column' },
  unique: { always: true, error: 'Cannot add a UNIQUE column' },
  notNullWithoutDefault: { always: false, error: 'Cannot add a NOT NULL column with default value NULL' },
  nonConstantDefault: { always: false, error: 'Cannot add a column with non-constant default' },
  storedGenerated: { always: false, error: 'cannot add a STORED column' },
  referencesWithDefault: { always: false, error: 'Cannot add a REFERENCES column with non-NULL default value' },
} as const;

export type AddColumnRestriction = keyof typeof ADD_COLUMN_RESTRICTIONS;

/** A change SQLite's ALTER TABLE cannot make on a version, and the rebuild that makes it instead. */
export interface SqliteAlterNeed {
  readonly messageId: string;
  readonly change?: TableChange;
  /** The version that made ALTER TABLE able to do it, when one did. */
  readonly since?: SqliteAlterFact;
}

/** What the operation needs from SQLite, or undefined when the target's ALTER TABLE does it. */
export function sqliteAlterNeed(op: Operation, version: readonly number[]): SqliteAlterNeed | undefined {
  const lacks = (fact: SqliteAlterFact): boolean => !sqliteHas(version, fact);
  switch (op.kind) {
    case 'alter-column-type':
      return { messageId: 'typeChange', change: { kind: 'column-type', column: op.column, type: op.type.sql } };
    case 'set-default':
      return { messageId: 'setDefault', change: { kind: 'set-default', column: op.column, ...(op.default ? { default: op.default.sql } : {}) } };
    case 'set-not-null':
      return lacks('alterConstraints') ? { messageId: 'notNull', change: { kind: 'set-not-null', column: op.column }, since: 'alterConstraints' } : undefined;
    case 'drop-not-null':
      return lacks('alterConstraints') ? { messageId: 'notNull', change: { kind: 'drop-not-null', column: op.column }, since: 'alterConstraints' } : undefined;
    case 'drop-constraint':
      return lacks('alterConstraints')
        ? { messageId: 'dropConstraint', change: { kind: 'drop-constraint', name: op.name }, since: 'alterConstraints' }
        : undefined;
    case 'add-constraint':
      if (op.constraint === 'check') {
        const sql = `${op.name ? `CONSTRAINT ${op.name} ` : ''}CHECK (${op.expression ?? ''})`;
        return lacks('alterConstraints') ? { messageId: 'addCheck', change: { kind: 'add-table-constraint', sql }, since: 'alterConstraints' } : undefined;
      }
      if (op.constraint === 'unique') return { messageId: 'addUnique' };
      return {
        messageId: 'addConstraint',
        ...(op.constraint === 'primary-key' ? { change: { kind: 'add-table-constraint', sql: `PRIMARY KEY (${op.columns.join(', ')})` } } : {}),
      };
    case 'rename-column':
      return lacks('renameColumn') ? { messageId: 'renameColumn', since: 'renameColumn' } : undefined;
    case 'drop-column':
      return lacks('dropColumn') ? { messageId: 'dropColumn', change: { kind: 'drop-column', column: op.column }, since: 'dropColumn' } : undefined;
    default:
      return undefined;
  }
}
