// `npm run bench`: whole-process figures, printed, never asserted.
//
// Lint: every PostgreSQL .sql file of the shared corpus (../shared/corpus) joined into one
// file, linted by the built CLI; wall time and peak RSS from /usr/bin/time -v when present
// (else from the child's own resource usage). Targets: ≤ 0.3 s wall, ≤ 120 MB peak.
// Then Rails migrations (scripts/bench-rails.ts), the simulator's figures (scripts/bench-simulate.ts),
// the slowest inputs of 300 fuzzed cases (npm run bench:fuzz, CPU time per lint),
// and the figures measured against a real PostgreSQL server (scripts/bench-server.ts: predicted vs
// measured durations, lock waits of a workload under a phased plan). That part uses the server of
// scripts/pg-test-server.sh, started here and stopped afterwards when it was not already running,
// or LOCKSTEP_PG_URL; when no server can be started it is skipped with a message.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, '..', 'shared', 'corpus');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function sqlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (p.endsWith('.sql') && !/[\\/]db[\\/](mysql|clickhouse)[\\/]/.test(p)) out.push(p);
  }
  return out;
}

/** Runs a command once; returns wall seconds and peak RSS in MB. */
function measure(cmd, args) {
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (wall && rss) {
      const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
      return { seconds, mb: Number(rss[1]) / 1024, status: r.status };
    }
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, mb: NaN, status: r.status };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function benchLint() {
  if (!existsSync(corpus)) {
    console.log(`lint: skipped (no corpus at ${corpus})`);
    return;
  }
  if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const files = sqlFiles(corpus);
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
  try {
    const joined = join(dir, 'corpus-joined.sql');
    writeFileSync(joined, files.map((f) => readFileSync(f, 'utf8')).join('\n;\n'));
    const lines = readFileSync(joined, 'utf8').split('\n').length;
    const cli = join(root, 'bin', 'lockstep.js');
    const probe = spawnSync(process.execPath, [cli, 'lint', joined, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const findings = JSON.parse(probe.stdout).length;
    const runs = Array.from({ length: RUNS }, () => measure(process.execPath, [cli, 'lint', joined, '--format', 'json']));
    const walls = runs.map((r) => r.seconds);
    const mbs = runs.map((r) => r.mb);
    console.log(`lint: ${files.length} corpus files joined (${lines} lines), ${findings} findings, ${RUNS} runs`);
    console.log(`  wall  median ${median(walls).toFixed(3)} s   min ${Math.min(...walls).toFixed(3)} s   (target ≤ 0.300 s)`);
    console.log(`  peak  median ${median(mbs).toFixed(0)} MB    max ${Math.max(...mbs).toFixed(0)} MB   (target ≤ 120 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchServer() {
  const server = (...args) => spawnSync('bash', [join(root, 'scripts', 'pg-test-server.sh'), ...args], { cwd: root, encoding: 'utf8' });
  let started = false;
  if (!process.env.LOCKSTEP_PG_URL) {
    const running = server('url');
    const url = running.status === 0 ? running.stdout.trim() : '';
    // `start` returns the running server's URL when there is one, and starts one otherwise.
    const start = server('start');
    if (start.status !== 0) {
      console.log(`server: skipped (no PostgreSQL test server could be started: ${start.stderr.trim().split('\n').pop()})`);
      return 0;
    }
    started = url === '';
  }
  try {
    const r = spawnSync('npm', ['run', '--silent', 'bench:server'], { stdio: 'inherit', cwd: root });
    return r.status ?? 1;
  } finally {
    if (started) server('stop');
  }
}

benchLint();
// Editor re-lint latency after a keystroke, with the schema folded from 200 earlier migrations.
spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'bench-relint.ts')], { stdio: 'inherit', cwd: root });
// Rails migrations: Prism parse, translation and lint rates (scripts/bench-rails.ts).
spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'bench-rails.ts')], { stdio: 'inherit', cwd: root });
// Simulation figures: PGlite start, seeding rate, a whole 5-statement simulate.
const r = spawnSync('npm', ['run', '--silent', 'bench:simulate'], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exitCode = r.status ?? 1;
spawnSync('npx', ['tsx', 'scripts/bench-plans.ts'], { stdio: 'inherit', cwd: root }); // phased plans under load (longest query wait)
// The analyser's slowest fuzzed inputs (CPU time per lint; scripts/fuzz.ts).
const f = spawnSync('npm', ['run', '--silent', 'bench:fuzz'], { stdio: 'inherit', cwd: root });
if (f.status !== 0) process.exitCode = f.status ?? 1;
const s = benchServer();
if (s !== 0) process.exitCode = s;
