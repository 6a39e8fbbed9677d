import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { adapterFor } from '../../../src/core/sources/registry';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { sharedLinter } from '../../helpers/rule-cases';

/** Django and Alembic projects of the shared corpus, and the adapter each file must be read by. */
const PROJECTS: readonly { readonly name: string; readonly adapter: string; readonly files: RegExp }[] = [
  { name: 'wagtail__wagtail', adapter: 'django', files: /[\\/]migrations[\\/]\d{4}_[^\\/]*\.py$/ },
  { name: 'healthchecks__healthchecks', adapter: 'django', files: /[\\/]migrations[\\/]\d{4}_[^\\/]*\.py$/ },
  { name: 'django-oscar__django-oscar', adapter: 'django', files: /[\\/]migrations[\\/]\d{4}_[^\\/]*\.py$/ },
  { name: 'Netflix__dispatch', adapter: 'alembic', files: /[\\/]versions[\\/][^\\/]*\.py$/ },
  { name: 'quay__quay', adapter: 'alembic', files: /[\\/]versions[\\/][^\\/]*\.py$/ },
];

describe('Django and Alembic migration corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  for (const project of PROJECTS) {
    it(`${project.name}: every migration read by the ${project.adapter} adapter, linted without a crash or a syntax error`, async function () {
      this.timeout(300_000);
      const files = corpusFiles((p) => p.includes(project.name) && project.files.test(p));
      if (files.length === 0) this.skip();
      const linter = await sharedLinter();
      const config = resolveConfig({});
      const rules = new Map<string, number>();
      const problems: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const adapter = adapterFor({ path: file, text });
        if (adapter?.id !== project.adapter) problems.push(`${relative(CORPUS_DIR, file)}: read by ${adapter?.id ?? 'nothing'}`);
        const result = linter.lint(text, { fileName: file, config });
        for (const f of result.findings) {
          rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
          if (f.ruleId === 'syntax-error') problems.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line}: ${f.message}`);
        }
      }
      console.log(
        `      ${files.length} files; findings: ${[...rules]
          .sort((a, b) => b[1] - a[1])
          .map(([id, n]) => `${id} ${n}`)
          .join(', ')}`,
      );
      assert.deepEqual(problems, []);
    });
  }
});
