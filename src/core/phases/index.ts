import * as path from 'node:path';
import type { Convention, ResolvedConfig } from '../config/types';
import { refusal, refusalReason } from '../lint/input';
import { DIALECT_NAMES } from '../types';
import { loadParser } from '../sql/parsers';
import { forwardText } from '../sql/runner-sections';
import type { ParsedFile } from '../sql/statement';
import { detectConvention, writerFor, type Detection } from './conventions';
import { earlierTables } from './known-tables';
import { planMysqlFile } from './mysql';
import { DEFAULT_LOCK_TIMEOUT_MS, planFile } from './planner';
import { planSqliteFile } from './sqlite';
import type { GeneratedFile, Phase, Plan, PlanOptions } from './types';
import { unversioned } from './naming';
import { diskFolder, emptyFolder, type MigrationFolder } from './workspace';
import { scriptPlan } from './script-input';
import type { SourceAdapter } from '../sources/adapter';
import { adapterFor } from '../sources/registry';
import { frameworkInput } from './frameworks/read-source';

export type { Backfill, GeneratedFile, FilePart, Phase, PhaseKind, Plan, PlanOptions, Step } from './types';
export { planFile, DEFAULT_BATCH_SIZE, DEFAULT_PAUSE_MS, DEFAULT_LOCK_TIMEOUT_MS } from './planner';
export { detectConvention, writerFor, writableConventions, type Detection } from './conventions';
export { diskFolder, type MigrationFolder } from './workspace';

/**
 * The files in `folder` that an earlier run of this same plan wrote: the same names once
 * their version (number, timestamp) is set aside, and written by Lockstep (a header that
 * says so, or a Flyway script config beside such a file). A new run must replace exactly
 * these, never add a second numbered copy beside them.
 */
export function earlierSet(files: readonly GeneratedFile[], folder: MigrationFolder): string[] {
  const generated = new Set(files.map((f) => unversioned(f.path)));
  const existing = folder.list().filter((name) => generated.has(unversioned(name)));
  const byLockstep = (name: string): boolean => /\bLockstep phased migration\b|^(?:--|\/\/|\s\*)? ?Rollback of /m.test(folder.read(name) ?? '');
  return existing.filter((name) =>
    name.endsWith('.sql.conf') ? existing.includes(name.slice(0, -'.conf'.length)) && byLockstep(name.slice(0, -'.conf'.length)) : byLockstep(name),
  );
}

/** The folder as it was before `gone` were written: what a replacing run names its files after. */
export function folderWithout(folder: MigrationFolder, gone: readonly string[]): MigrationFolder {
  const skip = new Set(gone);
  return { list: () => folder.list().filter((n) => !skip.has(n)), read: (n) => (skip.has(n) ? undefined : folder.read(n)) };
}

export interface PlanMigrationOptions extends PlanOptions {
  /** Path of the migration being replaced; its folder is where the new files go by default. */
  readonly fileName?: string;
  readonly config: ResolvedConfig;
  /** Overrides detection and the configured convention. */
  readonly convention?: Convention;
  /** The migration folder the new files are named after and placed in. */
  readonly outDir?: string;
  /** The folder's contents; read from disk (`outDir`, else the file's folder) when omitted. */
  readonly folder?: MigrationFolder;
  /** Clock for timestamp-named files. */
  readonly now?: Date;
}

export interface PlanMigrationResult {
  readonly plan: Plan;
  readonly phases: readonly Phase[];
  /** Paths relative to `folder`; nothing is written. */
  readonly files: readonly GeneratedFile[];
  readonly notes: readonly string[];
  readonly convention: Convention;
  /** Where the convention came from. */
  readonly conventionSource: 'option' | 'config' | 'detected' | 'default';
  readonly detection?: Detection;
  /** The folder the paths are relative to, when known. */
  readonly folder?: string;
  /**
   * Why nothing was planned, when the input cannot be planned faithfully: a statement that
   * does not parse (a plan without it would silently lose part of the change), or input the
   * linter declines too (binary, above maxFileBytes). `files` is empty then.
   */
  readonly refused?: string;
}

/**
 * Plans a safe phased version of a migration and writes it in the project's convention.
 * Returns the files as data: the CLI writes them with `--out`, the editor previews them.
 */
export async function planMigration(text: string, options: PlanMigrationOptions): Promise<PlanMigrationResult> {
  const declined = refusal(text, options.config.maxFileBytes);
  if (declined) return refusedResult(`the file was not planned: ${refusalReason(declined)}`, options);
  const adapter = adapterFor({ ...(options.fileName !== undefined ? { path: options.fileName } : {}), text });
  if (adapter) return planFrameworkMigration(adapter, text, options);
  // JavaScript/TypeScript migrations are planned from the SQL lint reads in them.
  const script = await scriptPlan(text, options);
  if (script && 'refused' in script) return refusedResult(script.refused, options);
  if (script) options = { ...options, config: script.config };
  const parser = await loadParser(options.config.dialect);
  const file = parser.parse(script ? script.sql : upSection(text, options.fileName));
  const broken = file.statements.find((s) => s.error);
  if (broken?.error) {
    const at = file.lines.position(broken.error.offset);
    const first = broken.text.trim().split('\n')[0] ?? '';
    return refusedResult(
      `statement ${broken.index + 1} (line ${at.line}, column ${at.column}: ${first.length > 60 ? `${first.slice(0, 57)}…` : first}) does not parse as ${DIALECT_NAMES[file.dialect]}: ${broken.error.message}. A plan without it would leave part of the change out, so nothing was planned; fix the statement (or the dialect) and run plan again.`,
      options,
    );
  }
  const skipped = file.statements.find((s) => s.notAnalysed !== undefined);
  if (skipped) {
    return refusedResult(
      `statement ${skipped.index + 1} (line ${skipped.range.start.line}) was not analysed: ${skipped.notAnalysed!}. A plan without it would leave part of the change out, so nothing was planned.`,
      options,
    );
  }
  switch (file.dialect) {
    case 'postgresql':
      return writePlan(planFile(file, options.config, options, earlierTables(parser, options.fileName, options.earlierSql)), options);
    case 'mysql':
    case 'mariadb':
      return writePlan(planMysqlFile(file, parser, options.config, options), options);
    case 'sqlite':
      return writePlan(await planSqliteFile(file, options.config, { ...options, ...(options.fileName ? { fileName: options.fileName } : {}) }), options);
  }
}

/**
 * A migration in a framework's language (Rails, Django, Alembic, Laravel): the SQL its
 * adapter translates is planned like a SQL file, and the phases are written back as the
 * framework's own migrations unless a convention is chosen explicitly.
 */
async function planFrameworkMigration(adapter: SourceAdapter, text: string, options: PlanMigrationOptions): Promise<PlanMigrationResult> {
  const input = await frameworkInput(adapter, text, options.fileName, options.config.dialect);
  if ('refused' in input) return refusedResult(input.refused, options);
  const config = { ...options.config, transactional: options.config.transactional ?? input.transactional };
  const parser = await loadParser('postgresql');
  const file = parser.parse(input.sql);
  const own = writerFor(adapter.id as Convention);
  const framework: Detection | undefined = own
    ? { convention: own.id, reason: `${options.fileName ? path.basename(options.fileName) : 'the file'} is a ${adapter.label} migration` }
    : undefined;
  if (!framework && !options.convention) return refusedResult(`phased plans for ${adapter.label} migrations are not supported yet`, options);
  return writePlan(planFile(file, config, options, earlierTables(parser, options.fileName, options.earlierSql)), { ...options, config }, framework);
}

function refusedResult(reason: string, options: PlanMigrationOptions): PlanMigrationResult {
  const plan: Plan = { phases: [], notes: [], slug: 'migration' };
  return {
    plan,
    phases: [],
    files: [],
    notes: [],
    convention: options.convention ?? options.config.convention ?? 'plain',
    conventionSource: options.convention ? 'option' : 'default',
    refused: reason,
  };
}

/**
 * Only what migrating forward runs is the change: a goose `-- +goose Down` or dbmate
 * `-- migrate:down` section is rollback code, never a phase, and a rollback file
 * (`*.down.sql`, Diesel's `down.sql`, sqitch `revert/`) has nothing to phase.
 */
export function upSection(text: string, fileName?: string): string {
  return forwardText(fileName, text);
}

export function planParsedMigration(file: ParsedFile, options: PlanMigrationOptions): PlanMigrationResult {
  if (file.dialect !== 'postgresql') throw new Error(`planParsedMigration plans PostgreSQL; use planMigration for ${file.dialect}.`);
  return writePlan(planFile(file, options.config, options), options);
}

/** MySQL, MariaDB and SQLite plans are written as plain numbered SQL files for their own client. */
const NON_POSTGRES_CONVENTIONS: readonly Convention[] = ['plain'];

/** Names the plan's files in the folder's convention; nothing is written. */
function writePlan(plan: Plan, options: PlanMigrationOptions, framework?: Detection): PlanMigrationResult {
  if (plan.refused) return { ...refusedResult(plan.refused, options), notes: plan.notes };
  const folderPath = options.outDir ?? (options.fileName ? migrationFolderOf(options.fileName) : undefined);
  const folder = options.folder ?? (folderPath ? diskFolder(folderPath) : emptyFolder);
  const existing = folder.list();
  // A framework migration is replaced by migrations of its framework, whatever the folder holds.
  const detection = framework ?? detectConvention(existing, (n) => folder.read(n));
  let [convention, conventionSource]: [Convention, PlanMigrationResult['conventionSource']] = options.convention
    ? [options.convention, 'option']
    : framework
      ? [framework.convention, 'detected']
      : options.config.convention
        ? [options.config.convention, 'config']
        : detection
          ? [detection.convention, 'detected']
          : ['plain', 'default'];
  const dialect = plan.dialect ?? 'postgresql';
  const extraNotes: string[] = [];
  if (dialect !== 'postgresql' && !NON_POSTGRES_CONVENTIONS.includes(convention)) {
    if (conventionSource === 'option') throw new Error(`Phased ${dialect} plans are written in the plain convention only, not ${convention}.`);
    extraNotes.push(`The folder follows ${convention}; phased ${dialect} plans are written as plain numbered SQL files, so adapt their names to it.`);
    [convention, conventionSource] = ['plain', 'default'];
  }
  const writer = writerFor(convention);
  if (!writer) throw new Error(`No writer for the ${convention} convention yet.`);
  const replacing = options.fileName && folderPath ? relativeTo(folderPath, options.fileName) : undefined;
  const files =
    plan.phases.length === 0
      ? []
      : writer.write(plan, {
          existing,
          read: (n) => folder.read(n),
          now: options.now ?? new Date(),
          ...(replacing ? { replacing } : {}),
          ...(folderPath ? { folder: folderPath } : {}),
          pgVersion: options.config.pgVersion,
          lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
        });
  const notes = [...plan.notes, ...extraNotes];
  if (replacing && existing.includes(replacing) && files.length > 0)
    notes.push(`These files replace ${replacing}: delete it (or leave it unapplied) before running them.`);
  return {
    plan,
    phases: plan.phases,
    files,
    notes,
    convention,
    conventionSource,
    ...(detection ? { detection } : {}),
    ...(folderPath ? { folder: folderPath } : {}),
  };
}

/** Prisma keeps each migration in its own folder: the migrations folder is one level up. */
export function migrationFolderOf(fileName: string): string {
  const dir = path.dirname(fileName);
  return path.basename(fileName) === 'migration.sql' && /^\d{14}_/.test(path.basename(dir)) ? path.dirname(dir) : dir;
}

function relativeTo(folder: string, fileName: string): string {
  return path.relative(path.resolve(folder), path.resolve(fileName)).split(path.sep).join('/');
}
