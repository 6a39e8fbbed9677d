import { displayName } from '../../operations';
import { batchUpdateSql, firstKeySql } from '../backfill-sql';
import { directives, downSteps, headerLines, needsLockTimeout } from '../render';
import { durationLiteral, ident, tableSql } from '../sql-text';
import type { Backfill, FilePart, GeneratedFile, Phase, Plan, PlanStatement, Step, WriteContext } from '../types';

/**
 * Writers for ORM conventions (Knex, TypeORM, Sequelize): one migration per phase, in the
 * project's language. A phase that is one transaction keeps the runner's transaction; any
 * other turns it off and opens its own transactions where statements belong together. The
 * backfill is a loop in the script itself: one UPDATE per key range, each in its own short
 * transaction, progress on the console, resumable by rerunning.
 */
export interface ScriptApi {
  /** `await knex.raw(…)` for one statement. */
  run(sqlLiteral: string): string;
  /** Lines that run `body` (built with `runIn`) inside one transaction. */
  transaction(body: (runIn: (sqlLiteral: string) => string) => string[]): string[];
  /** An expression for the rows of a parameterised SELECT (params as JS expressions). */
  select(sqlLiteral: string, params: readonly string[]): string;
  /** Lines that run a parameterised UPDATE in its own transaction and add its row count to `done`. */
  batchUpdate(sqlLiteral: string, params: readonly string[], lockTimeout: string): string[];
  /** Parameter markers in order: `?` for Knex, `$n` for TypeORM and Sequelize. */
  marker(n: number): string;
  /** The whole file. */
  module(input: ModuleInput): string;
  /** File name for the phase. */
  fileName(base: { stamp: Date; slug: string; ext: string }): string;
  readonly commentStyle: 'js';
  /**
   * Queries outside a transaction may go to different pooled connections (Knex,
   * Sequelize), so a session-level SET would not reach the next query: lock_timeout is
   * then set LOCAL inside each step's own transaction.
   */
  readonly pooled: boolean;
  /** The runner wraps each migration in a transaction unless the file opts out (Knex, TypeORM; not Sequelize). */
  readonly runnerTransactions: boolean;
}

interface ModuleInput {
  readonly header: readonly string[];
  readonly up: readonly string[];
  readonly down: readonly string[];
  /** False: the runner must not wrap this migration in a transaction. */
  readonly transactional: boolean;
  readonly className: string;
}

/** A JS string literal holding `sql` exactly: a template literal without substitutions. */
function jsSql(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

export function indent(lines: readonly string[], by = '  '): string[] {
  return lines.map((l) => (l ? by + l : l));
}

/** Lines for a set of steps, and the equivalent SQL script (for linting and tests). */
function stepLines(api: ScriptApi, steps: readonly Step[], transactional: boolean, lockTimeoutMs: number): { lines: string[]; sql: string[] } {
  const lines: string[] = [];
  const sql: string[] = [];
  const validated = new Set<string>();
  const emit = (s: PlanStatement, runIn: (lit: string) => string): string[] => {
    const found = directives(s, validated);
    if (s.validates) validated.add(s.validates);
    sql.push(...found, `${s.sql};`);
    return [...found.map((d) => `// ${d.slice(3)}`), runIn(jsSql(s.sql))];
  };
  // In a pooled step's own transaction the SET is session-level on purpose: the pooled
  // connection is the migration runner's, and Lockstep's linter reads a SET LOCAL it cannot
  // see inside an ORM transaction callback as having no effect.
  const local = `SET lock_timeout = ${durationLiteral(lockTimeoutMs)}`;
  const perStep = !transactional && api.pooled;
  if (needsLockTimeout(steps) && !perStep) {
    const set = `SET ${transactional ? 'LOCAL ' : ''}lock_timeout = ${durationLiteral(lockTimeoutMs)}`;
    lines.push(api.run(jsSql(set)));
    sql.push(`${set};`);
  }
  for (const step of steps) {
    if (step.kind === 'alone') lines.push(...emit(step.statement, (l) => api.run(l)));
    else if (step.kind === 'transaction') {
      const own = !transactional && (step.statements.length > 1 || (perStep && step.lockTimeout));
      if (!own) for (const s of step.statements) lines.push(...emit(s, (l) => api.run(l)));
      else {
        sql.push('BEGIN;');
        const setFirst = perStep && step.lockTimeout;
        if (setFirst) sql.push(`${local};`);
        lines.push(...api.transaction((runIn) => [...(setFirst ? [runIn(jsSql(local))] : []), ...step.statements.flatMap((s) => emit(s, runIn))]));
        sql.push('COMMIT;');
      }
    } else {
      const b = backfillLines(api, step.backfill);
      lines.push(...b.lines);
      sql.push(...b.sql);
    }
  }
  return { lines, sql };
}

function backfillLines(api: ScriptApi, b: Backfill): { lines: string[]; sql: string[] } {
  const t = tableSql(b.table);
  const k = ident(b.key);
  const label = `${displayName(b.table)}.${b.assignments.map((a) => a.column).join(', ')}`;
  const update = batchUpdateSql(b, [api.marker(1), api.marker(2)]);
  const body = [
    `const batchSize = ${b.batchSize};`,
    `const pauseMs = ${b.pauseMs};`,
    '/** Set to the last key printed by an interrupted run to resume after it (null: from the start). */',
    'const resumeAfter = null;',
    ...(b.placeholder ? [`throw new Error(${JSON.stringify(`lockstep backfill: edit this migration first (${b.placeholder})`)});`] : []),
    `const [bounds] = ${api.select(jsSql(firstKeySql(b)), [])};`,
    'const lastKey = bounds.last_key;',
    `let lo = resumeAfter === null ? bounds.lo : (${api.select(jsSql(`SELECT min(${k}) AS lo FROM ${t} WHERE ${k} > ${api.marker(1)}`), ['resumeAfter'])})[0].lo;`,
    'let done = 0;',
    'while (lo !== null && lo !== undefined) {',
    ...indent([
      `const [range] = ${api.select(jsSql(`SELECT max(${k}) AS hi FROM (SELECT ${k} FROM ${t} WHERE ${k} >= ${api.marker(1)} ORDER BY ${k} LIMIT ${api.marker(2)}) AS batch`), ['lo', 'batchSize'])};`,
      'const hi = range.hi;',
      'try {',
      ...indent(api.batchUpdate(jsSql(update), ['lo', 'hi'], jsSql(`SET LOCAL lock_timeout = ${durationLiteral(b.lockTimeoutMs)}`))),
      '} catch (err) {',
      '  // A batch that waited past lock_timeout (SQLSTATE 55P03) changed nothing: wait and retry it.',
      "  if (err && err.code === '55P03') { console.log(`lockstep backfill " +
        label +
        ': batch from ${lo} waited past lock_timeout; retrying`); await new Promise((r) => setTimeout(r, 1000)); continue; }',
      '  throw err;',
      '}',
      `console.log(\`lockstep backfill ${label}: \${done} rows updated, through ${b.key} \${hi} of \${lastKey}\`);`,
      `lo = (${api.select(jsSql(`SELECT min(${k}) AS lo FROM ${t} WHERE ${k} > ${api.marker(1)}`), ['hi'])})[0].lo;`,
      'if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));',
    ]),
    '}',
    `console.log(\`lockstep backfill ${label}: finished, \${done} rows updated\`);`,
  ];
  // A block per backfill: a phase that fills several columns declares the same names again.
  const lines = [`// Backfill ${label}: settings below; rerunning skips rows already done.`, '{', ...indent(body), '}'];
  // What PostgreSQL sees from one batch, for linting: a key-range UPDATE in its own transaction.
  const sql = ['BEGIN;', `SET LOCAL lock_timeout = ${durationLiteral(b.lockTimeoutMs)};`, `${batchUpdateSql(b, ['$1', '$2'])};`, 'COMMIT;'];
  return { lines, sql };
}

/** One file per phase for a script convention. */
export function writeScripts(api: ScriptApi, plan: Plan, ctx: WriteContext, stamps: () => Date, ext: string): GeneratedFile[] {
  return plan.phases.map((phase: Phase, i) => {
    const only = phase.steps.length === 1 ? phase.steps[0]! : undefined;
    const transactional = api.runnerTransactions && (only?.kind === 'transaction' || (only?.kind === 'alone' && !only.noTransaction));
    const up = stepLines(api, phase.steps, transactional, ctx.lockTimeoutMs);
    const undo = downSteps(phase.steps);
    const downTx = undo.length === 1 && (undo[0]!.kind === 'transaction' || (undo[0]!.kind === 'alone' && !undo[0]!.noTransaction));
    const down = stepLines(api, undo, transactional && downTx, ctx.lockTimeoutMs);
    const header = headerLines({
      plan,
      phase,
      phaseNumber: i + 1,
      transactional,
      ...(needsLockTimeout(phase.steps) ? { lockTimeoutMs: ctx.lockTimeoutMs } : {}),
    });
    const stamp = stamps();
    const slug = `${plan.slug}_${i + 1}_${phase.kind}`;
    const path = api.fileName({ stamp, slug, ext });
    const content = api.module({
      header,
      up: up.lines,
      down: undo.length > 0 ? down.lines : [`// ${phase.rollback[0] ?? 'Nothing to undo: this phase changes no schema.'}`],
      transactional,
      className: `${slug}_${stamp.getTime()}`,
    });
    const parts: FilePart[] = [
      { direction: 'up', sql: up.sql.join('\n') + '\n', transactional },
      { direction: 'down', sql: down.sql.join('\n') + (down.sql.length ? '\n' : ''), transactional: transactional && downTx },
    ];
    return { path, content, phase: phase.kind, phaseNumber: i + 1, kind: 'migration', parts };
  });
}

export function blockComment(lines: readonly string[]): string {
  return ['/**', ...lines.map((l) => (l ? ` * ${l.replace(/\*\//g, '* /')}` : ' *')), ' */'].join('\n');
}
