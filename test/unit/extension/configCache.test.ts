import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigCache } from '../../../src/extension/configCache';
import { DialectOverrides } from '../../../src/extension/dialectOverrides';
import type { Log } from '../../../src/extension/log';

function quietLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m) => void warnings.push(m), error: () => {}, show: () => {} };
}

describe('extension: configuration per document', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-ext-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets lockstep.config.json win over the settings, entry by entry', () => {
    writeFileSync(join(dir, 'lockstep.config.json'), JSON.stringify({ targetVersion: 15, tables: { users: { rows: 10 } } }));
    const cache = new ConfigCache(quietLog(), { targetVersion: '12', tables: { users: { rows: 99 }, orders: { rows: 5 } } });
    const { config } = cache.forDocument(join(dir, 'm.sql'), undefined, 'SELECT 1;');
    assert.equal(config.targetVersion, '15');
    assert.deepEqual(config.tables, { users: { rows: 10 }, orders: { rows: 5 } });
  });

  it('decides the dialect from the SQL when neither the file nor the settings name one', () => {
    writeFileSync(join(dir, 'lockstep.config.json'), JSON.stringify({}));
    const cache = new ConfigCache(quietLog(), {});
    const r = cache.forDocument(join(dir, 'm.sql'), undefined, 'ALTER TABLE `users` ADD COLUMN `n` INT AUTO_INCREMENT;');
    assert.equal(r.config.dialect, 'mysql');
    assert.equal(r.dialect.source, 'syntax');
  });

  it('uses the dialect setting when the config file has none', () => {
    const cache = new ConfigCache(quietLog(), { dialect: 'sqlite' });
    const r = cache.forDocument(join(dir, 'm.sql'), undefined, 'ALTER TABLE t ADD COLUMN c int;');
    assert.equal(r.config.dialect, 'sqlite');
    assert.equal(r.dialect.source, 'config');
  });

  it('honours a dialect chosen for one file over the config file, and keeps the choice in storage', async () => {
    writeFileSync(join(dir, 'lockstep.config.json'), JSON.stringify({ dialect: 'postgresql' }));
    const saved = new Map<string, unknown>();
    const store = { get: <T>(k: string) => saved.get(k) as T | undefined, update: async (k: string, v: unknown) => void saved.set(k, v) };
    const overrides = new DialectOverrides(store);
    const cache = new ConfigCache(quietLog(), {}, overrides);
    const file = join(dir, 'm.sql');
    await overrides.set(file, 'mariadb');
    const r = cache.forDocument(file, undefined, 'ALTER TABLE t ADD COLUMN c int;');
    assert.deepEqual([r.config.dialect, r.dialect.source], ['mariadb', 'override']);
    assert.equal(cache.forDocument(join(dir, 'other.sql'), undefined, 'SELECT 1;').config.dialect, 'postgresql');
    assert.equal(new DialectOverrides(store).get(file), 'mariadb', 'a new session reads the saved choice');
    await overrides.set(file, undefined);
    assert.equal(cache.forDocument(file, undefined, 'SELECT 1;').config.dialect, 'postgresql');
  });

  it('reports each problem in the config file once, and reloads after clear()', () => {
    writeFileSync(join(dir, 'lockstep.config.json'), JSON.stringify({ dialect: 'oracle' }));
    const log = quietLog();
    const cache = new ConfigCache(log, {});
    cache.forDocument(join(dir, 'a.sql'), undefined, '');
    cache.forDocument(join(dir, 'b.sql'), undefined, '');
    assert.equal(log.warnings.length, 1);
    writeFileSync(join(dir, 'lockstep.config.json'), JSON.stringify({ targetVersion: 14 }));
    cache.clear();
    assert.equal(cache.forDocument(join(dir, 'a.sql'), undefined, '').config.targetVersion, '14');
  });
});
