/**
 * `npm run fuzz -- --cases N --seed S [--from F] [--only K] [--timeout-ms T] [--slowest K]`
 *
 * Fuzzes the analyser with mutated migration files (../shared/corpus when present, else
 * the repository's examples and fixtures): each input is linted in every dialect through
 * the public API and must raise no exception, keep every position inside the text, and
 * have every fix re-lint clean of its own finding without new syntax errors. Deterministic
 * by seed. Prints counts and the slowest inputs (figures only; a case that does not finish
 * within --timeout-ms is a failure). Exits 1 on any problem.
 *
 * Times are CPU time (user + system, from process.cpuUsage around each lint; the worker is
 * the only busy thread), not wall time: on a shared, busy machine wall time measures the
 * other processes too. "Over 1 s" means one lint of one input in one dialect used more than
 * 1 s of CPU; the wall time of that lint is printed next to it for comparison.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { CaseReport } from './fuzz/worker';

interface Args {
  cases: number;
  seed: number;
  only?: number;
  /** First case number (to split a long run across processes). */
  from: number;
  timeoutMs: number;
  slowest: number;
  quiet: boolean;
}

const HELP = `npm run fuzz -- [--cases N] [--seed S] [--from F] [--only K] [--timeout-ms T] [--slowest K] [--quiet]

Lints mutated migration files in every dialect and checks that no exception escapes, every
position lies inside the text, and every fix re-lints clean of its finding with no new
syntax error. Cases are numbered; (seed, number) rebuilds the same input.

  --cases N       how many cases (default 1000)
  --seed S        the run's seed (default 1)
  --from F        first case number, to split a long run across processes (default 0)
  --only K        run case K alone (to reproduce a report)
  --timeout-ms T  a case using more than T ms of CPU is a hang (default 120000)
  --slowest K     how many of the slowest inputs to list (default 10)
  --quiet         no progress lines

Times are CPU time (user + system) of the lint, not wall time, so that other work on a
busy machine does not count: "inputs over 1 s" are inputs (under 1 MB) of which one lint,
in one dialect, used more than 1 s of CPU. The wall time of that lint is printed beside it.`;

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { cases: 1000, seed: 1, from: 0, timeoutMs: 120_000, slowest: 10, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n)) throw new Error(`${a} needs a number`);
      return n;
    };
    if (a === '--cases') args.cases = v();
    else if (a === '--seed') args.seed = v();
    else if (a === '--only') args.only = v();
    else if (a === '--from') args.from = v();
    else if (a === '--timeout-ms') args.timeoutMs = v();
    else if (a === '--slowest') args.slowest = v();
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

/** A case whose wall time passes this many times --timeout-ms is stopped even if it used little CPU. */
const WALL_BACKSTOP = 20;

type Message = { kind: 'ready'; files: number } | { kind: 'started'; index: number; mutations: string[]; chars: number } | { kind: 'done'; report: CaseReport };

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const indexes = args.only !== undefined ? [args.only] : Array.from({ length: args.cases }, (_, i) => args.from + i);
  const reports: CaseReport[] = [];
  const hangs: { index: number; mutations: string[]; chars: number }[] = [];
  let files = 0;
  let next = 0;
  const started = Date.now();

  await new Promise<void>((resolve) => {
    // Stopped early (Ctrl-C, a CI time limit): report the cases done so far.
    const stop = (): void => {
      console.error('  stopped: summary of the cases finished so far');
      next = indexes.length + 1;
      clearInterval(timer);
      void worker?.terminate();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let worker: Worker | undefined;
    let current: { index: number; mutations: string[]; chars: number } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const spawn = (): void => {
      // The worker loads TypeScript through tsx, as this script does.
      const entry = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'fuzz', 'worker.ts'))});`;
      worker = new Worker(entry, { eval: true, workerData: { seed: args.seed } });
      worker.on('message', (m: Message) => {
        if (next > indexes.length) return;
        if (m.kind === 'ready') {
          files = m.files;
          feed();
        } else if (m.kind === 'started') {
          current = { index: m.index, mutations: m.mutations, chars: m.chars };
        } else {
          clearInterval(timer);
          current = undefined;
          reports.push(m.report);
          // Problems and progress as they come, so a long run that is stopped still tells something.
          for (const p of m.report.problems) console.error(`  ${p.kind.toUpperCase()} #${m.report.index} ${p.dialect}: ${p.detail.slice(0, 300)}`);
          if (!args.quiet && reports.length % 250 === 0) {
            const over = reports.filter((r) => r.slowestMs > 1000 && r.chars < 1_000_000).length;
            console.error(
              `  ${reports.length}/${indexes.length} cases, ${Math.round((Date.now() - started) / 1000)} s; over 1 s: ${over}; hangs: ${hangs.length}`,
            );
          }
          feed();
        }
      });
      worker.on('error', (err: Error) => {
        console.error(`worker failed: ${err.stack ?? err.message}`);
        process.exit(2);
      });
    };
    const feed = (): void => {
      const index = indexes[next++];
      if (index === undefined) {
        void worker?.terminate();
        resolve();
        return;
      }
      // CPU time since the case was handed over (the worker is the only busy thread), checked
      // every half second; wall time only as a far backstop in case the worker stops using CPU.
      const cpuAtStart = process.cpuUsage();
      const wallAtStart = Date.now();
      timer = setInterval(() => {
        const cpu = process.cpuUsage(cpuAtStart);
        if ((cpu.user + cpu.system) / 1000 < args.timeoutMs && Date.now() - wallAtStart < args.timeoutMs * WALL_BACKSTOP) return;
        clearInterval(timer);
        const hang = current ?? { index, mutations: ['(not started)'], chars: 0 };
        hangs.push(hang);
        console.error(`  HANG #${hang.index} (${hang.chars} chars, over ${args.timeoutMs / 1000} s of CPU): ${hang.mutations.join(' · ')}`);
        void worker?.terminate();
        spawn();
      }, 500);
      worker?.postMessage(index);
    };
    spawn();
  });

  const problems = reports.flatMap((r) => r.problems.map((p) => ({ ...p, index: r.index, mutations: r.mutations })));
  const byKind = (k: string) => problems.filter((p) => p.kind === k);
  const slow = [...reports].sort((a, b) => b.slowestMs - a.slowestMs);
  const overSecond = reports.filter((r) => r.slowestMs > 1000 && r.chars < 1_000_000);
  const seconds = (Date.now() - started) / 1000;

  console.log(`fuzz: seed ${args.seed}, ${reports.length + hangs.length} cases from ${files} seed files in ${seconds.toFixed(0)} s`);
  console.log(`  lints ${sum(reports, 'lints')}, fixes re-linted ${sum(reports, 'fixesChecked')}`);
  console.log(
    `  exceptions ${byKind('exception').length}, positions outside ${byKind('position').length}, bad fixes ${byKind('fix').length}, hangs (> ${args.timeoutMs / 1000} s) ${hangs.length}`,
  );
  console.log(`  inputs over 1 s of CPU (under 1 MB): ${overSecond.length}`);
  console.log(`  slowest inputs (one lint; CPU ms, wall ms — figures, not limits):`);
  for (const r of slow.slice(0, args.slowest)) {
    console.log(
      `    ${r.slowestMs.toFixed(0).padStart(6)} ${r.slowestWallMs.toFixed(0).padStart(6)} ${r.slowestDialect.padEnd(10)} ${String(r.chars).padStart(7)} chars  #${r.index} ${r.mutations.join(' · ')}`,
    );
  }
  if (overSecond.length > 0) console.log(`  over 1 s: ${overSecond.map((r) => `#${r.index}`).join(' ')}`);
  for (const h of hangs) console.log(`  HANG #${h.index} (${h.chars} chars): ${h.mutations.join(' · ')}`);
  const shown = new Set<string>();
  for (const p of problems) {
    const key = `${p.kind} ${p.detail.replace(/\d+/g, 'N').slice(0, 120)}`;
    if (shown.has(key)) continue;
    shown.add(key);
    console.log(`  ${p.kind.toUpperCase()} #${p.index} ${p.dialect}: ${p.detail}\n      input: ${p.mutations.join(' · ')}`);
  }
  if (problems.length > 0 || hangs.length > 0) console.log(`  reproduce one: npm run fuzz -- --seed ${args.seed} --only <case>`);
  return problems.length > 0 || hangs.length > 0 ? 1 : 0;
}

function sum(reports: readonly CaseReport[], key: 'lints' | 'fixesChecked'): number {
  return reports.reduce((n, r) => n + r[key], 0);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
