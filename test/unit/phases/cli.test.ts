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

  it('writes with --out; a second run over that set refuses, and --force replaces it under the same names', async () => {
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

    // A second run over the same set refuses, names the files and writes nothing.
    const before = Object.fromEntries(written.map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    const again = await cli('plan', input, '--convention', 'plain', '--out', out, '--backfill', "users.plan='free'");
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /already holds the phased files of this migration; nothing was written/);
    for (const f of written) assert.match(again.stderr, new RegExp(f.replace(/\./g, '\\.')));
    assert.deepEqual(fs.readdirSync(out).sort(), written, 'no second numbered copy');
    for (const f of written) assert.equal(fs.readFileSync(path.join(out, f), 'utf8'), before[f]);

    // --force replaces that same set under the same names, never a second copy beside it.
    const forced = await cli('plan', input, '--convention', 'plain', '--out', out, '--force', '--batch-size', '100', '--backfill', "users.plan='pro'");
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), written);
    assert.match(fs.readFileSync(path.join(out, '0002_add_users_plan_backfill.sql'), 'utf8'), /batch_size integer DEFAULT 100/);
    assert.match(fs.readFileSync(path.join(out, '0002_add_users_plan_backfill.sql'), 'utf8'), /'pro'/);
  });

  it('numbers on after migrations that are not an earlier run of the same plan', async () => {
    const out = path.join(dir, 'migrations');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, '0001_create_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY);\n');
    const r = await cli('plan', input, '--convention', 'plain', '--out', out, '--backfill', "users.plan='free'");
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.readdirSync(out).includes('0002_add_users_plan_expand.sql'));
  });

  it('refuses a file with a statement that does not parse: exit 1, the statement and position named, nothing written', async () => {
    fs.writeFileSync(input, 'ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUM b int NOT NULL;\n');
    const out = path.join(dir, 'out');
    const r = await cli('plan', input, '--out', out);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /statement 2 \(line 2, column \d+: ALTER TABLE users ADD COLUM b int NOT NULL\) does not parse/);
    assert.match(r.stderr, /nothing was planned/);
    assert.equal(fs.existsSync(out), false, 'nothing written');
    const printed = await cli('plan', input);
    assert.equal(printed.code, 1);
    assert.equal(printed.stdout, '');
  });

  it('refuses binary and oversized input the way lint does', async () => {
    fs.writeFileSync(input, Buffer.from([0x41, 0x4c, 0x54, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]));
    const binary = await cli('plan', input);
    assert.equal(binary.code, 1);
    assert.match(binary.stderr, /it does not look like text/);
    assert.equal(binary.stdout, '');
    fs.writeFileSync(input, 'ALTER TABLE users ADD COLUMN plan text;\n'.repeat(200));
    fs.writeFileSync(path.join(dir, 'lockstep.config.json'), JSON.stringify({ maxFileBytes: 1000 }));
    const big = await cli('plan', input);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /above the 1000 bytes limit/);
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
    assert.deepEqual(
      json.phases.map((p) => p.kind),
      ['expand', 'backfill', 'constrain'],
    );
    assert.ok(
      json.notes.some((n) => n.includes('--backfill users.plan=')),
      'asks for the value existing rows get',
    );
  });

  it('rejects bad numbers as usage errors', async () => {
    const r = await cli('plan', input, '--batch-size', '0');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--batch-size must be a positive whole number/);
  });
});
