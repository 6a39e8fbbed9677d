import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { extractSql } from '../../../src/core/sources';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { sharedLinter } from '../../helpers/rule-cases';

const isScriptMigration = (path: string): boolean => /\.(ts|js)$/.test(path);

describe('TS/JS migration corpus (TypeORM, MikroORM, Sequelize, Knex, Kysely)', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('extracts and lints every file without a crash; at least 99% of extracted statements parse', async () => {
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const files = corpusFiles(isScriptMigration);
    assert.ok(files.length > 600, `expected the TS/JS corpus, found ${files.length} files`);
    let statements = 0;
    let unrecognised = 0;
    const failures: string[] = [];
    const rules = new Map<string, number>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const extracted = extractSql(text);
      assert.equal(extracted.sql.length, text.length, `${file}: extracted text has the host's length`);
      if (!extracted.framework) unrecognised++;
      const result = linter.lint(text, { fileName: file, config });
      statements += result.file.statements.length;
      for (const s of result.file.statements) {
        if (s.error) failures.push(`${relative(CORPUS_DIR, file)}:${s.range.start.line}: ${s.error.message}`);
      }
      for (const f of result.findings) rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
    }
    const parsed = (statements - failures.length) / statements;
    const fired = [...rules].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`);
    console.log(`      ${files.length} files, ${statements} statements, ${(parsed * 100).toFixed(2)}% parse; framework not recognised in ${unrecognised} files`);
    console.log(`      findings: ${fired.join(', ')}`);
    assert.ok(statements > 1500, `expected the SQL of the corpus, found ${statements} statements`);
    assert.ok(parsed >= 0.99, `only ${(parsed * 100).toFixed(2)}% of ${statements} statements parse:\n${failures.slice(0, 20).join('\n')}`);
    assert.ok(!rules.has('syntax-error'), 'no syntax errors reported on real, working migrations');
    assert.ok(!rules.has('invalid-ignore'), 'no suppression problems invented');
  });
});
