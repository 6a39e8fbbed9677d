import { durationLiteral } from './sql-text';
import { doBlockStatement, procedureStatements } from './backfill-sql';
import type { Phase, Plan, PlanStatement, Step } from './types';

/**
 * Rendering shared by the writers: header comments, and SQL scripts for a group of steps
 * in the three ways a runner can apply a file.
 */

/**
 * - `runner-transaction`: the runner wraps the file in one transaction (Flyway's default,
 *   golang-migrate and Prisma with several statements, dbmate, Knex, TypeORM);
 * - `autocommit`: statements are sent one by one outside a transaction (psql -f), so the
 *   file opens its own BEGIN … COMMIT where statements belong together;
 * - `single`: the file is sent as one query string and must hold exactly one statement
 *   that runs outside a transaction block (CONCURRENTLY, a backfill that COMMITs).
 */
export type SqlMode = 'runner-transaction' | 'autocommit' | 'single';

export interface HeaderInput {
  readonly plan: Plan;
  readonly phase: Phase;
  readonly phaseNumber: number;
  /** When the phase is split over several files: this file's step and the count. */
  readonly step?: { readonly index: number; readonly count: number; readonly summary: string };
  readonly transactional: boolean;
  readonly lockTimeoutMs?: number;
  readonly extra?: readonly string[];
}

export function headerLines(h: HeaderInput): string[] {
  const total = h.plan.phases.length;
  const lines: string[] = [];
  lines.push(
    `Lockstep phased migration: phase ${h.phaseNumber} of ${total} (${h.phase.kind})${h.step ? `, step ${h.step.index + 1} of ${h.step.count}` : ''}.`,
  );
  lines.push(h.phase.title + '.');
  if (h.step) lines.push(`This step: ${h.step.summary}.`);
  lines.push('');
  section(lines, 'What this phase does', h.phase.what);
  const isLast = h.phaseNumber === total && (!h.step || h.step.index === h.step.count - 1);
  section(
    lines,
    isLast ? 'After this phase' : h.step && h.step.index < h.step.count - 1 ? 'Before the next step' : 'Before the next phase',
    isLast
      ? ['Nothing left to run: the change is complete.', ...h.phase.beforeNext]
      : h.step && h.step.index < h.step.count - 1
        ? ['Run the next step of this phase once this one has succeeded.']
        : h.phase.beforeNext.length > 0
          ? h.phase.beforeNext
          : ['Check that this phase succeeded; nothing else needs deploying before the next one.'],
  );
  section(
    lines,
    'How to roll it back',
    h.phase.rollback.length > 0 ? h.phase.rollback : ['Run the down migration, if any; the statements here change the catalog only.'],
  );
  if (h.lockTimeoutMs !== undefined) {
    section(lines, 'Lock timeout', [
      `Statements here wait at most ${durationLiteral(h.lockTimeoutMs).slice(1, -1)} for their lock, so they cannot queue application queries behind them for long.`,
      'If one fails with "canceling statement due to lock timeout" (SQLSTATE 55P03), a long transaction held the table and nothing was changed: run this migration again, at a quieter time if it keeps happening.',
    ]);
  }
  lines.push(h.transactional ? 'Runs inside one transaction.' : 'Runs outside a transaction block: each statement commits on its own.');
  for (const e of h.extra ?? []) lines.push(e);
  return lines;
}

function section(lines: string[], title: string, items: readonly string[]): void {
  if (items.length === 0) return;
  lines.push(`${title}:`);
  for (const item of items) lines.push(`  - ${item}`);
}

export function sqlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `-- ${l}` : '--')).join('\n');
}

/** Whether any step takes a lock that conflicts with application queries. */
export function needsLockTimeout(steps: readonly Step[]): boolean {
  return steps.some((s) => s.kind === 'transaction' && s.lockTimeout);
}

/** Ignore directives a statement needs in this file, given what the file validated before it. */
export function directives(s: PlanStatement, validated: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (s.justify) out.push(`-- lockstep-ignore ${s.justify.rules.join(', ')}: ${s.justify.reason}`);
  if (s.provenBy && !validated.has(s.provenBy)) {
    out.push(
      `-- lockstep-ignore set-not-null-scans-table: ${s.provenBy}, validated by the previous step, proves there are no NULLs (PostgreSQL 12+ skips the scan)`,
    );
  }
  return out;
}

function statementText(s: PlanStatement, validated: Set<string>): string {
  const text = [...directives(s, validated), `${s.sql};`].join('\n');
  if (s.validates) validated.add(s.validates);
  return text;
}

/** The SQL of a group of steps in one file, applied the way `mode` says. */
export function renderSteps(steps: readonly Step[], mode: SqlMode, lockTimeoutMs: number): string {
  const validated = new Set<string>();
  const blocks: string[] = [];
  if (needsLockTimeout(steps)) {
    blocks.push(
      mode === 'runner-transaction' ? `SET LOCAL lock_timeout = ${durationLiteral(lockTimeoutMs)};` : `SET lock_timeout = ${durationLiteral(lockTimeoutMs)};`,
    );
  }
  for (const step of steps) {
    switch (step.kind) {
      case 'transaction': {
        const body = step.statements.map((s) => statementText(s, validated));
        if (mode === 'autocommit' && step.statements.length > 1) blocks.push(['BEGIN;', ...body, 'COMMIT;'].join('\n'));
        else blocks.push(body.join('\n'));
        break;
      }
      case 'alone':
        blocks.push(statementText(step.statement, validated));
        break;
      case 'backfill': {
        if (mode === 'autocommit') {
          const p = procedureStatements(step.backfill);
          blocks.push(`${p.create};`, `${p.call};`, `${p.drop};`);
        } else {
          blocks.push(`${doBlockStatement(step.backfill)};`);
        }
        break;
      }
    }
  }
  return blocks.join('\n\n') + '\n';
}

/** The statements of the down steps (undo), in reverse order of the up steps. */
export function downSteps(steps: readonly Step[]): Step[] {
  return [...steps].reverse().flatMap((s) => s.down);
}

/**
 * Cuts a phase into groups a runner that sends a whole file as one query can apply: each
 * transaction step (and VALIDATE) alone in a transactional file; each statement that must
 * run outside a transaction block alone in its own file.
 */
export function stepMode(step: Step): Exclude<SqlMode, 'autocommit'> {
  if (step.kind === 'backfill') return 'single';
  if (step.kind === 'alone' && step.noTransaction) return 'single';
  return 'runner-transaction';
}
