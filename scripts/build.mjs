// `npm run build`: bundles what ships. Each bundle lives with its own packaging code.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleExtension } from './package.mjs';
import { bundleWebview } from '../webview/build.mjs';
import { buildPgliteTemplate } from './build-pglite-template.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * The CLI runs from the installed package, whose dependencies are installed beside it,
 * so they stay external: their WASM and data files load from their own folders. Prism is
 * the exception: it is an ES module the CommonJS bundle cannot require on Node 20, so it
 * is bundled and its prism.wasm is still read from the installed package.
 */
const externalExceptPrism = {
  name: 'external-except-prism',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ruby/prism') ? undefined : { path: args.path, external: true }));
  },
};

async function bundleCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [externalExceptPrism],
    define: { LOCKSTEP_VERSION: JSON.stringify(version) },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

// bundleExtension also builds the simulator's worker (dist/simulate-worker.js), which the CLI uses too.
await Promise.all([bundleExtension(), bundleCli(), buildPgliteTemplate(), bundleWebview()]);
