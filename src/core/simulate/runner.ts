import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeScratchDir, removeDir } from './engine/workdir';
import { cancelBackend, ServerRefusal } from './engine/server';
import type { SimulationRequest, SimulationStage } from './simulate';
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

export function runSimulation(request: SimulationRequest, options: RunOptions = {}): Promise<Timeline> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const scratchDir = makeScratchDir('lockstep-sim-');
  const entry = workerEntry();
  const worker = new Worker(entry.code, {
    eval: entry.eval,
    workerData: { request: { ...request, scratchDir } },
    execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
  });

  return new Promise<Timeline>((resolve, reject) => {
    let settled = false;
    let backendPid: number | undefined;
    /**
     * `cancelServer`: the worker stopped without closing its session (abort, crash), so a
     * statement may still be running on the server. The worker is stopped first (no further
     * statement starts), then the server is asked to cancel through a connection of its own;
     * the caller hears back only once that is done.
     */
    const finish = (fn: () => void, cancelServer = false): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const terminated = worker.terminate().finally(() => removeDir(scratchDir));
      if (cancelServer && backendPid !== undefined && request.url) {
        const url = request.url;
        const pid = backendPid;
        void terminated.then(() => cancelBackend(url, pid)).finally(fn);
        return;
      }
      void terminated;
      fn();
    };
    const onAbort = (): void => finish(() => reject(abortError()), true);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') options.onProgress?.(m.stage);
      else if (m.type === 'backend') backendPid = m.pid;
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
    worker.on('error', (err) => finish(() => reject(err), true));
    worker.on('exit', (code) => finish(() => reject(new Error(`simulation worker exited with code ${code}`)), true));
  });
}
