import { compactTimestamp, others, timestampSequence } from '../naming';
import { sqlComment } from '../render';
import type { ConventionWriter, GeneratedFile } from '../types';
import { stepFiles } from './per-step';

const FOLDER = /^(\d{14})_[^/]+(?:\/|$)/;

/**
 * Prisma Migrate `<timestamp>_<desc>/migration.sql` under `prisma/migrations`. Prisma sends
 * the script as one query string (several statements: one implicit transaction), so a
 * statement that refuses a transaction block gets a migration of its own. Prisma has no
 * down migrations.
 */
export const prismaWriter: ConventionWriter = {
  id: 'prisma',
  hasDown: false,
  write(plan, ctx) {
    const stamps = others(ctx.existing, ctx.replacing)
      .map((e) => FOLDER.exec(e)?.[1])
      .filter((v): v is string => v !== undefined);
    const next = timestampSequence(ctx.now, stamps);
    return stepFiles(plan, ctx.lockTimeoutMs).map((f): GeneratedFile => ({
      path: `${compactTimestamp(next())}_${f.description}/migration.sql`,
      content: `${sqlComment(f.header)}\n\n${f.up}`,
      phase: f.phase.kind,
      phaseNumber: f.phaseNumber,
      kind: 'migration',
      parts: [{ direction: 'up', sql: f.up, transactional: f.mode !== 'single' }],
    }));
  },
};
