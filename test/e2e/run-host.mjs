// Runs the mocha suite in test/e2e/host INSIDE code-server's real extension host.
// The workbench URL carries extensionDevelopmentPath + extensionTestsPath; when the tests
// module's run() settles, the workbench calls window.codeAutomationExit(code), which this
// script provides. A browser is still needed: the server starts an extension host only
// when a workbench connects.
// env: CS_URL, WS, EXT_DEV, TESTS, TIMEOUT_MS
import util from 'node:util';
import { launchChromium, workbenchUrl } from './lib/workbench.mjs';

const { WS, EXT_DEV, TESTS } = process.env;
if (!WS || !EXT_DEV || !TESTS) throw new Error('WS, EXT_DEV and TESTS are required');
const TIMEOUT = Number(process.env.TIMEOUT_MS ?? 600_000);
const NOISE = /^(Resolv|Creating a socket|\[Service Worker\]|Updating additional|ChatSession|Ignoring fetching)/;

const t0 = Date.now();
const browser = await launchChromium();
let code = 1;
try {
  const page = await browser.newPage();
  const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
  // The workbench forwards its own and the extension host's console here.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...args);
    if ((type === 'error' || NOISE.test(line)) && !process.env.VERBOSE) return;
    console.log(line);
  });
  await page.goto(await workbenchUrl(WS, { extensionDevelopmentPath: EXT_DEV, extensionTestsPath: TESTS }));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`host tests timed out after ${TIMEOUT} ms`)), TIMEOUT);
  });
  code = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  console.log(`extension host exited with code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
} catch (err) {
  console.error(err.message);
} finally {
  await browser.close();
}
process.exit(code);
