import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { cli, cliWithStdin } from '../../helpers/cli';

/** The bundled examples are the fixtures: what the README shows is what the tests check. */
const FIXTURES = join(__dirname, '..', '..', '..', 'examples');

describe('lockstep lint (CLI)', () => {
  it('exits 1 and prints findings for an unsafe migration', async () => {
    const r = await cli('lint', join(FIXTURES, 'migrations', '0002_add_user_plan.sql'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /add-column-table-rewrite/);
    assert.match(r.stdout, /On users \(5M rows\) that is about/);
    assert.match(r.stdout, /problems \(\d+ errors?, \d+ warnings?\)/);
  });

  it('exits 0 for a safe migration', async () => {
    const r = await cli('lint', join(FIXTURES, 'phased', '0002_add_user_plan_by_hand.sql'));
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /No problems in 1 file/);
  });

  it('prints 1-based JSON findings', async () => {
    const r = await cli('lint', join(FIXTURES, 'migrations', '0002_add_user_plan.sql'), '--format', 'json');
    const findings = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(findings.length > 0);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).slice(0, 8), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message']);
      assert.ok((f['line'] as number) >= 1 && (f['column'] as number) >= 1);
    }
    const rewrite = findings.find((f) => f['rule'] === 'add-column-table-rewrite')!;
    assert.deepEqual([rewrite['line'], rewrite['column']], [4, 1]);
  });

  it('prints SARIF 2.1.0 with rules and results', async () => {
    const r = await cli('lint', join(FIXTURES, 'migrations', '0002_add_user_plan.sql'), '--format', 'sarif');
    const log = JSON.parse(r.stdout) as Log;
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0]!;
    assert.ok(run0.tool.driver.rules!.some((d) => d.id === 'create-index-non-concurrently'));
    const result = run0.results!.find((x) => x.ruleId === 'create-index-non-concurrently')!;
    assert.equal(result.level, 'error');
    assert.equal(result.locations![0]!.physicalLocation!.region!.startLine, 8);
    assert.equal(run0.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
  });

  it('prints GitHub annotations', async () => {
    const r = await cli('lint', join(FIXTURES, 'migrations', '0002_add_user_plan.sql'), '--format', 'github');
    assert.match(r.stdout, /^::error file=.*0002_add_user_plan\.sql,line=4,col=1,endLine=4,endColumn=\d+,title=lockstep\(add-column-table-rewrite\)::/m);
  });

  it('honours --pg-version over the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-cli-'));
    try {
      writeFileSync(join(dir, 'm.sql'), "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN c int DEFAULT 0;\n");
      assert.equal((await cli('lint', dir, '--pg-version', '16')).code, 0);
      const old = await cli('lint', dir, '--pg-version', '10');
      assert.equal(old.code, 1);
      assert.match(old.stdout, /before PostgreSQL 11/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips binary and over-size files with a message, without failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-cli-'));
    try {
      writeFileSync(join(dir, 'binary.sql'), Buffer.from([0x53, 0x00, 0x01, 0x02]));
      writeFileSync(join(dir, 'lockstep.config.json'), '{ "maxFileBytes": 100 }');
      writeFileSync(join(dir, 'big.sql'), `SELECT 1;\n${'-- padding\n'.repeat(20)}`);
      const r = await cli('lint', dir);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /skipped .*binary\.sql: it does not look like text/);
      assert.match(r.stdout, /skipped .*big\.sql: .* above the 100 bytes limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declines a file in a language it does not read with one message; a directory walk leaves such files out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-cli-'));
    try {
      writeFileSync(join(dir, '20240101_add_users.go'), 'package migrations\n\nfunc init() {}\n');
      writeFileSync(join(dir, '001_add.sql'), 'ALTER TABLE users ADD COLUMN nick text;\n');
      const alone = await cli('lint', join(dir, '20240101_add_users.go'));
      assert.match(alone.stdout, /skipped .*20240101_add_users\.go: Go \(goose, golang-migrate\) migrations are not supported yet/);
      assert.doesNotMatch(alone.stdout, /syntax/);
      assert.equal(alone.code, 2, 'nothing lintable');
      assert.match(alone.stderr, /nothing to lint/);
      const withSql = await cli('lint', join(dir, '20240101_add_users.go'), join(dir, '001_add.sql'));
      assert.equal(withSql.code, 0);
      assert.match(withSql.stdout, /Go \(goose, golang-migrate\) migrations are not supported yet/);
      const walk = await cli('lint', dir);
      assert.equal(walk.code, 0);
      assert.doesNotMatch(walk.stdout, /\.go/);
      for (const command of ['plan', 'simulate']) {
        const r = await cli(command, join(dir, '20240101_add_users.go'));
        assert.equal(r.code, 2, command);
        assert.match(r.stderr, /Go \(goose, golang-migrate\) migrations are not supported yet/, command);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a clear message for a missing path or a bad option', async () => {
    const missing = await cli('lint', 'no/such/file.sql');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or no match: no\/such\/file\.sql/);
    assert.equal((await cli('lint', FIXTURES, '--format', 'xml')).code, 2);
    assert.equal((await cli('lint', FIXTURES, '--pg-version', 'sixteen')).code, 2);
  });

  it('lists the rules', async () => {
    const r = await cli('lint', '--list-rules');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^require-lock-timeout\s+warning/m);
  });
});

describe('CLI: lint - (standard input)', () => {
  it('lints SQL piped in, named by --stdin-filename for the dialect and convention', async () => {
    // What `alembic upgrade head --sql` prints: the SQL of each revision in one transaction.
    const alembic = [
      'BEGIN;',
      '',
      '-- Running upgrade  -> 1a2b3c',
      '',
      'CREATE INDEX ix_users_email ON users (email);',
      '',
      "UPDATE alembic_version SET version_num='1a2b3c';",
      '',
      'COMMIT;',
      '',
    ].join('\n');
    const r = await cliWithStdin(alembic, 'lint', '-', '--stdin-filename', 'alembic-upgrade.sql');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^alembic-upgrade\.sql$/m);
    assert.match(r.stdout, /create-index-non-concurrently/);
    const unnamed = await cliWithStdin("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nick text;\n", 'lint', '-');
    assert.equal(unnamed.code, 0);
    assert.match(unnamed.stdout, /No problems in 1 file/);
    const findings = await cliWithStdin('ALTER TABLE users ADD COLUMN nick text;\n', 'lint', '-');
    assert.match(findings.stdout, /^<stdin>$/m);
  });

  it('reads the name: a MySQL path, a TS migration, a goose file, a rollback file', async () => {
    const mysql = await cliWithStdin(
      'ALTER TABLE `users` ADD COLUMN `nick` varchar(20);\n',
      'lint',
      '-',
      '--stdin-filename',
      'db/mysql/001.sql',
      '--format',
      'json',
    );
    assert.doesNotMatch(mysql.stdout, /syntax-error/);
    const ts = "export async function up(knex) {\n  await knex.raw('CREATE INDEX users_email ON users (email)');\n}\n";
    const script = await cliWithStdin(ts, 'lint', '-', '--stdin-filename', 'migrations/20240101_idx.ts');
    assert.match(script.stdout, /migrations\/20240101_idx\.ts/);
    assert.match(script.stdout, /create-index-non-concurrently/);
    const goose = '-- +goose Up\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n-- +goose Down\nDROP TABLE users;\n';
    const g = await cliWithStdin(goose, 'lint', '-', '--stdin-filename', 'migrations/20240101000000_idx.sql');
    assert.match(g.stdout, /concurrently-in-transaction/);
    assert.doesNotMatch(g.stdout, /breaking-drop/);
    const down = await cliWithStdin('DROP TABLE users;\n', 'lint', '-', '--stdin-filename', 'migrations/0001_users.down.sql');
    assert.equal(down.code, 0);
    assert.match(down.stdout, /skipped migrations\/0001_users\.down\.sql: rollback code/);
  });

  it('--stdin-filename needs -', async () => {
    const r = await cli('lint', 'x.sql', '--stdin-filename', 'a.sql');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give - as the path/);
  });
});
