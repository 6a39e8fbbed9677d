import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Temporary folders for engine data directories. A RAM-backed tmpfs is preferred where the
 * system has one (`/dev/shm` on Linux); elsewhere the OS temp folder. Every folder made here
 * is registered so that a normal process exit removes it even if a caller forgot to.
 */

const live = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) removeDir(dir);
  });
}

/** The parent folder for scratch data directories. */
export function scratchRoot(): string {
  const shm = '/dev/shm';
  try {
    if (process.platform === 'linux' && fs.statSync(shm).isDirectory()) {
      fs.accessSync(shm, fs.constants.W_OK);
      return shm;
    }
  } catch {
    // no tmpfs: fall through to the OS temp folder
  }
  return os.tmpdir();
}

export function makeScratchDir(prefix = 'lockstep-'): string {
  installExitHook();
  const dir = fs.mkdtempSync(path.join(scratchRoot(), prefix));
  live.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  live.delete(dir);
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: a folder that cannot be removed must not turn a result into a crash
  }
}
