import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, loadConfigFile, resolveConfig, type ConfigFile, type LoadedConfig, type ResolvedConfig } from '../../core/config';
import { detectDialect } from '../../core/sql/detect-dialect';
import { createLinter } from '../../core/lint';
import { refusal, refusalReason } from '../../core/lint/input';
import { formatGithub } from '../../core/report/github';
import { formatJson } from '../../core/report/json';
import { formatSarif } from '../../core/report/sarif';
import { formatText } from '../../core/report/text';
import { OUTPUT_FORMATS, type FileReport, type OutputFormat, type SkippedFile } from '../../core/report/types';
import { RULES } from '../../core/rules';
import type { Dialect } from '../../core/types';
import { displayPath, expandInputs, readBytes, UsageError } from '../files';
import { terminalStyle } from '../style';
import { VERSION } from '../version';

interface LintFlags {
  readonly format: OutputFormat;
  readonly config?: string;
  readonly pgVersion?: string;
  readonly dialect?: Dialect;
  readonly target?: string;
  readonly listRules?: boolean;
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('check migration files for statements that lock, rewrite or break a production table')
    .argument('[paths...]', 'files, directories or globs (directories are searched for .sql and JS/TS migrations)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('-c, --config <file>', 'use this lockstep.config.json instead of searching upwards from each file')
    .option('--pg-version <n>', 'target PostgreSQL major version (11–18); shorthand for --dialect postgresql --target N')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(['postgresql', 'mysql', 'mariadb', 'sqlite']))
    .option('--target <version>', 'target engine version, e.g. 16, 8.0.28, 10.6, 3.45.0')
    .option('--list-rules', 'print the rules with their default severity and exit')
    .addHelpText(
      'after',
      '\nExit status: 0 when no finding has severity error, 1 when any does, 2 for usage or I/O errors.\n\nExamples:\n  lockstep lint migrations/\n  lockstep lint "db/migrate/**/*.sql" --format sarif > lockstep.sarif\n  lockstep lint prisma/migrations --pg-version 12 --format github',
    )
    .action(async (paths: string[], flags: LintFlags) => {
      process.exitCode = await runLint(paths, flags);
    });
}

export async function runLint(paths: readonly string[], flags: LintFlags): Promise<number> {
  if (flags.listRules) {
    for (const r of RULES) process.stdout.write(`${r.meta.id.padEnd(38)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.dialects.join(',').padEnd(30)} ${r.meta.description}\n`);
    return 0;
  }
  if (paths.length === 0) throw new UsageError('give at least one file, directory or glob to lint');
  const files = await expandInputs(paths);
  const overrides = flagOverrides(flags);
  const configs = new Map<string, LoadedConfig>();
  const configFor = (file: string): LoadedConfig => {
    const key = flags.config ?? dirname(file);
    let loaded = configs.get(key);
    if (!loaded) {
      loaded = flags.config ? loadConfigFile(flags.config, overrides, 'overrides-win') : loadConfig(dirname(file), overrides, 'overrides-win');
      for (const e of loaded.errors) process.stderr.write(`lockstep: ${e}\n`);
      configs.set(key, loaded);
    }
    return loaded;
  };
  const reports: FileReport[] = [];
  const skipped: SkippedFile[] = [];
  const jobs: { path: string; file: string; text: string; config: ResolvedConfig }[] = [];
  for (const file of files) {
    const path = displayPath(file);
    const loaded = configFor(file);
    let bytes: Buffer;
    try {
      bytes = readBytes(file);
    } catch (err) {
      throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = bytes.toString('utf8');
    const refused = refusal(text, loaded.config.maxFileBytes);
    if (refused) {
      skipped.push({ path, reason: refusalReason(refused) });
      continue;
    }
    jobs.push({ path, file, text, config: withDialect(loaded, file, text, flags, overrides) });
  }
  const linter = await createLinter([...new Set(jobs.map((j) => j.config.dialect))]);
  for (const job of jobs) {
    reports.push({ path: job.path, findings: linter.lint(job.text, { fileName: job.file, config: job.config }).findings });
  }
  process.stdout.write(render(flags.format, reports, skipped));
  if (flags.format !== 'text') for (const s of skipped) process.stderr.write(`lockstep: skipped ${s.path}: ${s.reason}\n`);
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/**
 * The file's dialect: a flag wins, then the config file, then Prisma's lock file, path
 * hints and syntax cues. A dialect other than the config's default re-resolves the
 * config so the target version defaults to that engine's.
 */
function withDialect(loaded: LoadedConfig, file: string, text: string, flags: LintFlags, overrides: Partial<ConfigFile>): ResolvedConfig {
  const override = flags.dialect ?? (flags.pgVersion !== undefined ? 'postgresql' : undefined);
  const { dialect } = detectDialect({
    filePath: file,
    text,
    ...(override ? { override } : {}),
    ...(loaded.file.dialect ? { configDialect: loaded.file.dialect } : {}),
  });
  if (dialect === loaded.config.dialect) return loaded.config;
  const config = resolveConfig(loaded.file, { ...overrides, dialect }, 'overrides-win');
  return loaded.path ? { ...config, configPath: loaded.path } : config;
}

function flagOverrides(flags: LintFlags): Partial<ConfigFile> {
  const out: { -readonly [K in keyof ConfigFile]?: ConfigFile[K] } = {};
  if (flags.pgVersion !== undefined) {
    if (!/^\d+$/.test(flags.pgVersion)) throw new UsageError(`--pg-version must be a major version number such as 16, not "${flags.pgVersion}"`);
    out.dialect = 'postgresql';
    out.targetVersion = flags.pgVersion;
  }
  if (flags.dialect) out.dialect = flags.dialect;
  if (flags.target) out.targetVersion = flags.target;
  return out;
}

function render(format: OutputFormat, reports: FileReport[], skipped: SkippedFile[]): string {
  switch (format) {
    case 'json':
      return formatJson(reports);
    case 'sarif':
      return formatSarif(reports, VERSION);
    case 'github':
      return formatGithub(reports);
    case 'text':
      return formatText(reports, skipped, terminalStyle(process.stdout));
  }
}
