import assert from 'node:assert/strict';
import { resolveConfig, type ConfigFile } from '../../../src/core/config';
import { createLinter } from '../../../src/core/lint';
import type { Finding } from '../../../src/core/rules/types';
import { applyEdits, sharedLinter } from '../../helpers/rule-cases';

async function lint(text: string, fileName = 'migrations/1700000000000-change.ts', config: ConfigFile = {}): Promise<Finding[]> {
  return (await sharedLinter()).lint(text, { fileName, config: resolveConfig(config) }).findings;
}

function only(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

const typeorm = (body: string, extra = ''): string =>
  [
    'import { MigrationInterface, QueryRunner } from "typeorm";',
    '',
    'export class Change1700000000000 implements MigrationInterface {',
    extra,
    '  public async up(queryRunner: QueryRunner): Promise<void> {',
    body,
    '  }',
    '',
    '  public async down(queryRunner: QueryRunner): Promise<void> {',
    '    await queryRunner.query(`DROP INDEX "users_email_idx"`);',
    '  }',
    '}',
  ].join('\n');

const sequelize = (body: string): string =>
  [
    "'use strict';",
    'module.exports = {',
    '  async up(queryInterface) {',
    body,
    '  },',
    '  async down(queryInterface) {',
    '    await queryInterface.sequelize.query(`DROP INDEX users_email_idx`);',
    '  },',
    '};',
  ].join('\n');

describe('sources: linting SQL inside TS/JS migrations', () => {
  it('reports a finding at its exact line and column inside a template literal', async () => {
    const text = typeorm('    await queryRunner.query(`\n      ALTER TABLE "users"\n        ADD COLUMN "age" int NOT NULL\n    `);');
    const [finding] = only(await lint(text), 'add-column-not-null-without-default');
    assert.ok(finding, 'finding reported');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('ALTER TABLE "users"')) + 1;
    assert.equal(finding.range.start.line, line);
    assert.equal(finding.range.start.column, lines[line - 1]!.indexOf('ALTER') + 1);
    assert.equal(text.slice(finding.range.start.offset, finding.range.start.offset + 11), 'ALTER TABLE');
    assert.ok(finding.range.end.offset <= text.indexOf('int NOT NULL') + 'int NOT NULL'.length);
  });

  it('checks several queries per file in order, each at its own place', async () => {
    const text = typeorm(
      [
        '    await queryRunner.query(`CREATE TABLE "t" (id int)`);',
        '    await queryRunner.query(`CREATE INDEX "t_id" ON "t" (id)`);',
        '    await queryRunner.query(`CREATE INDEX "u_id" ON "users" (id)`);',
      ].join('\n'),
    );
    const found = only(await lint(text), 'create-index-non-concurrently');
    assert.equal(found.length, 1, 'only the index on the existing table');
    assert.equal(text.slice(found[0]!.range.start.offset).startsWith('CREATE INDEX "u_id"'), true);
  });

  it('does not lint down migrations', async () => {
    const findings = await lint(typeorm('    await queryRunner.query(`ALTER TABLE "users" ADD "nickname" text`);'));
    assert.ok(findings.every((f) => f.range.start.line < 9));
  });

  it('knows TypeORM runs migrations in a transaction: CONCURRENTLY fails', async () => {
    const text = typeorm('    await queryRunner.query(`CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email")`);');
    const [finding] = only(await lint(text), 'concurrently-in-transaction');
    assert.equal(finding?.messageId, 'runner');
    assert.equal(finding.range.start.line, 6);
  });

  it('respects TypeORM `transaction = false`', async () => {
    const text = typeorm('    await queryRunner.query(`CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email")`);', '  transaction = false;');
    assert.deepEqual(only(await lint(text), 'concurrently-in-transaction'), []);
  });

  it('follows commitTransaction()/startTransaction() around a CONCURRENTLY index', async () => {
    const body = [
      '    await queryRunner.commitTransaction();',
      '    await queryRunner.query(`CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email")`);',
      '    await queryRunner.startTransaction();',
    ].join('\n');
    assert.deepEqual(only(await lint(typeorm(body)), 'concurrently-in-transaction'), []);
  });

  it('knows Sequelize does not wrap migrations in a transaction', async () => {
    const text = sequelize('    await queryInterface.sequelize.query(`CREATE INDEX CONCURRENTLY users_email_idx ON users (email)`);');
    assert.deepEqual(only(await lint(text, 'migrations/20240101-idx.js'), 'concurrently-in-transaction'), []);
  });

  it('lets an explicit transactional setting override the framework', async () => {
    const text = sequelize('    await queryInterface.sequelize.query(`CREATE INDEX CONCURRENTLY users_email_idx ON users (email)`);');
    const found = only(await lint(text, 'migrations/20240101-idx.js', { transactional: true }), 'concurrently-in-transaction');
    assert.equal(found.length, 1);
  });

  it('knows a table created by the schema builder earlier in the file is new', async () => {
    const text = sequelize(
      [
        "    await queryInterface.createTable('Payments', { id: { type: Sequelize.INTEGER } });",
        '    await queryInterface.sequelize.query(`CREATE INDEX payments_id ON "Payments" (id)`);',
      ].join('\n'),
    );
    assert.deepEqual(only(await lint(text, 'm.js'), 'create-index-non-concurrently'), []);
  });

  it('reports an untranslated builder call as not analysed, at the call, and never as SQL', async () => {
    const text = sequelize(
      ["    await queryInterface.createTable('Payments', { id: { type: Sequelize.INTEGER } });", "    await queryInterface.addIndex('Users', ['email']);"].join(
        '\n',
      ),
    );
    // Builder calls are translated for PostgreSQL only (test/unit/sources/js-builders.test.ts).
    for (const dialect of ['mysql', 'sqlite'] as const) {
      const findings = (await createLinter([dialect])).lint(text, { fileName: 'm.js', config: resolveConfig({ dialect }) }).findings;
      assert.deepEqual(only(findings, 'syntax-error'), [], `${dialect}: no invented SQL to reject`);
      const info = only(findings, 'not-analysed');
      assert.deepEqual(
        info.map((f) => [f.severity, f.message, f.range.start.line, f.range.start.column]),
        [
          ['info', "not analysed: queryInterface.createTable('Payments', …) is not translated to SQL yet", 4, 11],
          ['info', "not analysed: queryInterface.addIndex('Users', …) is not translated to SQL yet", 5, 11],
        ],
      );
    }
  });

  it('reports syntax errors in SQL passed to a runner call, at the host position', async () => {
    const text = sequelize("    await queryInterface.sequelize.query('ALTER TABLE users ADD COLUMN');");
    const [error] = only(await lint(text, 'm.js'), 'syntax-error');
    assert.ok(error, 'syntax error reported');
    assert.equal(error.range.start.line, 4);
  });

  it('does not report syntax errors caused by placeholders or in mere string constants', async () => {
    const text = sequelize(
      ['    await queryInterface.sequelize.query(`ALTER TABLE users ${action} COLUMN x int`);', "    const note = 'UPDATE users u SET x = WHERE';"].join('\n'),
    );
    assert.deepEqual(only(await lint(text, 'm.js'), 'syntax-error'), []);
  });

  it('keeps a fix that stays inside the literal and applies cleanly to the host file', async () => {
    const text = sequelize("    await queryInterface.sequelize.query('CREATE INDEX users_email_idx ON users (email)');");
    const [finding] = only(await lint(text, 'm.js'), 'create-index-non-concurrently');
    assert.ok(finding?.fix, 'fix kept');
    const fixed = applyEdits(text, finding.fix.edits);
    assert.ok(fixed.includes("query('CREATE INDEX CONCURRENTLY users_email_idx ON users (email)');"), fixed);
  });

  it('drops a fix that would write SQL outside the literal', async () => {
    const text = typeorm('    await queryRunner.query(`ALTER TABLE "users" ADD "nickname" text`);');
    const findings = await lint(text);
    const timeout = only(findings, 'require-lock-timeout')[0];
    assert.ok(timeout, 'lock timeout finding');
    assert.equal(timeout.fix, undefined);
  });

  it('honours // lockstep-ignore comments above the call', async () => {
    const body = [
      '    // lockstep-ignore require-lock-timeout: the runner sets lock_timeout',
      '    await queryRunner.query(`ALTER TABLE "users" ADD "nickname" text`);',
    ].join('\n');
    const findings = await lint(typeorm(body));
    assert.deepEqual(only(findings, 'require-lock-timeout'), []);
    assert.deepEqual(only(findings, 'invalid-ignore'), []);
  });

  it('still lints .sql files as plain SQL', async () => {
    const findings = await lint('CREATE INDEX users_email_idx ON users (email);', 'migrations/001.sql');
    assert.equal(only(findings, 'create-index-non-concurrently').length, 1);
  });
});
