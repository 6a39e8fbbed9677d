import * as fs from 'node:fs';
import { forwardSql } from '../sources/migration-sql';
import { LineIndex } from '../sql/positions';
import { blankPsqlMetaCommands } from '../sql/psql-meta';
import { splitStatements } from '../sql/split';
import type { SqlSession } from './engine/session';
import { toEngineError } from './engine/session';
import type { ReplayFailure, ReplaySummary } from './timeline';
import { DEFAULT_STATEMENT_TIMEOUT_MS, stoppedMessage, watched, type WatchHooks } from './bounds';

/**
 * Builds the schema the simulated migration expects by running the earlier migrations (or a
 * schema dump) into the engine. Schema only: data statements are skipped because synthetic
 * rows are seeded afterwards, and transaction control is dropped so that one failing
 * statement is reported and skipped instead of aborting everything after it.
 */

const SKIPPED_LEADING_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'COPY',
  'TRUNCATE',
  'MERGE',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'SAVEPOINT',
  'RELEASE',
  'VACUUM',
  'ANALYZE',
  'CHECKPOINT',
  'LOCK',
]);

export interface ReplaySource {
  /** Shown in failure reports. */
  readonly file: string;
  readonly text: string;
}

export interface ReplayHooks {
  readonly onFile?: (index: number, total: number, file: string) => void;
  readonly signal?: AbortSignal;
  /** Announces each statement so a runner can stop one that never returns. */
  readonly watch?: WatchHooks | undefined;
  /** Statements a previous attempt stopped at the limit (`replay:<file>:<n>` keys). */
  readonly stopped?: ReadonlySet<string>;
  readonly limitMs?: number;
}

export function readReplaySources(files: readonly string[]): ReplaySource[] {
  // Earlier framework migrations (Rails …) replay the SQL their forward code emits.
  return files.map((file) => ({ file, text: forwardSql(file, fs.readFileSync(file, 'utf8'), 'postgresql').sql }));
}

export async function replaySchema(session: SqlSession, sources: readonly ReplaySource[], hooks: ReplayHooks = {}): Promise<ReplaySummary> {
  const failures: ReplayFailure[] = [];
  let statements = 0;
  for (const [i, source] of sources.entries()) {
    hooks.signal?.throwIfAborted();
    hooks.onFile?.(i, sources.length, source.file);
    const text = blankPsqlMetaCommands(source.text);
    const lines = new LineIndex(text);
    for (const [n, stmt] of splitStatements(text, 'postgresql').statements.entries()) {
      if (SKIPPED_LEADING_WORDS.has(leadingWord(stmt.text))) continue;
      statements++;
      const key = `replay:${i}:${n}`;
      const fail = (message: string): void => {
        failures.push({
          file: source.file,
          line: lines.position(stmt.start).line,
          sql: stmt.text.length > 200 ? `${stmt.text.slice(0, 200)}…` : stmt.text,
          message,
        });
      };
      if (hooks.stopped?.has(key)) {
        fail(stoppedMessage(hooks.limitMs ?? DEFAULT_STATEMENT_TIMEOUT_MS));
        continue;
      }
      try {
        await watched(hooks.watch, key, () => session.exec(stmt.text));
      } catch (err) {
        fail(toEngineError(err).message);
      }
    }
  }
  // Dumps set session state (search_path = '', client settings); the migration must not inherit it.
  await session.exec('RESET ALL');
  return { files: sources.map((s) => s.file), statements, failures };
}

function leadingWord(sql: string): string {
  return (/^[A-Za-z]+/.exec(sql)?.[0] ?? '').toUpperCase();
}
