import { compactTimestamp, others, timestampSequence } from '../naming';
import { sqlComment } from '../render';
import type { ConventionWriter, GeneratedFile } from '../types';
import { stepFiles } from './per-step';

const MIGRATION = /^(\d{14})_(.+)\.sql$/;

/**
 * dbmate `<timestamp>_<desc>.sql` with `-- migrate:up` and `-- migrate:down` sections.
 * dbmate wraps each section in a transaction unless the directive says `transaction:false`;
 * without one it still sends the section as one query string, so a statement that refuses
 * a transaction block must be alone in its section.
 */
export const dbmateWriter: ConventionWriter = {
  id: 'dbmate',
  hasDown: true,
  write(plan, ctx) {
    const stamps = others(ctx.existing, ctx.replacing)
      .map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1])
      .filter((v): v is string => v !== undefined);
    const next = timestampSequence(ctx.now, stamps);
    const files: GeneratedFile[] = [];
    for (const f of stepFiles(plan, ctx.lockTimeoutMs)) {
      const upTx = f.mode !== 'single';
      const downTx = f.down?.mode !== 'single';
      const content = [
        `-- migrate:up${upTx ? '' : ' transaction:false'}`,
        sqlComment(f.header),
        '',
        f.up,
        `-- migrate:down${downTx ? '' : ' transaction:false'}`,
        f.down ? f.down.sql : `-- Nothing to undo: ${f.phase.rollback[0] ?? 'the step changes no schema'}\n`,
      ].join('\n');
      files.push({
        path: `${compactTimestamp(next())}_${f.description}.sql`,
        content,
        phase: f.phase.kind,
        phaseNumber: f.phaseNumber,
        kind: 'migration',
        parts: [
          { direction: 'up', sql: f.up, transactional: upTx },
          { direction: 'down', sql: f.down?.sql ?? '', transactional: downTx },
        ],
      });
    }
    return files;
  },
};
