/**
 * A time budget for analysing one file. Editors lint on every pause in typing on their
 * own thread, so a file that would take longer than the budget is abandoned and reported
 * as too complex rather than blocking the editor. The budget is checked between
 * statements (parsing and rules), which bounds the overrun by one statement's work: every
 * per-statement step is linear in the statement's length.
 */
export interface Deadline {
  /** `performance.now()` past which the analysis gives up. */
  readonly at: number;
  readonly budgetMs: number;
}

export class AnalysisTimeout extends Error {
  constructor(readonly budgetMs: number) {
    super(`the analysis took longer than ${budgetMs} ms`);
    this.name = 'AnalysisTimeout';
  }
}

export function deadlineIn(budgetMs: number | undefined): Deadline | undefined {
  return budgetMs === undefined ? undefined : { at: performance.now() + budgetMs, budgetMs };
}

/** Throws `AnalysisTimeout` once the deadline has passed. */
export function checkDeadline(deadline: Deadline | undefined): void {
  if (deadline && performance.now() > deadline.at) throw new AnalysisTimeout(deadline.budgetMs);
}
