import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { createLinter } from '../../../src/core/lint';
import { planMigration } from '../../../src/core/phases';
import { runnerSections } from '../../../src/core/sql/runner-sections';

describe('phases: goose writer', () => {
  it('one file per step with goose annotations; NO TRANSACTION and StatementBegin/End around the backfill loop; each file lints clean as goose', async () => {
    const result = await planMigration('ALTER TABLE users ADD COLUMN plan text NOT NULL;\nCREATE INDEX users_email_idx ON users (email);\n', {
      config: resolveConfig({ targetVersion: 16 }),
      convention: 'goose',
      now: new Date(Date.UTC(2025, 0, 1)),
      folder: { list: () => ['20240101000000_users.sql'], read: () => '-- +goose Up\nCREATE TABLE users (id bigserial PRIMARY KEY, email text);\n' },
      backfillValues: { 'users.plan': "'free'" },
    });
    assert.ok(result.files.length >= 4);
    assert.ok(
      result.files.every((f) => /^\d{14}_add_users_plan_\d_\w+\.sql$/.test(f.path)),
      result.files.map((f) => f.path).join(', '),
    );
    const linter = await createLinter();
    for (const f of result.files) {
      assert.match(f.content, /^-- \+goose Up$/m);
      assert.match(f.content, /^-- \+goose Down$/m);
      const sections = runnerSections(f.path, f.content);
      assert.equal(sections.runner, 'goose');
      const single = f.parts.some((p) => !p.transactional);
      assert.equal(/^-- \+goose NO TRANSACTION$/m.test(f.content), single, f.content);
      const findings = linter.lint(f.content, { fileName: f.path, config: resolveConfig({ targetVersion: 16 }) }).findings;
      assert.deepEqual(
        findings.map((x) => `${x.ruleId}: ${x.message}`),
        [],
        f.content,
      );
    }
    const backfill = result.files.find((f) => f.phase === 'backfill')!;
    assert.match(backfill.content, /-- \+goose StatementBegin\nDO \$lockstep\$[\s\S]*\$lockstep\$;\n-- \+goose StatementEnd/);
    const index = result.files.find((f) => /CREATE INDEX CONCURRENTLY/.test(f.content))!;
    assert.match(index.content, /^-- \+goose NO TRANSACTION$/m);
  });
});
