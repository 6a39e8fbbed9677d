import assert from 'node:assert/strict';
import { extractSql, inferRunner, isScriptFile } from '../../../src/core/sources';

/** The extracted text must keep the host's length and every line break in place. */
function extract(text: string, options?: Parameters<typeof extractSql>[1]) {
  const result = extractSql(text, options);
  assert.equal(result.sql.length, text.length, 'same length as the host');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') assert.equal(result.sql[i], '\n', `line break kept at ${i}`);
  }
  return result;
}

/** The SQL statements of the extracted text, whitespace collapsed. */
function statements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('sources: extractSql', () => {
  it('takes the template passed to queryRunner.query and blanks the code around it', () => {
    const text = [
      'export class AddEmail1700000000000 implements MigrationInterface {',
      '  public async up(queryRunner: QueryRunner): Promise<void> {',
      '    await queryRunner.query(`ALTER TABLE "user" ADD "email" text`);',
      '  }',
      '}',
    ].join('\n');
    const { sql, sources, framework } = extract(text);
    assert.deepEqual(statements(sql), ['ALTER TABLE "user" ADD "email" text']);
    const at = text.indexOf('ALTER');
    assert.equal(sql.slice(at, at + 11), 'ALTER TABLE');
    assert.equal(sources.length, 1);
    assert.equal(sources[0]!.origin, 'call');
    assert.equal(sources[0]!.exact, true);
    assert.equal(framework?.framework, 'typeorm');
  });

  it('ends each literal with a semicolon over its closing quote', () => {
    const text = 'this.addSql(\'alter table a add column b int\');\nthis.addSql("create index c on a (b)");';
    const { sql } = extract(text);
    assert.equal(sql[text.indexOf("');")], ';');
    assert.deepEqual(statements(sql), ['alter table a add column b int', 'create index c on a (b)']);
  });

  it('keeps several statements of one template apart', () => {
    const text = 'const sql = `\n  ALTER TABLE a ADD b int;\n  CREATE INDEX c ON a (b);\n`\nthis.addSql(sql)';
    assert.deepEqual(statements(extract(text).sql), ['ALTER TABLE a ADD b int', 'CREATE INDEX c ON a (b)']);
  });

  it('replaces ${…} by an identifier of the same length named after the expression', () => {
    const text = 'await knex.raw(`ALTER TABLE ${tableName} ADD COLUMN ${col} int`)';
    const { sql, sources } = extract(text);
    assert.deepEqual(statements(sql), ['ALTER TABLE tableName___ ADD COLUMN col___ int']);
    assert.equal(sources[0]!.exact, false);
  });

  it('keeps placeholders inside quoted identifiers and strings', () => {
    const text = 'await db.query(`UPDATE "${t.name}" SET kind = \'${kind}\' WHERE id = 1`)';
    assert.deepEqual(statements(extract(text).sql), ['UPDATE "t_name___" SET kind = \'kind___\' WHERE id = 1']);
  });

  it('keeps the line breaks of a multi-line substitution', () => {
    const text = 'await db.query(`ALTER TABLE ${\n  name\n} ADD b int`)';
    const { sql } = extract(text);
    assert.equal(sql.split('\n').length, 3);
  });

  it('leaves out a substitution that stands alone between statements', () => {
    const text = 'const sql = `\n  ALTER TABLE a ADD b int;\n  ${generateMore(a)}\n  CREATE INDEX c ON a (b);\n`';
    assert.deepEqual(statements(extract(text).sql), ['ALTER TABLE a ADD b int', 'CREATE INDEX c ON a (b)']);
  });

  it('maps JavaScript escapes to text of the same length, quotes padded outside the quoted name', () => {
    const text = 'this.addSql("alter table \\"user\\" add column \\"name\\" text default \'a\\\\b\'");';
    const { sql } = extract(text);
    assert.deepEqual(statements(sql), ['alter table "user" add column "name" text default \'a\\ b\'']);
    // The identifier keeps its exact spelling: padding never lands inside the quotes.
    assert.ok(sql.includes(' "user" '));
  });

  it('keeps doubled quotes together when they are escaped', () => {
    const text = "await queryRunner.query('UPDATE t SET s = \\'it\\'\\'s\\' WHERE id = 1')";
    assert.deepEqual(statements(extract(text).sql), ["UPDATE t SET s = 'it '' s' WHERE id = 1"]);
  });

  it('turns escaped line breaks into spaces and ends a SQL line comment there', () => {
    const text = "await queryRunner.query('-- add the column\\nALTER TABLE a ADD b int')";
    const { sql } = extract(text);
    assert.deepEqual(statements(sql), ['ALTER TABLE a ADD b int']);
  });

  it('drops a SQL line comment that runs to the end of the literal, so the semicolon survives', () => {
    const text = "await queryRunner.query('ALTER TABLE a ADD b int -- why');\nawait queryRunner.query('CREATE INDEX c ON a (b)');";
    assert.deepEqual(statements(extract(text).sql), ['ALTER TABLE a ADD b int', 'CREATE INDEX c ON a (b)']);
  });

  it('joins literals concatenated with +, with expressions as placeholders', () => {
    const text = "await queryInterface.sequelize.query('ALTER TABLE \"' + table + '\" ' +\n  'ADD COLUMN x int');";
    const { sql, sources } = extract(text);
    assert.deepEqual(statements(sql), ['ALTER TABLE " table " ADD COLUMN x int']);
    assert.equal(sources.length, 1);
    assert.equal(sources[0]!.exact, false);
  });

  it('turns Sequelize replacements and Knex bindings into identifiers when bindings are passed', () => {
    const sequelize = "await queryInterface.sequelize.query('UPDATE t SET a = :value WHERE id IN (:ids) AND b::int = 1', { replacements: { value, ids } })";
    assert.deepEqual(statements(extract(sequelize).sql), ['UPDATE t SET a = _value WHERE id IN (_ids) AND b::int = 1']);
    const knex = "await knex.raw('UPDATE ?? SET a = ? WHERE s = \\'?\\'', ['t', 1])";
    assert.deepEqual(statements(extract(knex).sql), ["UPDATE __ SET a = _ WHERE s = '?'"]);
    const noBindings = "await knex.raw('SELECT data ? \\'key\\' FROM t')";
    assert.deepEqual(statements(extract(noBindings).sql), ["SELECT data ? 'key' FROM t"]);
  });

  it('takes Kysely sql templates that are executed, not expression fragments', () => {
    const text = [
      'export async function up(db: Kysely<unknown>): Promise<void> {',
      '  await db.schema.createIndex("a_idx").on("a").expression(sql`lower("email")`).execute()',
      '  await sql`CREATE INDEX CONCURRENTLY b_idx ON a (b)`.execute(db)',
      '}',
    ].join('\n');
    const { sql, framework } = extract(text);
    assert.deepEqual(statements(sql), ['CREATE INDEX CONCURRENTLY b_idx ON a (b)']);
    assert.equal(framework?.framework, 'kysely');
  });

  it('takes string constants that read as whole statements, and leaves option strings alone', () => {
    const text = [
      "const ADD = 'ALTER TABLE a ADD COLUMN b int'",
      "await queryInterface.addColumn('T', 'c', { references: { model: 'U' }, onDelete: 'SET NULL', onUpdate: 'CASCADE' })",
      "console.log('Update the totals set by hand')",
      "const fragment = 'created_at DESC'",
    ].join('\n');
    const { sql, sources } = extract(text);
    assert.deepEqual(statements(sql), ['ALTER TABLE a ADD COLUMN b int']);
    assert.equal(sources[0]!.origin, 'keyword');
  });

  it('ignores literals that are not SQL even when passed to a runner call', () => {
    const text = "table.timestamp('at').defaultTo(knex.raw('now()'));\nawait knex.raw('CURRENT_TIMESTAMP');";
    assert.deepEqual(statements(extract(text).sql), []);
  });

  it('skips down migrations in each framework style', () => {
    const styles = [
      'export class M implements MigrationInterface {\n  async up(q: QueryRunner) { await q.query(`ALTER TABLE a ADD b int`) }\n  async down(q: QueryRunner): Promise<void> { await q.query(`DROP INDEX x`) }\n}',
      'module.exports = {\n  up: async (queryInterface) => { await queryInterface.sequelize.query(`ALTER TABLE a ADD b int`) },\n  down: async (queryInterface) => { await queryInterface.sequelize.query(`DROP INDEX x`) },\n};',
      'exports.up = function (knex) { return knex.raw("ALTER TABLE a ADD b int"); };\nexports.down = function (knex) { return knex.raw("DROP INDEX x"); };',
      'exports.up = (knex) => knex.raw("ALTER TABLE a ADD b int");\nexports.down = (knex) => knex.raw("DROP INDEX x");',
      'export async function up(db) { await sql`ALTER TABLE a ADD b int`.execute(db) }\nexport async function down(db) { await sql`DROP INDEX x`.execute(db) }',
      'export const up = async ({ context: q }) => { await q.sequelize.query("ALTER TABLE a ADD b int") };\nexport const down = async ({ context: q }) => { await q.sequelize.query("DROP INDEX x") };',
    ];
    for (const text of styles) assert.deepEqual(statements(extract(text).sql), ['ALTER TABLE a ADD b int'], text);
    assert.deepEqual(statements(extract(styles[0]!, { includeDown: true }).sql), ['ALTER TABLE a ADD b int', 'DROP INDEX x']);
  });

  it('keeps // lockstep-ignore comments as SQL comments of the same length', () => {
    const text = '// lockstep-ignore require-lock-timeout: set by the runner\nawait queryRunner.query(`ALTER TABLE a ADD b int`)\n// unrelated note';
    const { sql } = extract(text);
    assert.ok(sql.startsWith('-- lockstep-ignore require-lock-timeout: set by the runner\n'));
    assert.ok(!sql.includes('unrelated'));
  });

  it('skips literals that are still being typed', () => {
    const text = 'await queryRunner.query(`ALTER TABLE a ADD b int';
    assert.deepEqual(statements(extract(text).sql), []);
  });

  it('skips SQL that leaves a quote open', () => {
    const text = "await queryRunner.query(\"UPDATE a SET b = 'x\");\nawait queryRunner.query('ALTER TABLE a ADD c int');";
    assert.deepEqual(statements(extract(text).sql), ['ALTER TABLE a ADD c int']);
  });

  it('never writes SQL for schema-builder calls: it lists them, with the tables they create', () => {
    const text = [
      'module.exports = {',
      '  async up(queryInterface, Sequelize) {',
      "    await queryInterface.createTable('PaymentIntents', { id: { type: Sequelize.INTEGER } });",
      '    await queryInterface.sequelize.query(`CREATE INDEX "pi_id" ON "PaymentIntents" (id)`);',
      "    await queryInterface.addIndex('Users', ['email']);",
      '  },',
      '  async down(queryInterface) {',
      "    await queryInterface.dropTable('PaymentIntents');",
      '  },',
      '};',
    ].join('\n');
    const extracted = extract(text);
    assert.deepEqual(statements(extracted.sql), ['CREATE INDEX "pi_id" ON "PaymentIntents" (id)']);
    assert.deepEqual(
      extracted.builders.map((b) => [b.call, b.createsTable, text.slice(b.start, b.end)]),
      [
        [
          "queryInterface.createTable('PaymentIntents', …)",
          'PaymentIntents',
          "queryInterface.createTable('PaymentIntents', { id: { type: Sequelize.INTEGER } })",
        ],
        ["queryInterface.addIndex('Users', …)", undefined, "queryInterface.addIndex('Users', ['email'])"],
      ],
    );
    const kysely =
      "export async function up(db: Kysely<unknown>) {\n  await db.schema\n    .createTable('actor')\n    .addColumn('did', 'varchar', (col) => col.primaryKey())\n    .execute()\n  await db.schema.createIndex('actor_did').on('actor').column('did').execute()\n}";
    const k = extract(kysely);
    assert.deepEqual(statements(k.sql), []);
    assert.deepEqual(
      k.builders.map((b) => b.call),
      ["db.schema.createTable('actor')", "db.schema.createIndex('actor_did')"],
    );
    assert.ok(kysely.slice(k.builders[0]!.start, k.builders[0]!.end).endsWith('.execute()'), 'the range covers the whole chain');
    const knex =
      "exports.up = (knex) => knex.schema.raw('ALTER TABLE a ADD b int').then(() => knex.schema.hasTable('x'));\nexports.up2 = (trx) => trx.schema.table('users', (t) => { t.string('nick') });";
    assert.deepEqual(
      extract(knex).builders.map((b) => b.call),
      ["trx.schema.table('users', …)"],
    );
    const writes =
      "exports.up = async (knex) => {\n  const rows = await knex('monitor').select('id');\n  await knex('monitor').whereNull('op').update('op', '==');\n};\nexports.down = (knex) => knex('monitor').del();";
    const w = extract(writes);
    assert.deepEqual(
      w.builders.map((b) => [b.call, writes.slice(b.start, b.end)]),
      [["knex('monitor')….update(…)", "knex('monitor').whereNull('op').update('op', '==')"]],
    );
  });

  it('writes TypeORM transaction calls as BEGIN/COMMIT and models the runner transaction explicitly', () => {
    const text = [
      'export class Idx implements MigrationInterface {',
      '  public async up(queryRunner: QueryRunner): Promise<void> {',
      '    await queryRunner.query(`ALTER TABLE a ADD b int`);',
      '    await queryRunner.commitTransaction();',
      '    await queryRunner.query(`CREATE INDEX CONCURRENTLY c ON a (b)`);',
      '    await queryRunner.startTransaction();',
      '  }',
      '}',
    ].join('\n');
    const { sql, transactional } = extract(text);
    assert.deepEqual(statements(sql), ['BEGIN', 'ALTER TABLE a ADD b int', 'COMMIT', 'CREATE INDEX CONCURRENTLY c ON a (b)', 'BEGIN']);
    assert.equal(transactional, false);
  });
});

describe('sources: runner inference', () => {
  const cases: [string, string, string | undefined, boolean | undefined][] = [
    ['TypeORM', 'export class M implements MigrationInterface {}', 'typeorm', true],
    ['TypeORM, transaction = false', 'export class M implements MigrationInterface {\n  transaction = false\n}', 'typeorm', false],
    ['MikroORM', "import { Migration } from '@mikro-orm/migrations'\nclass M extends Migration { async up() { this.addSql('select 1') } }", 'mikro-orm', true],
    [
      'MikroORM, isTransactional false',
      "import { Migration } from '@mikro-orm/migrations'\nclass M extends Migration { isTransactional(): boolean { return false } }",
      'mikro-orm',
      false,
    ],
    ['Sequelize', 'module.exports = { async up(queryInterface, Sequelize) {} }', 'sequelize', false],
    ['Knex', 'exports.up = function (knex) { return knex.schema.createTable("a", () => {}) }', 'knex', true],
    ['Knex, config.transaction false', 'exports.config = { transaction: false };\nexports.up = (knex) => knex.raw("select 1")', 'knex', false],
    ['Kysely', "import { Kysely } from 'kysely'\nexport async function up(db: Kysely<unknown>) {}", 'kysely', true],
    ['node-pg-migrate', 'exports.up = (pgm) => { pgm.sql("select 1") }', 'node-pg-migrate', true],
    ['node-pg-migrate, noTransaction', 'exports.up = (pgm) => { pgm.noTransaction(); pgm.sql("select 1") }', 'node-pg-migrate', false],
    ['unknown', 'const a = 1', undefined, undefined],
  ];
  for (const [name, text, framework, transactional] of cases) {
    it(name, () => {
      const runner = inferRunner(text);
      assert.equal(runner?.framework, framework);
      assert.equal(runner?.transactional, transactional);
    });
  }

  it('recognises script file names', () => {
    for (const f of ['a.ts', 'b.JS', 'c.mjs', 'd.cjs', 'e.mts', 'f.cts']) assert.ok(isScriptFile(f), f);
    for (const f of ['a.sql', undefined, 'tsconfig.json']) assert.ok(!isScriptFile(f), String(f));
  });
});
