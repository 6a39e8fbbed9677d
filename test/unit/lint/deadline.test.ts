import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { AnalysisTimeout } from '../../../src/core/lint';
import { refusalReason } from '../../../src/core/lint/input';
import type { Dialect } from '../../../src/core/types';
import { sharedLinter } from '../../helpers/rule-cases';

/**
 * The editor's time bound: given a budget, linting gives up between statements with
 * AnalysisTimeout instead of running on. A budget already spent (negative) makes the
 * outcome independent of the machine's speed; no test here measures time.
 */
describe('analysis time budget', () => {
  const sql = 'ALTER TABLE users ADD COLUMN c int;\nCREATE INDEX i ON users (c);\n'.repeat(50);

  for (const dialect of ['postgresql', 'mysql', 'mariadb', 'sqlite'] as Dialect[]) {
    it(`${dialect}: a spent budget stops the analysis with AnalysisTimeout`, async () => {
      const linter = await sharedLinter();
      assert.throws(() => linter.lint(sql, { config: resolveConfig({ dialect }), budgetMs: -1 }), AnalysisTimeout);
    });
  }

  it('a TypeScript migration is bounded too', async () => {
    const ts = `export async function up(knex) {\n${'  await knex.raw("CREATE INDEX i ON users (c)");\n'.repeat(20)}}\n`;
    const linter = await sharedLinter();
    assert.throws(() => linter.lint(ts, { fileName: 'migrations/1_x.ts', config: resolveConfig({}), budgetMs: -1 }), AnalysisTimeout);
  });

  it('a budget that is not reached changes nothing', async () => {
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const plain = linter.lint(sql, { config });
    const budgeted = linter.lint(sql, { config, budgetMs: 1e9 });
    assert.deepEqual(budgeted.findings, plain.findings);
  });

  it('is reported as too complex to analyse in time', () => {
    assert.match(refusalReason({ kind: 'too-complex', budgetMs: 2000 }), /too complex to analyse in time/);
  });
});
