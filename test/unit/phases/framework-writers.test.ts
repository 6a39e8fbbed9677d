import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { planMigration, type PlanMigrationResult } from '../../../src/core/phases';
import { prepareHostSql, sameStatements } from '../../../src/core/phases/frameworks/host-sql';
import { loadPostgresParser } from '../../../src/core/sql/postgres/parser';
import type { DialectParser } from '../../../src/core/sql/statement';
import { adapterFor, prepareAdapters } from '../../../src/core/sources/registry';
import { cli } from '../../helpers/cli';
import { ALEMBIC, DJANGO, LARAVEL, RAILS, type FrameworkProject } from '../../integration/frameworks/projects';

/**
 * The framework writers: the files of a phased plan are migrations of the framework, in its
 * layout, that parse in their language and that Lockstep's own adapter reads back as the
 * statements the plan holds. (test/integration/framework-plans.test.ts runs them with the
 * real frameworks.)
 */
const NOW = new Date(Date.UTC(2025, 0, 1));
const PYTHON = '/usr/bin/python3';

function project(p: FrameworkProject): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-writer-${p.id}-`));
  for (const [name, text] of Object.entries({ ...p.files, [`${p.migrations}/${p.original}`]: p.originalText })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Writes the plan in place of the original and returns the written paths. */
function writeInPlace(root: string, p: FrameworkProject, r: PlanMigrationResult): string[] {
  fs.rmSync(path.join(root, p.migrations, p.original));
  return r.files.map((f) => {
    const target = path.join(root, p.migrations, f.path);
    fs.writeFileSync(target, f.content);
    return target;
  });
}

/** Whether a command runs here (its Debian package may be missing). */
function runs(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

describe('framework plan writers', function () {
  this.timeout(60_000);
  let parser: DialectParser;
  const roots: string[] = [];
  before(async () => {
    await prepareAdapters();
    await prepareHostSql();
    parser = await loadPostgresParser();
  });
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  async function plan(p: FrameworkProject): Promise<{ root: string; result: PlanMigrationResult; written: string[] }> {
    const root = project(p);
    roots.push(root);
    const result = await planMigration(p.originalText, { fileName: path.join(root, p.migrations, p.original), config: resolveConfig({}), now: NOW });
    assert.equal(result.refused, undefined, result.refused);
    assert.equal(result.convention, p.id);
    assert.equal(result.conventionSource, 'detected');
    return { root, result, written: writeInPlace(root, p, result) };
  }

  /** Statements without transaction control (Alembic's autocommit block reads as COMMIT … BEGIN). */
  function statements(sql: string): string[] {
    return parser
      .parse(sql)
      .statements.filter((s) => !s.operations.every((o) => o.kind === 'transaction') || s.operations.length === 0)
      .filter((s) => s.text.trim() !== '')
      .map((s) => s.text);
  }

  /** The adapter reads each written file back: no notes or errors, and the forward statements of its `up` part. */
  function readsBack(written: readonly string[], result: PlanMigrationResult): void {
    written.forEach((file, i) => {
      const text = fs.readFileSync(file, 'utf8');
      const adapter = adapterFor({ path: file, text });
      assert.ok(adapter, `${file} is recognised`);
      const source = adapter.read({ path: file, text }, { dialect: 'postgresql' });
      assert.deepEqual(source.errors, [], `${path.basename(file)}: no syntax errors`);
      assert.deepEqual(source.notes, [], `${path.basename(file)}: every call translated`);
      const forward = statements(
        source.statements
          .filter((s) => s.direction === 'forward')
          .map((s) => `${s.sql.trim().replace(/;$/, '')};`)
          .join('\n'),
      );
      const planned = statements(result.files[i]!.parts.find((p) => p.direction === 'up')!.sql);
      assert.ok(sameStatements(forward, planned), `${path.basename(file)} reads back as its plan:\n${forward.join('\n')}\n---\n${planned.join('\n')}`);
    });
  }

  it('Rails: timestamped migration classes with the folder version, safe ActiveRecord calls, and Ruby that parses', async () => {
    const { result, written } = await plan(RAILS);
    for (const f of result.files) {
      assert.match(f.path, /^20250101\d{6}_add_users_plan_\d_[a-z]+(?:_\d+)?\.rb$/);
      assert.match(f.content, /< ActiveRecord::Migration\[6\.1\]/);
      assert.equal(f.content.includes('disable_ddl_transaction!'), f.parts[0]!.transactional === false, f.path);
    }
    const all = result.files.map((f) => f.content).join('\n');
    assert.match(all, /add_index :users, :plan, name: 'index_users_on_plan', algorithm: :concurrently/);
    assert.match(all, /add_foreign_key :posts, :users, column: :user_id, primary_key: :id, name: 'fk_rails_\w+', validate: false/);
    assert.match(all, /validate_foreign_key :posts, name: 'fk_rails_\w+'/);
    assert.match(all, /add_check_constraint :users, 'char_length\(name\) > 0', name: 'users_name_present', validate: false/);
    assert.match(all, /validate_check_constraint :users, name: 'users_name_present'/);
    assert.match(all, /execute <<~'SQL'\n\s+DO \$lockstep\$/, 'the backfill runs the batched DO block');
    const first = result.files[0]!.content;
    assert.match(first, /^class AddUsersPlan1Expand < /m, 'the class is the camelized file name');
    readsBack(written, result);
    if (runs('ruby', ['--version'])) for (const w of written) assert.equal(spawnSync('ruby', ['-c', w], { encoding: 'utf8' }).status, 0, `ruby -c ${w}`);
  });

  it('Django: numbered migrations chained by dependencies, the model state kept, and Python that compiles', async () => {
    const { result, written } = await plan(DJANGO);
    let previous = '0001_initial';
    for (const [i, f] of result.files.entries()) {
      assert.match(f.path, new RegExp(`^${String(i + 2).padStart(4, '0')}_add_shop_customer_plan_\\d_[a-z]+(?:_\\d+)?\\.py$`));
      assert.ok(f.content.includes(`("shop", "${previous}")`), `${f.path} depends on ${previous}`);
      assert.equal(/^\s+atomic = False$/m.test(f.content), f.parts[0]!.transactional === false, f.path);
      previous = f.path.replace(/\.py$/, '');
    }
    assert.match(result.files[0]!.content, /SeparateDatabaseAndState\(\n\s+state_operations=\[\n\s+migrations\.AddField\(/);
    assert.equal(result.files.filter((f) => f.content.includes('SeparateDatabaseAndState')).length, 1, 'the state changes once');
    assert.match(result.files.map((f) => f.content).join('\n'), /CREATE INDEX CONCURRENTLY "customer_email_idx"/);
    readsBack(written, result);
    if (runs(PYTHON, ['--version']))
      for (const w of written) assert.equal(spawnSync(PYTHON, ['-m', 'py_compile', w], { encoding: 'utf8' }).status, 0, `py_compile ${w}`);
  });

  it('Alembic: revisions chained by down_revision after the head, CONCURRENTLY in an autocommit block', async () => {
    const { result, written } = await plan(ALEMBIC);
    let previous = '"a0001"';
    for (const f of result.files) {
      const revision = /^revision = "([0-9a-f]{12})"$/m.exec(f.content)?.[1];
      assert.ok(revision && f.path.startsWith(`${revision}_add_users_plan_`), f.path);
      assert.match(f.content, new RegExp(`^down_revision = ${previous}$`, 'm'));
      previous = `"${revision}"`;
    }
    const all = result.files.map((f) => f.content).join('\n');
    assert.match(
      all,
      /with op\.get_context\(\)\.autocommit_block\(\):\n\s+op\.create_index\("ix_users_plan", "users", \["plan"\], postgresql_concurrently=True\)/,
    );
    assert.match(all, /with op\.get_context\(\)\.autocommit_block\(\):\n(?:\s+#.*\n)*\s+op\.execute\("""DO \$lockstep\$/);
    readsBack(written, result);
    if (runs(PYTHON, ['--version']))
      for (const w of written) assert.equal(spawnSync(PYTHON, ['-m', 'py_compile', w], { encoding: 'utf8' }).status, 0, `py_compile ${w}`);
  });

  it('Laravel: timestamped anonymous migration classes, $withinTransaction = false where needed, and PHP that parses', async () => {
    const { result, written } = await plan(LARAVEL);
    for (const f of result.files) {
      assert.match(f.path, /^2025_01_01_\d{6}_add_users_plan_\d_[a-z]+(?:_\d+)?\.php$/);
      assert.match(f.content, /^return new class extends Migration$/m);
      assert.equal(f.content.includes('public $withinTransaction = false;'), f.parts[0]!.transactional === false, f.path);
    }
    const all = result.files.map((f) => f.content).join('\n');
    assert.match(all, /DB::statement\('create index CONCURRENTLY "users_plan_index" on "users" \("plan"\)'\);/);
    assert.match(all, /DB::unprepared\('DO \$lockstep\$/, 'the backfill runs the batched DO block as one simple query');
    readsBack(written, result);
    if (runs('php', ['--version'])) for (const w of written) assert.equal(spawnSync('php', ['-l', w], { encoding: 'utf8' }).status, 0, `php -l ${w}`);
  });

  it('the CLI writes a Rails plan beside the migration, and refuses a file it cannot translate whole', async () => {
    const root = project(RAILS);
    roots.push(root);
    const file = path.join(root, RAILS.migrations, RAILS.original);
    const printed = await cli('plan', file);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /rails convention \(detected: 20240101000002_add_plan_to_users\.rb is a Rails \(ActiveRecord\) migration\)/);
    const dynamic = path.join(root, RAILS.migrations, '20240101000003_dynamic.rb');
    fs.writeFileSync(dynamic, 'class Dynamic < ActiveRecord::Migration[6.1]\n  def change\n    add_index :users, column_name\n  end\nend\n');
    const refused = await cli('plan', dynamic);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 3: .*add_index.*nothing was planned/);
  });
});
