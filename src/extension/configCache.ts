/**
 * Resolved configuration per folder: the nearest lockstep.config.json merged over the
 * editor settings. Cached by directory and dropped whenever either source changes. The
 * dialect is then decided per file, as the CLI does: the user's choice for that file, else the
 * config file's `dialect`, else the setting, else Prisma's lock file, the path and the SQL itself.
 */
import * as path from 'node:path';
import { loadConfig, resolveConfig, type LoadedConfig } from '../core/config';
import type { ConfigFile, ResolvedConfig } from '../core/config/types';
import { settingsForFile } from '../core/config/for-file';
import type { DialectDetection } from '../core/sql/detect-dialect';
import { DialectOverrides } from './dialectOverrides';
import type { Log } from './log';

export interface DocumentConfig {
  readonly config: ResolvedConfig;
  readonly dialect: DialectDetection;
}

export class ConfigCache {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly log: Log,
    private settings: Partial<ConfigFile>,
    private readonly overrides: DialectOverrides = new DialectOverrides(),
    /** Called with each config file loaded, so its problems can be shown in it. */
    private readonly onLoaded: (file: string) => void = () => {},
  ) {}

  /** `fileName` of the document; untitled documents resolve from `fallbackDir` (the workspace). */
  forFile(fileName: string | undefined, fallbackDir: string | undefined): LoadedConfig {
    const dir = fileName && path.isAbsolute(fileName) ? path.dirname(fileName) : fallbackDir;
    const key = dir ?? '';
    let loaded = this.byDir.get(key);
    if (!loaded) {
      loaded = dir ? loadConfig(dir, this.settings) : { config: resolveConfig({}, this.settings), errors: [], file: {} };
      this.byDir.set(key, loaded);
      if (loaded.path) {
        this.log.debug(`config for ${key}: ${loaded.path}`);
        this.onLoaded(loaded.path);
      }
      for (const e of loaded.errors) {
        if (this.reported.has(e)) continue;
        this.reported.add(e);
        this.log.warn(e);
      }
    }
    return loaded;
  }

  /** The configuration a document is linted with, its dialect decided from the file itself when unset. */
  forDocument(fileName: string | undefined, fallbackDir: string | undefined, text: string): DocumentConfig {
    const loaded = this.forFile(fileName, fallbackDir);
    const override = this.overrides.get(fileName);
    const { config, detection } = settingsForFile({
      loaded,
      text,
      overrides: this.settings,
      ...(override ? { override } : {}),
      ...(fileName && path.isAbsolute(fileName) ? { filePath: fileName } : fileName ? { fileName } : {}),
    });
    return { config, dialect: detection };
  }

  setSettings(settings: Partial<ConfigFile>): void {
    this.settings = settings;
    this.clear();
  }

  clear(): void {
    this.byDir.clear();
    this.reported.clear();
  }
}
