/**
 * Where the installed extension keeps the simulator's template data folder, and whether it
 * is ready. The .vsix does not ship one (39 MB unpacked, nearly a thousand files): the
 * simulator's worker builds it in the extension's global storage on first use, which takes
 * a few seconds, and the progress notification says so that one time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimulationStage } from '../../core/simulate/simulate';

/** Same names as src/core/simulate/engine/template.ts, which writes them. */
const TEMPLATE_DIR_NAME = 'pglite-template';
const MARKER = 'lockstep-template.json';

/** The folder in the extension's global storage the worker builds and reuses. */
export function templateCacheDir(globalStoragePath: string): string {
  return path.join(globalStoragePath, TEMPLATE_DIR_NAME);
}

function readVersion(file: string, key: 'version' | 'pgliteVersion'): string | undefined {
  try {
    const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The PGlite version the extension ships (its copy in dist/node_modules), if readable. */
export function shippedPgliteVersion(extensionPath: string): string | undefined {
  return readVersion(path.join(extensionPath, 'dist', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'version');
}

/**
 * True when a simulation can copy an existing template at once: one built beside the code
 * (a development build) or the cached one, made with the PGlite version the worker runs.
 */
export function templateReady(extensionPath: string, cacheDir: string): boolean {
  const version = shippedPgliteVersion(extensionPath);
  if (!version) return false;
  return [path.join(extensionPath, 'dist', TEMPLATE_DIR_NAME), cacheDir].some((dir) => readVersion(path.join(dir, MARKER), 'pgliteVersion') === version);
}

/** The progress line for a stage; `firstRun` when the template is still to be built. */
export function describeStage(s: SimulationStage, firstRun = false): string {
  switch (s.stage) {
    case 'starting':
      return firstRun ? 'Preparing the embedded PostgreSQL for first use (a few seconds, once)…' : 'Starting the embedded PostgreSQL…';
    case 'replaying':
      return `Replaying ${s.total} earlier migration(s): ${s.done + 1} of ${s.total}`;
    case 'seeding':
      return `Seeding ${s.rows.toLocaleString('en-US')} rows into ${s.table} (${s.done + 1} of ${s.total})`;
    case 'tracing':
      return `Tracing statement ${Math.min(s.done + 1, s.total)} of ${s.total}`;
    case 'modelling':
      return 'Modelling the workload and lock queue';
  }
}
