import { compactTimestamp, numberSequence, others, timestampSequence } from '../naming';
import { sqlComment } from '../render';
import type { ConventionWriter, GeneratedFile } from '../types';
import { stepFiles } from './per-step';

const MIGRATION = /^(\d+)_(.+)\.(up|down)\.sql$/;

/**
 * golang-migrate `<version>_<desc>.up.sql` / `.down.sql`. Its PostgreSQL driver sends a
 * file as one query string: several statements run as one implicit transaction, a single
 * statement runs on its own, so statements that refuse a transaction block get a file
 * each. Versions follow the folder: 14-digit timestamps, Unix seconds, or padded sequence
 * numbers (`migrate create -seq`).
 */
export const golangMigrateWriter: ConventionWriter = {
  id: 'golang-migrate',
  hasDown: true,
  write(plan, ctx) {
    const versions = [
      ...new Set(
        others(ctx.existing, ctx.replacing)
          .map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1])
          .filter((v): v is string => v !== undefined),
      ),
    ];
    const next = versionSequence(versions, ctx.now);
    const files: GeneratedFile[] = [];
    for (const f of stepFiles(plan, ctx.lockTimeoutMs)) {
      const base = `${next()}_${f.description}`;
      const transactional = f.mode !== 'single';
      files.push({
        path: `${base}.up.sql`,
        content: `${sqlComment(f.header)}\n\n${f.up}`,
        phase: f.phase.kind,
        phaseNumber: f.phaseNumber,
        kind: 'migration',
        parts: [{ direction: 'up', sql: f.up, transactional }],
      });
      const down = f.down?.sql ?? '';
      const downHeader = f.down
        ? [`Rollback of ${base}.up.sql.`, ...(f.down.mode === 'single' ? ['Holds one statement so it runs outside a transaction block.'] : [])]
        : [`Rollback of ${base}.up.sql: nothing to undo (${f.phase.rollback[0] ?? 'the step changes no schema'}).`];
      files.push({
        path: `${base}.down.sql`,
        content: `${sqlComment(downHeader)}\n${down ? `\n${down}` : ''}`,
        phase: f.phase.kind,
        phaseNumber: f.phaseNumber,
        kind: 'migration',
        parts: [{ direction: 'down', sql: down, transactional: f.down?.mode !== 'single' }],
      });
    }
    return files;
  },
};

function versionSequence(versions: readonly string[], now: Date): () => string {
  if (versions.length === 0 || versions.some((v) => v.length === 14)) {
    const ts = timestampSequence(
      now,
      versions.filter((v) => v.length === 14),
    );
    return () => compactTimestamp(ts());
  }
  if (versions.every((v) => v.length === 10 && !v.startsWith('0'))) {
    const ts = timestampSequence(
      now,
      versions.map((v) => String(Number(v) * 1000)),
    );
    return () => String(Math.floor(ts().getTime() / 1000));
  }
  return numberSequence(versions, 6);
}
