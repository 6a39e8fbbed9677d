import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, validateConfig } from '../../../src/core/config';
import { closest } from '../../../src/core/config/suggest';
import { SUPPORTED_PG_VERSIONS } from '../../../src/core/engines/postgres/facts';
import { targetVersionProblem } from '../../../src/core/engines/supported';

/** What a bad configuration says: which file, which setting, and why. */
describe('configuration validation', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'lockstep-config-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file that does not exist is named as such', () => {
    const path = join(dir, 'missing.json');
    assert.deepEqual(loadConfigFile(path).errors, [`${path}: cannot read the configuration file: no such file`]);
  });

  it('a file that does not parse says where, by line and column', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n  "targetVersion": 16,\n  "tables": { users: 1 }\n}\n');
    const [error, ...rest] = loadConfigFile(path).errors;
    assert.deepEqual(rest, []);
    assert.match(error!, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:15: not valid JSON \\(`));
  });

  it('a truncated file points at its end', () => {
    const path = join(dir, 'truncated.json');
    writeFileSync(path, '{\n  "targetVersion": 16,\n');
    assert.match(loadConfigFile(path).errors[0]!, /truncated\.json:3:1: not valid JSON/);
  });

  it('PostgreSQL versions are those the facts cover: 10 to 18', () => {
    assert.deepEqual([...SUPPORTED_PG_VERSIONS], [10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (const v of [10, '15', '16.4', 18]) assert.equal(targetVersionProblem('postgresql', v), undefined, String(v));
    assert.equal(targetVersionProblem('postgresql', 9), 'PostgreSQL 9 is not supported (Lockstep supports PostgreSQL 10 to 18)');
    assert.equal(targetVersionProblem('postgresql', '19'), 'PostgreSQL 19 is not supported (Lockstep supports PostgreSQL 10 to 18)');
    assert.equal(targetVersionProblem('postgresql', 'abc'), '"abc" is not a version number (such as 16)');
  });

  it('MySQL, MariaDB and SQLite versions are checked against their own spans', () => {
    assert.equal(targetVersionProblem('mysql', '8.0.28'), undefined);
    assert.equal(targetVersionProblem('mysql', '5.7'), undefined);
    assert.match(targetVersionProblem('mysql', '5.5')!, /MySQL 5\.5 is not supported \(Lockstep supports MySQL 5\.6 to 9\.x\)/);
    assert.equal(targetVersionProblem('mariadb', '10.11'), undefined);
    assert.match(targetVersionProblem('mariadb', '8.0')!, /MariaDB 8\.0 is not supported/);
    assert.equal(targetVersionProblem('sqlite', '3.45.0'), undefined);
    assert.match(targetVersionProblem('sqlite', '2.8')!, /SQLite 2\.8 is not supported/);
  });

  it('targetVersion is checked against the dialect the file names', () => {
    assert.deepEqual(validateConfig({ targetVersion: 'abc' }).errors, ['"targetVersion": "abc" is not a version number (such as 16)']);
    assert.deepEqual(validateConfig({ targetVersion: 9 }).errors, [
      '"targetVersion": PostgreSQL 9 is not supported (Lockstep supports PostgreSQL 10 to 18); set "dialect" for another engine',
    ]);
    assert.deepEqual(validateConfig({ dialect: 'mysql', targetVersion: '8.0.28' }).errors, []);
    assert.deepEqual(validateConfig({ dialect: 'mysql', targetVersion: '16' }).errors, [
      '"targetVersion": MySQL 16 is not supported (Lockstep supports MySQL 5.6 to 9.x)',
    ]);
    assert.equal(validateConfig({ targetVersion: 19 }).file.targetVersion, undefined, 'a bad version is not used');
  });

  it('an unknown rule id suggests the closest known id', () => {
    const { file, errors } = validateConfig({ rules: { 'breaking-drops': 'off', 'require-lock-timeout': 'warning', 'no-such-thing-at-all': 'off' } });
    assert.deepEqual(errors, [
      '"rules": unknown rule "breaking-drops" (did you mean "breaking-drop"?); `lockstep lint --list-rules` lists them',
      '"rules": unknown rule "no-such-thing-at-all"; `lockstep lint --list-rules` lists them',
    ]);
    assert.deepEqual(file.rules, { 'require-lock-timeout': 'warning' });
    assert.equal(closest('concurently-in-transaction', ['concurrently-in-transaction', 'breaking-drop']), 'concurrently-in-transaction');
  });

  it('a negative or non-numeric row count names the key and why', () => {
    const { file, errors } = validateConfig({
      tables: { users: { rows: -5 }, plans: { rows: '12' }, orgs: 7, teams: { rows: 3 } },
      simulation: { sampleRows: -1 },
    });
    assert.deepEqual(errors, [
      '"tables.users.rows" is -5: a row count cannot be negative',
      '"tables.plans.rows" must be a number of rows, not "12"',
      '"tables.orgs" must be an object with "rows", the table\'s row count in production, e.g. { "rows": 5000000 }',
      '"simulation.sampleRows" is -1: a row count cannot be negative',
    ]);
    assert.deepEqual(file.tables, { teams: { rows: 3 } });
    assert.deepEqual(file.simulation, {});
  });
});
