import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTemplate, isUsableTemplate, locateTemplate } from '../../src/core/simulate/engine/template';

const REPO = path.join(__dirname, '..', '..');

function modes(dir: string): { path: string; mode: number; isDir: boolean }[] {
  const out: { path: string; mode: number; isDir: boolean }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out.push({ path: p, mode: fs.statSync(p).mode & 0o777, isDir: e.isDirectory() });
    if (e.isDirectory()) out.push(...modes(p));
  }
  return out;
}

/** Whether `nobody` can run node on this checkout (root on Linux with runuser). */
function canRunAsNobody(): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require(${JSON.stringify(path.join(REPO, 'package.json'))})`]);
  return r.status === 0;
}

describe('PGlite template: file modes', function () {
  this.timeout(180_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-modes-'));
  fs.chmodSync(work, 0o755);
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('a built template is readable by every user, even under umask 077', async () => {
    const dest = path.join(work, 'template');
    const old = process.umask(0o077);
    try {
      await buildTemplate(dest);
    } finally {
      process.umask(old);
    }
    const all = modes(dest);
    assert.ok(all.length > 100);
    assert.deepEqual(
      all.filter((m) => (m.mode & (m.isDir ? 0o555 : 0o444)) !== (m.isDir ? 0o555 : 0o444)),
      [],
    );
    assert.equal(isUsableTemplate(dest), true);
  });

  it("another user's owner-only template is passed over and the simulation still runs (as nobody)", async function () {
    if (!canRunAsNobody()) this.skip();
    // A template as PostgreSQL leaves it: owner-only data files, owned by root (its marker readable).
    const root = path.join(work, 'root-only');
    fs.cpSync(await locateTemplate(), root, { recursive: true });
    for (const m of modes(root)) fs.chmodSync(m.path, m.isDir ? 0o755 : m.path.endsWith('.json') ? 0o644 : 0o600);
    const mig = path.join(work, 'mig');
    fs.mkdirSync(mig, { mode: 0o755 });
    fs.writeFileSync(path.join(mig, '001.sql'), 'CREATE TABLE t (id int);\n', { mode: 0o644 });
    fs.writeFileSync(path.join(mig, '002.sql'), 'ALTER TABLE t ADD COLUMN v int;\n', { mode: 0o644 });
    const r = spawnSync(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        process.execPath,
        '--require',
        require.resolve('tsx/cjs'),
        path.join(REPO, 'src/cli/main.ts'),
        'simulate',
        path.join(mig, '002.sql'),
        '--sample',
        '10',
        '--format',
        'json',
        '--no-progress',
      ],
      { cwd: os.tmpdir(), env: { ...process.env, LOCKSTEP_PGLITE_TEMPLATE: root, HOME: os.tmpdir() }, encoding: 'utf8', timeout: 170_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as { statements: { error: unknown }[] };
    assert.equal(t.statements[0]?.error, null);
  });
});
