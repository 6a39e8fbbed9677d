/**
 * Per-file dialect choices the user made ("Lockstep: Set Dialect for This File"), kept in
 * the workspace's storage so they survive a reload. Plain data behind a small interface so
 * the configuration cache stays testable without an editor.
 */
import type { Dialect } from '../core/types';

const KEY = 'lockstep.dialectOverrides';

/** The slice of VS Code's Memento this needs. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export class DialectOverrides {
  private readonly byFile: Map<string, Dialect>;

  constructor(private readonly store?: KeyValueStore) {
    this.byFile = new Map(Object.entries(store?.get<Record<string, Dialect>>(KEY) ?? {}));
  }

  get(fileName: string | undefined): Dialect | undefined {
    return fileName === undefined ? undefined : this.byFile.get(fileName);
  }

  /** `undefined` goes back to detecting the dialect from the file. */
  async set(fileName: string, dialect: Dialect | undefined): Promise<void> {
    if (dialect) this.byFile.set(fileName, dialect);
    else this.byFile.delete(fileName);
    await this.store?.update(KEY, Object.fromEntries(this.byFile));
  }
}
