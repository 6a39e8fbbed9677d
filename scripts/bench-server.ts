/**
 * Figures measured against a real PostgreSQL server for `npm run bench`; printed, never
 * asserted (they depend on the machine and on what else runs on it):
 *   - accuracy: the duration predicted from a 50,000-row PGlite sample for 1,000,000 rows,
 *     next to the time the same statements take on the server holding 1,000,000 rows;
 *   - phases under load: the longest time an application query waited for a lock during
 *     each statement of an original migration and of its phased plan, 1,000,000 rows.
 * The server is the one `scripts/pg-test-server.sh start` runs (or LOCKSTEP_PG_URL);
 * scripts/bench.mjs starts and stops it around this script.
 *
 *   npm run bench:server     (the server must be running)
 */
import * as os from 'node:os';
import { connectServer } from '../src/core/simulate/engine/server';
import { predict, runOnServer } from '../test/integration/accuracy-scenario';
import { testServerUrl } from '../test/integration/server';
import { runPhasesUnderLoad, type Measured } from '../test/integration/workload';

const ROWS = Number(process.env['BENCH_SERVER_ROWS'] ?? 1_000_000);
const SAMPLE_ROWS = Number(process.env['BENCH_SAMPLE_ROWS'] ?? 50_000);
const RUNS = 3;

function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, load ${load}, Node ${process.version}`;
}

async function accuracy(url: string): Promise<void> {
  const predicted = await predict(ROWS, SAMPLE_ROWS);
  const session = await connectServer(url);
  let measured;
  let version: string;
  try {
    version = session.versionText.split(' on ')[0]!;
    measured = await runOnServer(session, ROWS, RUNS);
  } finally {
    await session.close();
  }
  console.log(
    `accuracy: prediction for ${ROWS.toLocaleString('en-US')} rows from a ${SAMPLE_ROWS.toLocaleString('en-US')}-row PGlite sample vs ${version} (fastest of ${RUNS} rolled-back runs)`,
  );
  console.log(`  ${'class'.padEnd(12)} ${'predicted'.padStart(10)} ${'measured'.padStart(10)}  ratio  statement`);
  predicted.statements.forEach((s, i) => {
    const m = measured[i]!.ms;
    const ratio = m > 0 ? s.durationMs / m : NaN;
    const sql = s.sql.replace(/\s+/g, ' ').slice(0, 60);
    console.log(
      `  ${s.costClass.padEnd(12)} ${`${s.durationMs.toFixed(0)} ms`.padStart(10)} ${`${m.toFixed(0)} ms`.padStart(10)}  ×${ratio.toFixed(2)}  ${sql}`,
    );
  });
}

function table(title: string, rows: readonly Measured[]): string {
  return [title, ...rows.map((r) => `  ${r.ms.toFixed(0).padStart(7)} ms   longest wait ${r.blockedMs.toFixed(0).padStart(6)} ms   ${r.label}`)].join('\n');
}

async function phases(url: string): Promise<void> {
  const run = await runPhasesUnderLoad(url, ROWS);
  const worst = (ms: readonly Measured[]): number => Math.max(0, ...ms.map((m) => m.blockedMs));
  console.log(
    [
      `phases under load: ${ROWS.toLocaleString('en-US')} rows, one reader and one writer on random rows (${run.serverVersion})`,
      table('original migration:', run.original),
      `  workload: ${run.originalLoad.queries} queries, slowest ${run.originalLoad.slowestMs.toFixed(0)} ms; longest lock wait ${worst(run.original).toFixed(0)} ms`,
      table('phased migration (plain convention):', run.phased),
      `  workload: ${run.phasedLoad.queries} queries, slowest ${run.phasedLoad.slowestMs.toFixed(0)} ms; longest lock wait ${worst(run.phased).toFixed(0)} ms`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const url = testServerUrl();
  console.log(`machine: ${machine()}`);
  await accuracy(url);
  await phases(url);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
