import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { QueryResult, SqlSession } from './session';
import { loadPglite } from './load';
import { locateTemplate } from './template';
import { makeScratchDir, removeDir } from './workdir';

export interface PgliteSession extends SqlSession {
  readonly kind: 'pglite';
  readonly dataDir: string;
  /** Milliseconds from the call to a ready engine (template copy + start). */
  readonly startMs: number;
  /** PostgreSQL major version inside PGlite. */
  readonly majorVersion: number;
}

export interface StartOptions {
  /**
   * A folder the caller owns and removes (the worker runner does, because a terminated
   * worker runs no cleanup). Without it a scratch folder is made and removed on close.
   */
  readonly parentDir?: string;
  /** Where to build and keep the template when none sits beside the code (see `locateTemplate`). */
  readonly templateCacheDir?: string;
}

/**
 * Starts PGlite on a copy of the template data folder. The copy lives on tmpfs where the
 * system has one: PGlite's `memory://` file system slows super-linearly with table size.
 */
export async function startPglite(options: StartOptions = {}): Promise<PgliteSession> {
  const t0 = performance.now();
  const template = await locateTemplate(options.templateCacheDir);
  const ownsDir = !options.parentDir;
  const root = options.parentDir ?? makeScratchDir('lockstep-pglite-');
  const dataDir = path.join(root, 'pgdata');
  let db: PGlite | undefined;
  try {
    // A run restarted after a statement hit its limit finds the previous attempt's copy here.
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.cpSync(template, dataDir, { recursive: true });
    const engine = loadPglite();
    db = new engine.PGlite(dataDir);
    await db.waitReady;
    const version = await db.query<{ v: string }>("select current_setting('server_version_num') as v");
    const majorVersion = Math.floor(Number(version.rows[0]?.v ?? '0') / 10000);
    return wrap(db, dataDir, root, ownsDir, performance.now() - t0, majorVersion);
  } catch (err) {
    if (db) await db.close().catch(() => undefined);
    if (ownsDir) removeDir(root);
    else fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

function wrap(db: PGlite, dataDir: string, root: string, ownsDir: boolean, startMs: number, majorVersion: number): PgliteSession {
  let closed = false;
  return {
    kind: 'pglite',
    dataDir,
    startMs,
    majorVersion,
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await db.query<T>(sql, params ? [...params] : undefined);
      return r.affectedRows === undefined ? { rows: r.rows } : { rows: r.rows, affectedRows: r.affectedRows };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async copyFrom(sql: string, data: string): Promise<void> {
      // PGlite reads COPY FROM '/dev/blob' from the query's blob (it has no STDIN to read).
      await db.query(sql, [], { blob: new Blob([data]) });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        if (ownsDir) removeDir(root);
        else fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
