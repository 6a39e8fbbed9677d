import type { DialectDetection } from '../sql/detect-dialect';
import { adapterFor } from './registry';

/**
 * The database a framework migration runs on, as its project says (Rails
 * `config/database.yml`, …). A framework file's host code is not SQL, so syntax cues are
 * never read from it: without a project setting it is PostgreSQL, with a note saying so.
 * Undefined for files no adapter reads.
 */
export function frameworkDatabase(filePath: string, text: string, readFile: (path: string) => string | undefined): DialectDetection | undefined {
  const adapter = adapterFor({ path: filePath, text });
  if (!adapter) return undefined;
  const found = adapter.projectDatabase?.(filePath, readFile);
  if (found) return { dialect: found.dialect, source: 'project', reason: found.reason };
  return { dialect: 'postgresql', source: 'default', reason: `${adapter.label}: the project names no database, so PostgreSQL is assumed` };
}
