import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { extractSql } from '../../../src/core/sources';
import { parseJs, prepareJsBuilders } from '../../../src/core/sources/js-builders/translate';
import { sharedLinter } from '../../helpers/rule-cases';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'frameworks');

/**
 * One spelling for SQL that differs only in layout, case and quoting style: the libraries
 * differ in whitespace and keyword case, not in meaning. Several statements in one string
 * (Sequelize's changeColumn) are split at `;`.
 */
function normalise(statements: readonly string[]): string[] {
  return statements
    .join(';')
    .split(';')
    .map((s) =>
      s
        .replace(/\s+/g, ' ')
        .replace(/\s*,\s*/g, ', ')
        .replace(/\(\s+/g, '(')
        .replace(/\s+\)/g, ')')
        .trim()
        .toLowerCase(),
    )
    .filter((s) => s !== '');
}

/** Lockstep's translation of the builder calls of a file's `up`, in order. */
function translated(text: string): string[] {
  const tree = parseJs(text);
  assert.ok(tree, 'the TypeScript grammar is loaded');
  const out: string[] = [];
  for (const call of extractSql(text).builders) {
    const t = tree.translate(call);
    assert.ok('sql' in t, `${call.call} is translated (${'reason' in t ? t.reason : ''})`);
    out.push(...t.sql);
  }
  return out;
}

describe('JS/TS schema builders: translated to the SQL the libraries emit for PostgreSQL', () => {
  before(() => prepareJsBuilders());

  for (const framework of ['knex', 'kysely', 'sequelize', 'node-pg-migrate', 'typeorm']) {
    const dir = join(FIXTURES, framework);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      it(`${framework}/${file}: the same statements as the library (recorded by scripts/record-framework-sql/js-builders.mjs)`, () => {
        const recorded = JSON.parse(readFileSync(join(dir, file.replace(/\.js$/, '.json')), 'utf8')) as { statements: string[] };
        assert.deepEqual(normalise(translated(readFileSync(join(dir, file), 'utf8'))), normalise(recorded.statements));
      });
    }
  }

  it('a non-concurrent Kysely createIndex on an existing table is reported at the builder call', async () => {
    const text = [
      "import { Kysely } from 'kysely';",
      'export async function up(db: Kysely<unknown>): Promise<void> {',
      "  await db.schema.createIndex('post_author_idx').on('post').column('author').execute();",
      '}',
      'export async function down(db: Kysely<unknown>): Promise<void> {',
      "  await db.schema.dropIndex('post_author_idx').execute();",
      '}',
    ].join('\n');
    const findings = (await sharedLinter()).lint(text, { fileName: 'migrations/001_index.ts', config: resolveConfig({ dialect: 'postgresql' }) }).findings;
    const index = findings.filter((f) => f.ruleId === 'create-index-non-concurrently');
    assert.equal(index.length, 1, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(index[0]!.range.start.line, 3);
    assert.ok(!findings.some((f) => f.ruleId === 'not-analysed'), 'the call is analysed');
  });

  it('a concurrent Sequelize addIndex outside a transaction draws no index finding; a computed argument stays not analysed', async () => {
    const text = [
      'module.exports = {',
      '  up: async (queryInterface, Sequelize) => {',
      "    await queryInterface.addIndex('Orders', ['email'], { concurrently: true });",
      '    await queryInterface.addColumn(tableName, "x", { type: Sequelize.STRING });',
      '  },',
      '  down: async () => {},',
      '};',
    ].join('\n');
    const findings = (await sharedLinter()).lint(text, { fileName: 'migrations/20240101-index.js', config: resolveConfig({ dialect: 'postgresql' }) }).findings;
    assert.ok(!findings.some((f) => f.ruleId === 'create-index-non-concurrently'), JSON.stringify(findings.map((f) => f.message)));
    const notes = findings.filter((f) => f.ruleId === 'not-analysed');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.range.start.line, 4);
    assert.match(notes[0]!.message, /tableName/);
  });

  it('Knex: `.alter()` is read as the type change Knex emits', async () => {
    const text = [
      'exports.up = function (knex) {',
      "  return knex.schema.alterTable('users', (t) => {",
      "    t.integer('age').alter();",
      '  });',
      '};',
      'exports.down = function () {};',
    ].join('\n');
    const findings = (await sharedLinter()).lint(text, { fileName: 'migrations/20240101_age.js', config: resolveConfig({ dialect: 'postgresql' }) }).findings;
    assert.ok(
      findings.some((f) => f.ruleId === 'alter-column-type-rewrite' && f.range.start.line === 2),
      JSON.stringify(findings.map((f) => [f.ruleId, f.range.start.line])),
    );
  });

  it('a table created by a call that is not translated is still new for the translated calls after it', async () => {
    const text = [
      'module.exports = {',
      '  up: async (queryInterface, Sequelize) => {',
      "    await queryInterface.createTable('Tokens', { id: { type: Sequelize.INTEGER }, scopes: { type: Sequelize.ARRAY(Sequelize.STRING) } });",
      "    await queryInterface.addIndex('Tokens', ['id']);",
      '  },',
      '  down: async () => {},',
      '};',
    ].join('\n');
    const findings = (await sharedLinter()).lint(text, {
      fileName: 'migrations/20240101-tokens.js',
      config: resolveConfig({ dialect: 'postgresql' }),
    }).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'create-index-non-concurrently'),
      [],
    );
    assert.equal(findings.filter((f) => f.ruleId === 'not-analysed').length, 1);
  });

  it('TypeORM QueryRunner API: findings at the call; isConcurrent in the runner transaction is an error; an old column given by name stays not analysed', async () => {
    const text = [
      "import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';",
      'export class Plan1700000000000 implements MigrationInterface {',
      '  public async up(queryRunner: QueryRunner): Promise<void> {',
      "    await queryRunner.addColumn('users', new TableColumn({ name: 'plan', type: 'varchar', isNullable: false }));",
      "    await queryRunner.createIndex('orders', new TableIndex({ name: 'IDX_orders_user', columnNames: ['user_id'] }));",
      "    await queryRunner.createIndex('orders', new TableIndex({ name: 'IDX_orders_day', columnNames: ['day'], isConcurrent: true }));",
      "    await queryRunner.changeColumn('users', 'age', new TableColumn({ name: 'age', type: 'bigint' }));",
      '  }',
      '  public async down(queryRunner: QueryRunner): Promise<void> {',
      "    await queryRunner.dropColumn('users', 'plan');",
      '  }',
      '}',
    ].join('\n');
    const findings = (await sharedLinter()).lint(text, {
      fileName: 'migrations/1700000000000-Plan.ts',
      config: resolveConfig({ dialect: 'postgresql' }),
    }).findings;
    const at = (rule: string): number[] => findings.filter((f) => f.ruleId === rule).map((f) => f.range.start.line);
    assert.deepEqual(at('add-column-not-null-without-default'), [4], JSON.stringify(findings.map((f) => [f.ruleId, f.range.start.line])));
    assert.deepEqual(at('create-index-non-concurrently'), [5]);
    assert.ok(
      findings.some((f) => f.range.start.line === 6 && f.severity === 'error' && /transaction/i.test(f.message)),
      JSON.stringify(findings.map((f) => [f.ruleId, f.range.start.line])),
    );
    const notes = findings.filter((f) => f.ruleId === 'not-analysed');
    assert.deepEqual(
      notes.map((n) => n.range.start.line),
      [7],
    );
    assert.match(notes[0]!.message, /reads its definition from the database/);
    assert.ok(!findings.some((f) => f.range.start.line >= 9), 'down is not linted');
  });

  it('each call is read on its own: a call after thousands of lines of broken code still translates', () => {
    const broken = `const note = 'left open\n${'-- filler line\n'.repeat(2000)}`;
    const call = "db.schema.createIndex('post_author_idx').on('post').column('author').execute()";
    assert.deepEqual(normalise(translated(`${broken}export async function up(db) {\n  await ${call};\n}\n`)), [
      'create index "post_author_idx" on "post" ("author")',
    ]);
  });
});
