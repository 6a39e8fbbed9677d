import { detectDialect, type DialectDetection } from '../sql/detect-dialect';
import type { Dialect } from '../types';
import { resolveConfig, type LoadedConfig } from './index';
import type { ConfigFile, ResolvedConfig } from './types';

/** What decides the settings one file is handled with, whichever front end asks. */
export interface FileSettingsRequest {
  /** The nearest lockstep.config.json, already loaded (with `overrides` merged as `precedence` says). */
  readonly loaded: LoadedConfig;
  readonly text: string;
  /** Absolute path of the file on disk. */
  readonly filePath?: string;
  /** Name only (an unsaved editor document). */
  readonly fileName?: string;
  /** The user's choice of dialect for this file: a CLI flag or the editor's per-file pick. */
  readonly override?: Dialect;
  /** CLI flags or editor settings, merged with the config file as `precedence` says. */
  readonly overrides?: Partial<ConfigFile>;
}

export interface FileSettings {
  readonly config: ResolvedConfig;
  readonly detection: DialectDetection;
}

/**
 * The one answer to "which dialect, target version and settings apply to this file", used by
 * the CLI and the editor alike. The dialect is the user's choice for the file, else the
 * config file's (or the overrides') `dialect`, else Prisma's lock file, the path and the SQL.
 * When that dialect is not the one the config names, the config's `targetVersion` belongs to
 * the other engine, so it is dropped and the target defaults to this engine's.
 */
export function settingsForFile(req: FileSettingsRequest): FileSettings {
  const { loaded } = req;
  const overrides = req.overrides ?? {};
  const configDialect = loaded.file.dialect ?? overrides.dialect;
  const detection = detectDialect({
    text: req.text,
    ...(req.override ? { override: req.override } : {}),
    ...(req.filePath ? { filePath: req.filePath } : req.fileName ? { fileName: req.fileName } : {}),
    ...(configDialect ? { configDialect } : {}),
  });
  // The config file's targetVersion is a version of the engine it names (PostgreSQL when it
  // names none); for a file of another engine it is dropped, whatever the overrides say.
  const configEngine = loaded.file.dialect ?? resolveConfig({}).dialect;
  if (detection.dialect === loaded.config.dialect && detection.dialect === configEngine) return { config: loaded.config, detection };
  const file = configEngine !== detection.dialect ? withoutTarget(loaded.file) : loaded.file;
  const extra = overrides.dialect !== undefined && overrides.dialect !== detection.dialect ? withoutTarget(overrides) : overrides;
  const config = resolveConfig(file, { ...extra, dialect: detection.dialect }, 'overrides-win');
  return { config: loaded.path ? { ...config, configPath: loaded.path } : config, detection };
}

function withoutTarget<T extends Partial<ConfigFile>>(settings: T): T {
  const { targetVersion: _ignored, ...rest } = settings;
  return rest as T;
}
