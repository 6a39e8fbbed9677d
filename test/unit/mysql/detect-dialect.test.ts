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
});
