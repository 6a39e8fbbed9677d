// Bundles the timeline UI (webview/main.ts + timeline.css) into media/, where the VS Code
// panel loads it through asWebviewUri and the HTML report inlines it. Browser code, one
// IIFE, no imports at run time: nothing is fetched from the network.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleWebview({ production = true } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: { timeline: 'webview/main.ts' },
    outdir: 'media',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    minify: production,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: root,
    entryPoints: { timeline: 'webview/timeline.css' },
    outdir: 'media',
    bundle: true,
    minify: production,
    logLevel: 'warning',
  });
  // The report inlines the bundle in a <script> element, which "</script" would end.
  const js = readFileSync(join(root, 'media/timeline.js'), 'utf8');
  if (/<\/script/i.test(js) || js.includes('<!--')) throw new Error('media/timeline.js contains "</script" or "<!--"; it cannot be inlined');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await bundleWebview({ production: !process.argv.includes('--dev') });
}
