import assert from 'node:assert/strict';
import type { Timeline } from '../../src/core/simulate/timeline';
import { cli } from '../helpers/cli';
import { migrationFolder, schemaErrors } from './helpers';

/**
 * `lockstep simulate` reads JavaScript/TypeScript migrations the way lint does: SQL in
 * runner calls and the SQL schema-builder calls emit, after replaying the folder's earlier
 * migrations of the same framework.
 */
describe('lockstep simulate: JavaScript/TypeScript migrations (CLI)', () => {
  const folder = migrationFolder({
    'typeorm/1700000000000-Users.ts': typeorm('Users1700000000000', [
      'await queryRunner.query(`CREATE TABLE "users" ("id" bigserial PRIMARY KEY, "email" text NOT NULL)`);',
    ]),
    'typeorm/1700000000001-Plan.ts': typeorm('Plan1700000000001', [
      'await queryRunner.query(`ALTER TABLE "users" ADD "plan" text`);',
      'await queryRunner.query(`CREATE INDEX "users_plan" ON "users" ("plan")`);',
    ]),
    'kysely/0001_users.ts': [
      "import { Kysely, sql } from 'kysely';",
      'export async function up(db: Kysely<any>): Promise<void> {',
      '  await sql`CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL)`.execute(db);',
      '}',
      '',
    ].join('\n'),
    'kysely/0002_email_index.ts': [
      "import { Kysely } from 'kysely';",
      'export async function up(db: Kysely<any>): Promise<void> {',
      "  await db.schema.createIndex('users_email').on('users').column('email').execute();",
      '}',
      'export async function down(db: Kysely<any>): Promise<void> {',
      "  await db.schema.dropTable('users').execute();",
      '}',
      '',
    ].join('\n'),
  });
  after(() => folder.remove());

  const run = async (file: string): Promise<Timeline> => {
    const r = await cli('simulate', folder.file(file), '--pg-version', '16', '--rows', 'users=1000000', '--sample', '300', '--format', 'json', '--no-progress');
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout) as Timeline;
    assert.deepEqual(schemaErrors(t), []);
    return t;
  };

  it('TypeORM: replays the earlier migration, runs only up, on the lines of the file', async () => {
    const t = await run('typeorm/1700000000001-Plan.ts');
    assert.equal(t.replay.files.length, 1);
    assert.deepEqual(t.replay.failures, []);
    assert.equal(t.statements.length, 2, 'the down method is never run');
    assert.equal(t.statements[1]?.line, 5);
    assert.equal(t.statements[1]?.costClass, 'index-build');
    assert.ok(t.statements[1]?.locks.some((l) => l.mode === 'ShareLock'));
  });

  it('Kysely: a schema-builder call runs as the SQL Kysely emits for it', async () => {
    const t = await run('kysely/0002_email_index.ts');
    assert.equal(t.statements.length, 1);
    assert.match(t.statements[0]!.sql, /^create index "users_email" on "users" \("email"\)/);
    assert.equal(t.statements[0]?.locks[0]?.mode, 'ShareLock');
  });
});

/** A TypeORM migration class whose up runs `up` and whose down drops the table. */
function typeorm(name: string, up: readonly string[]): string {
  return [
    "import { MigrationInterface, QueryRunner } from 'typeorm';",
    `export class ${name} implements MigrationInterface {`,
    '  public async up(queryRunner: QueryRunner): Promise<void> {',
    ...up.map((l) => `    ${l}`),
    '  }',
    '  public async down(queryRunner: QueryRunner): Promise<void> {',
    '    await queryRunner.query(`DROP TABLE "users"`);',
    '  }',
    '}',
    '',
  ].join('\n');
}
