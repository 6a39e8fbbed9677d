import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Temporary folders for engine data directories. A RAM-backed tmpfs is preferred where the
 * system has one (`/dev/shm` on Linux); elsewhere the OS temp folder. Every folder made here
 * is registered so that a normal process exit removes it even if a caller forgot to, and
 * carries its owner's process id so that a later run can remove the folders of a process that
 * was killed before it could clean up (SIGKILL, a crash, a power cut on a disk-backed temp).
 */

const live = new Set<string>();
let exitHookInstalled = false;

/** Every scratch folder's name starts with this. */
export const SCRATCH_PREFIX = 'lockstep-';
/** The file inside a scratch folder that names the process owning it. */
export const OWNER_FILE = 'lockstep-owner.pid';

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', removeScratchDirs);
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

let swept = false;

export function makeScratchDir(prefix = SCRATCH_PREFIX): string {
  installExitHook();
  const root = scratchRoot();
  if (!swept) {
    swept = true;
    sweepStaleScratchDirs(root);
  }
  const dir = fs.mkdtempSync(path.join(root, prefix));
  live.add(dir);
  fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

export function removeDir(dir: string): void {
  live.delete(dir);
  try {
    // Retries: an engine thread being torn down may still be closing files in it.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // best effort: a folder that cannot be removed must not turn a result into a crash
  }
}

/** Removes every scratch folder this process made and still holds (on exit or a signal). */
export function removeScratchDirs(): void {
  for (const dir of [...live]) removeDir(dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes scratch folders left by processes that no longer run: ours by ownership, whose
 * owner file names a process id that is gone. Folders without an owner file are left alone.
 * Returns the folders removed.
 */
export function sweepStaleScratchDirs(root = scratchRoot()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (const name of names) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = path.join(root, name);
    if (live.has(dir)) continue;
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      const pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    } catch {
      continue;
    }
    removeDir(dir);
    removed.push(dir);
  }
  return removed;
}
