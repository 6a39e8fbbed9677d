import { downSteps, headerLines, needsLockTimeout, renderSteps, stepMode, type SqlMode } from '../render';
import type { Phase, Plan, Step } from '../types';

/**
 * For runners that send a whole file as one query string (golang-migrate, dbmate, Prisma)
 * or that decide the transaction per file (Flyway): every step becomes its own migration,
 * so a statement that must run outside a transaction block sits alone in its file, and
 * each transaction commits before the next step starts.
 */
export interface StepFile {
  readonly phase: Phase;
  readonly phaseNumber: number;
  readonly step: Step;
  readonly stepIndex: number;
  readonly stepCount: number;
  /** File-name description: `add_users_email_3_constrain_2`. */
  readonly description: string;
  readonly mode: Exclude<SqlMode, 'autocommit'>;
  readonly header: string[];
  readonly up: string;
  /** Undo of this step, with the mode it needs; undefined when there is nothing to undo. */
  readonly down?: { readonly sql: string; readonly mode: Exclude<SqlMode, 'autocommit'> };
}

export function stepFiles(plan: Plan, lockTimeoutMs: number): StepFile[] {
  const out: StepFile[] = [];
  plan.phases.forEach((phase, p) => {
    phase.steps.forEach((step, i) => {
      const mode = stepMode(step);
      const count = phase.steps.length;
      const undo = downSteps([step]);
      const downMode = undo.some((s) => stepMode(s) === 'single') ? 'single' : 'runner-transaction';
      out.push({
        phase,
        phaseNumber: p + 1,
        step,
        stepIndex: i,
        stepCount: count,
        description: `${plan.slug}_${p + 1}_${phase.kind}${count > 1 ? `_${i + 1}` : ''}`,
        mode,
        header: headerLines({
          plan,
          phase,
          phaseNumber: p + 1,
          ...(count > 1 ? { step: { index: i, count, summary: step.summary } } : {}),
          transactional: mode !== 'single',
          ...(needsLockTimeout([step]) ? { lockTimeoutMs } : {}),
        }),
        up: renderSteps([step], mode, lockTimeoutMs),
        ...(undo.length > 0 ? { down: { sql: renderSteps(undo, downMode, lockTimeoutMs), mode: downMode } } : {}),
      });
    });
  });
  return out;
}
