/**
 * Resolved configuration per folder: the nearest lockstep.config.json merged over the
 * editor settings. Cached by directory and dropped whenever either source changes.
 */
import * as path from 'node:path';
import { loadConfig, resolveConfig, type LoadedConfig } from '../core/config';
import type { ConfigFile } from '../core/config/types';
import type { Log } from './log';

export class ConfigCache {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly log: Log,
    private settings: Partial<ConfigFile>,
  ) {}

  /** `fileName` of the document; untitled documents resolve from `fallbackDir` (the workspace). */
  forFile(fileName: string | undefined, fallbackDir: string | undefined): LoadedConfig {
    const dir = fileName && path.isAbsolute(fileName) ? path.dirname(fileName) : fallbackDir;
    const key = dir ?? '';
    let loaded = this.byDir.get(key);
    if (!loaded) {
      loaded = dir ? loadConfig(dir, this.settings) : { config: resolveConfig({}, this.settings), errors: [] };
      this.byDir.set(key, loaded);
      if (loaded.path) this.log.debug(`config for ${key}: ${loaded.path}`);
      for (const e of loaded.errors) {
        if (this.reported.has(e)) continue;
        this.reported.add(e);
        this.log.warn(e);
      }
    }
    return loaded;
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
