/**
 * Simulator figures for `npm run bench`: PGlite start time, seeding rows/s, and wall time and
 * peak memory of a whole `simulate` of a 5-statement add-column migration at the default
 * sample (targets: at most 10 s and 1.2 GB on a 2-core machine). Prints text, or JSON with --json.
 *
 *   npx tsx scripts/bench-simulate.ts [--json]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTable, readTable } from '../src/core/simulate/catalog';
import { startPglite } from '../src/core/simulate/engine/pglite';
import { locateTemplate } from '../src/core/simulate/engine/template';
import { replaySchema } from '../src/core/simulate/replay';
import { seedTables } from '../src/core/simulate/seed';
import { DEFAULT_SAMPLE_ROWS, simulate } from '../src/core/simulate/simulate';

const SCHEMA = `CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  name text,
  plan text NOT NULL DEFAULT 'free',
  created_at timestamptz NOT NULL DEFAULT now()
);`;

const MIGRATION = `ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN signup_source text DEFAULT 'web';
UPDATE users SET nickname = name WHERE id <= 10000;
ALTER TABLE users ADD CONSTRAINT nickname_len CHECK (length(nickname) < 100) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT nickname_len;`;

async function whole(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-'));
  try {
    fs.writeFileSync(path.join(dir, '001_users.sql'), SCHEMA);
    fs.writeFileSync(path.join(dir, '002_nickname.sql'), MIGRATION);
    const t0 = performance.now();
    const t = await simulate({ file: path.join(dir, '002_nickname.sql'), rows: { users: 5_000_000 } });
    const wallMs = performance.now() - t0;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ wallMs, peakMb, statements: t.statements.length, timings: t.timings }) + '\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--whole')) return whole();
  await locateTemplate();

  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await startPglite();
    starts.push(s.startMs);
    await s.close();
  }

  const rows = 200_000;
  const s = await startPglite();
  let seedRowsPerSecond = 0;
  try {
    await replaySchema(s, [{ file: 'schema.sql', text: SCHEMA }]);
    const table = await readTable(s, (await findTable(s, 'users'))!);
    const [seeded] = await seedTables(s, [{ table, rows }]);
    seedRowsPerSecond = rows / (seeded!.ms / 1000);
  } finally {
    await s.close();
  }

  // A fresh process, so peak memory is the simulation's own.
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--whole'], { encoding: 'utf8' });
  const w = JSON.parse(out.trim().split('\n').pop()!) as { wallMs: number; peakMb: number; timings: Record<string, number> };

  const figures = {
    pgliteStartMs: Math.round(starts.reduce((a, b) => a + b, 0) / starts.length),
    seedRowsPerSecond: Math.round(seedRowsPerSecond),
    simulate: { sampleRows: DEFAULT_SAMPLE_ROWS, statements: 5, wallMs: Math.round(w.wallMs), peakMb: Math.round(w.peakMb), timings: w.timings },
    targets: { wallMs: 10_000, peakMb: 1_200 },
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
    return;
  }
  const ok = (v: number, max: number): string => (v <= max ? 'within target' : 'OVER TARGET');
  process.stdout.write(
    [
      `simulator: PGlite start (template copy + start)   ${figures.pgliteStartMs} ms`,
      `simulator: seeding                                 ${figures.seedRowsPerSecond.toLocaleString('en-US')} rows/s`,
      `simulator: simulate, 5 statements, ${DEFAULT_SAMPLE_ROWS.toLocaleString('en-US')}-row sample  ${(figures.simulate.wallMs / 1000).toFixed(1)} s (${ok(figures.simulate.wallMs, 10_000)}), peak ${figures.simulate.peakMb} MB (${ok(figures.simulate.peakMb, 1_200)})`,
      `           phases: engine ${w.timings['engineStartMs']} ms, replay ${w.timings['replayMs']} ms, seed ${w.timings['seedMs']} ms, trace ${w.timings['traceMs']} ms`,
    ].join('\n') + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-simulate: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
