import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../../../src/core/config';
import { ectoAdapter } from '../../../../src/core/sources/ecto/adapter';
import { adapterFor } from '../../../../src/core/sources/registry';
import { lintAdapterCorpus, ruleCounts } from '../../../helpers/adapter-corpus';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../../helpers/corpus';
import { sharedLinter } from '../../../helpers/rule-cases';

/*
 * Elixir is not installable here, so the expected SQL beside each fixture was written from
 * ecto_sql's PostgreSQL connection source (execute_ddl/1), not recorded from a run.
 */
const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'frameworks', 'ecto', 'priv', 'repo', 'migrations');

const module = (body: string, attrs = '') => `defmodule App.Repo.Migrations.Change do\n  use Ecto.Migration\n${attrs}\n${body}\nend\n`;

describe('Ecto adapter: translation matches the SQL ecto_sql writes for PostgreSQL', () => {
  before(() => ectoAdapter.prepare!());
  const read = (text: string, path = 'priv/repo/migrations/20240101000000_change.exs') => ectoAdapter.read({ path, text }, { dialect: 'postgresql' });

  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.exs'))) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.exs$/, '.json')), 'utf8')) as { statements: string[]; transaction: boolean };
      const path = `priv/repo/migrations/${name}`;
      assert.equal(adapterFor({ path, text }), ectoAdapter);
      const source = read(text, path);
      assert.deepEqual(source.errors, []);
      assert.deepEqual(source.notes, []);
      assert.equal(source.transactional, expected.transaction);
      assert.deepEqual(
        source.statements.filter((s) => s.direction === 'forward').map((s) => s.sql),
        expected.statements,
      );
    });
  }

  it('ranges translated SQL on the DSL call and raw SQL into its string; down and execute’s second argument are rollback', () => {
    const text = module(`  def change do
    alter table(:users) do
      add :plan, :string
    end
    create index(:users, [:email])
    execute "UPDATE users SET a = 1", "UPDATE users SET a = 0"
  end

  def down do
    drop index(:users, [:email])
  end`);
    const s = read(text);
    const [add, idx, up, down, drop] = s.statements;
    assert.equal(text.slice(add!.range.start, add!.range.end), 'add :plan, :string');
    assert.equal(text.slice(idx!.range.start, idx!.range.end), 'create index(:users, [:email])');
    assert.equal(up!.kind, 'raw');
    assert.equal(text.slice(up!.offsets![0], up!.offsets![6]), 'UPDATE');
    assert.deepEqual([up!.direction, down!.direction, drop!.direction], ['forward', 'rollback', 'rollback']);
    assert.equal(drop!.sql, 'DROP INDEX "users_email_index"');
  });

  it('leaves out what a modify restates of the column the earlier migrations left: its type, its NOT NULL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-ecto-'));
    try {
      writeFileSync(
        join(dir, '20240101000000_create.exs'),
        module(
          `  def change do\n    create table(:users) do\n      add :age, :integer\n      add :email, :string\n      add :org_id, :bigint, null: false\n    end\n  end`,
        ),
      );
      const path = join(dir, '20240102000000_change.exs');
      const text = module(
        `  def change do\n    alter table(:users) do\n      modify :age, :integer, null: false\n      modify :email, :text\n      modify :org_id, :bigint, null: false\n    end\n  end`,
      );
      writeFileSync(path, text);
      assert.deepEqual(
        read(text, path).statements.map((s) => s.sql),
        ['ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL', 'ALTER TABLE "users" ALTER COLUMN "email" TYPE text'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows module functions that return SQL, and notes what it cannot translate', () => {
    const text = module(`  def up do
    execute(function_sql())
    execute(fn -> repo().update_all("users", set: [a: 1]) end)
    alter table(:users) do
      add column_name(), :string
    end
  end

  defp function_sql do
    """
    CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql
    """
  end`);
    const s = read(text);
    assert.equal(s.statements.length, 1);
    assert.match(s.statements[0]!.sql, /CREATE FUNCTION f\(\)/);
    assert.equal(s.notes.length, 2);
    assert.match(s.notes[0]!.message, /update_all.*data change/);
    assert.match(s.notes[1]!.message, /not a literal/);
  });

  it('reports a non-concurrent index and a validated foreign key at the call, and a concurrent index inside the transaction', async () => {
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const text = module(`  def change do
    create index(:users, [:email])
    alter table(:posts) do
      add :user_id, references(:users)
    end
    create index(:users, [:plan], concurrently: true)
  end`);
    const result = linter.lint(text, { fileName: 'priv/repo/migrations/20240101000000_change.exs', config });
    const at = (rule: string) => result.findings.filter((f) => f.ruleId === rule).map((f) => text.slice(f.range.start.offset, f.range.end.offset));
    assert.deepEqual(at('create-index-non-concurrently'), ['create index(:users, [:email])']);
    assert.deepEqual(at('constraint-without-not-valid'), ['add :user_id, references(:users)']);
    assert.ok(result.findings.some((f) => f.ruleId !== 'syntax-error'));
    assert.ok(!result.findings.some((f) => f.ruleId === 'syntax-error'));
  });
});

describe('Ecto migration corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('reads and lints every migration without a crash or a syntax error', async function () {
    // Hundreds of files through the linter: seconds on a quiet machine, more on a loaded one.
    this.timeout(300_000);
    const files = corpusFiles((p) => p.endsWith('.exs') && /[\\/]priv[\\/]repo[\\/]migrations[\\/]/.test(p));
    if (files.length === 0) return;
    // The folder's `.formatter.exs` configures the formatter; it is not a migration and is not read.
    const { read, statements, notes, rules, errors } = await lintAdapterCorpus(ectoAdapter, files);
    console.log(`      ${files.length} files (${read} migrations), ${statements} forward statements, ${notes} calls not analysed`);
    console.log(`      findings: ${ruleCounts(rules)}`);
    assert.deepEqual(errors, []);
  });
});
