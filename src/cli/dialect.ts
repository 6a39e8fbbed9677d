import { Command, Option } from 'commander';
import { loadConfig, loadConfigFile, type ConfigFile, type LoadedConfig, type ResolvedConfig } from '../core/config';
import { settingsForFile } from '../core/config/for-file';
import { targetVersionProblem } from '../core/engines/supported';
import type { DialectDetection } from '../core/sql/detect-dialect';
import type { Dialect } from '../core/types';
import { UsageError } from './files';

/**
 * The engine flags `lint`, `simulate` and `plan` share, and how a file's dialect is decided
 * from them: a flag wins, then the config file, then Prisma's lock file, path hints and
 * syntax cues.
 */
export interface DialectFlags {
  readonly pgVersion?: string;
  readonly dialect?: Dialect;
  readonly target?: string;
}

const DIALECT_CHOICES: readonly Dialect[] = ['postgresql', 'mysql', 'mariadb', 'sqlite'];

/** Adds `--pg-version`, `--dialect` and `--target` to a command. */
export function addDialectOptions(command: Command): Command {
  return command
    .option('--pg-version <n>', 'target PostgreSQL major version (11–18); shorthand for --dialect postgresql --target N')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect (default: from lockstep.config.json, else detected per file)').choices([...DIALECT_CHOICES]))
    .option('--target <version>', 'target engine version, e.g. 16, 8.0.28, 10.6, 3.45.0');
}

/** The config-file settings the flags replace. */
export function flagOverrides(flags: DialectFlags): Partial<ConfigFile> {
  const out: { -readonly [K in keyof ConfigFile]?: ConfigFile[K] } = {};
  if (flags.pgVersion !== undefined) {
    if (!/^\d+$/.test(flags.pgVersion)) throw new UsageError(`--pg-version must be a major version number such as 16, not "${flags.pgVersion}"`);
    if (flags.dialect && flags.dialect !== 'postgresql') throw new UsageError(`--pg-version is for PostgreSQL; with --dialect ${flags.dialect} use --target`);
    const problem = targetVersionProblem('postgresql', flags.pgVersion);
    if (problem) throw new UsageError(`--pg-version ${flags.pgVersion}: ${problem}`);
    out.dialect = 'postgresql';
    out.targetVersion = flags.pgVersion;
  }
  if (flags.dialect) out.dialect = flags.dialect;
  if (flags.target) {
    // Without --dialect the engine is known per file; configForFile checks it there.
    const problem = flags.dialect ? targetVersionProblem(flags.dialect, flags.target) : undefined;
    if (problem) throw new UsageError(`--target ${flags.target}: ${problem}`);
    out.targetVersion = flags.target;
  }
  return out;
}

/**
 * The configuration for files under `startDir`: the `--config` file, else the nearest
 * lockstep.config.json. A configuration with problems is a usage error (exit 2) listing
 * every one, rather than a run with settings the user did not mean.
 */
export function loadCliConfig(configFlag: string | undefined, startDir: string, overrides: Partial<ConfigFile>): LoadedConfig {
  const loaded = configFlag ? loadConfigFile(configFlag, overrides, 'overrides-win') : loadConfig(startDir, overrides, 'overrides-win');
  if (loaded.errors.length === 1) throw new UsageError(loaded.errors[0]!);
  if (loaded.errors.length > 1) throw new UsageError(`${loaded.errors.length} problems in the configuration:\n  ${loaded.errors.join('\n  ')}`);
  return loaded;
}

/**
 * The configuration one file is handled with. A dialect other than the loaded config's
 * re-resolves it, so the target version defaults to that engine's.
 */
export function configForFile(
  loaded: LoadedConfig,
  file: string,
  text: string,
  flags: DialectFlags,
  overrides: Partial<ConfigFile> = flagOverrides(flags),
): { config: ResolvedConfig; detection: DialectDetection } {
  const override = flags.dialect ?? (flags.pgVersion !== undefined ? 'postgresql' : undefined);
  // The flags name the dialect as the user's choice for the file, not as a config default.
  const { dialect: _chosen, ...rest } = overrides;
  const settings = settingsForFile({ loaded, text, filePath: file, overrides: rest, ...(override ? { override } : {}) });
  if (flags.target && !override) {
    const problem = targetVersionProblem(settings.detection.dialect, flags.target);
    if (problem) throw new UsageError(`--target ${flags.target} for ${file}: ${problem}`);
  }
  return settings;
}
