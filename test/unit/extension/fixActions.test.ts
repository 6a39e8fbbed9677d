import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { RULES } from '../../../src/core/rules';
import type { Fix } from '../../../src/core/rules/types';
import { fixActionShape, fixAllEdits } from '../../../src/extension/fixActions';
import { sharedLinter } from '../../helpers/rule-cases';

describe('fix safety reaches the editor', () => {
  it('a safe fix is a preferred quick fix with its own title', () => {
    assert.deepEqual(fixActionShape({ title: 'Add CONCURRENTLY', edits: [], safety: 'safe' }), {
      title: 'Add CONCURRENTLY',
      kind: 'quickfix',
      isPreferred: true,
    });
  });

  it('an unsafe fix, or one whose rule does not say, is a refactoring that is never preferred', () => {
    for (const safety of ['unsafe', undefined] as const) {
      const shape = fixActionShape({ title: 'Add the column nullable, then enforce NOT NULL after a backfill', edits: [], ...(safety ? { safety } : {}) });
      assert.equal(shape.kind, 'refactor.rewrite');
      assert.equal(shape.isPreferred, false);
      assert.match(shape.title, /^Rewrite \(review before applying\): Add the column nullable/);
    }
  });

  it("the linter stamps each fix with its rule's fixable", async () => {
    const linter = await sharedLinter();
    const config = resolveConfig({ targetVersion: 16, tables: { users: { rows: 5_000_000 } } });
    const sql = 'CREATE INDEX users_email ON users (email);\nALTER TABLE users ADD COLUMN plan text NOT NULL;\n';
    const byRule = new Map(RULES.map((r) => [r.meta.id, r.meta.fixable]));
    const fixed = linter.lint(sql, { config }).findings.filter((f) => f.fix);
    assert.ok(
      fixed.some((f) => f.fix!.safety === 'safe'),
      'a safe fix was seen',
    );
    assert.ok(
      fixed.some((f) => f.fix!.safety === 'unsafe'),
      'an unsafe fix was seen',
    );
    for (const f of fixed) assert.equal(f.fix!.safety, byRule.get(f.ruleId) === 'safe' ? 'safe' : 'unsafe', f.ruleId);
    for (const f of fixed) assert.equal(fixActionShape(f.fix!).isPreferred, byRule.get(f.ruleId) === 'safe', f.ruleId);
  });
});

describe('extension: source.fixAll.lockstep', () => {
  const apply = (text: string, edits: readonly { start: number; end: number; text: string }[]) =>
    [...edits].reverse().reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);

  it('applies every safe fix at once, and the result lints clean and parses', async () => {
    const sql =
      'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);\nCREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n';
    const linter = await sharedLinter();
    const before = linter.lint(sql, { config: resolveConfig({}) }).findings;
    assert.equal(before.filter((f) => f.fix?.safety === 'safe').length, 4);
    const fixed = apply(sql, fixAllEdits(before.flatMap((f) => (f.fix ? [f.fix] : []))));
    assert.deepEqual(linter.lint(fixed, { config: resolveConfig({}) }).findings, []);
    assert.equal(fixed.match(/SET lock_timeout/g)?.length, 1);
  });

  it('never applies an unsafe fix, and skips a fix that overlaps an earlier one', () => {
    const fix = (safety: 'safe' | 'unsafe', start: number, end: number, text: string): Fix => ({ title: text, safety, edits: [{ start, end, text }] });
    assert.deepEqual(fixAllEdits([fix('unsafe', 0, 1, 'x')]), []);
    assert.deepEqual(fixAllEdits([fix('safe', 5, 9, 'b'), fix('safe', 0, 6, 'a')]), [{ start: 0, end: 6, text: 'a' }]);
    assert.deepEqual(fixAllEdits([fix('safe', 0, 0, 'p'), fix('safe', 0, 0, 'q')]), [{ start: 0, end: 0, text: 'p' }]);
    assert.deepEqual(fixAllEdits([fix('safe', 0, 0, 'p'), fix('safe', 0, 0, 'p')]), [{ start: 0, end: 0, text: 'p' }]);
  });
});
