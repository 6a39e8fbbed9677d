import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { railsAdapter, databaseYmlAdapter } from '../../../src/core/sources/rails';
import { adapterFor } from '../../../src/core/sources/registry';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../helpers/corpus';
import { sharedLinter } from '../../helpers/rule-cases';

const FILE = '/app/db/migrate/20240101000000_example.rb';

async function lint(ruby: string, settings: Parameters<typeof resolveConfig>[0] = {}) {
  const linter = await sharedLinter();
  return linter.lint(ruby, { fileName: FILE, config: resolveConfig(settings) });
}

/** The host text a finding underlines. */
function underlined(ruby: string, f: { range: { start: { offset: number }; end: { offset: number } } }): string {
  return ruby.slice(f.range.start.offset, f.range.end.offset);
}

describe('Rails migrations', () => {
  it('is the adapter for .rb files and for unsaved buffers holding a migration', () => {
    assert.equal(adapterFor({ path: FILE, text: '' })?.id, 'rails');
    assert.equal(adapterFor({ text: 'class A < ActiveRecord::Migration[7.1]; end' })?.id, 'rails');
    assert.equal(adapterFor({ path: 'x.sql', text: 'SELECT 1' }), undefined);
    assert.equal(railsAdapter.orderKey('db/migrate/20240101000000_x.rb'), '00000020240101000000');
  });

  it('reads the database from config/database.yml, production first', () => {
    assert.equal(databaseYmlAdapter('default: &default\n  adapter: postgresql\n'), 'postgresql');
    assert.equal(databaseYmlAdapter('development:\n  adapter: sqlite3\nproduction:\n  adapter: mysql2\n'), 'mysql2');
    const files: Record<string, string> = { '/app/config/database.yml': 'production:\n  adapter: trilogy\n' };
    assert.deepEqual(railsAdapter.projectDatabase!(FILE, (p) => files[p])?.dialect, 'mysql');
  });

  it('puts findings on the DSL call that emits the statement', async () => {
    const ruby = `class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, :email\n  end\nend\n`;
    const result = await lint(ruby);
    const f = result.findings.find((x) => x.ruleId === 'create-index-non-concurrently');
    assert.ok(f);
    assert.equal(underlined(ruby, f), 'add_index :users, :email');
    assert.equal(result.statements[0]?.text, 'CREATE INDEX "index_users_on_email" ON "users" ("email")');
  });

  it('knows disable_ddl_transaction! and algorithm: :concurrently', async () => {
    const ruby = `class AddIndex < ActiveRecord::Migration[7.1]\n  disable_ddl_transaction!\n\n  def change\n    add_index :users, :email, algorithm: :concurrently\n  end\nend\n`;
    const ids = (await lint(ruby)).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('create-index-non-concurrently'));
    assert.ok(!ids.includes('concurrently-in-transaction'));
    const inTransaction = ruby.replace('  disable_ddl_transaction!\n', '');
    assert.ok((await lint(inTransaction)).findings.some((f) => f.ruleId === 'concurrently-in-transaction'));
  });

  it('lints execute strings at the string, with syntax errors pointing inside it', async () => {
    const ruby = `class Raw < ActiveRecord::Migration[7.1]\n  def up\n    execute <<~SQL\n      ALTER TABLE users ADD COLUMN x int;\n      ALTER TABLE users ADD COLUM y int;\n    SQL\n  end\nend\n`;
    const result = await lint(ruby);
    const error = result.findings.find((f) => f.ruleId === 'syntax-error');
    assert.ok(error, 'the typo is reported');
    // PostgreSQL reads `COLUM y` as a column named colum of type y, and stops at `int`.
    assert.equal(error.range.start.line, 5);
    assert.equal(underlined(ruby, error), 'int');
  });

  it('never lints down or reversible rollback code as forward', async () => {
    const ruby = `class Roll < ActiveRecord::Migration[7.1]\n  def up\n  end\n\n  def down\n    remove_column :users, :email\n  end\nend\n`;
    assert.deepEqual((await lint(ruby)).findings, []);
    const rev = `class Rev < ActiveRecord::Migration[7.1]\n  def change\n    reversible do |dir|\n      dir.down { drop_table :users }\n    end\n  end\nend\n`;
    assert.deepEqual((await lint(rev)).findings, []);
  });

  it('reports model backfills as UPDATE statements, and untranslatable calls as not analysed', async () => {
    const ruby = `class Fill < ActiveRecord::Migration[7.1]\n  def up\n    add_column :users, :plan, :string\n    User.update_all(plan: "free")\n    User.find_each { |u| u.touch }\n  end\nend\n`;
    const result = await lint(ruby);
    const backfill = result.findings.find((f) => f.ruleId === 'backfill-in-migration');
    assert.ok(backfill);
    assert.equal(underlined(ruby, backfill), 'User.update_all(plan: "free")');
    const note = result.findings.find((f) => f.ruleId === 'not-analysed');
    assert.ok(note && note.severity === 'info');
    assert.match(underlined(ruby, note), /^User\.find_each/);
  });

  it('honours safety_assured as a shown suppression and asks for a reason', async () => {
    const ruby = `class Drop < ActiveRecord::Migration[7.1]\n  def change\n    safety_assured { remove_column :users, :legacy }\n  end\nend\n`;
    const result = await lint(ruby);
    const drop = result.findings.find((f) => f.ruleId === 'breaking-drop');
    assert.ok(drop);
    assert.equal(drop.severity, 'info');
    assert.match(drop.message, /^Suppressed by safety_assured/);
    const ask = result.findings.find((f) => f.ruleId === 'invalid-ignore');
    assert.ok(ask);
    assert.equal(underlined(ruby, ask), 'safety_assured');
    const reasoned = ruby.replace('    safety_assured', '    # the column is ignored by the model since 2023\n    safety_assured');
    assert.ok(!(await lint(reasoned)).findings.some((f) => f.ruleId === 'invalid-ignore'));
  });

  it('takes lockstep-ignore comments written in Ruby', async () => {
    const ruby = `class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    # lockstep-ignore create-index-non-concurrently: users has 40 rows\n    add_index :users, :email\n  end\nend\n`;
    const ids = (await lint(ruby)).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('create-index-non-concurrently'), ids.join());
    assert.ok(!ids.includes('invalid-ignore'), ids.join());
  });

  it('gives the safe form in Rails terms, and takes a lock_timeout set with execute', async () => {
    const ruby = `class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, :email\n  end\nend\n`;
    const index = (await lint(ruby)).findings.find((f) => f.ruleId === 'create-index-non-concurrently');
    assert.match(index?.help ?? '', /algorithm: :concurrently/);
    const withTimeout = ruby.replace('    add_index', `    execute "SET lock_timeout = '5s'"\n    add_index`);
    assert.ok(!(await lint(withTimeout)).findings.some((f) => f.ruleId === 'require-lock-timeout'));
  });

  it('on MySQL checks only raw SQL and says the schema calls were not analysed', async () => {
    const ruby = `class A < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, :email\n  end\nend\n`;
    const result = await lint(ruby, { dialect: 'mysql' });
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['not-analysed'],
    );
  });

  it('reads a file that is not Ruby without crashing and reports the parse error', async () => {
    const result = await lint('class A < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, \nend\n');
    assert.ok(result.findings.some((f) => f.ruleId === 'syntax-error'));
  });
});

describe('Rails migration corpus', function () {
  // Each file is linted against the schema its earlier migrations build: every file is read and parsed twice.
  this.timeout(300_000);
  const PROJECTS = ['rubygems__rubygems.org', 'danbooru__danbooru', 'feedbin__feedbin'];
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('lints every migration without a crash or a syntax error', async () => {
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const files = corpusFiles((p) => p.endsWith('.rb') && /[\\/]db[\\/]migrate[\\/]/.test(p) && PROJECTS.some((name) => p.includes(name)));
    if (files.length === 0) return;
    const rules = new Map<string, number>();
    const errors: string[] = [];
    for (const file of files) {
      const result = linter.lint(readFileSync(file, 'utf8'), { fileName: file, config });
      for (const f of result.findings) {
        rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
        if (f.ruleId === 'syntax-error') errors.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line}: ${f.message}`);
      }
    }
    console.log(
      `      ${files.length} files; findings: ${[...rules]
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `${id} ${n}`)
        .join(', ')}`,
    );
    assert.deepEqual(errors, []);
  });
});
