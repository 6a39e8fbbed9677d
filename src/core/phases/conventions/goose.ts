import { splitStatements } from '../../sql/split';
import { compactTimestamp, numberSequence, others, timestampSequence } from '../naming';
import { downSteps, renderSteps, sqlComment } from '../render';
import type { ConventionWriter, GeneratedFile } from '../types';
import { stepFiles } from './per-step';

const MIGRATION = /^(\d+)_(.+)\.sql$/;

/**
 * goose `<version>_<desc>.sql` with `-- +goose Up` and `-- +goose Down` sections. goose runs
 * a file in one transaction unless it says `-- +goose NO TRANSACTION` (for the whole file,
 * both sections), and splits a section at semicolons, so a statement with semicolons inside
 * (the backfill's DO block) sits between `-- +goose StatementBegin` and `StatementEnd`.
 * Every step gets its own file, so a statement that refuses a transaction block is in a
 * file of its own. Versions follow the folder: 14-digit timestamps (goose's default) or
 * sequence numbers (`goose create -s`).
 */
export const gooseWriter: ConventionWriter = {
  id: 'goose',
  hasDown: true,
  write(plan, ctx) {
    const versions = others(ctx.existing, ctx.replacing)
      .map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1])
      .filter((v): v is string => v !== undefined);
    const next =
      versions.length > 0 && versions.every((v) => v.length < 14)
        ? numberSequence(versions, 5)
        : (() => {
            const ts = timestampSequence(
              ctx.now,
              versions.filter((v) => v.length === 14),
            );
            return () => compactTimestamp(ts());
          })();
    const files: GeneratedFile[] = [];
    for (const f of stepFiles(plan, ctx.lockTimeoutMs)) {
      const noTransaction = f.mode === 'single' || f.down?.mode === 'single';
      // Without goose's transaction, statements that belong together get their own.
      const up = noTransaction && f.mode !== 'single' ? renderSteps([f.step], 'autocommit', ctx.lockTimeoutMs) : f.up;
      const undo = downSteps([f.step]);
      const down = !f.down ? '' : noTransaction && f.down.mode !== 'single' ? renderSteps(undo, 'autocommit', ctx.lockTimeoutMs) : f.down.sql;
      const content = [
        ...(noTransaction ? ['-- +goose NO TRANSACTION'] : []),
        sqlComment(f.header),
        '',
        '-- +goose Up',
        gooseSection(up).trimEnd(),
        '',
        '-- +goose Down',
        down ? gooseSection(down).trimEnd() : `-- ${f.phase.rollback[0] ?? 'Nothing to undo: the step changes no schema.'}`,
        '',
      ].join('\n');
      files.push({
        path: `${next()}_${f.description}.sql`,
        content,
        phase: f.phase.kind,
        phaseNumber: f.phaseNumber,
        kind: 'migration',
        parts: [
          { direction: 'up', sql: up, transactional: !noTransaction },
          { direction: 'down', sql: down, transactional: !noTransaction },
        ],
      });
    }
    return files;
  },
};

/** The SQL with each statement that holds a semicolon of its own between StatementBegin and StatementEnd. */
function gooseSection(sql: string): string {
  let out = '';
  let at = 0;
  for (const s of splitStatements(sql, 'postgresql').statements) {
    if (!s.text.includes(';')) continue;
    const end = sql.indexOf(';', s.end);
    const stop = end >= 0 ? end + 1 : s.end;
    out += `${sql.slice(at, s.start)}-- +goose StatementBegin\n${sql.slice(s.start, stop)}\n-- +goose StatementEnd`;
    at = stop;
  }
  return out + sql.slice(at);
}
