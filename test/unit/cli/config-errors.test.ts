import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../helpers/cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'migrations', '0002_add_user_plan.sql');

/** Bad configuration stops every command with exit 2 and a message naming the problem; nothing runs. */
describe('CLI: bad configuration is an error (exit 2)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'lockstep-cli-config-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const config = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  for (const command of ['lint', 'plan', 'simulate']) {
    it(`${command}: a --config file that does not exist`, async () => {
      const missing = join(dir, 'nope.json');
      const r = await cli(command, EXAMPLE, '--config', missing);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `lockstep: ${missing}: cannot read the configuration file: no such file\n`);
    });
  }

  it('a --config file that does not parse, with line and column', async () => {
    const path = config('broken.json', '{ "targetVersion": 16,\n  "rules": { "breaking-drop" "off" } }');
    const r = await cli('lint', EXAMPLE, '--config', path);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`broken\\.json:2:30: not valid JSON`));
  });

  it('a nearest lockstep.config.json with problems lists each', async () => {
    const folder = mkdtempSync(join(dir, 'project-'));
    writeFileSync(
      join(folder, 'lockstep.config.json'),
      JSON.stringify({ targetVersion: 'abc', rules: { 'breaking-drops': 'off' }, tables: { users: { rows: -5 } } }),
    );
    writeFileSync(join(folder, '0001.sql'), 'ALTER TABLE users ADD COLUMN note text;\n');
    const r = await cli('lint', join(folder, '0001.sql'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^lockstep: 3 problems in the configuration:\n/);
    assert.match(r.stderr, /lockstep\.config\.json: "targetVersion": "abc" is not a version number/);
    assert.match(r.stderr, /lockstep\.config\.json: "rules": unknown rule "breaking-drops" \(did you mean "breaking-drop"\?\)/);
    assert.match(r.stderr, /lockstep\.config\.json: "tables\.users\.rows" is -5: a row count cannot be negative/);
  });

  it('a non-numeric row count names the key', async () => {
    const path = config('rows.json', JSON.stringify({ tables: { users: { rows: 'lots' } } }));
    const r = await cli('simulate', EXAMPLE, '--config', path);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"tables\.users\.rows" must be a number of rows, not "lots"/);
  });

  for (const [flags, message] of [
    [['--pg-version', '9'], '--pg-version 9: PostgreSQL 9 is not supported (Lockstep supports PostgreSQL 10 to 18)'],
    [['--pg-version', '19'], '--pg-version 19: PostgreSQL 19 is not supported (Lockstep supports PostgreSQL 10 to 18)'],
    [['--dialect', 'mysql', '--target', '12'], '--target 12: MySQL 12 is not supported (Lockstep supports MySQL 5.6 to 9.x)'],
  ] as const) {
    it(`${flags.join(' ')}`, async () => {
      const r = await cli('lint', EXAMPLE, ...flags);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `lockstep: ${message}\n`);
    });
  }

  it('--target is checked against the engine of each file when no dialect is given', async () => {
    const r = await cli('plan', EXAMPLE, '--target', 'abc');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--target abc for .*0002_add_user_plan\.sql: "abc" is not a version number/);
  });

  it('a supported version runs', async () => {
    const r = await cli('lint', EXAMPLE, '--pg-version', '15');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
  });
});
