import type { QualifiedName } from '../../operations';

/** Default size above which a non-instant ALTER should go through an online schema change tool. */
export const OSC_DEFAULT_MIN_ROWS = 1_000_000;

/**
 * Command lines for the two online schema change tools, which copy the table in small
 * chunks while the application keeps writing, throttle on load, and swap the copy in at
 * the end: gh-ost (https://github.com/github/gh-ost/blob/master/doc/command-line-flags.md)
 * and pt-online-schema-change (https://docs.percona.com/percona-toolkit/pt-online-schema-change.html).
 * `alter` is the ALTER TABLE body without the table name or ALGORITHM/LOCK clauses.
 */
export function onlineSchemaChangeCommands(table: QualifiedName, alter: string): { readonly ghost: string; readonly ptosc: string } {
  const db = table.schema ?? '<database>';
  const quoted = alter.replace(/"/g, '\\"');
  return {
    ghost: `gh-ost --host=<host> --database=${db} --table=${table.name} --alter="${quoted}" --chunk-size=1000 --max-load=Threads_running=25 --execute`,
    ptosc: `pt-online-schema-change --alter "${quoted}" D=${db},t=${table.name} --chunk-size=1000 --max-load Threads_running=25 --execute`,
  };
}
