/** Runs fuzz cases for scripts/fuzz.ts in a worker thread, so a hang can be stopped and reported. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkInput, fuzzLinter } from './check';
import { fuzzCase, seedFiles } from './mutate';

export interface CaseReport {
  readonly index: number;
  readonly mutations: readonly string[];
  readonly chars: number;
  /** CPU ms of the slowest lint of this input (see check.ts). */
  readonly slowestMs: number;
  readonly slowestWallMs: number;
  readonly slowestDialect: string;
  readonly lints: number;
  readonly fixesChecked: number;
  readonly problems: { kind: string; dialect: string; detail: string }[];
}

const { seed } = workerData as { seed: number };
const { files } = seedFiles();
const linter = fuzzLinter();

parentPort!.on('message', (index: number) => {
  void linter.then((l) => {
    const c = fuzzCase(files, seed, index);
    parentPort!.postMessage({ kind: 'started', index, mutations: c.mutations, chars: c.text.length });
    const r = checkInput(l, c.name, c.text);
    const report: CaseReport = { index, mutations: c.mutations, chars: c.text.length, ...r };
    parentPort!.postMessage({ kind: 'done', report });
  });
});
parentPort!.postMessage({ kind: 'ready', files: files.length });
