import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../../src/core/config';
import { laravelAdapter } from '../../../../src/core/sources/laravel/adapter';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../../helpers/corpus';
import { sharedLinter } from '../../../helpers/rule-cases';

const PROJECTS = ['BookStackApp__BookStack', 'koel__koel'];

describe('Laravel migration corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('reads and lints every migration without a crash or a syntax error', async () => {
    const files = corpusFiles((p) => p.endsWith('.php') && PROJECTS.some((name) => p.includes(name)));
    if (files.length === 0) return;
    await laravelAdapter.prepare!();
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const rules = new Map<string, number>();
    const notes = new Map<string, number>();
    const errors: string[] = [];
    let statements = 0;
    let recognised = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (laravelAdapter.recognises({ path: file, text })) recognised++;
      const source = laravelAdapter.read({ path: file, text }, { dialect: 'postgresql' });
      statements += source.statements.filter((s) => s.direction === 'forward').length;
      // Notes by what they are about: the Blueprint method or facade call they name.
      for (const n of source.notes) {
        const kind =
          /`([^`(]+)/.exec(n.message)?.[1] ??
          n.message
            .replace(/^not analysed: /, '')
            .split(' ')
            .slice(0, 3)
            .join(' ');
        notes.set(kind, (notes.get(kind) ?? 0) + 1);
      }
      const result = linter.lint(text, { fileName: file, config });
      for (const f of result.findings) {
        rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
        if (f.ruleId === 'syntax-error') errors.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line}: ${f.message}`);
      }
    }
    const list = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `${id} ${n}`)
        .join(', ');
    console.log(`      ${files.length} files (${recognised} recognised as Laravel migrations), ${statements} forward statements`);
    console.log(`      notes: ${list(notes) || 'none'}`);
    console.log(`      findings: ${list(rules)}`);
    assert.deepEqual(errors, []);
  });
});
