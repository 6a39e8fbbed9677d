import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { createLinter } from '../../../src/core/lint';
import type { Operation } from '../../../src/core/operations';
import { loadParser } from '../../../src/core/sql/parsers';

async function ops(sql: string, dialect: 'mysql' | 'mariadb' = 'mysql'): Promise<Operation[]> {
  const file = (await loadParser(dialect)).parse(sql);
  for (const s of file.statements) assert.equal(s.error, undefined, `${s.text}: ${s.error?.message}`);
  return file.statements.flatMap((s) => s.operations);
}

describe('MySQL parser', () => {
  it('maps ADD COLUMN with placement, default and the ALGORITHM/LOCK clauses', async () => {
    const [op] = await ops('ALTER TABLE `users` ADD COLUMN `age` INT NOT NULL DEFAULT 0 AFTER `name`, ALGORITHM=INSTANT, LOCK=DEFAULT;');
    assert.equal(op?.kind, 'add-column');
    if (op?.kind !== 'add-column') return;
    assert.deepEqual(op.table, { name: 'users' });
    assert.equal(op.column.name, 'age');
    assert.equal(op.column.type.name, 'int');
    assert.equal(op.column.notNull, true);
    assert.equal(op.column.default?.sql, '0');
    assert.deepEqual(op.column.position, { after: 'name' });
    assert.deepEqual(op.mysql, { algorithm: 'INSTANT', lock: 'DEFAULT' });
  });

  it('parses clauses its grammar lacks one by one (ALTER COLUMN SET DEFAULT, ADD COLUMN (…), NOCOPY)', async () => {
    const list = await ops('ALTER TABLE t ALTER COLUMN a SET DEFAULT 3, ADD COLUMN (b int, c text), ALGORITHM=INPLACE;', 'mariadb');
    assert.deepEqual(
      list.map((o) => o.kind),
      ['set-default', 'add-column', 'add-column'],
    );
    assert.ok(list.every((o) => o.mysql?.algorithm === 'INPLACE'));
    const [nocopy] = await ops('ALTER TABLE t ALGORITHM=NOCOPY, ADD COLUMN c int;', 'mariadb');
    assert.equal(nocopy?.mysql?.algorithm, 'NOCOPY');
    const [convert] = await ops('ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4;');
    assert.deepEqual(convert, { kind: 'other', statementIndex: 0, tag: 'mysql:convert-charset', table: { name: 't' } });
  });

  it('maps MODIFY/CHANGE, indexes, constraints, SET and transactions', async () => {
    const list = await ops(
      [
        'SET foreign_key_checks = 0',
        'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)',
        'SET SESSION lock_wait_timeout = 5',
        'ALTER TABLE t CHANGE COLUMN a b bigint NOT NULL',
        'ALTER TABLE t ADD FULLTEXT INDEX ft (body)',
        'CREATE INDEX i ON t (a) ALGORITHM=INPLACE LOCK=NONE',
        'START TRANSACTION',
        'UPDATE t SET a = 1 WHERE id BETWEEN 1 AND 1000',
        'UPDATE t SET a = 1 WHERE a IS NULL',
        'COMMIT',
        'RENAME TABLE a TO b',
      ].join(';\n'),
    );
    const kinds = list.map((o) => o.kind);
    assert.deepEqual(kinds, [
      'other',
      'add-constraint',
      'set-timeout',
      'alter-column-type',
      'rename-column',
      'create-index',
      'create-index',
      'transaction',
      'update',
      'update',
      'transaction',
      'rename-table',
    ]);
    assert.equal(list[1]?.mysql?.foreignKeyChecksOff, true);
    assert.deepEqual(list[2], { kind: 'set-timeout', statementIndex: 2, setting: 'lock_wait_timeout', ms: 5000, local: false });
    assert.equal(list[3]?.mysql?.notNull, true);
    assert.equal(list[5]?.mysql?.indexKind, 'fulltext');
    assert.deepEqual(list[6]?.mysql, { algorithm: 'INPLACE', lock: 'NONE' });
    assert.equal(list[8]?.kind === 'update' && list[8].filter, 'bounded');
    assert.equal(list[9]?.kind === 'update' && list[9].filter, 'unbounded');
  });

  it('reports a statement it cannot parse at its position and goes on', async () => {
    const sql = 'ALTER TABLE t ADD COLUMN a int;\n# note\nALTER TABLE t FROB;\nALTER TABLE t ADD COLUMN b int;';
    const file = (await loadParser('mysql')).parse(sql);
    assert.equal(file.statements.length, 3);
    assert.ok(file.statements[1]!.error);
    assert.equal(file.statements[1]!.range.start.line, 3);
    assert.ok(file.statements[1]!.error!.offset >= file.statements[1]!.start);
    assert.equal(file.statements[2]!.operations[0]?.kind, 'add-column');
  });
});

/** The MySQL migrations in the shared corpus: umami's Prisma MySQL folder. */
const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const MYSQL_DIR = join(CORPUS, 'umami-software__umami', 'db', 'mysql', 'migrations');

describe('MySQL corpus', function () {
  before(function () {
    if (!existsSync(MYSQL_DIR)) {
      console.warn(`  (skipped: ${MYSQL_DIR} not found; the shared corpus is optional)`);
      this.skip();
    }
  });

  it('lints every MySQL migration without a crash, and parses every statement', async () => {
    const linter = await createLinter(['mysql']);
    const config = resolveConfig({ dialect: 'mysql', targetVersion: '8.0.36', tables: { website_event: { rows: 50_000_000 } } });
    const files = readdirSync(MYSQL_DIR)
      .map((d) => join(MYSQL_DIR, d, 'migration.sql'))
      .filter((f) => existsSync(f) && statSync(f).isFile());
    assert.ok(files.length >= 13, `found ${files.length} files`);
    let statements = 0;
    const errors: string[] = [];
    for (const f of files) {
      const result = linter.lint(readFileSync(f, 'utf8'), { config, fileName: f });
      statements += result.statements.length;
      for (const finding of result.findings) if (finding.ruleId === 'syntax-error') errors.push(`${f}:${finding.range.start.line} ${finding.message}`);
    }
    assert.ok(statements > 50, `${statements} statements`);
    assert.deepEqual(errors, []);
  });
});
