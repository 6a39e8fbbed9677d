import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { extractSql } from '../../../src/core/sources';
import { unsupportedLanguage } from '../../../src/core/sources/languages';
import { detectDialect } from '../../../src/core/sql/detect-dialect';
import type { Dialect } from '../../../src/core/types';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { createLinter } from '../../../src/core/lint';

const isScriptMigration = (path: string): boolean => /\.(ts|js)$/.test(path);

/** Projects whose migrations run on PostgreSQL only (SOURCES.md); atproto's pds package is SQLite. */
const POSTGRES_PROJECTS =
  /^(opencollective__opencollective-api|medusajs__medusa|hirosystems__ordinals-api)\/|^bluesky-social__atproto\/packages\/(bsky|ozone|bsync)\//;

describe('TS/JS migration corpus (TypeORM, MikroORM, Sequelize, Knex, Kysely)', function () {
  // Hundreds of files in four dialects: a few CPU seconds, far more on a busy machine.
  this.timeout(180_000);
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('extracts and lints every file as the CLI does, without a crash or a syntax error; at least 99% of extracted statements parse', async () => {
    const linter = await createLinter(['postgresql', 'mysql', 'mariadb', 'sqlite']);
    const configs = new Map<Dialect, ReturnType<typeof resolveConfig>>();
    const configFor = (dialect: Dialect) => configs.get(dialect) ?? configs.set(dialect, resolveConfig({ dialect })).get(dialect)!;
    const files = corpusFiles(isScriptMigration);
    assert.ok(files.length > 600, `expected the TS/JS corpus, found ${files.length} files`);
    let statements = 0;
    let unrecognised = 0;
    const failures: string[] = [];
    const rules = new Map<string, number>();
    const misread: string[] = [];
    /** Per framework: files, and files where at least one statement was analysed. */
    const share = new Map<string, [number, number]>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const extracted = extractSql(text);
      assert.equal(extracted.sql.length, text.length, `${file}: extracted text has the host's length`);
      if (!extracted.framework) unrecognised++;
      const { dialect } = detectDialect({ filePath: file, text });
      if (POSTGRES_PROJECTS.test(relative(CORPUS_DIR, file)) && dialect !== 'postgresql') misread.push(`${relative(CORPUS_DIR, file)}: ${dialect}`);
      const result = linter.lint(text, { fileName: file, config: configFor(dialect) });
      statements += result.file.statements.length;
      const counts = share.get(extracted.framework?.framework ?? 'unrecognised') ?? [0, 0];
      counts[0]++;
      if (result.file.statements.some((s) => !s.error)) counts[1]++;
      share.set(extracted.framework?.framework ?? 'unrecognised', counts);
      for (const s of result.file.statements) {
        if (s.error) failures.push(`${relative(CORPUS_DIR, file)}:${s.range.start.line}: ${s.error.message}`);
      }
      for (const f of result.findings) rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
    }
    const parsed = (statements - failures.length) / statements;
    const fired = [...rules].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`);
    console.log(
      `      ${files.length} files, ${statements} statements, ${(parsed * 100).toFixed(2)}% parse; framework not recognised in ${unrecognised} files`,
    );
    console.log(`      findings: ${fired.join(', ')}`);
    console.log(
      `      files with at least one statement analysed: ${[...share].map(([fw, [n, a]]) => `${fw} ${a}/${n} (${Math.round((100 * a) / n)}%)`).join(', ')}`,
    );
    assert.deepEqual(misread, [], 'PostgreSQL projects are never read as another engine');
    assert.ok(statements > 1500, `expected the SQL of the corpus, found ${statements} statements`);
    assert.ok(parsed >= 0.99, `only ${(parsed * 100).toFixed(2)}% of ${statements} statements parse:\n${failures.slice(0, 20).join('\n')}`);
    assert.ok(!rules.has('syntax-error'), 'no syntax errors reported on real, working migrations');
    assert.ok(!rules.has('invalid-ignore'), 'no suppression problems invented');
  });

  it('names the language of every migration file it cannot read yet, so the CLI declines it in words', () => {
    const others = corpusFiles((p) => /\.(py|php|exs|cs|xml|go)$/.test(p));
    assert.ok(others.length > 900, `expected the other-language corpus, found ${others.length} files`);
    assert.deepEqual(
      others.filter((f) => unsupportedLanguage(f) === undefined),
      [],
    );
  });
});
