// Builds the PGlite data folder that every simulation copies instead of running initdb
// (about 4 s) on each start. Run by `npm run build`; on its own: `node scripts/build-pglite-template.mjs [dest]`.
// The marker file must match src/core/simulate/engine/template.ts.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function pgliteVersion() {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 4; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === '@electric-sql/pglite') return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

// PostgreSQL makes some files owner-only (0600); the template is copied by whoever runs a
// simulation, so it is made readable to all (same as makeReadableToAll in template.ts).
function makeReadableToAll(dir) {
  chmodSync(dir, statSync(dir).mode | 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) makeReadableToAll(p);
    else if (e.isFile()) chmodSync(p, statSync(p).mode | 0o644);
  }
}

function readableToAll(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const mode = statSync(p).mode;
    if (e.isDirectory() ? (mode & 0o555) !== 0o555 || !readableToAll(p) : (mode & 0o444) !== 0o444) return false;
  }
  return true;
}

export async function buildPgliteTemplate(dest = join(root, 'dist', 'pglite-template')) {
  const version = pgliteVersion();
  const marker = join(dest, 'lockstep-template.json');
  if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).pgliteVersion === version) {
    // A template from an earlier build may still have owner-only files.
    if (!readableToAll(dest)) makeReadableToAll(dest);
    return dest;
  }
  const { PGlite } = require('@electric-sql/pglite');
  const staging = `${dest}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  const t0 = performance.now();
  const db = new PGlite(staging);
  await db.waitReady;
  await db.query('select 1');
  await db.close();
  writeFileSync(join(staging, 'lockstep-template.json'), JSON.stringify({ pgliteVersion: version, createdAt: new Date().toISOString() }, null, 2) + '\n');
  makeReadableToAll(staging);
  rmSync(dest, { recursive: true, force: true });
  renameSync(staging, dest);
  process.stderr.write(`pglite template: ${dest} (${Math.round(performance.now() - t0)} ms)\n`);
  return dest;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  await buildPgliteTemplate(process.argv[2] ? resolve(process.argv[2]) : undefined);
}
