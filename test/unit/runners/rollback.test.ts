import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { planMigration } from '../../../src/core/phases';
import { precedingMigrations } from '../../../src/core/simulate/order';
import { readReplaySources } from '../../../src/core/simulate/replay';
import { parseMigration } from '../../../src/core/simulate/touched';
import { runnerSections } from '../../../src/core/sql/runner-sections';
import { cli } from '../../helpers/cli';
import { sharedLinter } from '../../helpers/rule-cases';

const GOOSE = [
  '-- +goose Up',
  '-- +goose StatementBegin',
  'CREATE INDEX users_email ON users (email);',
  '-- +goose StatementEnd',
  '',
  '-- +goose Down',
  'DROP INDEX users_email;',
  'DROP TABLE users;',
  '',
].join('\n');

const DBMATE = [
  '-- migrate:up transaction:false',
  'CREATE INDEX CONCURRENTLY users_email ON users (email);',
  '',
  '-- migrate:down',
  'DROP TABLE users;',
  '',
].join('\n');

async function lint(text: string, fileName: string) {
  return (await sharedLinter()).lint(text, { fileName, config: resolveConfig({}) });
}

/** Writes files under a fresh folder; returns the folder. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-runners-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('SQL runners: rollback code and transactions', () => {
  it('finds goose and dbmate rollback sections and keeps every offset', () => {
    const goose = runnerSections('m/20240101000000_idx.sql', GOOSE);
    assert.equal(goose.runner, 'goose');
    assert.equal(goose.forward.length, GOOSE.length);
    assert.ok(goose.forward.includes('CREATE INDEX users_email'));
    assert.ok(!goose.forward.includes('DROP'));
    assert.equal(goose.forward.split('\n').length, GOOSE.split('\n').length);
    assert.equal(goose.transactional, true);
    assert.equal(runnerSections('x.sql', `-- +goose NO TRANSACTION\n${GOOSE}`).transactional, false);
    const dbmate = runnerSections('db/migrations/20240101_idx.sql', DBMATE);
    assert.deepEqual([dbmate.runner, dbmate.transactional, dbmate.forward.includes('DROP')], ['dbmate', false, false]);
    assert.equal(runnerSections('x.sql', '-- migrate:up\nSELECT 1;\n-- migrate:down\n').transactional, true);
    assert.deepEqual(runnerSections('x.sql', 'ALTER TABLE t ADD c int;'), { forward: 'ALTER TABLE t ADD c int;', rollback: [] });
  });

  it('knows the files that hold only rollback or verification code', () => {
    const exists = (p: string) => ['/app/migrations/2024-01-01-000000_users/up.sql', '/app/db/sqitch.plan'].includes(p.replace(/\\/g, '/'));
    assert.match(runnerSections('/app/m/0001_users.down.sql', 'DROP TABLE users;', exists).rollbackFile ?? '', /\.down\.sql/);
    assert.match(runnerSections('/app/migrations/2024-01-01-000000_users/down.sql', 'DROP TABLE users;', exists).rollbackFile ?? '', /Diesel/);
    assert.match(runnerSections('/app/db/revert/users.sql', 'DROP TABLE users;', exists).rollbackFile ?? '', /sqitch revert/);
    assert.match(runnerSections('/app/db/verify/users.sql', 'SELECT 1/count(*) FROM users;', exists).rollbackFile ?? '', /sqitch verify/);
    assert.equal(runnerSections('/app/db/deploy/users.sql', 'CREATE TABLE users ();', exists).rollbackFile, undefined);
    assert.equal(
      runnerSections('/other/revert/users.sql', 'DROP TABLE users;', exists).rollbackFile,
      undefined,
      'a revert/ folder without sqitch.plan is ordinary',
    );
  });

  it('lints only the forward section, with the runner transaction', async () => {
    const goose = await lint(GOOSE, 'migrations/20240101000000_idx.sql');
    assert.ok(goose.findings.some((f) => f.ruleId === 'create-index-non-concurrently'));
    assert.deepEqual(
      goose.findings.filter((f) => f.range.start.line >= 6).map((f) => f.ruleId),
      [],
      'nothing reported in the Down section',
    );
    const concurrently = '-- +goose Up\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n-- +goose Down\nDROP INDEX users_email;\n';
    const inTransaction = await lint(concurrently, 'migrations/20240102000000_idx.sql');
    assert.ok(
      inTransaction.findings.some((f) => f.ruleId === 'concurrently-in-transaction'),
      'goose runs a migration in a transaction by default',
    );
    const outside = await lint(`-- +goose NO TRANSACTION\n${concurrently}`, 'migrations/20240102000000_idx.sql');
    assert.deepEqual(
      outside.findings.filter((f) => f.ruleId === 'concurrently-in-transaction'),
      [],
    );
    const dbmate = await lint(DBMATE, 'db/migrations/20240101_idx.sql');
    assert.deepEqual(
      dbmate.findings.filter((f) => f.ruleId === 'concurrently-in-transaction' || f.ruleId === 'breaking-drop'),
      [],
    );
    assert.deepEqual((await lint('DROP TABLE users;', 'migrations/0001_users.down.sql')).findings, []);
  });

  it('plans only the forward section: the Down section never becomes a phase', async () => {
    const result = await planMigration(GOOSE, {
      fileName: '/nowhere/20240101000000_idx.sql',
      config: resolveConfig({}),
      folder: { list: () => [], read: () => undefined },
    });
    // Each phase's own `down` steps (how to undo that phase) are expected; the file's Down section is not a phase.
    const sql = JSON.stringify(result.phases, (key, value: unknown) => (key === 'down' || key === 'rollback' ? undefined : value));
    assert.deepEqual(
      result.phases.map((p) => p.kind),
      ['constrain'],
    );
    assert.match(sql, /CREATE INDEX CONCURRENTLY/);
    assert.doesNotMatch(sql, /DROP/);
  });

  it('replays history in the runner order, without rollback code', async () => {
    const dir = tree({
      'diesel/2024-01-01-000000_users/up.sql': 'CREATE TABLE users (id int);',
      'diesel/2024-01-01-000000_users/down.sql': 'DROP TABLE users;',
      'diesel/2024-02-01-000000_email/up.sql': 'ALTER TABLE users ADD email text;',
      'diesel/2024-02-01-000000_email/down.sql': 'ALTER TABLE users DROP email;',
      'sqitch/sqitch.plan':
        '%syntax-version=1.0.0\n%project=app\n\nzeta 2024-01-01T00:00:00Z A <a@b.c> # first\nalpha [zeta] 2024-01-02T00:00:00Z A <a@b.c>\n@v1 2024-01-02T00:00:00Z A <a@b.c>\nmiddle 2024-01-03T00:00:00Z A <a@b.c>\n',
      'sqitch/deploy/zeta.sql': 'CREATE TABLE zeta (id int);',
      'sqitch/deploy/alpha.sql': 'CREATE TABLE alpha (id int);',
      'sqitch/deploy/middle.sql': 'ALTER TABLE alpha ADD b int;',
      'sqitch/revert/zeta.sql': 'DROP TABLE zeta;',
      'goose/20240101000000_users.sql': '-- +goose Up\nCREATE TABLE users (id int);\n-- +goose Down\nDROP TABLE users;\n',
      'goose/9_first.sql': '-- +goose Up\nCREATE TABLE first (id int);\n',
      'goose/20240201000000_email.sql': '-- +goose Up\nALTER TABLE users ADD email text;\n-- +goose Down\nALTER TABLE users DROP email;\n',
    });
    try {
      const rel = (files: readonly string[]) => files.map((f) => relative(dir, f).replace(/\\/g, '/'));
      const diesel = precedingMigrations(join(dir, 'diesel/2024-02-01-000000_email/up.sql'));
      assert.deepEqual([diesel.convention, rel(diesel.before)], ['diesel', ['diesel/2024-01-01-000000_users/up.sql']]);
      const sqitch = precedingMigrations(join(dir, 'sqitch/deploy/middle.sql'));
      assert.deepEqual([sqitch.convention, rel(sqitch.before)], ['sqitch', ['sqitch/deploy/zeta.sql', 'sqitch/deploy/alpha.sql']]);
      const goose = precedingMigrations(join(dir, 'goose/20240201000000_email.sql'));
      assert.deepEqual(rel(goose.before), ['goose/9_first.sql', 'goose/20240101000000_users.sql']);
      const replayed = readReplaySources(goose.before).map((s) => s.text);
      assert.ok(
        replayed.every((t) => !t.includes('DROP')),
        'the Down sections are not replayed',
      );
      const own = await parseMigration({ file: join(dir, 'goose/20240201000000_email.sql') });
      assert.deepEqual(
        own.statements.map((s) => s.text.trim()),
        ['ALTER TABLE users ADD email text'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lint skips a rollback file named on the command line, and leaves it out of a directory walk', async () => {
    const dir = tree({ 'm/0001_users.up.sql': 'CREATE TABLE users (id int);\n', 'm/0001_users.down.sql': 'DROP TABLE users;\n' });
    try {
      const named = await cli('lint', join(dir, 'm/0001_users.down.sql'));
      assert.equal(named.code, 0);
      assert.match(named.stdout, /skipped .*0001_users\.down\.sql: rollback code/);
      const walk = await cli('lint', join(dir, 'm'));
      assert.doesNotMatch(walk.stdout, /down\.sql/);
      assert.match(walk.stdout, /in 1 file/);
      const plan = await cli('plan', join(dir, 'm/0001_users.down.sql'));
      assert.equal(plan.code, 2);
      assert.match(plan.stderr, /rollback code .* nothing to phase/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
