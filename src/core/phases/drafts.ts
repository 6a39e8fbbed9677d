import type { Dialect } from '../types';
import type { Phase, PhaseKind, Plan, PlanStatement, Step } from './types';

/**
 * Phases as the MySQL/MariaDB and SQLite planners collect them: steps plus the header's
 * lists, assembled into a `Plan` in expand → backfill → constrain → contract order.
 */
interface Draft {
  readonly steps: Step[];
  readonly what: string[];
  readonly beforeNext: string[];
  readonly rollback: string[];
}

const TITLES: Readonly<Record<PhaseKind, string>> = {
  expand: 'Expand: add the new schema without rebuilding the table',
  backfill: 'Backfill: fill existing rows in small batches, each committed on its own',
  constrain: 'Constrain: enforce the final definition once every row has a value',
  contract: 'Contract: remove what the old application code used, after the dual-write period',
};

const ORDER: readonly PhaseKind[] = ['expand', 'backfill', 'constrain', 'contract'];

export class PhaseDrafts {
  private readonly drafts: Record<PhaseKind, Draft> = {
    expand: { steps: [], what: [], beforeNext: [], rollback: [] },
    backfill: { steps: [], what: [], beforeNext: [], rollback: [] },
    constrain: { steps: [], what: [], beforeNext: [], rollback: [] },
    contract: { steps: [], what: [], beforeNext: [], rollback: [] },
  };
  /** Phases that hold only instructions (an online schema change run outside the runner). */
  private readonly manual = new Set<PhaseKind>();

  /** Statements that run one by one, each committing on its own. */
  statements(kind: PhaseKind, summary: string, statements: readonly PlanStatement[], down: readonly PlanStatement[] = []): void {
    const undo: Step[] = down.map((d) => ({ kind: 'alone', summary: `Undo: ${summary}`, statement: d, noTransaction: false, down: [] }));
    statements.forEach((s, i) => {
      this.drafts[kind].steps.push({ kind: 'alone', summary, statement: s, noTransaction: false, down: i === 0 ? undo : [] });
    });
  }

  /** A phase run by hand (gh-ost, pt-online-schema-change): its file holds the instructions only. */
  manualStep(kind: PhaseKind): void {
    this.manual.add(kind);
  }

  what(kind: PhaseKind, ...lines: string[]): void {
    this.drafts[kind].what.push(...lines);
  }

  beforeNext(kind: PhaseKind, ...lines: string[]): void {
    this.drafts[kind].beforeNext.push(...lines);
  }

  rollback(kind: PhaseKind, ...lines: string[]): void {
    this.drafts[kind].rollback.push(...lines);
  }

  build(dialect: Dialect, slug: string, notes: readonly string[]): Plan {
    const phases: Phase[] = ORDER.filter((k) => this.drafts[k].steps.length > 0 || this.manual.has(k)).map((k) => ({
      kind: k,
      title: TITLES[k],
      slug: k,
      what: unique(this.drafts[k].what),
      beforeNext: unique(this.drafts[k].beforeNext),
      rollback: unique(this.drafts[k].rollback),
      steps: this.drafts[k].steps,
    }));
    const allNotes = phases.length === 0 ? [...notes, 'Nothing to phase: the migration has no statement that changes an existing table.'] : [...notes];
    return { dialect, phases, notes: allNotes, slug };
  }
}

/**
 * How many times a batch statement is repeated: enough for the configured row count, plus
 * a margin for rows added since. Each repetition touches only rows still missing a value,
 * so extra ones do nothing.
 */
export function batchCount(rows: number, batchSize: number): number {
  return Math.ceil((rows * 1.1) / batchSize) + 1;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
