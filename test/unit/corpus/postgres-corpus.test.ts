import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../../src/core/config';
import { corpusAvailable, corpusFiles, CORPUS_DIR, isPostgresSqlFile } from '../../helpers/corpus';
import { sharedLinter } from '../../helpers/rule-cases';

describe('PostgreSQL corpus (real migrations from public projects)', function () {
  // Each file is linted against the schema its earlier migrations build: every file is read and parsed twice.
  this.timeout(300_000);
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('lints every .sql file without a crash, and parses at least 99.5% of statements', async () => {
    const linter = await sharedLinter();
    const files = corpusFiles(isPostgresSqlFile);
    assert.ok(files.length > 800, `expected the PostgreSQL corpus, found ${files.length} files`);
    let statements = 0;
    const failures: string[] = [];
    for (const file of files) {
      const result = linter.lint(readFileSync(file, 'utf8'), { fileName: file, config: resolveConfig({}) });
      statements += result.file.statements.length;
      for (const s of result.file.statements) if (s.error) failures.push(`${file}:${s.range.start.line}: ${s.error.message}`);
    }
    const parsed = (statements - failures.length) / statements;
    assert.ok(parsed >= 0.995, `only ${(parsed * 100).toFixed(2)}% of ${statements} statements parse:\n${failures.slice(0, 20).join('\n')}`);
  });
});
