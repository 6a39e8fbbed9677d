import assert from 'node:assert/strict';
import { detectDialect } from '../../../src/core/sql/detect-dialect';

describe('dialect detection', () => {
  const files = (map: Record<string, string>) => (p: string) => map[p];

  it('an override wins, then the config', () => {
    assert.equal(detectDialect({ override: 'sqlite', configDialect: 'mysql', text: 'ALTER TABLE `t` ADD c int' }).source, 'override');
    const d = detectDialect({ configDialect: 'mariadb', text: 'PRAGMA foreign_keys=OFF' });
    assert.deepEqual([d.dialect, d.source], ['mariadb', 'config']);
  });

  it("reads Prisma's migration_lock.toml provider", () => {
    const d = detectDialect({
      filePath: '/app/prisma/migrations/20240101_init/migration.sql',
      readFile: files({ '/app/prisma/migrations/migration_lock.toml': '# Please do not edit\nprovider = "mysql"\n' }),
    });
    assert.deepEqual([d.dialect, d.source], ['mysql', 'prisma']);
    assert.match(d.reason, /migration_lock\.toml/);
  });

  it('uses path hints, then syntax cues, then PostgreSQL', () => {
    const none = files({});
    assert.equal(detectDialect({ filePath: '/app/db/mysql/migrations/01/migration.sql', readFile: none }).dialect, 'mysql');
    assert.equal(detectDialect({ filePath: '/app/sqlite/001.sql', readFile: none }).dialect, 'sqlite');
    const mysql = detectDialect({ filePath: '/app/m/001.sql', readFile: none, text: 'CREATE TABLE `t` (id int AUTO_INCREMENT) ENGINE=InnoDB;' });
    assert.deepEqual([mysql.dialect, mysql.source], ['mysql', 'syntax']);
    assert.equal(detectDialect({ text: 'PRAGMA foreign_keys=OFF;\nCREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);' }).dialect, 'sqlite');
    assert.equal(detectDialect({ text: 'CREATE INDEX CONCURRENTLY i ON t (a);' }).dialect, 'postgresql');
    assert.equal(detectDialect({ text: 'ALTER TABLE t ADD COLUMN c int;' }).source, 'default');
  });

  it('reads only SQL: a JS template backtick, or a backtick in a SQL comment or string, is no MySQL vote', () => {
    const none = files({});
    const ts =
      'export async function up(db) {\n  await sql`ALTER TABLE users ADD COLUMN age int`.execute(db);\n  await queryRunner.query(`CREATE INDEX "a" ON "b" (c)`);\n}';
    assert.equal(detectDialect({ filePath: '/app/migrations/001.ts', readFile: none, text: ts }).source, 'default');
    const commented = "-- the `users` table\nALTER TABLE users ADD COLUMN note text DEFAULT 'use `x` here';";
    assert.equal(detectDialect({ filePath: '/app/m/001.sql', readFile: none, text: commented }).source, 'default');
    const inJsString = 'module.exports = { up: (qi) => qi.sequelize.query(`UPDATE "Users" SET "note" = \'a \\`quoted\\` word\'`) };';
    assert.equal(detectDialect({ filePath: '/app/migrations/002.js', readFile: none, text: inJsString }).source, 'default');
    // Backticks the SQL itself uses still vote MySQL, in a .sql file and inside a literal alike.
    assert.equal(detectDialect({ filePath: '/app/m/002.sql', readFile: none, text: 'ALTER TABLE `t` ADD c int;' }).dialect, 'mysql');
    assert.equal(detectDialect({ fileName: 'untitled.ts', text: "knex.raw('ALTER TABLE `t` ADD c int')" }).dialect, 'mysql');
  });

  it("reads the ORM's configured driver when it is a literal, before the path and the SQL", () => {
    const knexfile = "module.exports = {\n  development: { client: 'pg', connection: process.env.DATABASE_URL },\n  production: { client: 'postgresql' },\n};";
    const k = detectDialect({
      filePath: '/app/db/migrations/001.js',
      text: 'ALTER TABLE `t` ADD c int',
      readFile: files({ '/app/knexfile.js': knexfile, '/app/package.json': '{}' }),
    });
    assert.deepEqual([k.dialect, k.source], ['postgresql', 'orm']);
    assert.match(k.reason, /knexfile\.js/);
    const sequelize = JSON.stringify({ development: { dialect: 'mysql' }, production: { dialect: 'mysql' } });
    assert.equal(detectDialect({ filePath: '/app/migrations/001.js', readFile: files({ '/app/config/config.json': sequelize }) }).dialect, 'mysql');
    // Environments that disagree, or a driver from the environment, decide nothing.
    const mixed = "export default { dev: { client: 'sqlite3' }, prod: { client: 'pg' } }";
    assert.equal(detectDialect({ filePath: '/app/migrations/001.ts', readFile: files({ '/app/knexfile.ts': mixed }) }).source, 'default');
    const fromEnv = 'export default { client: process.env.DB_CLIENT }';
    assert.equal(detectDialect({ filePath: '/app/migrations/001.ts', readFile: files({ '/app/knexfile.ts': fromEnv }) }).source, 'default');
    // The lock file and lockstep.config.json still come first.
    assert.equal(
      detectDialect({ configDialect: 'sqlite', filePath: '/app/migrations/001.js', readFile: files({ '/app/knexfile.js': knexfile }) }).source,
      'config',
    );
  });
});
