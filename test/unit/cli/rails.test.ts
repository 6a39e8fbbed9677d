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

  it('plan says Rails plans are not supported yet, with exit status 1', async () => {
    const r = await cli('plan', ADD_PLAN);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not supported yet/);
    assert.equal(r.stdout, '');
  });

  it('simulate replays the earlier Rails migrations by version, as the SQL Rails emits', () => {
    assert.deepEqual(precedingMigrations(ADD_PLAN).before, [join(MIGRATE, '20240601000001_create_users.rb')]);
    const created = forwardSql(join(MIGRATE, '20240601000001_create_users.rb'), readFileSync(join(MIGRATE, '20240601000001_create_users.rb'), 'utf8'), 'postgresql');
    assert.equal(created.transactional, true);
    assert.equal(
      created.sql,
      'CREATE TABLE "users" ("id" bigserial primary key, "email" character varying NOT NULL, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);\n',
    );
  });
});
