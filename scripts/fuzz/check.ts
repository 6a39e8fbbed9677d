/**
 * The invariants the analyser keeps on any input, checked through the public lint API:
 * no exception escapes, every position lies inside the text, and every fix, applied,
 * re-lints free of its own finding and adds no syntax error.
 */
import { resolveConfig } from '../../src/core/config';
import type { ResolvedConfig } from '../../src/core/config/types';
import { createLinter, type Linter, type LintResult } from '../../src/core/lint';
import type { Finding } from '../../src/core/rules/types';
import { DIALECT_NAMES, type Dialect, type Range, type TextEdit } from '../../src/core/types';

const DIALECTS = Object.keys(DIALECT_NAMES) as Dialect[];

interface Problem {
  readonly kind: 'exception' | 'position' | 'fix';
  readonly dialect: Dialect;
  readonly detail: string;
}

export interface CheckResult {
  readonly problems: Problem[];
  /**
   * Slowest single lint of this input (any dialect), in ms of CPU time (user + system) so
   * that a busy, shared machine does not inflate it; figures only, never asserted.
   */
  readonly slowestMs: number;
  /** Wall time of that same lint, in ms, for comparison. */
  readonly slowestWallMs: number;
  readonly slowestDialect: Dialect;
  readonly lints: number;
  readonly fixesChecked: number;
}

/** At most this many fixes per input and dialect are re-linted, picked evenly. */
const FIXES_PER_LINT = 4;

let shared: Promise<Linter> | undefined;
export function fuzzLinter(): Promise<Linter> {
  shared ??= createLinter([...DIALECTS]);
  return shared;
}

const configs = new Map<Dialect, ResolvedConfig>();
function configFor(dialect: Dialect): ResolvedConfig {
  let c = configs.get(dialect);
  if (!c) configs.set(dialect, (c = resolveConfig({ dialect })));
  return c;
}

export function checkInput(linter: Linter, name: string, text: string): CheckResult {
  const problems: Problem[] = [];
  let slowestMs = 0;
  let slowestWallMs = 0;
  let slowestDialect: Dialect = 'postgresql';
  let lints = 0;
  let fixesChecked = 0;
  // The file's own name picks the path (.sql or the SQL inside a .ts/.js migration) and
  // any naming convention; each dialect lints it.
  const fileName = name;
  for (const dialect of DIALECTS) {
    const config = configFor(dialect);
    let result: LintResult;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    try {
      result = linter.lint(text, { fileName, config });
    } catch (err) {
      problems.push({
        kind: 'exception',
        dialect,
        detail: err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join(' | ') : String(err),
      });
      continue;
    } finally {
      lints++;
      const cpu = process.cpuUsage(cpuStarted);
      const ms = (cpu.user + cpu.system) / 1000;
      if (ms > slowestMs) [slowestMs, slowestWallMs, slowestDialect] = [ms, performance.now() - started, dialect];
    }
    for (const f of result.findings) {
      const bad = outside(f.range, text.length) ?? (f.fix ? f.fix.edits.map((e) => editOutside(e, text.length)).find(Boolean) : undefined);
      if (bad) problems.push({ kind: 'position', dialect, detail: `${f.ruleId}: ${bad}` });
    }
    for (const s of result.statements) {
      const bad = outside(s.range, text.length);
      if (bad) problems.push({ kind: 'position', dialect, detail: `statement ${s.index}: ${bad}` });
    }
    const fixable = result.findings.filter((f) => f.fix && f.fix.edits.length > 0);
    // Large inputs re-lint one fix per dialect: each re-lint costs a whole lint.
    const step = Math.max(1, Math.ceil(fixable.length / (text.length > 50_000 ? 1 : FIXES_PER_LINT)));
    for (let i = 0; i < fixable.length; i += step) {
      fixesChecked++;
      const problem = fixProblem(linter, fileName, config, text, result, fixable[i]!);
      if (problem) problems.push({ kind: 'fix', dialect, detail: problem });
    }
  }
  return { problems, slowestMs, slowestWallMs, slowestDialect, lints, fixesChecked };
}

function outside(range: Range, length: number): string | undefined {
  const { start, end } = range;
  if (!(start.offset >= 0 && end.offset <= length && start.offset <= end.offset)) return `range ${start.offset}–${end.offset} outside 0–${length}`;
  if (start.line < 1 || start.column < 1 || end.line < start.line) return `bad line/column ${start.line}:${start.column}–${end.line}:${end.column}`;
  if (length > 0 && start.offset === length) return `empty range at the end of the file (${length})`;
  return undefined;
}

function editOutside(e: TextEdit, length: number): string | undefined {
  return e.start >= 0 && e.end <= length && e.start <= e.end ? undefined : `fix edit ${e.start}–${e.end} outside 0–${length}`;
}

const count = (findings: readonly Finding[], pred: (f: Finding) => boolean): number => findings.reduce((n, f) => n + (pred(f) ? 1 : 0), 0);

/** Applies one finding's fix and lints again: its finding must go, and no syntax error may appear. */
function fixProblem(linter: Linter, fileName: string, config: ResolvedConfig, text: string, before: LintResult, finding: Finding): string | undefined {
  let fixed: string;
  try {
    fixed = applyEdits(text, finding.fix!.edits);
  } catch (err) {
    return `${finding.ruleId}: ${(err as Error).message}`;
  }
  let after: LintResult;
  try {
    after = linter.lint(fixed, { fileName, config });
  } catch (err) {
    return `${finding.ruleId}: re-lint threw ${(err as Error).message}`;
  }
  const same = (f: Finding): boolean => f.ruleId === finding.ruleId && f.messageId === finding.messageId;
  const syntax = (f: Finding): boolean => f.ruleId === 'syntax-error';
  const title = `${finding.ruleId} "${finding.fix!.title}"`;
  if (count(after.findings, same) >= count(before.findings, same)) {
    return `${title} leaves its finding (${snippet(text, finding)})`;
  }
  if (count(after.findings, syntax) > count(before.findings, syntax)) {
    const err = after.findings.find((f) => syntax(f) && !before.findings.some((b) => syntax(b) && b.message === f.message));
    return `${title} adds a syntax error: ${err?.message.slice(0, 160) ?? ''} (${snippet(text, finding)})`;
  }
  return undefined;
}

function snippet(text: string, f: Finding): string {
  return JSON.stringify(text.slice(f.range.start.offset, Math.min(f.range.end.offset, f.range.start.offset + 80)));
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // From the end backwards; inserts at one offset keep their given order, as editors apply them.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) throw new Error('fix edits overlap');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}
