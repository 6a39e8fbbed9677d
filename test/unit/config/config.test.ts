import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { loadConfig, pgMajor, resolveConfig, validateConfig } from '../../../src/core/config';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'lockstep.config.schema.json'), 'utf8')) as Record<string, unknown>;

describe('configuration', () => {
  it('applies defaults', () => {
    const c = resolveConfig({});
    assert.equal(c.dialect, 'postgresql');
    assert.equal(c.pgVersion, 16);
    assert.equal(c.sampleRows, 100_000);
  });

  it('clamps PostgreSQL versions to the supported range and reads majors', () => {
    assert.equal(pgMajor('12.4'), 12);
    assert.equal(pgMajor(9), 10);
    assert.equal(pgMajor(99), 18);
  });

  it('lets the file win over editor settings, and flags win over the file', () => {
    const file = { targetVersion: 12, tables: { users: { rows: 10 } } };
    const settings = { targetVersion: 15, tables: { users: { rows: 99 }, plans: { rows: 3 } } };
    const editor = resolveConfig(file, settings, 'file-wins');
    assert.equal(editor.pgVersion, 12);
    assert.deepEqual(editor.tables, { users: { rows: 10 }, plans: { rows: 3 } });
    assert.equal(resolveConfig(file, { targetVersion: 15 }, 'overrides-win').pgVersion, 15);
  });

  it('finds the nearest lockstep.config.json walking up, and reports bad parts', () => {
    const root = mkdtempSync(join(tmpdir(), 'lockstep-config-'));
    try {
      mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
      writeFileSync(join(root, 'lockstep.config.json'), JSON.stringify({ targetVersion: 13, tabels: {}, rules: { 'breaking-drop': 'loud' } }));
      const loaded = loadConfig(join(root, 'db', 'migrations'));
      assert.equal(loaded.path, join(root, 'lockstep.config.json'));
      assert.equal(loaded.config.pgVersion, 13);
      assert.deepEqual(
        loaded.errors.map((e) => e.replace(/^.*: (?=[u"])/, '')),
        ['unknown setting "tabels"', '"rules.breaking-drop" must be "off", "error", "warning" or "info", not "loud"'],
      );
      writeFileSync(join(root, 'lockstep.config.json'), '{ not json');
      const broken = loadConfig(root);
      assert.equal(broken.config.pgVersion, 16);
      assert.match(broken.errors[0]!, /lockstep\.config\.json:1:3: not valid JSON/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('publishes a JSON Schema that accepts what the loader accepts', () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(SCHEMA);
    const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'lockstep.config.json'), 'utf8')) as unknown;
    assert.ok(validate(example), JSON.stringify(validate.errors));
    assert.deepEqual(validateConfig(example).errors, []);
    assert.equal(validate({ tabels: {} }), false);
    const schemaKeys = Object.keys(SCHEMA['properties'] as object).sort();
    const probe = Object.fromEntries(schemaKeys.map((k) => [k, null]));
    const unknown = validateConfig(probe).errors.filter((e) => e.startsWith('unknown setting'));
    assert.deepEqual(unknown, [], 'every schema property is known to the loader');
  });
});
