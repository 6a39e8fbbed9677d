import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeScratchDir, removeDir } from './engine/workdir';
import { cancelBackend, ServerRefusal } from './engine/server';
import type { SimulationRequest, SimulationStage } from './simulate';
import { DEFAULT_STATEMENT_TIMEOUT_MS, type WatchKey } from './bounds';
import type { Timeline } from './timeline';

/**
 * Runs a simulation in a worker thread so an editor's main thread stays responsive, and
 * stops it at once on abort (the worker is terminated, not asked). The scratch folder for the
 * engine's data belongs to this side: a terminated worker runs no cleanup of its own.
 */

export type WorkerMessage =
  | { readonly type: 'progress'; readonly stage: SimulationStage }
  /** Real database mode: the server process running the migration, cancelled from here on abort. */
  | { readonly type: 'backend'; readonly pid: number }
  | { readonly type: 'watch'; readonly key: WatchKey }
  | { readonly type: 'watch-end' }
  | { readonly type: 'done'; readonly timeline: Timeline }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly reason?: string };

export interface RunOptions {
  readonly onProgress?: (stage: SimulationStage) => void;
  readonly signal?: AbortSignal;
}

/** The worker script: beside this module when compiled or bundled, else the TypeScript source (development). */
export function workerEntry(): { code: string; eval: boolean } {
  for (const name of ['simulate-worker.js', 'worker.js']) {
    const file = path.join(__dirname, name);
    if (fs.existsSync(file)) return { code: file, eval: false };
  }
  // Node picks a loader by extension before any hook runs, so load the source through tsx.
  const source = path.join(__dirname, 'worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return { code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, eval: true };
}

export function abortError(): Error {
  const err = new Error('simulation cancelled');
  err.name = 'AbortError';
  return err;
}

/** Attempts after the first, each one started because a statement outlived its limit. */
const MAX_RESTARTS = 8;

export function runSimulation(request: SimulationRequest, options: RunOptions = {}): Promise<Timeline> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const scratchDir = makeScratchDir('lockstep-sim-');
  const limitMs = request.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const entry = workerEntry();

  return new Promise<Timeline>((resolve, reject) => {
    let settled = false;
    let worker: Worker | undefined;
    let timer: NodeJS.Timeout | undefined;
    const stopped: string[] = [...(request.stopped ?? [])];

    const clearTimer = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    let backendPid: number | undefined;
    /**
     * Settles once the worker has ended and its folder is gone, so a caller that exits right
     * after (a CLI on SIGTERM) leaves nothing behind. `cancelServer`: the worker stopped
     * without closing its session (abort, crash), so a statement may still be running on the
     * server; once the worker is stopped (no further statement starts) the server is asked to
     * cancel through a connection of its own, and the caller hears back only then.
     */
    const finish = (fn: () => void, cancelServer = false): void => {
      if (settled) return;
      settled = true;
      clearTimer();
      signal?.removeEventListener('abort', onAbort);
      const w = worker;
      worker = undefined;
      void (w ? w.terminate() : Promise.resolve())
        .catch(() => undefined)
        .then(async () => {
          removeDir(scratchDir);
          if (cancelServer && backendPid !== undefined && request.url) await cancelBackend(request.url, backendPid).catch(() => undefined);
          fn();
        });
    };
    const onAbort = (): void => finish(() => reject(abortError()), true);
    signal?.addEventListener('abort', onAbort, { once: true });

    // A statement that outlives its limit cannot be interrupted inside the engine's thread:
    // end the thread, and run again with that statement reported as stopped instead of run.
    const onLimit = (key: WatchKey): void => {
      if (settled) return;
      stopped.push(key);
      if (stopped.length > MAX_RESTARTS + (request.stopped?.length ?? 0)) {
        finish(() => reject(new Error(`simulation ended: ${stopped.length} statements outlived the ${limitMs / 1000} s limit`)));
        return;
      }
      const w = worker;
      worker = undefined;
      void (w ? w.terminate() : Promise.resolve()).then(() => {
        if (!settled) start();
      });
    };

    const start = (): void => {
      const w = new Worker(entry.code, {
        eval: entry.eval,
        workerData: { request: { ...request, scratchDir, stopped: [...stopped], statementTimeoutMs: limitMs } },
        execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
      });
      worker = w;
      w.on('message', (m: WorkerMessage) => {
        if (worker !== w) return;
        if (m.type === 'progress') options.onProgress?.(m.stage);
        else if (m.type === 'backend') backendPid = m.pid;
        else if (m.type === 'watch') {
          clearTimer();
          timer = setTimeout(() => onLimit(m.key), limitMs);
        } else if (m.type === 'watch-end') clearTimer();
        else if (m.type === 'done') finish(() => resolve(m.timeline));
        else
          finish(() => {
            if (m.name === 'ServerRefusal') reject(new ServerRefusal(m.message, (m.reason ?? 'unreachable') as ServerRefusal['reason']));
            else {
              const err = new Error(m.message);
              err.name = m.name;
              reject(err);
            }
          });
      });
      w.on('error', (err) => {
        if (worker === w) finish(() => reject(err), true);
      });
      w.on('exit', (code) => {
        if (worker === w) finish(() => reject(new Error(`simulation worker exited with code ${code}`)), true);
      });
    };
    start();
  });
}
