import * as fs from 'node:fs';
import type { Database } from 'sql.js';
import { forwardSql } from '../../sources/migration-sql';
import { LineIndex } from '../../sql/positions';
import { splitStatements } from '../../sql/split';
import { stoppedMessage, watchedSync, type WatchHooks } from '../bounds';
import type { ReplayFailure, ReplaySummary } from '../timeline';

/**
 * The earlier migrations of a SQLite file, replayed on a scratch sql.js database to build the
 * schema the file runs against: by the simulator (before seeding and running the file) and
 * by the planner (to write the 12-step rebuild from the real table definition).
 *
 * Only schema statements run. Data changes would fill tables the seeder sizes itself;
 * transaction control would end the replay's own; PRAGMAs set per-connection state
 * (`foreign_keys`, `legacy_alter_table`) that an earlier migration's runner set for that
 * migration alone and that must not change how the file under test behaves.
 */
const REPLAY_SKIP = /^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ANALYZE|PRAGMA)\b/i;

export interface ReplayBounds {
  readonly watch: WatchHooks | undefined;
  /** Statements (`replay:<file index>:<statement index>`) stopped on an earlier attempt: not run again. */
  readonly stopped: ReadonlySet<string>;
  readonly limitMs: number;
}

/** Runs the forward schema statements of `files` in order; a statement that fails is recorded and the replay goes on. */
export function replaySqlite(db: Database, files: readonly string[], bounds?: ReplayBounds): ReplaySummary {
  const failures: ReplayFailure[] = [];
  let statements = 0;
  for (const [i, file] of files.entries()) {
    const text = forwardSql(file, fs.readFileSync(file, 'utf8'), 'sqlite').sql;
    const lines = new LineIndex(text);
    for (const [n, s] of splitStatements(text, 'sqlite').statements.entries()) {
      if (REPLAY_SKIP.test(s.text)) continue;
      statements++;
      const key = `replay:${i}:${n}`;
      if (bounds?.stopped.has(key)) {
        failures.push({ file, line: lines.position(s.start).line, sql: s.text, message: stoppedMessage(bounds.limitMs) });
        continue;
      }
      try {
        watchedSync(bounds?.watch, key, () => db.run(s.text));
      } catch (err) {
        failures.push({ file, line: lines.position(s.start).line, sql: s.text, message: (err as Error).message });
      }
    }
  }
  return { files, statements, failures };
}
