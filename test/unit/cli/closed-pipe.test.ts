import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'lockstep.js');

/**
 * Runs the installed entry point with its standard output closed before it writes, as
 * `lockstep … | head -1` does once head has its line.
 */
function runIntoClosedPipe(...args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('output to a closed pipe', function () {
  before(function () {
    // The entry point runs the bundle `npm run build` writes (CI builds before the unit tests).
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
      console.log('      skipped: dist/cli.js is not built (run `npm run build`)');
      this.skip();
    }
  });

  for (const args of [
    ['plan', 'examples/migrations/0002_add_user_plan.sql'],
    ['lint', '--list-rules'],
    ['lint', 'examples/'],
  ]) {
    it(`lockstep ${args.join(' ')} | head: ends quietly with exit 0`, async () => {
      const r = await runIntoClosedPipe(...args);
      assert.equal(r.signal, null);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /);
    });
  }
});
