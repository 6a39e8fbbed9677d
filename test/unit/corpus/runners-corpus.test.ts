import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { runnerSections } from '../../../src/core/sql/runner-sections';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { sharedLinter } from '../../helpers/rule-cases';

/** The goose (hatchet) and dbmate (ftl) folders of the corpus. */
const RUNNER_FOLDERS: readonly { readonly runner: string; readonly folder: RegExp }[] = [
  { runner: 'goose', folder: /^hatchet-dev__hatchet\/cmd\/hatchet-migrate\/migrate\/migrations\/[^/]+\.sql$/ },
  { runner: 'dbmate', folder: /^block__ftl\/backend\/controller\/sql\/schema\/[^/]+\.sql$/ },
];

describe('SQL-runner corpus (goose, dbmate)', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  for (const { runner, folder } of RUNNER_FOLDERS) {
    it(`${runner}: every file is read as ${runner}, nothing in rollback code is reported, no syntax error`, async () => {
      const linter = await sharedLinter();
      const files = corpusFiles((p) => folder.test(relative(CORPUS_DIR, p).replace(/\\/g, '/')));
      assert.ok(files.length > 40, `expected the ${runner} folder, found ${files.length} files`);
      let findings = 0;
      let analysed = 0;
      const inRollback: string[] = [];
      const problems: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const sections = runnerSections(file, text);
        if (sections.runner !== runner) problems.push(`${relative(CORPUS_DIR, file)}: read as ${sections.runner ?? 'no runner'}`);
        const result = linter.lint(text, { fileName: file, config: resolveConfig({}) });
        findings += result.findings.length;
        if (result.file.statements.some((s) => !s.error)) analysed++;
        for (const f of result.findings) {
          if (sections.rollback.some((s) => f.range.start.offset >= s.start && f.range.start.offset < s.end))
            inRollback.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line} ${f.ruleId}`);
          if (f.ruleId === 'syntax-error') problems.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line} ${f.message}`);
        }
      }
      console.log(
        `      ${files.length} files, at least one statement analysed in ${analysed} (${Math.round((100 * analysed) / files.length)}%), ${findings} findings, ${inRollback.length} in rollback code, ${problems.length} problems`,
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(inRollback, []);
    });
  }
});
