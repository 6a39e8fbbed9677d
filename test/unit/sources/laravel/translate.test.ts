import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { laravelAdapter } from '../../../../src/core/sources/laravel/adapter';
import { adapterFor } from '../../../../src/core/sources/registry';
import { resolveConfig } from '../../../../src/core/config';
import { sharedLinter } from '../../../helpers/rule-cases';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'frameworks', 'laravel', 'database', 'migrations');

type Recorded = string | { sql: string; bindings: (string | number | boolean | null)[] };

/** A recorded statement with its bindings written in, as PostgreSQL receives the values. */
function inline(r: Recorded): string {
  if (typeof r === 'string') return r;
  let i = 0;
  return r.sql.replace(/\?/g, () => {
    const v = r.bindings[i++];
    return v === null ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
  });
}

function norm(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;+\s*$/, '')
    .trim();
}

describe('Laravel adapter: translation matches what Laravel 8.83 runs on PostgreSQL', () => {
  before(() => laravelAdapter.prepare!());

  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.php') && !f.includes('_change_columns'))) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const recorded = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.php$/, '.json')), 'utf8')) as { statements: Recorded[]; transaction: boolean };
      assert.equal(adapterFor({ path: name, text }), laravelAdapter);
      const source = laravelAdapter.read({ path: name, text }, { dialect: 'postgresql' });
      assert.deepEqual(source.errors, []);
      assert.deepEqual(source.notes, []);
      assert.equal(source.transactional, recorded.transaction);
      const forward = source.statements.filter((s) => s.direction === 'forward').map((s) => norm(s.sql));
      assert.deepEqual(
        forward,
        recorded.statements.map((r) => norm(inline(r))),
      );
    });
  }

  it('2024_01_06_000001_change_columns.php: ->change() writes every statement DBAL ran, and only restatements beyond them', () => {
    const name = '2024_01_06_000001_change_columns.php';
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const recorded = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.php$/, '.json')), 'utf8')) as { statements: string[] };
    const source = laravelAdapter.read({ path: name, text }, { dialect: 'postgresql' });
    const forward = source.statements.filter((s) => s.direction === 'forward').map((s) => norm(s.sql));
    // DBAL writes a varchar-to-text change twice (type, then length); once is the same change.
    assert.deepEqual(
      [...new Set(recorded.statements.map(norm))].filter((r) => !forward.includes(r)),
      [],
    );
    // The one extra: `about` was already nullable, which only the live column tells.
    assert.deepEqual(
      forward.filter((f) => !recorded.statements.map(norm).includes(f)),
      ['ALTER TABLE users ALTER about DROP NOT NULL'],
    );
    assert.equal(source.notes.length, 3, 'the calls with nullable()/default() say their type change is not known');
    const age = source.statements.find((s) => s.sql.includes('age SET NOT NULL'))!;
    assert.equal(text.slice(age.range.start, age.range.end), "$table->integer('age')->nullable(false)->change()");
  });

  const wrapUp = (body: string, down = '') =>
    `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nreturn new class extends Migration {\n    public function up()\n    {\n${body}\n    }\n    public function down()\n    {\n${down}\n    }\n};\n`;

  it('maps raw SQL into its string and ranges translated SQL on the $table call', () => {
    const text = wrapUp(
      "        DB::statement('UPDATE t SET a = 1');\n        Schema::table('t', function (Blueprint $table) {\n            $table->index('a');\n        });",
    );
    const s = laravelAdapter.read({ path: 'x.php', text }, { dialect: 'postgresql' });
    const [raw, idx] = s.statements;
    assert.equal(raw!.kind, 'raw');
    assert.equal(text.slice(raw!.offsets![0], raw!.offsets![6]), 'UPDATE');
    assert.equal(text.slice(idx!.range.start, idx!.range.end), "$table->index('a')");
  });

  it('keeps down() as rollback, marks backfills (values that are not literals bound as parameters), and notes what it cannot translate', () => {
    const text = wrapUp(
      "        Schema::table('t', function ($table) {\n            $table->string('name', 100)->change();\n            $table->ipAddress('ip')->change();\n        });\n        DB::table('t')->where('a', $x)->update(['b' => 1]);\n        DB::table('t')->update(['b' => 2]);",
      "        Schema::drop('t');",
    );
    const s = laravelAdapter.read({ path: 'x.php', text }, { dialect: 'postgresql' });
    assert.deepEqual(
      s.statements.map((st) => [st.direction, st.sql, st.backfill ?? false]),
      [
        ['forward', 'ALTER TABLE t ALTER name TYPE VARCHAR(100)', false],
        ['forward', 'update "t" set "b" = 1 where "a" = $1', true],
        ['forward', 'update "t" set "b" = 2', true],
        ['rollback', 'drop table "t"', false],
      ],
    );
    assert.equal(s.notes.length, 1);
    assert.match(s.notes[0]!.message, /change\(\)/);
  });

  it("reads only the branch for the project's driver where a migration asks DB::getDriverName()", () => {
    const text = wrapUp(
      "        if (DB::getDriverName() === 'sqlite') {\n            Schema::drop('a');\n        } else {\n            Schema::drop('b');\n        }\n        if (DB::getDriverName() === 'mysql' || DB::getDriverName() === 'pgsql') {\n            Schema::drop('c');\n        }\n        if ($x) {\n            Schema::drop('d');\n        }",
    );
    const s = laravelAdapter.read({ path: 'x.php', text }, { dialect: 'postgresql' });
    assert.deepEqual(
      s.statements.map((st) => st.sql),
      ['drop table "b"', 'drop table "c"', 'drop table "d"'],
    );
  });

  it('lints through the linter: findings on the $table call, `// lockstep-ignore` above it honoured', async () => {
    const linter = await sharedLinter();
    const body = (ignore: string) =>
      wrapUp(`        Schema::table('users', function (Blueprint $table) {\n${ignore}            $table->index('email');\n        });`);
    const plain = body('');
    const result = linter.lint(plain, { fileName: 'database/migrations/2024_01_01_000000_x.php', config: resolveConfig({}) });
    const index = result.findings.find((f) => f.ruleId === 'create-index-non-concurrently');
    assert.ok(index, result.findings.map((f) => f.ruleId).join());
    assert.equal(plain.slice(index.range.start.offset, index.range.end.offset), "$table->index('email')");
    const ignored = body('            // lockstep-ignore create-index-non-concurrently: users has 40 rows\n');
    const ids = linter.lint(ignored, { fileName: 'database/migrations/2024_01_01_000000_x.php', config: resolveConfig({}) }).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('create-index-non-concurrently'), ids.join());
    assert.ok(!ids.includes('invalid-ignore'), ids.join());
  });

  it('reads the project database from .env, else config/database.php', () => {
    const files: Record<string, string> = {
      '/app/.env': 'APP_NAME=x\nDB_CONNECTION=mysql\n',
      '/other/config/database.php': "<?php\nreturn ['default' => env('DB_CONNECTION', 'pgsql'), 'connections' => []];\n",
    };
    const read = (p: string) => files[p];
    assert.equal(laravelAdapter.projectDatabase!('/app/database/migrations/x.php', read)?.dialect, 'mysql');
    assert.equal(laravelAdapter.projectDatabase!('/other/database/migrations/x.php', read)?.dialect, 'postgresql');
    assert.equal(laravelAdapter.projectDatabase!('/none/database/migrations/x.php', read), undefined);
  });

  it('orders migrations by file name', () => {
    assert.ok(
      laravelAdapter.orderKey('/a/2014_10_12_000000_create_users_table.php')! < laravelAdapter.orderKey('/a/2019_08_19_000000_create_failed_jobs_table.php')!,
    );
  });
});
