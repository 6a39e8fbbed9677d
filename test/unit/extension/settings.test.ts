import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings } from '../../../src/extension/settings';

const read = (values: Record<string, unknown>) => readSettings((k) => values[k]);

describe('extension: settings', () => {
  it('uses the defaults when nothing is set', () => {
    const s = read({});
    assert.deepEqual(s.config, {});
    assert.deepEqual(s.editor, { enable: true, lintOnType: true, debounceMs: 150, codeLens: true });
    assert.deepEqual(s.problems, []);
  });

  it('turns config-shaped settings into a partial config file', () => {
    const s = read({
      dialect: 'postgresql',
      targetVersion: '15',
      tables: { users: { rows: 5_000_000 }, orders: 120 },
      rules: { 'require-lock-timeout': 'warning' },
      maxFileBytes: 1000,
    });
    assert.deepEqual(s.config, {
      dialect: 'postgresql',
      targetVersion: '15',
      tables: { users: { rows: 5_000_000 }, orders: { rows: 120 } },
      rules: { 'require-lock-timeout': 'warning' },
      maxFileBytes: 1000,
    });
  });

  it('ignores malformed values and says which', () => {
    const s = read({ dialect: 'oracle', tables: { t: { rows: 'many' } }, rules: { r: 'loud' }, debounceMs: -1, codeLens: 'yes' });
    assert.deepEqual(s.config, { tables: {}, rules: {} });
    assert.equal(s.editor.debounceMs, 150);
    assert.equal(s.editor.codeLens, true);
    assert.equal(s.problems.length, 5);
    assert.ok(s.problems.some((p) => p.includes('lockstep.dialect')));
  });

  it('names an unknown rule id with the closest known one, and keeps the known ones', () => {
    const s = read({ rules: { 'require-lock-timeut': 'off', 'backfill-in-migration': 'error' } });
    assert.deepEqual(s.config.rules, { 'backfill-in-migration': 'error' });
    assert.deepEqual(s.problems, ['setting lockstep.rules: unknown rule "require-lock-timeut" ignored (did you mean "require-lock-timeout"?)']);
  });

  it('reads every setting package.json contributes, and only those', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
    const contributed = Object.keys(pkg.contributes.configuration.properties).map((k) => k.replace(/^lockstep\./, ''));
    const asked: string[] = [];
    readSettings((k) => {
      asked.push(k);
      return undefined;
    });
    assert.deepEqual([...asked].sort(), [...contributed].sort());
  });
});
