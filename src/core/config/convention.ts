import type { Convention } from './types';

/**
 * The migration convention a single SQL file follows, from its path and text, when the
 * configuration does not name one. Only unambiguous layouts are recognised.
 */
export function conventionFromSqlFile(fileName: string, text: string, exists: (path: string) => boolean = () => false): Convention | undefined {
  const path = fileName.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1);
  // Horizontal space only: `\s*` after a line start also matches newlines, and on a run of
  // blank lines every start would rescan the rest of the file (quadratic).
  if (/^[ \t\f\v\r]*--[ \t]*migrate:up\b/m.test(text)) return 'dbmate';
  if (base === 'migration.sql' && /\/migrations\/[^/]+\/migration\.sql$/.test(path)) return 'prisma';
  if (/^[VUR]\d+(?:[._]\d+)*__.+\.sql$/i.test(base)) return 'flyway';
  if (/^\d+_.+\.up\.sql$/i.test(base)) return 'golang-migrate';
  // A `.down.sql` alone is also how plain SQL folders name rollbacks; golang-migrate pairs it with an `.up.sql`.
  if (/^\d+_.+\.down\.sql$/i.test(base) && exists(fileName.replace(/\.down\.sql$/i, '.up.sql'))) return 'golang-migrate';
  return undefined;
}
