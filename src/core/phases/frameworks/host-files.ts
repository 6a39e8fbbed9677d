import type { SourceAdapter } from '../../sources/adapter';
import { doBlockStatement } from '../backfill-sql';
import { directives, downSteps, headerLines, stepMode } from '../render';
import { durationLiteral } from '../sql-text';
import type { FilePart, GeneratedFile, Phase, Plan, Step, WriteContext } from '../types';
import { sameStatements } from './host-sql';

/**
 * The shape every framework writer (Rails, Django, Alembic, Laravel) fills in: one
 * migration per step of the plan, so each file either runs in the framework's own
 * transaction or opts out of it (`disable_ddl_transaction!`, `atomic = False`,
 * `$withinTransaction = false`, an Alembic autocommit block) for the one statement that
 * must run outside a transaction block. The backfill is the planner's batched DO block
 * (each batch commits on its own), run through the framework's raw-SQL call in a migration
 * outside a transaction: the same loop every convention runs, resumable by rerunning.
 */

/** One statement a migration runs, with the `lockstep-ignore` reasons it carries. */
interface HostStatement {
  readonly sql: string;
  /** `lockstep-ignore rule: reason` lines (without a comment marker) to write above it. */
  readonly ignores: readonly string[];
  /** The batched backfill (a DO block that commits per batch). */
  readonly backfill?: string;
}

/** Statements that run together. */
export interface HostBlock {
  readonly statements: readonly HostStatement[];
  /** Must run outside any transaction block (CONCURRENTLY, the backfill). */
  readonly outside: boolean;
  /** The migration runs outside a transaction but these belong together: open one. */
  readonly explicitTransaction: boolean;
  /** `SET LOCAL lock_timeout = '5s'`, first in the block's transaction. */
  readonly lockTimeout?: string;
}

/** How one framework writes a block's lines: its comment, its raw-SQL call, its call for a statement. */
export interface HostSyntax {
  readonly comment: (text: string) => string;
  readonly setLockTimeout: (sql: string) => string;
  /** The lines that run one statement of `block` (the backfill included). */
  readonly run: (statement: HostStatement, block: HostBlock) => readonly string[];
}

const BACKFILL_NOTE = 'Batched backfill: each batch commits on its own; rerunning skips rows already done.';

/** A block's lines before the framework wraps them (in a transaction, an autocommit block …). */
export function blockLines(block: HostBlock, syntax: HostSyntax): string[] {
  const lines = block.lockTimeout ? [syntax.setLockTimeout(block.lockTimeout)] : [];
  for (const s of block.statements) {
    lines.push(...s.ignores.map(syntax.comment));
    if (s.backfill) lines.push(syntax.comment(BACKFILL_NOTE));
    lines.push(...syntax.run(s, block));
  }
  return lines;
}

export interface HostFile {
  readonly plan: Plan;
  readonly phase: Phase;
  readonly phaseNumber: number;
  /** `add_users_email_1_expand`, `_2` appended when a phase has several steps. */
  readonly description: string;
  /** The framework's transaction wraps the migration (else the file opts out). */
  readonly transactional: boolean;
  readonly header: readonly string[];
  readonly up: readonly HostBlock[];
  /** Undefined when the step has nothing to undo. */
  readonly down?: readonly HostBlock[];
  /** First line of the rollback advice, for a `down` that cannot undo anything. */
  readonly noDown: string;
}

export function hostFiles(plan: Plan, ctx: WriteContext): HostFile[] {
  const out: HostFile[] = [];
  plan.phases.forEach((phase, p) => {
    phase.steps.forEach((step, i) => {
      const undo = downSteps([step]);
      const single = (steps: readonly Step[]): boolean => steps.some((s) => stepMode(s) === 'single');
      const transactional = !single([step]) && !single(undo);
      const count = phase.steps.length;
      const lockTimeout = step.kind === 'transaction' && step.lockTimeout;
      out.push({
        plan,
        phase,
        phaseNumber: p + 1,
        description: `${plan.slug}_${p + 1}_${phase.kind}${count > 1 ? `_${i + 1}` : ''}`,
        transactional,
        header: headerLines({
          plan,
          phase,
          phaseNumber: p + 1,
          ...(count > 1 ? { step: { index: i, count, summary: step.summary } } : {}),
          transactional,
          ...(lockTimeout ? { lockTimeoutMs: ctx.lockTimeoutMs } : {}),
        }),
        up: blocks([step], transactional, ctx.lockTimeoutMs),
        ...(undo.length > 0 ? { down: blocks(undo, transactional, ctx.lockTimeoutMs) } : {}),
        noDown:
          step.kind === 'backfill'
            ? 'Nothing to undo: the backfilled values stay until the rollback of the expand phase drops them.'
            : 'Nothing to undo in this step (see "How to roll it back" above).',
      });
    });
  });
  return out;
}

function blocks(steps: readonly Step[], transactional: boolean, lockTimeoutMs: number): HostBlock[] {
  const validated = new Set<string>();
  const setLocal = `SET LOCAL lock_timeout = ${durationLiteral(lockTimeoutMs)}`;
  return steps.map((step): HostBlock => {
    switch (step.kind) {
      case 'transaction': {
        const statements = step.statements.map((s) => {
          const ignores = directives(s, validated).map((d) => d.replace(/^--\s*/, ''));
          if (s.validates) validated.add(s.validates);
          return { sql: s.sql, ignores };
        });
        return {
          statements,
          outside: false,
          explicitTransaction: !transactional && (statements.length > 1 || step.lockTimeout),
          ...(step.lockTimeout ? { lockTimeout: setLocal } : {}),
        };
      }
      case 'alone': {
        const ignores = directives(step.statement, validated).map((d) => d.replace(/^--\s*/, ''));
        if (step.statement.validates) validated.add(step.statement.validates);
        return { statements: [{ sql: step.statement.sql, ignores }], outside: step.noTransaction, explicitTransaction: false };
      }
      case 'backfill': {
        const sql = doBlockStatement(step.backfill);
        return { statements: [{ sql, ignores: [], backfill: sql }], outside: true, explicitTransaction: false };
      }
    }
  });
}

/** What PostgreSQL receives for one direction, as a script (for linting and the differential tests). */
function partSql(blocks: readonly HostBlock[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.explicitTransaction) lines.push('BEGIN;');
    if (b.lockTimeout) lines.push(`${b.lockTimeout};`);
    for (const s of b.statements) lines.push(...s.ignores.map((i) => `-- ${i}`), `${s.sql};`);
    if (b.explicitTransaction) lines.push('COMMIT;');
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function fileParts(f: HostFile): FilePart[] {
  return [
    { direction: 'up', sql: partSql(f.up), transactional: f.transactional },
    { direction: 'down', sql: partSql(f.down ?? []), transactional: f.transactional },
  ];
}

export function generated(f: HostFile, path: string, content: string): GeneratedFile {
  return { path, content, phase: f.phase.kind, phaseNumber: f.phaseNumber, kind: 'migration', parts: fileParts(f) };
}

/**
 * A framework call (`add_index …`) stands for a planner statement only when the adapter,
 * reading it back, emits exactly that statement: `probe` wraps the call in a minimal
 * migration of the framework.
 */
export function emitsExactly(adapter: SourceAdapter, probe: string, expected: string): boolean {
  try {
    const source = adapter.read({ text: probe }, { dialect: 'postgresql' });
    if (source.errors.length > 0 || source.notes.length > 0) return false;
    const forward = source.statements.filter((s) => s.direction === 'forward' && s.kind === 'translated');
    return (
      forward.length > 0 &&
      sameStatements(
        forward.map((s) => s.sql),
        [expected],
      )
    );
  } catch {
    return false;
  }
}

/** Lines indented by `by`, blank lines left empty. */
export function indentLines(lines: readonly string[], by: string): string[] {
  return lines.map((l) => (l ? by + l : l));
}
