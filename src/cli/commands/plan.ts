import { adapterFor } from '../../core/sources/registry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { CONVENTIONS, type Convention } from '../../core/config';
import {
  diskFolder,
  earlierSet,
  folderWithout,
  migrationFolderOf,
  planMigration,
  writableConventions,
  type MigrationFolder,
  type PlanMigrationResult,
} from '../../core/phases';
import { addDialectOptions, configForFile, flagOverrides, loadCliConfig, type DialectFlags } from '../dialect';
import { displayPath, UsageError } from '../files';
import { unsupportedLanguage, unsupportedReason } from '../../core/sources/languages';
import { runnerSections } from '../../core/sql/runner-sections';

interface PlanFlags extends DialectFlags {
  readonly convention?: Convention;
  readonly out?: string;
  readonly batchSize?: string;
  readonly pauseMs?: string;
  readonly lockTimeout?: string;
  readonly statement?: string;
  readonly key: string[];
  readonly backfill: string[];
  readonly config?: string;
  readonly force?: boolean;
  readonly format: 'text' | 'json';
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `lockstep plan <file>`: write the safe phased version of a migration in the project's convention.
 *
 * @public Loaded on demand by src/cli/main.ts.
 */
export function register(program: Command): void {
  const command = program
    .command('plan')
    .description('generate the safe phased version of a migration (expand, backfill, constrain, contract) as migration files')
    .argument('<file>', 'the migration to rewrite (SQL for PostgreSQL, MySQL, MariaDB or SQLite; Rails, Django, Alembic or Laravel on PostgreSQL)')
    .addOption(new Option('--convention <id>', 'migration convention (default: detected from the folder)').choices([...CONVENTIONS]))
    .option('-o, --out <dir>', 'write the files into this folder (default: print them)')
    .option('--batch-size <n>', 'rows per backfill batch', '5000')
    .option('--pause-ms <n>', 'pause between backfill batches, in milliseconds', '50')
    .option('--lock-timeout <ms>', 'lock_timeout (MySQL: lock_wait_timeout) set before statements that take conflicting locks, in milliseconds', '5000');
  addDialectOptions(command)
    .option('--statement <n>', 'plan only the n-th statement of the file (1-based)')
    .option('--key <table=column>', 'primary-key column of a table, for backfill batches (repeatable; default id)', collect, [])
    .option('--backfill <table.column=sql>', 'value existing rows get for an added column (repeatable)', collect, [])
    .option('-c, --config <file>', 'use this lockstep.config.json instead of searching upwards from the file')
    .option('--force', 'overwrite files that already exist in --out')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `\nConventions with a writer: ${writableConventions().join(', ')}.\n\nExamples:\n  lockstep plan migrations/0007_add_email.sql\n  lockstep plan db/migration/V7__add_email.sql --out db/migration\n  lockstep plan add_plan.sql --convention plain --out phased/ --backfill users.plan="'free'"\n  lockstep plan 0007_add_status.sql --dialect mysql --target 8.0.28\n  lockstep plan db/0002_add_plan.sql --dialect sqlite --target 3.45.0\n  lockstep plan db/migrate/20240101120000_add_plan_to_users.rb --out db/migrate\n\nFramework migrations are rewritten as migrations of their framework. MySQL, MariaDB and SQLite plans are written in the plain convention.`,
    )
    .action(async (file: string, flags: PlanFlags) => {
      process.exitCode = await runPlan(file, flags);
    });
}

async function runPlan(file: string, flags: PlanFlags): Promise<number> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  // Framework migrations (Rails, Django, Alembic, Laravel) are planned from the SQL their adapter translates.
  const framework = adapterFor({ path: abs, text });
  const overrides = flagOverrides(flags);
  const loaded = loadCliConfig(flags.config, path.dirname(abs), overrides);
  const language = framework ? undefined : unsupportedLanguage(file);
  if (language) throw new UsageError(`${file}: ${unsupportedReason(language)}`);
  const sections: Partial<ReturnType<typeof runnerSections>> = framework ? {} : runnerSections(abs, text);
  if (sections.rollbackFile) throw new UsageError(`${file}: ${sections.rollbackFile}, so there is nothing to phase`);
  const resolved = configForFile(loaded, abs, text, flags, overrides).config;
  // goose `NO TRANSACTION` and dbmate `transaction:false` decide the runner's transaction when the config does not.
  const config =
    resolved.transactional === undefined && sections.transactional !== undefined ? { ...resolved, transactional: sections.transactional } : resolved;
  if (flags.convention && !writableConventions().includes(flags.convention)) {
    throw new UsageError(`no writer for the ${flags.convention} convention yet (available: ${writableConventions().join(', ')})`);
  }
  if (flags.convention && flags.convention !== 'plain' && config.dialect !== 'postgresql') {
    throw new UsageError(`${config.dialect} plans are written in the plain convention only, not ${flags.convention}`);
  }

  const out = flags.out ? path.resolve(flags.out) : undefined;
  // Name and number the files after the output folder when it already holds migrations,
  // else after the folder of the migration being replaced.
  // `gone`: files of an earlier run being replaced, which must not count in either folder.
  const plan = (gone: ReadonlySet<string> = new Set()): Promise<PlanMigrationResult> => {
    const folder = (dir: string): MigrationFolder => {
      const disk = diskFolder(dir);
      return folderWithout(
        disk,
        disk.list().filter((n) => gone.has(path.join(dir, ...n.split('/')))),
      );
    };
    const outFolder = out ? folder(out) : undefined;
    return planMigration(text, {
      fileName: abs,
      config,
      ...(flags.convention ? { convention: flags.convention } : {}),
      ...(out && outFolder && outFolder.list().length > 0 ? { outDir: out, folder: outFolder } : { folder: folder(migrationFolderOf(abs)) }),
      batchSize: positive(flags.batchSize ?? '5000', '--batch-size'),
      pauseMs: nonNegative(flags.pauseMs ?? '50', '--pause-ms'),
      lockTimeoutMs: positive(flags.lockTimeout ?? '5000', '--lock-timeout'),
      ...(flags.statement ? { statementIndex: positive(flags.statement, '--statement') - 1 } : {}),
      primaryKeys: pairs(flags.key, '=', '--key'),
      backfillValues: pairs(flags.backfill, '=', '--backfill'),
    });
  };
  let result = await plan();
  // A set this plan wrote before is replaced as a whole (--force) or refused, never numbered on.
  const earlier = out && !result.refused ? earlierSet(result.files, diskFolder(out)) : [];
  if (earlier.length > 0) {
    if (!flags.force) {
      process.stderr.write(
        `lockstep plan: ${displayPath(out!)} already holds the phased files of this migration; nothing was written. Run again with --force to replace them:\n${earlier.map((e) => `  ${displayPath(path.join(out!, ...e.split('/')))}`).join('\n')}\n`,
      );
      return 2;
    }
    result = await plan(new Set(earlier.map((e) => path.join(out!, ...e.split('/')))));
  }

  if (result.refused) {
    if (flags.format === 'json') process.stdout.write(JSON.stringify({ refused: result.refused, files: [] }, null, 2) + '\n');
    process.stderr.write(`lockstep plan: ${displayPath(abs)}: ${result.refused}\n`);
    return 1;
  }
  if (flags.format === 'json') {
    process.stdout.write(JSON.stringify(jsonResult(result, out), null, 2) + '\n');
    if (!out) return 0;
  }
  if (result.files.length === 0) {
    for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
    return 0;
  }
  if (!out) {
    process.stdout.write(`# ${result.files.length} files, ${result.convention} convention (${describeSource(result)})\n`);
    for (const f of result.files) process.stdout.write(`\n===== ${f.path} =====\n${f.content.endsWith('\n') ? f.content : `${f.content}\n`}`);
    for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
    return 0;
  }
  const targets = result.files.map((f) => path.join(out, ...f.path.split('/')));
  const replaced = new Set(earlier.map((e) => path.join(out, ...e.split('/'))));
  const clashes = targets.filter((t) => fs.existsSync(t) && !replaced.has(t));
  if (clashes.length > 0 && !flags.force) {
    process.stderr.write(
      `lockstep plan: these files already exist; nothing was written (use --force to overwrite):\n${clashes.map((c) => `  ${displayPath(c)}`).join('\n')}\n`,
    );
    return 2;
  }
  for (const old of replaced) {
    fs.rmSync(old, { force: true });
    // Prisma keeps each migration in its own folder: remove it once empty.
    const dir = path.dirname(old);
    if (dir !== out && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  for (const [i, f] of result.files.entries()) {
    fs.mkdirSync(path.dirname(targets[i]!), { recursive: true });
    fs.writeFileSync(targets[i]!, f.content);
  }
  if (flags.format !== 'json') {
    if (replaced.size > 0) process.stdout.write(`replaced the ${replaced.size} files of the earlier run of this plan\n`);
    process.stdout.write(`wrote ${result.files.length} files (${result.convention} convention, ${describeSource(result)}):\n`);
    for (const t of targets) process.stdout.write(`  ${displayPath(t)}\n`);
    for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
  }
  return 0;
}

function describeSource(r: PlanMigrationResult): string {
  switch (r.conventionSource) {
    case 'option':
      return 'from --convention';
    case 'config':
      return 'from lockstep.config.json';
    case 'detected':
      return `detected: ${r.detection?.reason ?? ''}`;
    case 'default':
      return 'no migrations found to follow';
  }
}

function jsonResult(r: PlanMigrationResult, out: string | undefined): unknown {
  return {
    convention: r.convention,
    conventionSource: r.conventionSource,
    folder: out ?? r.folder ?? null,
    phases: r.phases.map((p) => ({ kind: p.kind, title: p.title, what: p.what, beforeNext: p.beforeNext, rollback: p.rollback })),
    files: r.files.map((f) => ({ path: f.path, phase: f.phase, kind: f.kind, content: f.content, parts: f.parts })),
    notes: r.notes,
  };
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}

function nonNegative(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number of 0 or more, not "${value}"`);
  return n;
}

/** `users=user_id` → { users: 'user_id' }; keys lower-cased like the planner's table keys. */
function pairs(values: readonly string[], sep: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf(sep);
    if (at <= 0 || at === v.length - 1) throw new UsageError(`${flag} takes name${sep}value, not "${v}"`);
    out[v.slice(0, at).trim().toLowerCase()] = v.slice(at + 1).trim();
  }
  return out;
}
