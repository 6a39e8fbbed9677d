import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPglite } from './load';

/**
 * A PGlite data folder made once (initdb inside WASM takes about 4 s) and copied for every
 * simulation (well under a second). The build writes one to `dist/pglite-template`; when
 * none is found (a development checkout that was never built, or an installed extension,
 * which passes its storage folder), one is made on first use and reused from then on.
 */

const TEMPLATE_DIR_NAME = 'pglite-template';
const MARKER = 'lockstep-template.json';

interface TemplateMarker {
  readonly pgliteVersion: string;
  readonly createdAt: string;
}

function pgliteVersion(): string {
  // The package's exports map hides package.json, so read it from the resolved entry's folder.
  const entry = require.resolve('@electric-sql/pglite');
  let dir = path.dirname(entry);
  for (let i = 0; i < 4; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

export function isUsableTemplate(dir: string, version = pgliteVersion()): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as TemplateMarker;
    return marker.pgliteVersion === version && fs.existsSync(path.join(dir, 'PG_VERSION')) && readableTree(dir);
  } catch {
    return false;
  }
}

/**
 * Whether this process can copy every file under `dir`. A template made by another user
 * (an installation built as root) is only usable when it was made readable to all.
 */
function readableTree(dir: string): boolean {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      fs.accessSync(p, fs.constants.R_OK | fs.constants.X_OK);
      if (!readableTree(p)) return false;
    } else fs.accessSync(p, fs.constants.R_OK);
  }
  return true;
}

/**
 * PostgreSQL creates some files owner-only (0600) whatever the umask. A template is only
 * read, by whoever runs a simulation, so it is made readable to all; each copy belongs to the
 * user who made it and keeps owner write permission from the template's modes.
 */
function makeReadableToAll(dir: string): void {
  fs.chmodSync(dir, fs.statSync(dir).mode | 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeReadableToAll(p);
    else if (e.isFile()) fs.chmodSync(p, fs.statSync(p).mode | 0o644);
  }
}

/** Places a built template may sit, nearest first: beside this module or a `dist/` above it. */
function candidateDirs(): string[] {
  const found: string[] = [];
  const env = process.env['LOCKSTEP_PGLITE_TEMPLATE'];
  if (env) found.push(env);
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    found.push(path.join(dir, TEMPLATE_DIR_NAME), path.join(dir, 'dist', TEMPLATE_DIR_NAME));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return found;
}

function cachedTemplateDir(version = pgliteVersion()): string {
  // Per user: a shared temp folder may hold another user's copy this one cannot replace.
  const uid = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(os.tmpdir(), `lockstep-${TEMPLATE_DIR_NAME}-${version}${uid}`);
}

/** Creates a fresh template at `dest` (replacing whatever is there). */
export async function buildTemplate(dest: string): Promise<void> {
  const { PGlite } = loadPglite();
  const staging = `${dest}.staging-${process.pid}-${Date.now()}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  const db = new PGlite(staging);
  try {
    await db.waitReady;
    await db.query('select 1');
  } finally {
    await db.close();
  }
  const marker: TemplateMarker = { pgliteVersion: pgliteVersion(), createdAt: new Date().toISOString() };
  fs.writeFileSync(path.join(staging, MARKER), JSON.stringify(marker, null, 2) + '\n');
  makeReadableToAll(staging);
  fs.rmSync(dest, { recursive: true, force: true });
  try {
    fs.renameSync(staging, dest);
  } catch (err) {
    // Another process finished the same template first; theirs is as good as ours.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!isUsableTemplate(dest)) throw err;
  }
}

/** Builds in progress, by folder, so concurrent starts in one process share one build. */
const pending = new Map<string, Promise<string>>();

/**
 * The folder to copy for a new engine. A template built beside the code wins; otherwise the
 * one in `cacheDir` (default: the OS temp folder), built there on first use.
 */
export function locateTemplate(cacheDir?: string): Promise<string> {
  const version = pgliteVersion();
  for (const dir of candidateDirs()) if (isUsableTemplate(dir, version)) return Promise.resolve(dir);
  const cached = cacheDir ?? cachedTemplateDir(version);
  if (isUsableTemplate(cached, version)) return Promise.resolve(cached);
  let build = pending.get(cached);
  if (!build) {
    build = buildTemplate(cached).then(
      () => cached,
      (err: unknown) => {
        pending.delete(cached);
        throw err;
      },
    );
    pending.set(cached, build);
  }
  return build;
}
