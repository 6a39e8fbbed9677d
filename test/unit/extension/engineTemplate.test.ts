import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeStage, shippedPgliteVersion, templateCacheDir, templateReady } from '../../../src/extension/panel/engineTemplate';

function write(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

describe('extension: the simulator template in global storage', () => {
  let root: string;
  let ext: string;
  let cache: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-template-test-'));
    ext = path.join(root, 'ext');
    cache = templateCacheDir(path.join(root, 'storage'));
    write(path.join(ext, 'dist/node_modules/@electric-sql/pglite/package.json'), { name: '@electric-sql/pglite', version: '0.5.16' });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the template in a folder of its own under the storage folder', () => {
    assert.equal(templateCacheDir('/s'), path.join('/s', 'pglite-template'));
  });

  it('reads the PGlite version the extension ships', () => {
    assert.equal(shippedPgliteVersion(ext), '0.5.16');
    assert.equal(shippedPgliteVersion(path.join(root, 'nowhere')), undefined);
  });

  it('is not ready before the first build', () => {
    assert.equal(templateReady(ext, cache), false);
  });

  it('is ready once built with the shipped PGlite version', () => {
    write(path.join(cache, 'lockstep-template.json'), { pgliteVersion: '0.5.16', createdAt: '2026-01-01T00:00:00Z' });
    assert.equal(templateReady(ext, cache), true);
  });

  it('is stale after an update to another PGlite version', () => {
    write(path.join(cache, 'lockstep-template.json'), { pgliteVersion: '0.5.15', createdAt: '2026-01-01T00:00:00Z' });
    assert.equal(templateReady(ext, cache), false);
  });

  it('counts a template built beside the code (a development build)', () => {
    write(path.join(ext, 'dist/pglite-template/lockstep-template.json'), { pgliteVersion: '0.5.16', createdAt: '2026-01-01T00:00:00Z' });
    assert.equal(templateReady(ext, cache), true);
  });

  it('says when the first start prepares the engine', () => {
    assert.match(describeStage({ stage: 'starting' }, true), /first use/);
    assert.equal(describeStage({ stage: 'starting' }), 'Starting the embedded PostgreSQL…');
    assert.equal(describeStage({ stage: 'seeding', done: 0, total: 2, table: 'users', rows: 100000 }), 'Seeding 100,000 rows into users (1 of 2)');
    assert.equal(describeStage({ stage: 'tracing', done: 7, total: 7 }), 'Tracing statement 7 of 7');
  });
});
