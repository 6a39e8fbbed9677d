import assert from 'node:assert/strict';
import { resolveConfig, type ConfigFile } from '../../src/core/config';
import { createLinter, type Linter } from '../../src/core/lint';
import { RULES } from '../../src/core/rules';
import type { AnyRule, Finding } from '../../src/core/rules/types';
import type { TextEdit } from '../../src/core/types';

export interface ValidCase {
  readonly sql: string;
  readonly config?: ConfigFile;
  readonly name?: string;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line?: number;
  readonly column?: number;
  /** The rendered message must match (a string must appear in it). */
  readonly message?: string | RegExp;
}

export interface InvalidCase extends ValidCase {
  readonly findings: readonly ExpectedFinding[];
  /** The file after applying the first finding's fix; `null` when the rule offers none. */
  readonly output?: string | null;
}

let linter: Promise<Linter> | undefined;
export function sharedLinter(): Promise<Linter> {
  // Test files are written before they are linted and not changed after: read each once.
  linter ??= createLinter(['postgresql', 'mysql', 'mariadb', 'sqlite'], { fileCacheMs: Infinity });
  return linter;
}

/** Lint with only `rule` enabled, so a case sees exactly that rule's findings. */
export async function lintWithRule(rule: AnyRule, sql: string, config: ConfigFile = {}): Promise<Finding[]> {
  const only = Object.fromEntries(RULES.map((r) => [r.meta.id, r === rule ? (config.rules?.[r.meta.id] ?? r.meta.defaultSeverity) : 'off']));
  const resolved = resolveConfig({ ...config, rules: only });
  const result = (await sharedLinter()).lint(sql, { config: resolved });
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // From the end backwards; inserts at one offset keep their given order, as editors apply them.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    assert.ok(e.end <= lastStart, 'fix edits overlap');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

/**
 * Declarative rule tests, in the manner of ESLint's RuleTester:
 * every valid case yields no finding from the rule; every invalid case yields exactly the
 * listed findings; a fix, when offered, must be expected as `output`, must parse, and must
 * make the rule's finding go away. Beyond the first, every finding's fix, applied on its
 * own, must leave fewer of that finding and no new syntax error (`assertEveryFixHolds`).
 */
export function ruleCases(rule: AnyRule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const seen = new Set<string>();
  const key = (c: ValidCase): string => JSON.stringify([c.sql, c.config]);
  describe(rule.meta.id, () => {
    for (const c of [...cases.valid, ...cases.invalid]) {
      assert.ok(!seen.has(key(c)), `duplicate case: ${c.sql}`);
      seen.add(key(c));
    }
    for (const c of cases.valid) {
      it(`valid: ${c.name ?? c.sql}`, async () => {
        const findings = await lintWithRule(rule, c.sql, c.config);
        assert.deepEqual(
          findings.map((f) => `${f.messageId}: ${f.message}`),
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name ?? c.sql}`, async () => {
        const findings = await lintWithRule(rule, c.sql, c.config);
        assert.equal(findings.length, c.findings.length, `findings: ${findings.map((f) => f.message).join(' | ')}`);
        c.findings.forEach((expected, i) => {
          const actual = findings[i]!;
          assert.ok(expected.messageId in rule.meta.messages, `unknown messageId ${expected.messageId}`);
          assert.equal(actual.messageId, expected.messageId);
          if (expected.line !== undefined) assert.equal(actual.range.start.line, expected.line);
          if (expected.column !== undefined) assert.equal(actual.range.start.column, expected.column);
          assert.doesNotMatch(actual.message, /\{\w+\}/, 'message has an unfilled placeholder');
          if (typeof expected.message === 'string') assert.ok(actual.message.includes(expected.message), `message: ${actual.message}`);
          else if (expected.message) assert.match(actual.message, expected.message);
        });
        const fix = findings[0]?.fix;
        if (fix) {
          assert.ok(rule.meta.fixable, 'rule offers a fix but meta.fixable is not set');
          assert.notEqual(c.output, undefined, `a fix is offered ("${fix.title}"): the case must give the expected output`);
          const fixed = applyEdits(c.sql, fix.edits);
          assert.equal(fixed, c.output);
          const parsed = (await sharedLinter()).parse(fixed, c.config?.dialect ?? 'postgresql');
          assert.deepEqual(
            parsed.statements.filter((s) => s.error).map((s) => s.error!.message),
            [],
            'fixed SQL must parse',
          );
          const again = await lintWithRule(rule, fixed, c.config);
          assert.ok(
            again.every((f) => f.messageId !== findings[0]!.messageId || f.statementIndex !== findings[0]!.statementIndex) || again.length < findings.length,
            `fix did not remove the finding: ${again.map((f) => f.message).join(' | ')}`,
          );
        } else {
          assert.ok(c.output === undefined || c.output === null, 'output given but the rule offered no fix');
        }
        await assertEveryFixHolds(rule, c, findings);
      });
    }
  });
}

/**
 * Each fix applied alone: the file re-lints with fewer findings of that kind and no more
 * syntax errors than before (an inserted statement must not break its neighbours).
 */
export async function assertEveryFixHolds(rule: AnyRule, c: ValidCase, findings: readonly Finding[]): Promise<void> {
  const dialect = c.config?.dialect ?? 'postgresql';
  const linter = await sharedLinter();
  const syntaxErrors = (text: string): number => linter.parse(text, dialect).statements.filter((s) => s.error).length;
  const before = syntaxErrors(c.sql);
  for (const f of findings) {
    if (!f.fix) continue;
    const fixed = applyEdits(c.sql, f.fix.edits);
    assert.ok(syntaxErrors(fixed) <= before, `fix "${f.fix.title}" adds a syntax error:\n${fixed}`);
    const again = await lintWithRule(rule, fixed, c.config);
    const same = (x: Finding): boolean => x.messageId === f.messageId;
    assert.ok(again.filter(same).length < findings.filter(same).length, `fix "${f.fix.title}" leaves its finding:\n${fixed}`);
  }
}
