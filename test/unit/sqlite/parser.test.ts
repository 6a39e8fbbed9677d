import assert from 'node:assert/strict';
import { BUNDLED_SQLITE_VERSION, loadSqlJs } from '../../../src/core/engines/sqlite/engine';
import { loadParser } from '../../../src/core/sql/parsers';
import { sqliteTableBefore } from '../../../src/core/sql/sqlite/schema';

describe('SQLite parser', () => {
  it('the bundled engine is the pinned SQLite version', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    assert.equal(db.exec('SELECT sqlite_version()')[0]!.values[0]![0], BUNDLED_SQLITE_VERSION);
    db.close();
  });

  it('accepts what SQLite accepts even where node-sql-parser does not', async () => {
    const file = (await loadParser('sqlite')).parse(
      'PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0);\nCOMMIT;\nPRAGMA foreign_keys=ON;',
    );
    assert.deepEqual(
      file.statements.map((s) => s.error?.message),
      [undefined, undefined, undefined, undefined, undefined, undefined],
    );
    assert.deepEqual(
      file.statements.flatMap((s) => s.operations.map((o) => o.kind)),
      ['other', 'transaction', 'set-not-null', 'add-constraint', 'transaction', 'other'],
    );
  });

  it('reports only what the real engine rejects, with its message and position', async () => {
    const file = (await loadParser('sqlite')).parse('CREATE TABLE t (id INTEGER);\nALTER TABLE t FROB x;\nALTER TABLE t ADD COLUMN b TEXT;');
    const bad = file.statements[1]!;
    assert.match(bad.error!.message, /near "FROB": syntax error/);
    assert.equal(file.lines.position(bad.error!.offset).column, 15);
    assert.equal(file.statements[2]!.operations[0]?.kind, 'add-column');
  });

  it('keeps forms SQLite never accepts as operations so rules can explain the rebuild', async () => {
    const file = (await loadParser('sqlite')).parse('ALTER TABLE users ALTER COLUMN age TYPE BIGINT;');
    assert.equal(file.statements[0]!.error, undefined);
    assert.equal(file.statements[0]!.operations[0]?.kind, 'alter-column-type');
  });

  it('knows the schema built so far in the file', async () => {
    const file = (await loadParser('sqlite')).parse(
      'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\nCREATE INDEX t_a ON t (a);\nCREATE TRIGGER t_tr AFTER INSERT ON t BEGIN UPDATE t SET a = lower(a); END;\nALTER TABLE t ADD COLUMN b INTEGER;\nSELECT 1;',
    );
    assert.equal(file.statements.length, 5);
    const before = sqliteTableBefore(file, 3, { name: 't' })!;
    assert.deepEqual(before.columns, ['id', 'a']);
    assert.equal(before.indexes.length, 1);
    assert.equal(before.triggers.length, 1);
    assert.deepEqual(sqliteTableBefore(file, 4, { name: 't' })!.columns, ['id', 'a', 'b']);
    assert.equal(sqliteTableBefore(file, 0, { name: 't' }), undefined);
  });
});
