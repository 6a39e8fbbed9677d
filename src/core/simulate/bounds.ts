import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Limits that keep a simulation finite. The embedded engines are WebAssembly running on one
 * thread: neither PGlite's `statement_timeout` nor a JavaScript timer can interrupt a
 * statement in progress (measured: `SET statement_timeout = '1s'` then `pg_sleep(3)` runs
 * the full 3 s in PGlite 0.5). So the thread that runs the engine announces each statement it
 * starts, and the runner on the other side of the worker boundary terminates the worker when
 * one outlives its limit, then runs the simulation again with that statement marked stopped.
 */

/** Default limit per statement on the embedded engines. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

/** Largest `--sample` accepted: beyond it seeding takes minutes and gigabytes of scratch space. */
export const MAX_SAMPLE_ROWS = 5_000_000;

/** Default ceiling for the scratch folder of one simulation (also bounded by the free space). */
const DEFAULT_SCRATCH_LIMIT_BYTES = 4 * 1024 ** 3;

/**
 * Work the engine thread announces before it starts it, named so a rerun can recognise it:
 * `trace:<statement index>`, `replay:<file index>:<statement ordinal>`, `seed:<table>`.
 */
export type WatchKey = string;

export interface WatchHooks {
  /** Called just before a bounded piece of work starts on the engine. */
  readonly onWatchStart?: (key: WatchKey) => void;
  /** Called when it returned (successfully or not). */
  readonly onWatchEnd?: () => void;
}

/** Runs `work` between the two hooks. */
export async function watched<T>(hooks: WatchHooks | undefined, key: WatchKey, work: () => Promise<T>): Promise<T> {
  hooks?.onWatchStart?.(key);
  try {
    return await work();
  } finally {
    hooks?.onWatchEnd?.();
  }
}

export function watchedSync<T>(hooks: WatchHooks | undefined, key: WatchKey, work: () => T): T {
  hooks?.onWatchStart?.(key);
  try {
    return work();
  } finally {
    hooks?.onWatchEnd?.();
  }
}

/** SQLSTATE of a statement cancelled by `statement_timeout` in PostgreSQL. */
export const STOPPED_CODE = '57014';

export function stoppedMessage(limitMs: number): string {
  const s = limitMs / 1000;
  return `stopped after ${Number.isInteger(s) ? s : s.toFixed(1)} s (limit; raise it with --statement-timeout)`;
}

export interface ScratchLimit {
  readonly dir: string;
  readonly maxBytes: number;
}

/**
 * The ceiling for a scratch folder: the requested limit, or less when its file system
 * (a RAM-backed tmpfs, usually) has less free space, keeping a tenth of that space free.
 */
export function scratchLimit(dir: string, requested?: number): ScratchLimit {
  let maxBytes = requested ?? DEFAULT_SCRATCH_LIMIT_BYTES;
  if (requested === undefined) {
    try {
      const fsStat = fs.statfsSync(dir);
      const free = Number(fsStat.bavail) * Number(fsStat.bsize);
      maxBytes = Math.min(maxBytes, dirBytes(dir) + Math.floor(free * 0.9));
    } catch {
      // statfs unsupported here: keep the fixed ceiling
    }
  }
  return { dir, maxBytes };
}

/** Bytes allocated under a folder (files only; a file removed while walking is skipped). */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) {
      try {
        total += fs.statSync(p).size;
      } catch {
        // gone meanwhile
      }
    }
  }
  return total;
}

/** Raised when the synthetic sample outgrows the scratch folder's limit. */
export class ScratchLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScratchLimitError';
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(0)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}
