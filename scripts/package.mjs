// Builds the VS Code extension and packages it as a .vsix.
//
//   node scripts/package.mjs            bundle + assets + lockstep-<version>.vsix
//   node scripts/package.mjs --bundle   bundle + assets only (what `npm run build` needs)
//
// The extension ships as one esbuild bundle (dist/extension.js) plus the runtime files the
// bundle loads from its own folder. Nothing is installed from node_modules at run time, so
// the .vsix is packaged without dependencies.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the project lives; rule documentation links (src/core/rules/types.ts) point here too. */
const REPOSITORY = 'https://github.com/lockstep-dev/lockstep';

/**
 * Files the bundle reads next to itself at run time, copied into dist/.
 * - libpg-query's Emscripten loader looks for its WASM in `__dirname`, which for the
 *   bundle is dist/.
 * - The simulator's PGlite runtime files (WASM + data bundle) belong here too when the
 *   simulator is bundled into the extension.
 */
export const EXTENSION_ASSETS = [
  { from: 'node_modules/libpg-query/wasm/libpg-query.wasm', to: 'dist/libpg-query.wasm' },
];

export async function bundleExtension({ production = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Provided by the editor at run time.
    external: ['vscode'],
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  });
  for (const { from, to } of EXTENSION_ASSETS) {
    mkdirSync(join(root, dirname(to)), { recursive: true });
    copyFileSync(join(root, from), join(root, to));
  }
}

async function packageVsix() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
  const { createVSIX } = await import('@vscode/vsce');
  // Relative links in README.md point into the repository once rendered in the marketplace.
  const repo = (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url)?.replace(/\.git$/, '') ?? REPOSITORY;
  await createVSIX({
    cwd: root,
    packagePath: out,
    baseContentUrl: `${repo}/blob/main/`,
    baseImagesUrl: `${repo}/raw/main/`,
    // Everything the extension needs is in the bundle and dist/.
    dependencies: false,
    allowMissingRepository: true,
    skipLicense: true,
  });
  const mb = statSync(out).size / 1024 / 1024;
  console.log(`${relative(root, out)}: ${mb.toFixed(2)} MB`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bundleOnly = process.argv.includes('--bundle');
  await bundleExtension({ production: !bundleOnly });
  // The timeline panel's UI (media/), built by its own script.
  await (await import('../webview/build.mjs')).bundleWebview();
  if (!bundleOnly) await packageVsix();
}
