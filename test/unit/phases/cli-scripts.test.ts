import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../../helpers/cli';

/** `lockstep plan` reads JavaScript/TypeScript migrations through the same reader as lint. */
describe('lockstep plan on JavaScript/TypeScript migrations (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-plan-js-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, lines: readonly string[]): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  it('TypeORM queryRunner.query: phases the SQL of up, never of down, in the TypeORM convention', async () => {
    const file = write('migrations/1700000000001-Plan.ts', [
      "import { MigrationInterface, QueryRunner } from 'typeorm';",
      'export class Plan1700000000001 implements MigrationInterface {',
      '  public async up(queryRunner: QueryRunner): Promise<void> {',
      '    await queryRunner.query(`ALTER TABLE "users" ADD "plan" text NOT NULL`);',
      '  }',
      '  public async down(queryRunner: QueryRunner): Promise<void> {',
      '    await queryRunner.query(`DROP TABLE "users"`);',
      '  }',
      '}',
    ]);
    const r = await cli('plan', file, '--backfill', "users.plan='free'", '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { convention: string; phases: { kind: string }[]; files: { path: string; content: string }[] };
    assert.equal(out.convention, 'typeorm');
    assert.deepEqual(
      out.phases.map((p) => p.kind),
      ['expand', 'backfill', 'constrain'],
    );
    assert.ok(
      out.files.every((f) => /^\d{13}-\w+\.ts$/.test(f.path)),
      out.files.map((f) => f.path).join(', '),
    );
    assert.ok(!out.files.some((f) => /DROP TABLE/.test(f.content)), 'the down method is not a phase');
  });

  it('MikroORM this.addSql, also through a name bound to the SQL: every statement is planned', async () => {
    const file = write('migrations/Migration20240101000000.ts', [
      "import { Migration } from '@mikro-orm/migrations';",
      'export class Migration20240101000000 extends Migration {',
      '  async up(): Promise<void> {',
      '    this.addSql(\'alter table "users" add column "plan" text null;\');',
      '    const index = `create index "users_plan_index" on "users" ("plan");`;',
      '    this.addSql(index);',
      '  }',
      '  async down(): Promise<void> {',
      '    this.addSql(\'drop index "users_plan_index";\');',
      '  }',
      '}',
    ]);
    const r = await cli('plan', file, '--convention', 'plain', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { content: string }[] };
    const all = out.files.map((f) => f.content).join('\n');
    assert.match(all, /ADD COLUMN (?:IF NOT EXISTS )?plan text/i);
    assert.match(all, /create index CONCURRENTLY "users_plan_index"/i);
  });

  it('refuses, naming the line, when a call runs SQL it cannot read', async () => {
    const file = write('migrations/Migration20240101000001.ts', [
      "import { Migration } from '@mikro-orm/migrations';",
      'export class Migration20240101000001 extends Migration {',
      '  async up(): Promise<void> {',
      '    this.addSql(\'alter table "users" add column "plan" text null;\');',
      '    this.addSql(buildIndexSql("users"));',
      '  }',
      '}',
    ]);
    const r = await cli('plan', file, '--convention', 'plain');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 5: addSql\(…\) runs SQL built at run time/);
    assert.match(r.stderr, /nothing was planned/);
    assert.equal(r.stdout, '');
  });

  it('Knex builder calls are planned from the SQL Knex emits; an untranslated call refuses the plan', async () => {
    const ok = write('knex/20240101000000_plan.js', [
      'exports.up = async function (knex) {',
      "  await knex.schema.alterTable('users', (t) => { t.index(['email'], 'users_email_index'); });",
      '};',
      'exports.down = async function (knex) {};',
    ]);
    const r = await cli('plan', ok, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { convention: string; files: { content: string }[] };
    assert.equal(out.convention, 'knex');
    assert.match(out.files.map((f) => f.content).join('\n'), /create index concurrently "users_email_index"/i);

    const partly = write('knex2/20240101000000_plan.js', [
      'exports.up = async function (knex) {',
      "  await knex.schema.alterTable('users', (t) => { t.index(['email'], 'users_email_index'); });",
      "  await knex('users').update({ plan: 'free' });",
      '};',
    ]);
    const refused = await cli('plan', partly);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 3: knex\('users'\)….update\(…\)/);
  });
});
