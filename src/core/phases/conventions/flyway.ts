import { numberSequence, others, timestampSequence, compactTimestamp } from '../naming';
import { sqlComment } from '../render';
import type { ConventionWriter, GeneratedFile } from '../types';
import { stepFiles } from './per-step';

const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;

/**
 * Flyway versioned migrations `V<n>__<desc>.sql`. Flyway runs a file in one transaction
 * unless its script config file (`<file>.conf`) says `executeInTransaction=false`, which
 * the steps that refuse a transaction block get. Flyway Community has no down migrations.
 */
export const flywayWriter: ConventionWriter = {
  id: 'flyway',
  hasDown: false,
  write(plan, ctx) {
    const versions = others(ctx.existing, ctx.replacing)
      .map((e) => VERSIONED.exec(e.split('/').pop()!)?.[1])
      .filter((v): v is string => v !== undefined);
    const next = versionSequence(versions, ctx.now);
    const files: GeneratedFile[] = [];
    for (const f of stepFiles(plan, ctx.lockTimeoutMs)) {
      const name = `V${next()}__${f.description}.sql`;
      const transactional = f.mode !== 'single';
      files.push({
        path: name,
        content: `${sqlComment(f.header)}\n\n${f.up}`,
        phase: f.phase.kind,
        phaseNumber: f.phaseNumber,
        kind: 'migration',
        parts: [{ direction: 'up', sql: f.up, transactional }],
      });
      if (!transactional) {
        files.push({
          path: `${name}.conf`,
          content: 'executeInTransaction=false\n',
          phase: f.phase.kind,
          phaseNumber: f.phaseNumber,
          kind: 'config',
          parts: [],
        });
      }
    }
    return files;
  },
};

/** Integer versions continue from the highest; timestamp-like versions get timestamps; dotted versions bump their last part. */
function versionSequence(versions: readonly string[], now: Date): () => string {
  const plain = versions.filter((v) => /^\d+$/.test(v));
  if (plain.some((v) => v.length >= 12)) {
    const ts = timestampSequence(
      now,
      plain.filter((v) => v.length === 14),
    );
    return () => compactTimestamp(ts());
  }
  const dotted = versions.filter((v) => /[._]/.test(v));
  if (dotted.length > 0 && plain.length === 0) {
    const parts = dotted.map((v) => v.split(/[._]/).map(Number)).sort((a, b) => compareParts(b, a))[0]!;
    const sep = /[._]/.exec(dotted[0]!)![0];
    return () => {
      parts[parts.length - 1]! += 1;
      return parts.join(sep);
    };
  }
  // Flyway orders versions numerically, so padding is not needed; keep it if the folder has it.
  return numberSequence(plain, 1);
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
