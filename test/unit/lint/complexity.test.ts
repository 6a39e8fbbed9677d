import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { planMigration } from '../../../src/core/phases';
import { conventionFromSqlFile } from '../../../src/core/config/convention';
import { recognizeSqlite } from '../../../src/core/sql/sqlite/recognize';
import type { Dialect } from '../../../src/core/types';
import { sharedLinter } from '../../helpers/rule-cases';

/**
 * Inputs that once took from seconds to minutes (quadratic or worse paths) and that the
 * linear code finishes in well under a second. Nothing here reads the clock: each input is
 * sized so the old behaviour would exceed the generous safety timeout, and the test checks
 * what the analysis found.
 */
describe('inputs that used to take minutes', function () {
  this.timeout(60_000);
  const lint = async (text: string, dialect: Dialect = 'postgresql', fileName?: string) =>
    (await sharedLinter()).lint(text, { config: resolveConfig({ dialect }), ...(fileName ? { fileName } : {}) });

  it('320 KB of blank lines: the dbmate marker search is linear', async () => {
    const blank = '\n'.repeat(320_000);
    assert.equal(conventionFromSqlFile('a.sql', blank), undefined);
    assert.equal(conventionFromSqlFile('a.sql', `${blank}  -- migrate:up\nSELECT 1;`), 'dbmate');
    assert.equal(conventionFromSqlFile('a.sql', `SELECT 1; -- migrate:up`), undefined, 'only at the start of a line');
    const r = await lint(`CREATE INDEX i ON t (a);${blank}`, 'postgresql', 'a.sql');
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['create-index-non-concurrently', 'require-lock-timeout']);
  });

  it('40,000 stacked ignore comments above one statement', async () => {
    const text = '-- lockstep-ignore create-index-non-concurrently: reviewed\n'.repeat(40_000) + 'CREATE INDEX i ON t (a);';
    const r = await lint(text);
    assert.ok(!r.findings.some((f) => f.ruleId === 'create-index-non-concurrently'), 'suppressed');
    // The first directive suppresses; the other 39,999 are reported as unused.
    assert.equal(r.findings.filter((f) => f.ruleId === 'invalid-ignore').length, 39_999);
  });

  it('8,000 statements, each with its own ignore comment', async () => {
    const text = '-- lockstep-ignore create-index-non-concurrently: reviewed\nCREATE INDEX i ON t (a);\n'.repeat(8_000);
    const r = await lint(text);
    assert.equal(r.statements.length, 8_000);
    assert.deepEqual([...new Set(r.findings.map((f) => f.ruleId))], ['require-lock-timeout']);
  });

  it('a PRAGMA with a long run of spaces (the pattern backtracked cubically)', () => {
    const spaces = ' '.repeat(20_000);
    assert.equal(recognizeSqlite(`PRAGMA main.journal_mode =${spaces})x`, 0), undefined);
    assert.deepEqual(recognizeSqlite(`PRAGMA journal_mode =${spaces}WAL${spaces}`, 0), [{ kind: 'other', statementIndex: 0, tag: 'pragma:journal_mode=wal' }]);
    assert.deepEqual(recognizeSqlite('PRAGMA foreign_keys(ON)', 0), [{ kind: 'other', statementIndex: 0, tag: 'pragma:foreign_keys=on' }]);
    assert.deepEqual(recognizeSqlite('PRAGMA foreign_key_check', 0), [{ kind: 'other', statementIndex: 0, tag: 'pragma:foreign_key_check' }]);
  });

  it('2,000 MySQL ALTERs of one table: each statement is planned from a per-file history', async () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `ALTER TABLE orders ADD COLUMN c${i} int, ALGORITHM=INPLACE, LOCK=NONE;`).join('\n');
    const r = await lint(text, 'mysql');
    assert.equal(r.statements.length, 2_000);
    assert.ok(
      r.statements.every((s) => s.verdict !== undefined),
      'every ALTER is priced',
    );
  });

  it('20,000 CRLF line breaks in a PostgreSQL file', async () => {
    const r = await lint(`SELECT 1;${'\r\n'.repeat(20_000)}CREATE INDEX i ON t (a);`);
    assert.equal(r.findings.find((f) => f.ruleId === 'create-index-non-concurrently')!.range.start.line, 20_001);
  });

  it('a JavaScript migration whose SQL holds 400 KB of line breaks before its last word', async () => {
    const text = `exports.up = (knex) => knex.raw(\`CREATE INDEX i ON t (a)${'\r\n'.repeat(200_000)};\`);\n`;
    const r = await lint(text, 'postgresql', 'migrations/20240101_index.js');
    assert.ok(r.findings.some((f) => f.ruleId === 'create-index-non-concurrently'));
  });

  for (const dialect of ['mysql', 'mariadb', 'sqlite'] as const) {
    it(`${dialect}: a 500 KB statement is not analysed (said at its range), and the rest of the file is`, async () => {
      const huge = `CREATE TABLE big (a int${' -- note\n'.repeat(60_000)}, b int);`;
      const text = `${huge}\nCREATE INDEX i ON t (a);\n`;
      const r = await lint(text, dialect);
      const skipped = r.findings.find((f) => f.ruleId === 'not-analysed');
      assert.ok(skipped, r.findings.map((f) => f.ruleId).join(', '));
      assert.equal(skipped.severity, 'info');
      assert.match(skipped.message, /too large to analyse/);
      assert.deepEqual([skipped.range.start.offset, skipped.range.end.offset], [0, huge.length - 1]);
      assert.equal(r.statements.length, 2);
      assert.ok(!r.findings.some((f) => f.ruleId === 'syntax-error'));
      const parsed = (await sharedLinter()).parse(text, dialect).statements;
      assert.deepEqual(
        parsed.map((st) => [st.notAnalysed !== undefined, st.operations.map((op) => op.kind)]),
        [
          [true, []],
          [false, ['create-index']],
        ],
        'the CREATE INDEX is still read',
      );
    });
  }

  it('plan refuses a file holding a statement too large to analyse', async () => {
    const huge = `CREATE TABLE big (a int${' -- note\n'.repeat(60_000)}, b int);`;
    const r = await planMigration(huge, { config: resolveConfig({ dialect: 'mysql' }) });
    assert.match(JSON.stringify(r), /was not analysed: this statement is too large to analyse/);
  });

  it('20,000 stacked ignore comments above one call of a JavaScript migration', async () => {
    const ignores = '// lockstep-ignore create-index-non-concurrently: reviewed\n'.repeat(20_000);
    const text = `exports.up = async (knex) => {\n${ignores}  await knex.raw('CREATE INDEX i ON t (a)');\n};\n`;
    const r = await lint(text, 'postgresql', 'migrations/20240101_index.js');
    assert.ok(!r.findings.some((f) => f.ruleId === 'create-index-non-concurrently'), 'suppressed');
  });
});

describe('SQLite lint never runs a query', function () {
  this.timeout(60_000);
  const lint = async (text: string) => (await sharedLinter()).lint(text, { config: resolveConfig({ dialect: 'sqlite' }) });

  it('a recursive CTE that never ends, in CREATE TABLE … AS and in a view', async () => {
    const endless = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n';
    const r = await lint(
      `CREATE TABLE t AS ${endless};\nCREATE VIEW v AS ${endless};\nCREATE TABLE u AS SELECT * FROM v;\nALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT 'x';`,
    );
    assert.equal(r.statements.length, 4);
    assert.deepEqual(
      r.findings.filter((f) => f.ruleId === 'syntax-error'),
      [],
    );
  });

  it('randomblob(1e9) in CREATE TABLE … AS is prepared, not evaluated', async () => {
    const r = await lint('CREATE TABLE t AS SELECT randomblob(1e9) AS b, 1 AS b;\nCREATE INDEX t_b ON t (b);');
    assert.deepEqual(
      r.findings.filter((f) => f.ruleId === 'syntax-error'),
      [],
    );
  });

  it('the schema built from a CREATE TABLE … AS still serves the rebuild fix', async () => {
    const r = (await sharedLinter()).lint("CREATE TABLE t AS SELECT 1 AS id, 'a' AS name;\nALTER TABLE t ALTER COLUMN name TYPE TEXT;", {
      config: resolveConfig({ dialect: 'sqlite', targetVersion: '3.45.0' }),
    });
    const rebuild = r.findings.find((f) => f.ruleId === 'sqlite-requires-rebuild');
    assert.ok(rebuild?.fix, 'a rebuild fix from the replayed schema');
    assert.match(rebuild.fix.edits[0]!.text, /INSERT INTO new_t \(id, name\) SELECT id, name FROM t/);
  });
});
