import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from './runner';
import { simulateForDialect } from './dispatch';
import type { SimulationRequest } from './simulate';

/** Worker-thread entry: runs one simulation and posts progress and the result back. */
const port = parentPort;
if (port) {
  const request = (workerData as { request: SimulationRequest }).request;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  simulateForDialect(request, {
    onProgress: (stage) => post({ type: 'progress', stage }),
    onServerBackend: (pid) => post({ type: 'backend', pid }),
    // postMessage is delivered while this thread is still busy in the engine, so the runner's
    // timer starts with the statement and can end the thread if it never returns.
    onWatchStart: (key) => post({ type: 'watch', key }),
    onWatchEnd: () => post({ type: 'watch-end' }),
  }).then(
    (timeline) => post({ type: 'done', timeline }),
    (err: unknown) => {
      const e = err as { name?: string; message?: string; reason?: string };
      post({ type: 'error', name: e.name ?? 'Error', message: e.message ?? String(err), ...(e.reason ? { reason: e.reason } : {}) });
    },
  );
}
