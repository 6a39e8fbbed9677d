// Builds the VS Code extension and packages it as a .vsix.
//
//   node scripts/package.mjs            bundles + assets + lockstep-<version>.vsix
//   node scripts/package.mjs --bundle   bundles + assets only (what `npm run build` needs)
//
// The extension ships as two esbuild bundles in dist/: extension.js (what activation loads)
// and simulate-worker.js (the simulator's worker thread), plus the runtime files they load
// from their own folder. The .vsix is packaged without dependencies; the one package the
// worker resolves at run time, PGlite, is copied into dist/node_modules (see PGLITE_RUNTIME).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the project lives; rule documentation links (src/core/rules/types.ts) point here too. */
const REPOSITORY = 'https://github.com/lockstep-dev/lockstep';

/**
 * Files the bundles read next to themselves at run time, copied into dist/.
 * libpg-query's Emscripten loader looks for its WASM in `__dirname`, which for a bundle is
 * dist/ (both bundles parse SQL).
 */
export const EXTENSION_ASSETS = [
  { from: 'node_modules/libpg-query/wasm/libpg-query.wasm', to: 'dist/libpg-query.wasm' },
  // sql.js (SQLite) is bundled; its WASM is found beside the bundle when node_modules is absent.
  { from: 'node_modules/sql.js/dist/sql-wasm.wasm', to: 'dist/sql-wasm.wasm' },
  // Prism (Ruby) is bundled; src/core/sources/rails/prism.ts finds its WASM beside the bundle.
  { from: 'node_modules/@ruby/prism/src/prism.wasm', to: 'dist/prism.wasm' },
  // tree-sitter's runtime and the grammars the adapters load (src/core/sources/tree-sitter.ts looks beside the bundle).
  { from: 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm', to: 'dist/tree-sitter.wasm' },
  { from: 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm', to: 'dist/tree-sitter-python.wasm' },
  { from: 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-php.wasm', to: 'dist/tree-sitter-php.wasm' },
  { from: 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm', to: 'dist/tree-sitter-typescript.wasm' },
  { from: 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-c-sharp.wasm', to: 'dist/tree-sitter-c-sharp.wasm' },
  { from: 'node_modules/tree-sitter-elixir/tree-sitter-elixir.wasm', to: 'dist/tree-sitter-elixir.wasm' },
];

/**
 * PGlite stays a real package beside the worker rather than being bundled: it finds
 * pglite.wasm, pglite.data and initdb.wasm relative to its own module file, and the
 * simulator reads its package.json for the version its template data folder was made with.
 * Node resolves `require('@electric-sql/pglite')` from dist/simulate-worker.js to
 * dist/node_modules first, so the installed extension needs nothing else. Only the CommonJS
 * entry and the files it loads are copied (about 16 MB unpacked, 5 MB in the .vsix); the
 * extensions (contrib/*.tar.gz), ESM builds, type declarations and source maps are left out.
 */
const PGLITE = 'node_modules/@electric-sql/pglite';
const PGLITE_DEST = 'dist/node_modules/@electric-sql/pglite';
export const PGLITE_RUNTIME = ['package.json', 'LICENSE', 'dist/index.cjs', 'dist/pglite.wasm', 'dist/pglite.data', 'dist/initdb.wasm'];

function copyPgliteRuntime() {
  rmSync(join(root, PGLITE_DEST), { recursive: true, force: true });
  for (const f of PGLITE_RUNTIME) {
    const to = join(root, PGLITE_DEST, f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(root, PGLITE, f), to);
  }
}

export async function bundleExtension({ production = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vscode: provided by the editor. tsx: the runner's fallback for a source checkout.
    // pg: only real database mode connects to a server, which
    // runs in the worker and which the editor does not offer; keeping it out keeps activation cheap.
    external: ['vscode', 'pg', 'tsx'],
    // jsonc-parser's "main" is a UMD build whose inner requires esbuild cannot follow; its
    // ES module build bundles cleanly.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  });
  await bundleSimulateWorker({ production });
  for (const { from, to } of EXTENSION_ASSETS) {
    mkdirSync(join(root, dirname(to)), { recursive: true });
    copyFileSync(join(root, from), join(root, to));
  }
  copyPgliteRuntime();
  // The engine belongs to the worker: if it reaches the activation bundle, a static import
  // of the simulator crept in (use src/core/simulate/touched.ts for what the editor needs).
  if (readFileSync(join(root, 'dist/extension.js'), 'utf8').includes('pglite.wasm')) {
    throw new Error('dist/extension.js contains PGlite: the simulator must only be loaded by its worker (dist/simulate-worker.js)');
  }
}

/**
 * The simulator's worker thread; src/core/simulate/runner.ts loads it from beside whichever
 * bundle runs it (the extension's or the CLI's). Everything is bundled except PGlite (see
 * PGLITE_RUNTIME) and pg's optional native binding.
 */
export async function bundleSimulateWorker({ production = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/core/simulate/worker.ts'],
    outfile: 'dist/simulate-worker.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@electric-sql/pglite', 'pg-native'],
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  });
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
