import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import type { LoadedConfig, ResolvedConfig } from '../../core/config';
import { createLinter } from '../../core/lint';
import { refusal, refusalReason } from '../../core/lint/input';
import { formatGithub } from '../../core/report/github';
import { formatJson } from '../../core/report/json';
import { formatSarif } from '../../core/report/sarif';
import { formatText } from '../../core/report/text';
import { OUTPUT_FORMATS, type FileReport, type OutputFormat, type SkippedFile } from '../../core/report/types';
import { RULES } from '../../core/rules';
import { addDialectOptions, configForFile, flagOverrides, loadCliConfig, type DialectFlags } from '../dialect';
import { displayPath, expandInputs, readBytes, UsageError } from '../files';
import { terminalStyle } from '../style';
import { VERSION } from '../version';

interface LintFlags extends DialectFlags {
  readonly format: OutputFormat;
  readonly config?: string;
  readonly listRules?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('lint')
    .description('check migration files for statements that lock, rewrite or break a production table')
    .argument('[paths...]', 'files, directories or globs (directories are searched for .sql and JS/TS migrations)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('-c, --config <file>', 'use this lockstep.config.json instead of searching upwards from each file');
  addDialectOptions(command)
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
      loaded = loadCliConfig(flags.config, dirname(file), overrides);
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
    jobs.push({ path, file, text, config: configForFile(loaded, file, text, flags, overrides).config });
  }
  const linter = await createLinter([...new Set(jobs.map((j) => j.config.dialect))]);
  for (const job of jobs) {
    reports.push({ path: job.path, findings: linter.lint(job.text, { fileName: job.file, config: job.config }).findings });
  }
  process.stdout.write(render(flags.format, reports, skipped));
  if (flags.format !== 'text') for (const s of skipped) process.stderr.write(`lockstep: skipped ${s.path}: ${s.reason}\n`);
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
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
