import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../../helpers/cli';

describe('lockstep plan (CLI)', () => {
  let dir: string;
  let input: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-plan-'));
    input = path.join(dir, 'add_plan.sql');
    fs.writeFileSync(input, 'ALTER TABLE users ADD COLUMN plan text NOT NULL;\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the files with separators when there is no --out', async () => {
    const r = await cli('plan', input, '--backfill', "users.plan='free'");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^===== 0001_add_users_plan_expand\.sql =====$/m);
    assert.match(r.stdout, /^===== 0002_add_users_plan_backfill\.sql =====$/m);
    assert.match(r.stdout, /UPDATE users SET plan = 'free'/);
    assert.deepEqual(fs.readdirSync(dir), ['add_plan.sql'], 'nothing written');
  });

  it('writes with --out, lists the paths, and continues the numbering on a second run', async () => {
    const out = path.join(dir, 'phased');
    const first = await cli('plan', input, '--convention', 'plain', '--out', out, '--batch-size', '250', '--backfill', "users.plan='free'");
    assert.equal(first.code, 0, first.stderr);
    const written = fs.readdirSync(out).sort();
    assert.deepEqual(written, [
      '0001_add_users_plan_expand.down.sql',
      '0001_add_users_plan_expand.sql',
      '0002_add_users_plan_backfill.sql',
      '0003_add_users_plan_constrain.down.sql',
      '0003_add_users_plan_constrain.sql',
    ]);
    assert.match(first.stdout, /wrote 5 files/);
    assert.match(fs.readFileSync(path.join(out, '0002_add_users_plan_backfill.sql'), 'utf8'), /batch_size integer DEFAULT 250/);

    // The folder now holds migrations: a second run continues their numbering.
    const again = await cli('plan', input, '--convention', 'plain', '--out', out);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(fs.readdirSync(out).includes('0004_add_users_plan_expand.sql'));
  });

  it('never overwrites an existing path without --force', async () => {
    // Names follow the folder's migrations, so a clash needs something that is not one:
    // here a folder sits where the first file would go.
    const target = path.join(dir, 'out');
    fs.mkdirSync(path.join(target, '0001_add_users_plan_expand.sql'), { recursive: true });
    fs.writeFileSync(path.join(target, 'README.md'), 'notes\n');
    const r = await cli('plan', input, '--out', target, '--convention', 'plain', '--backfill', "users.plan='free'");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already exist; nothing was written/);
    assert.match(r.stderr, /0001_add_users_plan_expand\.sql/);
    assert.deepEqual(fs.readdirSync(target).sort(), ['0001_add_users_plan_expand.sql', 'README.md'], 'nothing written');
  });

  it('prints JSON with phases, files and notes', async () => {
    const r = await cli('plan', input, '--format', 'json', '--convention', 'golang-migrate', '--pg-version', '12');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { convention: string; phases: { kind: string }[]; files: { path: string }[]; notes: string[] };
    assert.equal(json.convention, 'golang-migrate');
    assert.deepEqual(json.phases.map((p) => p.kind), ['expand', 'backfill', 'constrain']);
    assert.ok(json.notes.some((n) => n.includes('--backfill users.plan=')), 'asks for the value existing rows get');
  });

  it('rejects bad numbers as usage errors', async () => {
    const r = await cli('plan', input, '--batch-size', '0');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--batch-size must be a positive whole number/);
  });
});
