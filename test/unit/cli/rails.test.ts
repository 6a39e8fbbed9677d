import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forwardSql } from '../../../src/core/sources/migration-sql';
import { precedingMigrations } from '../../../src/core/simulate/order';
import { cli } from '../../helpers/cli';

/** The README's Rails commands on examples/rails. */
const RAILS = join(__dirname, '..', '..', '..', 'examples', 'rails');
const MIGRATE = join(RAILS, 'db', 'migrate');
const ADD_PLAN = join(MIGRATE, '20240601000002_add_plan_to_users.rb');

describe('Rails migrations on the command line', () => {
  it('lint finds db/migrate/*.rb in a project folder and underlines the call', async () => {
    const r = await cli('lint', RAILS, '--format', 'json');
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout) as { file: string; line: number; column: number; endColumn: number; rule: string }[];
    const index = findings.find((f) => f.rule === 'create-index-non-concurrently');
    assert.ok(index);
    assert.ok(index.file.endsWith('db/migrate/20240601000002_add_plan_to_users.rb'), index.file);
    assert.deepEqual([index.line, index.column, index.endColumn], [4, 5, 28]);
    assert.ok(!findings.some((f) => f.rule === 'syntax-error'));
  });

  it('lint accepts the migrations folder itself and a single .rb file', async () => {
    assert.equal((await cli('lint', MIGRATE)).code, 1);
    const one = await cli('lint', join(MIGRATE, '20240601000001_create_users.rb'));
    assert.equal(one.code, 0, one.stdout + one.stderr);
  });

  it('plan prints the phased Rails migrations: the column, then the index built concurrently', async () => {
    const r = await cli('plan', ADD_PLAN);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# 2 files, rails convention/m);
    assert.match(r.stdout, /^===== \d{14}_add_users_plan_1_expand\.rb =====$/m);
    assert.match(r.stdout, /^class AddUsersPlan2Constrain < ActiveRecord::Migration\[7\.1\]\n {2}disable_ddl_transaction!$/m);
    assert.match(r.stdout, /add_index :users, :plan, name: 'index_users_on_plan', algorithm: :concurrently/);
  });

  it('simulate replays the earlier Rails migrations by version, as the SQL Rails emits', () => {
    assert.deepEqual(precedingMigrations(ADD_PLAN).before, [join(MIGRATE, '20240601000001_create_users.rb')]);
    const created = forwardSql(
      join(MIGRATE, '20240601000001_create_users.rb'),
      readFileSync(join(MIGRATE, '20240601000001_create_users.rb'), 'utf8'),
      'postgresql',
    );
    assert.equal(created.transactional, true);
    assert.equal(
      created.sql,
      'CREATE TABLE "users" ("id" bigserial primary key, "email" character varying NOT NULL, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);\n',
    );
  });
});
