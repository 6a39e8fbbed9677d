import { downSteps, headerLines, needsLockTimeout, renderSteps, sqlComment } from '../render';
import { numberSequence, others } from '../naming';
import type { Dialect } from '../../types';
import type { ConventionWriter, GeneratedFile } from '../types';

const NUMBERED = /^(\d+)([_-])(.+)\.sql$/;

/** How each engine's own client applies a file statement by statement. */
const APPLY_WITH: Readonly<Record<Dialect, string>> = {
  postgresql: 'Apply with psql -f (not --single-transaction): the file manages its own transactions.',
  mysql:
    'Apply with the mysql client (mysql <database> < file): each statement commits on its own; the client reads the DELIMITER lines around a stored procedure (a runner that sends statements itself must send the CREATE PROCEDURE … END as one statement, without them).',
  mariadb:
    'Apply with the mariadb client (mariadb <database> < file): each statement commits on its own; the client reads the DELIMITER lines around a stored procedure (a runner that sends statements itself must send the CREATE PROCEDURE … END as one statement, without them).',
  sqlite: 'Apply with the sqlite3 shell (sqlite3 app.db < file) or any runner that sends the statements one by one: the file manages its own transactions.',
};

/**
 * Numbered SQL files applied in order by psql (or any runner that sends statements one by
 * one): one file per phase, `down` files beside them. Statements that belong together get
 * an explicit BEGIN … COMMIT; the rest commit one by one.
 */
export const plainWriter: ConventionWriter = {
  id: 'plain',
  hasDown: true,
  write(plan, ctx) {
    const names = others(ctx.existing, ctx.replacing)
      .map((e) => NUMBERED.exec(e.split('/').pop()!))
      .filter((m): m is RegExpExecArray => m !== null);
    const sep = names.filter((m) => m[2] === '-').length > names.length / 2 ? '-' : '_';
    const next = numberSequence(
      names.map((m) => m[1]!),
      4,
    );
    const lockTimeoutMs = ctx.lockTimeoutMs;
    const files: GeneratedFile[] = [];
    plan.phases.forEach((phase, i) => {
      const n = next();
      const base = `${n}${sep}${plan.slug}_${phase.kind}`;
      const timeout = needsLockTimeout(phase.steps) ? { lockTimeoutMs } : {};
      const header = headerLines({ plan, phase, phaseNumber: i + 1, transactional: false, ...timeout, extra: [APPLY_WITH[plan.dialect ?? 'postgresql']] });
      const up = renderSteps(phase.steps, 'autocommit', lockTimeoutMs);
      files.push({
        path: `${base}.sql`,
        content: `${sqlComment(header)}\n\n${up}`,
        phase: phase.kind,
        phaseNumber: i + 1,
        kind: 'migration',
        parts: [{ direction: 'up', sql: up, transactional: false }],
      });
      const undo = downSteps(phase.steps);
      if (undo.length > 0) {
        const down = renderSteps(undo, 'autocommit', lockTimeoutMs);
        const downHeader = [
          `Rollback of ${base}.sql (phase ${i + 1} of ${plan.phases.length}, ${phase.kind}). Not part of the forward run: apply by hand when rolling back.`,
          ...phase.rollback.map((r) => `  - ${r}`),
        ];
        files.push({
          path: `${base}.down.sql`,
          content: `${sqlComment(downHeader)}\n\n${down}`,
          phase: phase.kind,
          phaseNumber: i + 1,
          kind: 'migration',
          parts: [{ direction: 'down', sql: down, transactional: false }],
        });
      }
    });
    return files;
  },
};
