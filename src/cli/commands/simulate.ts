import { forwardSql } from '../../core/sources/migration-sql';
import { adapterFor, prepareAdapters } from '../../core/sources/registry';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import type { CostProfile } from '../../core/engines/postgres/cost-model';
import { ServerRefusal } from '../../core/simulate/engine/server';
import { removeScratchDirs } from '../../core/simulate/engine/workdir';
import { loadReportAssets, renderHtmlReport } from '../../core/report/html';
import { renderTimelineText } from '../../core/simulate/render-text';
import { simulateForDialect } from '../../core/simulate/dispatch';
import { runSimulation } from '../../core/simulate/runner';
import type { SimulationRequest, SimulationStage } from '../../core/simulate/simulate';
import type { Timeline } from '../../core/simulate/timeline';
import type { WorkloadFile } from '../../core/simulate/workload';
import { addDialectOptions, configForFile, flagOverrides, loadCliConfig, type DialectFlags } from '../dialect';
import { UsageError } from '../files';
import { unsupportedLanguage, unsupportedReason } from '../../core/sources/languages';
import { runnerSections } from '../../core/sql/runner-sections';
import { DEFAULT_STATEMENT_TIMEOUT_MS, MAX_SAMPLE_ROWS } from '../../core/simulate/bounds';

interface SimulateFlags extends DialectFlags {
  readonly schema?: string;
  readonly rows: string[];
  readonly sample?: string;
  readonly workload?: string;
  readonly format: 'text' | 'json' | 'html';
  readonly output?: string;
  readonly url?: string;
  readonly config?: string;
  readonly profile?: string;
  readonly transactional?: boolean;
  readonly statementTimeout?: string;
  readonly progress: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseRows(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=]+)=([\d_,]+)$/.exec(v.trim());
    if (!m) throw new UsageError(`--rows expects table=N, got "${v}"`);
    out[m[1]!.trim()] = Number(m[2]!.replace(/[_,]/g, ''));
  }
  return out;
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function describeStage(s: SimulationStage): string {
  switch (s.stage) {
    case 'starting':
      return 'starting engine';
    case 'replaying':
      return `replaying ${s.total} migration(s) (${s.done + 1}/${s.total})`;
    case 'seeding':
      return `seeding ${s.rows.toLocaleString('en-US')} rows into ${s.table} (${s.done + 1}/${s.total})`;
    case 'tracing':
      return `tracing statement ${s.done} of ${s.total}`;
    case 'modelling':
      return 'modelling workload';
  }
}

/** One redrawn status line on stderr, only when it is a terminal. */
function progressLine(enabled: boolean): { update(s: SimulationStage): void; clear(): void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, clear: () => undefined };
  const weights: Record<SimulationStage['stage'], [number, number]> = {
    starting: [0, 0.05],
    replaying: [0.05, 0.15],
    seeding: [0.15, 0.65],
    tracing: [0.65, 0.95],
    modelling: [0.95, 1],
  };
  return {
    update(s) {
      const [lo, hi] = weights[s.stage];
      const frac = 'total' in s && s.total > 0 ? s.done / s.total : 0;
      const p = lo + (hi - lo) * frac;
      const width = 24;
      const filled = Math.round(p * width);
      process.stderr.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${describeStage(s)}`);
    },
    clear() {
      process.stderr.write('\r\x1b[2K');
    },
  };
}

/** @public Loaded on demand by src/cli/main.ts. */
export function register(program: Command): void {
  const command = program
    .command('simulate')
    .description(
      'run a migration with production-sized synthetic data and predict locks, durations and queued queries (PostgreSQL on embedded PGlite, SQLite on sql.js, MySQL/MariaDB from versioned facts)',
    )
    .argument('<file>', 'the migration (.sql) to simulate')
    .option('--schema <file>', 'load this schema (pg_dump --schema-only, sqlite3 .schema) instead of replaying the earlier migrations')
    .option('--rows <table=N>', 'production row count of a table (repeatable)', collect, [])
    .option('--sample <n>', 'rows seeded per table (default 100000, or the table size if smaller); MySQL/MariaDB seed nothing')
    .option(
      '--workload <file>',
      'workload JSON: {"default": {readsPerSecond, writesPerSecond, queryMs, longestTransactionMs}, "tables": {…}, "lockTimeoutMs", "retries", "retryDelayMs"}',
    );
  addDialectOptions(command)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option(
      '--url <url>',
      'trace on this real server instead: allowed statements only, all in one transaction that is rolled back (sequences still advance; updated tables may bloat)',
    )
    .option('-c, --config <file>', 'use this lockstep.config.json instead of searching upwards from the file')
    .option('--profile <file>', 'cost profile written by `lockstep calibrate` (default: the shipped profile)')
    .option('--transactional', 'the migration runner wraps the whole file in one transaction')
    .option(
      '--statement-timeout <seconds>',
      `stop a statement on the embedded engine after this long and report it as stopped (default ${DEFAULT_STATEMENT_TIMEOUT_MS / 1000})`,
    )
    .option('--no-progress', 'no progress line on stderr')
    .addHelpText(
      'after',
      '\nExit status: 0 when every statement succeeds, 1 when a statement fails in the simulation (a failure only on the values of the synthetic sample does not count), 2 for usage errors or an unreachable server.\n\nExamples:\n  lockstep simulate migrations/0042_add_plan.sql --rows users=5000000 --rows plans=3\n  lockstep simulate V7__nickname.sql --schema schema.sql --format json -o timeline.json\n  lockstep simulate migrations/0042_add_plan.sql --format html -o report.html\n  lockstep simulate db/0007_add_status.sql --dialect sqlite --target 3.45.0 --rows users=200000\n  lockstep simulate 0042_add_plan.sql --dialect mysql --target 8.0.28 --rows orders=10000000',
    )
    .action(async (file: string, flags: SimulateFlags) => {
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const overrides = flagOverrides(flags);
      const loaded = loadCliConfig(flags.config, path.dirname(path.resolve(file)), overrides);
      const text = fs.readFileSync(file, 'utf8');
      await prepareAdapters();
      const language = adapterFor({ path: path.resolve(file), text }) ? undefined : unsupportedLanguage(file);
      if (language) throw new UsageError(`${file}: ${unsupportedReason(language)}`);
      const sections = runnerSections(path.resolve(file), text);
      if (sections.rollbackFile) throw new UsageError(`${file}: ${sections.rollbackFile}, so it is not simulated`);
      const { config } = configForFile(loaded, path.resolve(file), text, flags, overrides);
      const dialect = config.dialect;
      if (flags.url && dialect !== 'postgresql') throw new UsageError(`--url traces on a PostgreSQL server; this migration is ${dialect}`);
      const sample = flags.sample !== undefined ? Number(flags.sample) : config.sampleRows;
      if (!Number.isFinite(sample) || sample < 0) throw new UsageError(`--sample expects a number, got "${flags.sample}"`);
      if (sample > MAX_SAMPLE_ROWS) {
        throw new UsageError(
          `--sample ${flags.sample ?? sample} is above the limit of ${MAX_SAMPLE_ROWS.toLocaleString('en-US')} rows per table; durations are scaled from the sample to --rows, so a smaller sample is enough`,
        );
      }
      const timeoutS = flags.statementTimeout !== undefined ? Number(flags.statementTimeout) : DEFAULT_STATEMENT_TIMEOUT_MS / 1000;
      if (!Number.isFinite(timeoutS) || timeoutS <= 0)
        throw new UsageError(`--statement-timeout expects a number of seconds above 0, got "${flags.statementTimeout}"`);

      const request: SimulationRequest = {
        file,
        dialect,
        ...(flags.schema ? { schemaFile: flags.schema } : {}),
        rows: parseRows(flags.rows),
        tables: config.tables,
        sampleRows: Math.floor(sample),
        targetVersion: config.pgVersion,
        ...(dialect !== 'postgresql' ? { targetVersionText: config.targetVersion } : {}),
        ...(flags.workload ? { workload: readJson<WorkloadFile>(flags.workload, 'workload file') } : {}),
        configWorkload: config.workload,
        ...(flags.profile ? { profile: readJson<CostProfile>(flags.profile, 'cost profile') } : {}),
        transactional:
          flags.transactional ??
          config.transactional ??
          sections.transactional ??
          forwardSql(file, fs.readFileSync(file, 'utf8'), dialect).transactional ??
          false,
        statementTimeoutMs: Math.round(timeoutS * 1000),
        ...(flags.url ? { url: flags.url } : {}),
      };
      if (dialect !== 'postgresql' && dialect !== 'sqlite') {
        // Nothing runs: the MySQL facts answer in this process at once.
        process.exitCode = emit(await simulateForDialect(request), flags);
        return;
      }

      // SIGINT stops the run (exit 130). In real database mode SIGTERM does too, and the runner
      // cancels the statement on the server before this process exits (143). Otherwise sql.js
      // and PGlite run in a worker thread, which the runner ends when a statement outlives
      // --statement-timeout; SIGTERM and SIGHUP end the process once the worker has ended and
      // its scratch folder is removed, exiting with 128 + the signal.
      const controller = new AbortController();
      let signalled: NodeJS.Signals | undefined;
      const onSignal = (sig: NodeJS.Signals): void => {
        signalled ??= sig;
        controller.abort();
      };
      let terminatedBy: NodeJS.Signals | undefined;
      const exitOnSignal = (signal: NodeJS.Signals): never => {
        removeScratchDirs();
        process.stderr.write(`\nlockstep: simulation stopped by ${signal}\n`);
        process.exit(128 + (os.constants.signals[signal] ?? 15));
      };
      const onTerminate = (signal: NodeJS.Signals): void => {
        terminatedBy = signal;
        controller.abort();
        // Should the worker not end promptly, exit anyway.
        setTimeout(() => exitOnSignal(signal), 3_000).unref();
      };
      process.on('SIGINT', onSignal);
      if (flags.url) process.on('SIGTERM', onSignal);
      else {
        process.once('SIGTERM', onTerminate);
        process.once('SIGHUP', onTerminate);
      }
      const bar = progressLine(flags.progress && flags.format === 'text' ? true : flags.progress);
      try {
        const timeline = await runSimulation(request, { signal: controller.signal, onProgress: (s) => bar.update(s) });
        bar.clear();
        process.exitCode = emit(timeline, flags);
      } catch (err) {
        bar.clear();
        if (err instanceof ServerRefusal) throw new UsageError(err.message);
        if (err instanceof Error && err.name === 'AbortError') {
          if (terminatedBy) exitOnSignal(terminatedBy);
          process.stderr.write('lockstep: simulation cancelled\n');
          process.exitCode = signalled === 'SIGTERM' ? 143 : 130;
          return;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.off('SIGTERM', onTerminate);
        process.off('SIGHUP', onTerminate);
      }
    });
}

/** Writes the timeline in the requested format; the exit status says whether a statement failed. */
function emit(timeline: Timeline, flags: SimulateFlags): number {
  const text =
    flags.format === 'json'
      ? JSON.stringify(timeline, null, 2) + '\n'
      : flags.format === 'html'
        ? renderHtmlReport(timeline, loadReportAssets())
        : renderTimelineText(timeline, { width: process.stdout.columns ?? 100 });
  if (flags.output) fs.writeFileSync(flags.output, text);
  else process.stdout.write(text);
  // A failure on the synthetic sample's values is reported but does not fail the run.
  return timeline.statements.some((s) => s.error && !s.skipped && !s.error.onSample) ? 1 : 0;
}
