import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWNER_FILE, SCRATCH_PREFIX, scratchRoot, sweepStaleScratchDirs } from '../../src/core/simulate/engine/workdir';
import { migrationFolder } from './helpers';

const REPO = path.join(__dirname, '..', '..');

/** Scratch folders whose owner file names `pid`. */
function foldersOf(pid: number): string[] {
  const root = scratchRoot();
  return fs
    .readdirSync(root)
    .filter((n) => n.startsWith(SCRATCH_PREFIX))
    .map((n) => path.join(root, n))
    .filter((d) => {
      try {
        return Number(fs.readFileSync(path.join(d, OWNER_FILE), 'utf8').trim()) === pid;
      } catch {
        return false;
      }
    });
}

async function until<T>(probe: () => T | undefined, what: string, limitMs = 120_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `lockstep simulate` on a statement that sleeps, and resolves once its engine has its data folder. */
async function startSimulation(file: string): Promise<{ pid: number; dir: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO, 'src/cli/main.ts'), 'simulate', file, '--sample', '10', '--no-progress'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const pid = child.pid!;
  const dir = await until(() => foldersOf(pid).find((d) => fs.existsSync(path.join(d, 'pgdata', 'PG_VERSION'))), `the engine of ${pid} (${stderr})`);
  return { pid, dir, exited };
}

describe('simulate: scratch folders', function () {
  this.timeout(240_000);
  const f = migrationFolder({ '001.sql': 'CREATE TABLE t (id int);\n', '002.sql': 'SELECT pg_sleep(1000);\n' });
  after(() => f.remove());

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    it(`are removed when the CLI gets ${signal}`, async () => {
      const run = await startSimulation(f.file('002.sql'));
      process.kill(run.pid, signal);
      const code = await run.exited;
      assert.notEqual(code, 0);
      assert.equal(fs.existsSync(run.dir), false, `${run.dir} left behind`);
    });
  }

  it('left by a killed process are swept by the next run', async () => {
    const run = await startSimulation(f.file('002.sql'));
    process.kill(run.pid, 'SIGKILL');
    await run.exited;
    assert.equal(fs.existsSync(run.dir), true);
    const removed = sweepStaleScratchDirs();
    assert.ok(removed.includes(run.dir), `swept: ${removed.join(', ')}`);
    assert.equal(fs.existsSync(run.dir), false);
  });

  it('of a live process are kept', () => {
    const dir = fs.mkdtempSync(path.join(scratchRoot(), SCRATCH_PREFIX + 'test-'));
    try {
      fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
      assert.equal(sweepStaleScratchDirs().includes(dir), false);
      assert.equal(fs.existsSync(dir), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
