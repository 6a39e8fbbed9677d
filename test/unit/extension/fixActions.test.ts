import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { RULES } from '../../../src/core/rules';
import { fixActionShape } from '../../../src/extension/fixActions';
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
