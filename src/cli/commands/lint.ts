import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { LoadedConfig, ResolvedConfig } from '../../core/config';
import { createLinter } from '../../core/lint';
import { refusal, refusalReason } from '../../core/lint/input';
import { withScriptConfigOf } from '../../core/lint/transactions';
import { formatCompact } from '../../core/report/compact';
import { formatGithub } from '../../core/report/github';
import { formatJson } from '../../core/report/json';
import { formatSarif } from '../../core/report/sarif';
import { formatText } from '../../core/report/text';
import { OUTPUT_FORMATS, type FileReport, type OutputFormat, type SkippedFile } from '../../core/report/types';
import { RULES } from '../../core/rules';
import { runnerSections } from '../../core/sql/runner-sections';
import { unsupportedLanguage, unsupportedReason } from '../../core/sources/languages';
import { adapterFor } from '../../core/sources/registry';
import { addDialectOptions, configForFile, flagOverrides, loadCliConfig, type DialectFlags } from '../dialect';
import { displayPath, expandInputs, readBytes, readStdin, UsageError } from '../files';
import { terminalStyle } from '../style';
import { VERSION } from '../version';

interface LintFlags extends DialectFlags {
  readonly format: OutputFormat;
  readonly config?: string;
  readonly listRules?: boolean;
  readonly stdinFilename?: string;
  readonly rollback?: boolean;
  readonly schema?: string;
}

/** The path argument that stands for standard input. */
const STDIN = '-';

/** @public Loaded on demand by src/cli/main.ts. */
export function register(program: Command): void {
  const command = program
    .command('lint')
    .description('check migration files for statements that lock, rewrite or break a production table')
    .argument(
      '[paths...]',
      'files, directories or globs (directories are searched for .sql, JS/TS, Rails, Django, Alembic, Laravel and EF Core migrations); - reads standard input',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('-c, --config <file>', 'use this lockstep.config.json instead of searching upwards from each file');
  addDialectOptions(command)
    .option('--list-rules', 'print the rules with their default severity and exit')
    .option(
      '--schema <file>',
      "judge changes against this schema (pg_dump --schema-only, Rails structure.sql) instead of the earlier migrations in each file's folder",
    )
    .option('--stdin-filename <name>', 'with -, the file name standard input stands for: picks the dialect, convention and config as that file would')
    .option(
      '--rollback',
      'also lint rollback code (goose Down, dbmate down, *.down.sql, Diesel down.sql, sqitch revert/) as rollback code, with its own findings',
    )
    .addHelpText(
      'after',
      '\nExit status: 0 when no finding has severity error, 1 when any does, 2 for usage or I/O errors.\n\nExamples:\n  lockstep lint migrations/\n  lockstep lint "db/migrate/**/*.sql" --format sarif > lockstep.sarif\n  lockstep lint prisma/migrations --pg-version 12 --format github\n  lockstep lint migrations/ --format compact   # one line per finding, for problem matchers in editors\n  lockstep lint db/migrate/20240101_change.sql --schema db/structure.sql\n  alembic upgrade head --sql | lockstep lint - --stdin-filename alembic.sql',
    )
    .action(async (paths: string[], flags: LintFlags) => {
      process.exitCode = await runLint(paths, flags);
    });
}

async function runLint(paths: readonly string[], flags: LintFlags): Promise<number> {
  if (flags.listRules) {
    for (const r of RULES)
      process.stdout.write(`${r.meta.id.padEnd(38)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.dialects.join(',').padEnd(30)} ${r.meta.description}\n`);
    return 0;
  }
  if (paths.length === 0) throw new UsageError('give at least one file, directory or glob to lint');
  if (flags.stdinFilename !== undefined && !paths.includes(STDIN)) throw new UsageError('--stdin-filename names standard input: give - as the path to read it');
  const onDisk = paths.filter((p) => p !== STDIN);
  const files = onDisk.length > 0 ? await expandInputs(onDisk) : [];
  const named = new Set(onDisk.map((p) => resolve(p)).filter((p) => isFile(p)));
  // Standard input is linted as the file it stands for (by default an unnamed .sql file in the current folder).
  const stdinFile = paths.includes(STDIN) ? resolve(flags.stdinFilename ?? 'stdin.sql') : undefined;
  if (stdinFile) {
    named.add(stdinFile);
    if (!files.includes(stdinFile)) files.push(stdinFile);
  }
  const overrides = { ...flagOverrides(flags), ...(flags.rollback ? { lintRollback: true } : {}) };
  const configs = new Map<string, LoadedConfig>();
  const configFor = (file: string): LoadedConfig => {
    const key = flags.config ?? dirname(file);
    let loaded = configs.get(key);
    if (!loaded) {
      loaded = loadCliConfig(flags.config, dirname(file), overrides);
      configs.set(key, loaded);
    }
    return loaded;
  };
  const reports: FileReport[] = [];
  const skipped: SkippedFile[] = [];
  const jobs: { path: string; file: string; text: string; config: ResolvedConfig }[] = [];
  let unreadable = 0;
  for (const file of files) {
    const fromStdin = file === stdinFile;
    const path = fromStdin ? (flags.stdinFilename ?? '<stdin>') : displayPath(file);
    const loaded = configFor(file);
    let bytes: Buffer;
    try {
      bytes = fromStdin ? await readStdin() : readBytes(file);
    } catch (err) {
      throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = bytes.toString('utf8');
    // Directories are searched for readable files only; a file named on the command line that
    // no reader recognises (a Python file that is not a Django or Alembic migration, a C# file)
    // is declined in words.
    const language = adapterFor({ path: file, text }) ? undefined : unsupportedLanguage(file);
    if (language) {
      skipped.push({ path, reason: unsupportedReason(language) });
      unreadable++;
      continue;
    }
    const refused = refusal(text, loaded.config.maxFileBytes);
    if (refused) {
      skipped.push({ path, reason: refusalReason(refused) });
      continue;
    }
    const config = withScriptConfigOf(configForFile(loaded, file, text, flags, overrides).config, file);
    const rollback = runnerSections(file, text).rollbackFile;
    if (rollback && !config.lintRollback) {
      // Found by a directory walk it is left out quietly, like the migrations' other companions.
      if (named.has(file)) skipped.push({ path, reason: rollback });
      continue;
    }
    jobs.push({ path, file, text, config });
  }
  const schemaFile = flags.schema !== undefined ? resolve(flags.schema) : undefined;
  if (schemaFile !== undefined && !isFile(schemaFile)) throw new UsageError(`cannot read the schema file ${flags.schema}`);
  // Files do not change during one run: each earlier migration is read and parsed once.
  const linter = await createLinter([...new Set(jobs.map((j) => j.config.dialect))], { fileCacheMs: Infinity });
  for (const job of jobs) {
    // Without --schema, the earlier migrations of the file's folder describe the schema.
    const result = linter.lint(job.text, { fileName: job.file, config: job.config, ...(schemaFile !== undefined ? { schemaFile } : {}) });
    reports.push({ path: job.path, findings: result.findings });
  }
  process.stdout.write(render(flags.format, reports, skipped));
  if (flags.format !== 'text') for (const s of skipped) process.stderr.write(`lockstep: skipped ${s.path}: ${s.reason}\n`);
  if (jobs.length === 0 && unreadable > 0) {
    process.stderr.write(
      'lockstep: nothing to lint: no file given is one Lockstep reads (SQL; JavaScript/TypeScript migrations; Rails, Django, Alembic, Laravel and EF Core migrations)\n',
    );
    return 2;
  }
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function render(format: OutputFormat, reports: FileReport[], skipped: SkippedFile[]): string {
  switch (format) {
    case 'json':
      return formatJson(reports);
    case 'sarif':
      return formatSarif(reports, VERSION);
    case 'github':
      return formatGithub(reports);
    case 'compact':
      return formatCompact(reports);
    case 'text':
      return formatText(reports, skipped, terminalStyle(process.stdout));
  }
}
