import assert from 'node:assert/strict';
import { checkInput, fuzzLinter } from '../../../scripts/fuzz/check';
import { fuzzCase, seedFiles } from '../../../scripts/fuzz/mutate';

/**
 * A few cases of the analyser fuzz target (scripts/fuzz.ts, `npm run fuzz`) on every test
 * run: mutated migrations linted in every dialect raise no exception, keep positions inside
 * the text and have fixes that hold. CI runs many more through the script.
 */
describe('analyser fuzz (a fixed sample)', function () {
  this.timeout(120_000);
  const CASES = 12;

  it(`${CASES} mutated migrations: no exception, positions inside, fixes that hold`, async () => {
    const { files } = seedFiles();
    assert.ok(files.length > 0, 'seed files found');
    const linter = await fuzzLinter();
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = fuzzCase(files, 1, i);
      for (const p of checkInput(linter, c.name, c.text).problems) problems.push(`#${i} ${p.kind} ${p.dialect}: ${p.detail} [${c.mutations.join(' · ')}]`);
    }
    assert.deepEqual(problems, []);
  });

  it('cases are deterministic by seed', () => {
    const { files } = seedFiles();
    assert.deepEqual(fuzzCase(files, 7, 3), fuzzCase(files, 7, 3));
    assert.notDeepEqual(fuzzCase(files, 7, 3).text, fuzzCase(files, 8, 3).text);
  });
});
