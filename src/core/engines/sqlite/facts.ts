import { atLeast, parseVersion, type VersionParts } from '../version';
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
export const ADD_COLUMN_SOURCE = 'https://www.sqlite.org/lang_altertable.html#altertabaddcol';
