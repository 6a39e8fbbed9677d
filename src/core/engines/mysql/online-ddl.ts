import { atLeast, compareVersions, parseVersion, type VersionParts } from '../version';

/**
 * How InnoDB performs each kind of ALTER TABLE on MySQL and MariaDB, by version, as data.
 *
 * One row per (operation, server family, first version): the row that applies to a target
 * version is the last one whose `since` is not after it. Every row cites the manual page
 * that states it; rules and the cost model read these rows and never test versions inline.
 */

type Flavor = 'mysql' | 'mariadb';

/** Algorithms from the cheapest to the most expensive. */
export type Algorithm = 'INSTANT' | 'INPLACE' | 'COPY';

export type MysqlOpClass =
  | 'add-column'
  | 'add-column-virtual'
  | 'add-column-stored-generated'
  | 'add-column-auto-increment'
  | 'drop-column'
  | 'rename-column'
  | 'change-column-type'
  | 'extend-varchar'
  | 'set-nullability'
  | 'set-default'
  | 'add-index'
  | 'add-fulltext-index'
  | 'add-spatial-index'
  | 'drop-index'
  | 'add-primary-key'
  | 'drop-primary-key'
  | 'add-foreign-key'
  | 'add-foreign-key-unchecked'
  | 'drop-foreign-key'
  | 'add-check'
  | 'drop-check'
  | 'rename-table'
  | 'rebuild-table'
  | 'convert-charset';

export interface OnlineDdlFact {
  readonly op: MysqlOpClass;
  readonly flavor: Flavor;
  /** First version the row describes. */
  readonly since: string;
  /** The cheapest algorithm the server accepts for the operation. */
  readonly algorithm: Algorithm;
  /** INSTANT ADD COLUMN: where in the column list the new column may go. */
  readonly instantPosition?: 'last' | 'any';
  /** The clustered index (the whole table) is rebuilt. */
  readonly rebuild: boolean;
  /** Reads and writes continue while it runs (LOCK=NONE is accepted). */
  readonly concurrentDml: boolean;
  /** Each instant change adds a row version; a table holds at most INSTANT_ROW_VERSION_LIMIT. */
  readonly addsRowVersion?: boolean;
  readonly source: string;
}

const MYSQL57 = 'https://dev.mysql.com/doc/refman/5.7/en/innodb-online-ddl-operations.html';
const MYSQL80 = 'https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html';
const MYSQL80_CHECK = 'https://dev.mysql.com/doc/refman/8.0/en/alter-table.html#alter-table-foreign-key';
const MARIADB_INSTANT = 'https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-instant-alter-algorithm/';
const MARIADB_INPLACE = 'https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-inplace-alter-algorithm/';
const MARIADB_COPY = 'https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-copy-alter-algorithm/';

type Row = Omit<OnlineDdlFact, 'op' | 'flavor'>;

function rows(op: MysqlOpClass, flavor: Flavor, list: readonly Row[]): OnlineDdlFact[] {
  return list.map((r) => ({ op, flavor, ...r }));
}

const inplace = (source: string, rebuild: boolean, concurrentDml = true): Row => ({ since: '5.6.0', algorithm: 'INPLACE', rebuild, concurrentDml, source });
const copy = (source: string): Row => ({ since: '5.6.0', algorithm: 'COPY', rebuild: true, concurrentDml: false, source });
const mariaInplace = (rebuild: boolean, concurrentDml = true): Row => ({
  since: '10.0.0',
  algorithm: 'INPLACE',
  rebuild,
  concurrentDml,
  source: MARIADB_INPLACE,
});
const mariaCopy: Row = { since: '10.0.0', algorithm: 'COPY', rebuild: true, concurrentDml: false, source: MARIADB_COPY };

export const ONLINE_DDL_FACTS: readonly OnlineDdlFact[] = [
  ...rows('add-column', 'mysql', [
    inplace(MYSQL57, true),
    { since: '8.0.12', algorithm: 'INSTANT', instantPosition: 'last', rebuild: false, concurrentDml: true, source: MYSQL80 },
    { since: '8.0.29', algorithm: 'INSTANT', instantPosition: 'any', rebuild: false, concurrentDml: true, addsRowVersion: true, source: MYSQL80 },
  ]),
  ...rows('add-column', 'mariadb', [
    mariaInplace(true),
    { since: '10.3.2', algorithm: 'INSTANT', instantPosition: 'last', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
    { since: '10.4.0', algorithm: 'INSTANT', instantPosition: 'any', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
  ]),
  // Virtual generated columns are added like plain ones, without a rebuild when in place.
  ...rows('add-column-virtual', 'mysql', [
    { since: '5.7.0', algorithm: 'INPLACE', rebuild: false, concurrentDml: true, source: MYSQL57 },
    { since: '8.0.12', algorithm: 'INSTANT', instantPosition: 'last', rebuild: false, concurrentDml: true, source: MYSQL80 },
    { since: '8.0.29', algorithm: 'INSTANT', instantPosition: 'any', rebuild: false, concurrentDml: true, addsRowVersion: true, source: MYSQL80 },
  ]),
  ...rows('add-column-virtual', 'mariadb', [
    { since: '10.2.0', algorithm: 'INPLACE', rebuild: false, concurrentDml: true, source: MARIADB_INPLACE },
    { since: '10.3.2', algorithm: 'INSTANT', instantPosition: 'last', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
    { since: '10.4.0', algorithm: 'INSTANT', instantPosition: 'any', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
  ]),
  ...rows('add-column-stored-generated', 'mysql', [{ ...copy(MYSQL57), since: '5.7.0' }]),
  ...rows('add-column-stored-generated', 'mariadb', [{ ...mariaCopy, since: '10.2.0' }]),
  ...rows('add-column-auto-increment', 'mysql', [inplace(MYSQL80, true, false)]),
  ...rows('add-column-auto-increment', 'mariadb', [mariaInplace(true, false)]),
  ...rows('drop-column', 'mysql', [
    inplace(MYSQL57, true),
    { since: '8.0.29', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, addsRowVersion: true, source: MYSQL80 },
  ]),
  ...rows('drop-column', 'mariadb', [
    mariaInplace(true),
    { since: '10.4.0', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
  ]),
  ...rows('rename-column', 'mysql', [inplace(MYSQL57, false), { since: '8.0.28', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, source: MYSQL80 }]),
  ...rows('rename-column', 'mariadb', [mariaInplace(false)]),
  ...rows('change-column-type', 'mysql', [copy(MYSQL80)]),
  ...rows('change-column-type', 'mariadb', [mariaCopy]),
  // Only while the length prefix stays 1 byte (≤ 255 bytes) or stays 2 bytes.
  ...rows('extend-varchar', 'mysql', [{ since: '5.7.0', algorithm: 'INPLACE', rebuild: false, concurrentDml: true, source: MYSQL57 }]),
  ...rows('extend-varchar', 'mariadb', [{ since: '10.2.2', algorithm: 'INPLACE', rebuild: false, concurrentDml: true, source: MARIADB_INPLACE }]),
  ...rows('set-nullability', 'mysql', [inplace(MYSQL80, true)]),
  ...rows('set-nullability', 'mariadb', [mariaInplace(true)]),
  ...rows('set-default', 'mysql', [inplace(MYSQL57, false), { since: '8.0.12', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, source: MYSQL80 }]),
  ...rows('set-default', 'mariadb', [
    mariaInplace(false),
    { since: '10.3.7', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, source: MARIADB_INSTANT },
  ]),
  ...rows('add-index', 'mysql', [inplace(MYSQL57, false)]),
  ...rows('add-index', 'mariadb', [mariaInplace(false)]),
  // The first FULLTEXT index adds the hidden FTS_DOC_ID column: a rebuild, no concurrent DML.
  ...rows('add-fulltext-index', 'mysql', [inplace(MYSQL80, true, false)]),
  ...rows('add-fulltext-index', 'mariadb', [mariaInplace(true, false)]),
  ...rows('add-spatial-index', 'mysql', [{ ...inplace(MYSQL57, false, false), since: '5.7.0' }]),
  ...rows('add-spatial-index', 'mariadb', [{ ...mariaInplace(false, false), since: '10.2.2' }]),
  ...rows('drop-index', 'mysql', [inplace(MYSQL57, false)]),
  ...rows('drop-index', 'mariadb', [mariaInplace(false)]),
  ...rows('add-primary-key', 'mysql', [inplace(MYSQL80, true)]),
  ...rows('add-primary-key', 'mariadb', [mariaInplace(true)]),
  ...rows('drop-primary-key', 'mysql', [copy(MYSQL80)]),
  ...rows('drop-primary-key', 'mariadb', [mariaCopy]),
  // In place only while foreign_key_checks is off; otherwise the server copies the table.
  ...rows('add-foreign-key', 'mysql', [copy(MYSQL80)]),
  ...rows('add-foreign-key', 'mariadb', [mariaCopy]),
  ...rows('add-foreign-key-unchecked', 'mysql', [inplace(MYSQL80, false)]),
  ...rows('add-foreign-key-unchecked', 'mariadb', [mariaInplace(false)]),
  ...rows('drop-foreign-key', 'mysql', [inplace(MYSQL80, false)]),
  ...rows('drop-foreign-key', 'mariadb', [mariaInplace(false)]),
  // Adding an enforced CHECK validates every row through a table copy.
  ...rows('add-check', 'mysql', [{ ...copy(MYSQL80_CHECK), since: '8.0.16' }]),
  ...rows('add-check', 'mariadb', [{ ...mariaCopy, since: '10.2.1' }]),
  ...rows('drop-check', 'mysql', [{ ...inplace(MYSQL80, false), since: '8.0.16' }]),
  ...rows('drop-check', 'mariadb', [{ ...mariaInplace(false), since: '10.2.1' }]),
  ...rows('rename-table', 'mysql', [inplace(MYSQL57, false), { since: '8.0.12', algorithm: 'INSTANT', rebuild: false, concurrentDml: true, source: MYSQL80 }]),
  ...rows('rename-table', 'mariadb', [mariaInplace(false)]),
  // ROW_FORMAT, KEY_BLOCK_SIZE, ENGINE=InnoDB ("null" rebuild), FORCE.
  ...rows('rebuild-table', 'mysql', [inplace(MYSQL80, true)]),
  ...rows('rebuild-table', 'mariadb', [mariaInplace(true)]),
  ...rows('convert-charset', 'mysql', [copy(MYSQL80)]),
  ...rows('convert-charset', 'mariadb', [mariaCopy]),
];

/** Server-wide facts that are not tied to one operation. */
const SERVER_FACTS = {
  /** `ALGORITHM=INSTANT` is accepted by the parser. */
  instantKeyword: { mysql: '8.0.12', mariadb: '10.3.7', source: `${MYSQL80} ; ${MARIADB_INSTANT}` },
  /** Instant ADD/DROP COLUMN counts row versions; at 64 the table must be rebuilt first. */
  rowVersionLimit: { mysql: '8.0.29', limit: 64, source: MYSQL80 },
  /** INSTANT ADD COLUMN is refused on ROW_FORMAT=COMPRESSED tables and tables with a FULLTEXT index. */
  instantAddColumnExclusions: { source: `${MYSQL80} ; ${MARIADB_INSTANT}` },
  /** `lock_wait_timeout` (seconds) bounds waits for metadata locks; the default is a year. */
  lockWaitTimeout: { defaultSeconds: 31_536_000, source: 'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_lock_wait_timeout' },
} as const;

export const INSTANT_ROW_VERSION_LIMIT = SERVER_FACTS.rowVersionLimit.limit;

/** A target server: family and version. */
export interface MysqlTarget {
  readonly flavor: Flavor;
  readonly version: VersionParts;
}

/** `mysql` + `8.0.28`, `mariadb` + `10.4`, or a prefixed string such as `mariadb-10.6`. */
export function mysqlTarget(dialect: 'mysql' | 'mariadb', targetVersion: string): MysqlTarget {
  const flavor: Flavor = /^mariadb/i.test(targetVersion) ? 'mariadb' : /^mysql/i.test(targetVersion) ? 'mysql' : dialect;
  const version = parseVersion(targetVersion) ?? parseVersion(flavor === 'mysql' ? '8.0.36' : '10.11')!;
  return { flavor, version };
}

/** The row that describes `op` on the target, or undefined when the version predates every row. */
export function onlineDdlFact(op: MysqlOpClass, target: MysqlTarget): OnlineDdlFact | undefined {
  let best: OnlineDdlFact | undefined;
  for (const f of ONLINE_DDL_FACTS) {
    if (f.op !== op || f.flavor !== target.flavor || !atLeast(target.version, f.since)) continue;
    if (!best || compareVersions(parseVersion(f.since)!, parseVersion(best.since)!) >= 0) best = f;
  }
  return best;
}

/** Before online DDL (MySQL 5.5, MariaDB 5.5): every ALTER copied the table. */
export function factOrCopy(op: MysqlOpClass, target: MysqlTarget): OnlineDdlFact {
  return (
    onlineDdlFact(op, target) ?? {
      op,
      flavor: target.flavor,
      since: '0',
      algorithm: 'COPY',
      rebuild: true,
      concurrentDml: false,
      source: 'https://dev.mysql.com/doc/refman/5.5/en/alter-table.html',
    }
  );
}

/** The row the operation would fall back to without INSTANT (for add/drop column). */
export function inplaceFallback(op: MysqlOpClass, target: MysqlTarget): OnlineDdlFact {
  const older = ONLINE_DDL_FACTS.filter((f) => f.op === op && f.flavor === target.flavor && f.algorithm !== 'INSTANT');
  return older.at(-1) ?? factOrCopy(op, target);
}

export function supportsInstantKeyword(target: MysqlTarget): boolean {
  return atLeast(target.version, SERVER_FACTS.instantKeyword[target.flavor]);
}

export function countsRowVersions(target: MysqlTarget): boolean {
  return target.flavor === 'mysql' && atLeast(target.version, SERVER_FACTS.rowVersionLimit.mysql);
}
