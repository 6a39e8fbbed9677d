import assert from 'node:assert/strict';
import { resolveConfig, type Convention } from '../../../src/core/config';
import { createLinter, type Linter } from '../../../src/core/lint';
import { planMigration, writableConventions } from '../../../src/core/phases';
import { SCENARIOS } from './scenarios';

/**
 * The generated files must pass Lockstep's own rules: each part is linted as the runner
 * applies it (inside the runner's transaction or outside any), with the convention set.
 */
describe('phases: generated files lint clean', () => {
  let linter: Linter;
  before(async () => {
    linter = await createLinter();
  });

  for (const convention of writableConventions()) {
    describe(convention, () => {
      for (const scenario of SCENARIOS) {
        it(scenario.name, async () => {
          const config = resolveConfig({ targetVersion: 16 });
          const result = await planMigration(scenario.sql, { config, convention, now: new Date(Date.UTC(2025, 0, 1)), ...scenario.options });
          assert.ok(result.files.length > 0, 'a plan was written');
          for (const file of result.files) {
            if (/\.(?:[cm]?js|ts)$/.test(file.path)) {
              // The migration as written: Lockstep's source extractor finds its SQL and reads its transaction flag.
              // Kysely's Migrator has no per-migration opt-out: the files are written for one created with
              // `disableTransactions: true`, which a project states with `transactional: false`.
              const own = convention === 'kysely' ? { transactional: false } : {};
              const findings = linter.lint(file.content, {
                fileName: file.path,
                config: resolveConfig({ targetVersion: 16, convention: convention as Convention, ...own }),
              }).findings;
              assert.deepEqual(
                findings.map((f) => `${f.ruleId} (line ${f.range.start.line}): ${f.message}`),
                [],
                `${file.path} has findings:\n${file.content}`,
              );
            }
            for (const part of file.parts) {
              const findings = linter.lint(part.sql, {
                config: resolveConfig({ targetVersion: 16, convention: convention as Convention, transactional: part.transactional }),
              }).findings;
              assert.deepEqual(
                findings.map((f) => `${f.ruleId}: ${f.message}`),
                [],
                `${file.path} (${part.direction}) has findings:\n${part.sql}`,
              );
            }
          }
        });
      }
    });
  }

  it('the original migrations are not lint clean (so the check means something)', async () => {
    const config = resolveConfig({ targetVersion: 16, convention: 'plain' });
    for (const scenario of SCENARIOS.filter((s) => !s.name.startsWith('NOT NULL column with a constant default'))) {
      const findings = linter.lint(scenario.sql, { config }).findings;
      assert.ok(findings.length > 0, `${scenario.name} should have findings`);
    }
  });
});
