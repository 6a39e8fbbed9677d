import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { extractSql } from '../../../src/core/sources';
import { unsupportedLanguage } from '../../../src/core/sources/languages';
import { detectDialect } from '../../../src/core/sql/detect-dialect';
import type { Dialect } from '../../../src/core/types';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { functionRegions } from '../../../src/core/sources/regions';
import { scanJs } from '../../../src/core/sources/scan';
import { createLinter } from '../../../src/core/lint';
import { planMigration } from '../../../src/core/phases';

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

  it('extracts and lints every file as the CLI does, without a crash or a syntax error; at least 99% of extracted statements parse', async function () {
    // Close to 700 files: on a busy machine this takes longer than a unit test's default limit.
    this.timeout(180_000);
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
    /** Per framework: crashes, syntax-error findings, findings inside `down` (rollback) code. */
    const problems = new Map<string, { crashes: string[]; syntax: number; rollback: string[] }>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const extracted = extractSql(text);
      assert.equal(extracted.sql.length, text.length, `${file}: extracted text has the host's length`);
      if (!extracted.framework) unrecognised++;
      const { dialect } = detectDialect({ filePath: file, text });
      if (POSTGRES_PROJECTS.test(relative(CORPUS_DIR, file)) && dialect !== 'postgresql') misread.push(`${relative(CORPUS_DIR, file)}: ${dialect}`);
      const framework = extracted.framework?.framework ?? 'unrecognised';
      const seen = problems.get(framework) ?? problems.set(framework, { crashes: [], syntax: 0, rollback: [] }).get(framework)!;
      let result: ReturnType<typeof linter.lint>;
      try {
        result = linter.lint(text, { fileName: file, config: configFor(dialect) });
      } catch (err) {
        seen.crashes.push(`${relative(CORPUS_DIR, file)}: ${(err as Error).message}`);
        continue;
      }
      const down = functionRegions(scanJs(text).tokens, 'down');
      for (const f of result.findings) {
        if (f.ruleId === 'syntax-error') seen.syntax++;
        if (down.some((d) => f.range.start.offset >= d.start && f.range.start.offset < d.end))
          seen.rollback.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line} ${f.ruleId}`);
      }
      statements += result.file.statements.length;
      const counts = share.get(framework) ?? [0, 0];
      counts[0]++;
      if (result.file.statements.some((s) => !s.error)) counts[1]++;
      share.set(framework, counts);
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
    for (const [fw, p] of problems)
      console.log(`      ${fw}: ${p.crashes.length} crashes, ${p.syntax} syntax errors, ${p.rollback.length} findings in rollback code`);
    assert.deepEqual(
      [...problems.values()].flatMap((p) => p.crashes),
      [],
      'no crash',
    );
    assert.deepEqual(
      [...problems.values()].flatMap((p) => p.rollback),
      [],
      'nothing reported in down (rollback) code',
    );
    assert.deepEqual(misread, [], 'PostgreSQL projects are never read as another engine');
    assert.ok(statements > 1500, `expected the SQL of the corpus, found ${statements} statements`);
    assert.ok(parsed >= 0.99, `only ${(parsed * 100).toFixed(2)}% of ${statements} statements parse:\n${failures.slice(0, 20).join('\n')}`);
    assert.ok(!rules.has('syntax-error'), 'no syntax errors reported on real, working migrations');
    assert.ok(!rules.has('invalid-ignore'), 'no suppression problems invented');
  });

  it('plans every file without a crash: a plan, nothing to phase, or a refusal that names the calls it cannot read', async function () {
    this.timeout(600_000);
    const outcomes = new Map<string, Record<string, number>>();
    const crashes: string[] = [];
    const empty = { list: () => [], read: () => undefined };
    for (const file of corpusFiles(isScriptMigration)) {
      const text = readFileSync(file, 'utf8');
      const framework = extractSql(text).framework?.framework ?? 'unrecognised';
      const { dialect } = detectDialect({ filePath: file, text });
      let outcome: string;
      try {
        const r = await planMigration(text, { fileName: file, config: resolveConfig({ dialect }), folder: empty });
        outcome = r.refused
          ? /could not be read/.test(r.refused)
            ? 'refused (a call not read)'
            : 'refused (other)'
          : r.files.length > 0
            ? 'planned'
            : 'nothing to phase';
      } catch (err) {
        crashes.push(`${relative(CORPUS_DIR, file)}: ${(err as Error).message}`);
        outcome = 'crash';
      }
      const counts = outcomes.get(framework) ?? outcomes.set(framework, {}).get(framework)!;
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    for (const [fw, counts] of outcomes)
      console.log(
        `      plan, ${fw}: ${Object.entries(counts)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    assert.deepEqual(crashes, []);
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
