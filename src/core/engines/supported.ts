import type { Dialect } from '../types';
import { SUPPORTED_PG_VERSIONS } from './postgres/facts';
import { compareVersions, parseVersion } from './version';

/**
 * The engine versions Lockstep's facts cover, by dialect. PostgreSQL follows the majors the
 * lock and rewrite facts are written for; MySQL and MariaDB start at the oldest release in
 * the online DDL tables (src/core/engines/mysql/online-ddl.ts) and end before a major series
 * that does not exist yet; SQLite is the 3.x series.
 */
interface VersionSpan {
  readonly engine: string;
  /** Oldest supported version, inclusive. */
  readonly from: string;
  /** First unsupported version above the span. */
  readonly before: string;
  /** How the span reads in a message. */
  readonly text: string;
}

const PG_LO = SUPPORTED_PG_VERSIONS[0];
const PG_HI = SUPPORTED_PG_VERSIONS[SUPPORTED_PG_VERSIONS.length - 1]!;

const SUPPORTED_VERSIONS: Readonly<Record<Dialect, VersionSpan>> = {
  postgresql: { engine: 'PostgreSQL', from: String(PG_LO), before: String(PG_HI + 1), text: `${PG_LO} to ${PG_HI}` },
  mysql: { engine: 'MySQL', from: '5.6', before: '10', text: '5.6 to 9.x' },
  mariadb: { engine: 'MariaDB', from: '10.0', before: '13', text: '10.0 to 12.x' },
  sqlite: { engine: 'SQLite', from: '3.0', before: '4', text: '3.x' },
};

/**
 * Why `version` cannot be the target for `dialect`, or undefined when it can. The message
 * names no setting or flag: the caller says which one it came from.
 */
export function targetVersionProblem(dialect: Dialect, version: string | number): string | undefined {
  const span = SUPPORTED_VERSIONS[dialect];
  const text = String(version).trim();
  const parts = /\d/.test(text) ? parseVersion(text) : undefined;
  if (!parts) return `"${text}" is not a version number (such as ${dialect === 'postgresql' ? '16' : span.from})`;
  if (compareVersions(parts, parseVersion(span.from)!) < 0 || compareVersions(parts, parseVersion(span.before)!) >= 0) {
    return `${span.engine} ${text} is not supported (Lockstep supports ${span.engine} ${span.text})`;
  }
  return undefined;
}
