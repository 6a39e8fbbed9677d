import type { SourceAdapter } from '../../sources/adapter';
import { sourceSql } from '../../sources/migration-sql';
import { LineIndex } from '../../sql/positions';
import type { Dialect } from '../../types';
import { prepareHostSql } from './host-sql';

/** What the planner plans for a framework migration, or why it cannot be planned. */
export type FrameworkInput = { readonly sql: string; readonly transactional: boolean } | { readonly refused: string };

/**
 * The forward SQL of a framework migration, as its adapter translates it (the statements
 * lint and simulate see). A plan must hold the whole change, so a file with a host syntax
 * error, a call Lockstep does not translate, or SQL built at run time is refused, with the
 * first such place named.
 */
export async function frameworkInput(adapter: SourceAdapter, text: string, fileName: string | undefined, dialect: Dialect): Promise<FrameworkInput> {
  if (dialect !== 'postgresql')
    return { refused: `phased plans for ${adapter.label} migrations are written for PostgreSQL only, and this project runs on ${dialect}` };
  await Promise.all([adapter.prepare?.(), prepareHostSql()]);
  const source = adapter.read({ ...(fileName !== undefined ? { path: fileName } : {}), text }, { dialect });
  const lines = new LineIndex(text);
  const at = (offset: number): string => `line ${lines.position(offset).line}`;
  const error = source.errors[0];
  if (error) return { refused: `the file does not parse (${at(error.start)}: ${error.message}), so nothing was planned` };
  const note = source.notes[0];
  if (note)
    return {
      refused: `${at(note.range.start)}: ${note.message.replace(/\.$/, '')}. A plan without it would leave part of the change out, so nothing was planned; write it with calls Lockstep translates (or as SQL) and run plan again`,
    };
  const built = source.statements.find((s) => s.direction === 'forward' && s.inexact);
  if (built) return { refused: `${at(built.range.start)}: the SQL of \`${built.call}\` is built when the migration runs, so nothing was planned` };
  return { sql: sourceSql(source), transactional: source.transactional };
}
