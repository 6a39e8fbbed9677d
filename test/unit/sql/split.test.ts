import assert from 'node:assert/strict';
import { copyDataBlock, splitStatements } from '../../../src/core/sql/split';

const texts = (sql: string, dialect?: Parameters<typeof splitStatements>[1]): string[] => splitStatements(sql, dialect).statements.map((s) => s.text);

describe('splitStatements', () => {
  it('splits on top-level semicolons and keeps exact offsets', () => {
    const sql = 'SELECT 1;\n  ALTER TABLE t ADD COLUMN c int ;\n';
    const { statements } = splitStatements(sql);
    assert.deepEqual(
      statements.map((s) => s.text),
      ['SELECT 1', 'ALTER TABLE t ADD COLUMN c int'],
    );
    assert.equal(sql.slice(statements[1]!.start, statements[1]!.end), 'ALTER TABLE t ADD COLUMN c int');
  });

  it('ignores semicolons in strings, quoted identifiers, comments and dollar quotes', () => {
    assert.deepEqual(texts(`SELECT 'a;b', "c;d" -- e;f\n;SELECT /* g; /* nested; */ h; */ 2;DO $x$ BEGIN PERFORM 1; END $x$;`), [
      `SELECT 'a;b', "c;d"`,
      'SELECT /* g; /* nested; */ h; */ 2',
      'DO $x$ BEGIN PERFORM 1; END $x$',
    ]);
  });

  it("handles E'' escapes and doubled quotes", () => {
    assert.deepEqual(texts(`SELECT E'it\\'s;'; SELECT 'it''s;'`), [`SELECT E'it\\'s;'`, `SELECT 'it''s;'`]);
  });

  it('keeps BEGIN ATOMIC function bodies whole but not transaction BEGIN', () => {
    assert.deepEqual(texts('BEGIN; CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; COMMIT;'), [
      'BEGIN',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END',
      'COMMIT',
    ]);
  });

  it('keeps SQLite trigger bodies whole', () => {
    assert.deepEqual(texts('CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; END; SELECT 1;', 'sqlite'), [
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; END',
      'SELECT 1',
    ]);
  });

  it('runs an unterminated string to the end instead of throwing', () => {
    assert.deepEqual(texts("SELECT 1; SELECT 'oops; SELECT 2;"), ['SELECT 1', "SELECT 'oops; SELECT 2;"]);
  });

  it('skips the inline rows of COPY … FROM STDIN up to the \\. line (pg_dump output)', () => {
    const sql = "COPY public.t (id, s) FROM stdin;\r\n1\ta; DROP TABLE x; 'open\r\n2\t\\N\r\n\\.\r\nALTER TABLE t ADD COLUMN c int;\n";
    const { statements, comments } = splitStatements(sql);
    assert.deepEqual(
      statements.map((s) => s.text),
      ['COPY public.t (id, s) FROM stdin', 'ALTER TABLE t ADD COLUMN c int'],
    );
    assert.deepEqual(comments, []);
    const block = copyDataBlock(sql, statements[0]!.end);
    assert.equal(sql.slice(block.start, block.end), "1\ta; DROP TABLE x; 'open\r\n2\t\\N\r\n");
    // Without the terminator the rows run to the end, as psql reads them.
    assert.deepEqual(texts('COPY t FROM STDIN;\n1\t2;\n'), ['COPY t FROM STDIN']);
    // COPY … TO STDOUT and COPY from a file have no inline rows.
    assert.deepEqual(texts("COPY t TO STDOUT;\nSELECT 1;\nCOPY t FROM '/x';\nSELECT 2;"), ['COPY t TO STDOUT', 'SELECT 1', "COPY t FROM '/x'", 'SELECT 2']);
  });

  it('collects comments with their bodies for directives', () => {
    const { comments } = splitStatements('-- lockstep-ignore x: why\nSELECT 1; /* note */');
    assert.deepEqual(
      comments.map((c) => c.body),
      ['lockstep-ignore x: why', 'note'],
    );
  });

  it("follows the mysql client's DELIMITER command in MySQL and MariaDB files", () => {
    const sql =
      'DROP PROCEDURE IF EXISTS p;\nDELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  WHILE 1 = 0 DO\n    SELECT 1;\n  END WHILE;\nEND //\ndelimiter ;\nCALL p();\n';
    for (const dialect of ['mysql', 'mariadb'] as const) {
      const texts = splitStatements(sql, dialect).statements.map((s) => s.text);
      assert.deepEqual(texts, ['DROP PROCEDURE IF EXISTS p', 'CREATE PROCEDURE p()\nBEGIN\n  WHILE 1 = 0 DO\n    SELECT 1;\n  END WHILE;\nEND', 'CALL p()']);
    }
    // Not a client command elsewhere, nor inside a statement.
    assert.equal(splitStatements('SELECT delimiter FROM t; SELECT 2;', 'mysql').statements.length, 2);
  });
});
