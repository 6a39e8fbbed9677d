// End-to-end test of the packaged extension in a real VS Code workbench (code-server),
// driven through its UI the way a person would use it.
// env: CS_URL, WS (a scratch copy of test/e2e/workspace), OUT (screenshots and logs)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, retry, Workbench } from './lib/workbench.mjs';

const WS = process.env.WS;
const OUT = process.env.OUT ?? path.resolve('test-artifacts/e2e');
if (!WS) throw new Error('WS (workspace folder) is required');
fs.mkdirSync(OUT, { recursive: true });

const t0 = Date.now();
const timings = [];
const secs = (ms) => (ms / 1000).toFixed(1);
let failed = 0;

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    timings.push({ name, ok: true, seconds: Number(secs(Date.now() - started)) });
    console.log(`[${secs(Date.now() - t0)}s] ok   ${name} (${secs(Date.now() - started)}s)`);
  } catch (err) {
    failed++;
    timings.push({ name, ok: false, seconds: Number(secs(Date.now() - started)), error: String(err.message).split('\n')[0] });
    console.log(`[${secs(Date.now() - t0)}s] FAIL ${name}: ${err.message}`);
    throw err;
  }
}

/** The saved file as the server wrote it (the save completes asynchronously on the server). */
async function waitForFile(file, pattern, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (pattern.test(text) || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
const fileRows = (rows, file) => rows.filter((r) => r.includes(file));

const browser = await launchChromium();
const consoleLines = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  const wb = new Workbench(page);

  await step('workbench opens the workspace', async () => {
    await wb.openFolder(WS, 'migrations');
  });

  await step('unsafe migration: diagnostic, hover and CodeLens', async () => {
    await wb.openFile('001_add_token.sql', 'gen_random_uuid');
    // The status bar item appears once the file has been analysed.
    await wb.waitForStatus(/Lockstep: [1-9]/);
    await wb.showProblems();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first().waitFor({ timeout: 30_000 });
    const rows = fileRows(await wb.problemRows(), '001_add_token.sql');
    console.log('   problems:', JSON.stringify(await wb.problemRows()));
    assert.ok(rows.length >= 1, 'a problem row for 001_add_token.sql');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first().waitFor();
    // Back to the editor, where the user reads the lenses (the workbench renders lens
    // updates for the focused editor).
    await wb.editor().locator('.view-lines').click();
    const lens = page.locator('.codelens-decoration', { hasText: 'Simulate' }).first();
    await lens.waitFor({ timeout: 30_000 });
    assert.match(await page.locator('.codelens-decoration').first().innerText(), /ACCESS EXCLUSIVE/);
    await shot(page, '01-unsafe-problems');
    await retry('hover', 3, async () => {
      await wb.editor().locator('.view-line', { hasText: 'gen_random_uuid' }).locator('span', { hasText: 'ALTER' }).first().hover();
      await page.locator('.monaco-hover', { hasText: 'ACCESS EXCLUSIVE' }).first().waitFor({ timeout: 10_000 });
    }, () => page.mouse.move(5, 5));
    const hover = await page.locator('.monaco-hover', { hasText: 'ACCESS EXCLUSIVE' }).first().innerText();
    assert.match(hover, /blocks reads and writes/);
    assert.match(hover, /Safe alternative/);
    await shot(page, '02-unsafe-hover');
    await page.keyboard.press('Escape');
  });

  await step('safe migration: no diagnostics', async () => {
    await wb.openFile('002_add_note.sql', 'note text');
    await wb.waitForStatus('Lockstep: 0');
    assert.deepEqual(fileRows(await wb.problemRows(), '002_add_note.sql'), []);
    await wb.editor().locator('.view-lines').click();
    await page.locator('.codelens-decoration', { hasText: 'metadata only' }).first().waitFor({ timeout: 30_000 });
    assert.match(await page.locator('.codelens-decoration').first().innerText(), /ACCESS EXCLUSIVE · metadata only/);
    await shot(page, '03-safe-clean');
  });

  await step('quick fix through the UI makes the file lint-clean', async () => {
    await wb.openFile('003_add_status.sql', 'status text');
    await wb.waitForStatus(/Lockstep: [1-9]/);
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'require-lock-timeout' }).first().waitFor({ timeout: 30_000 });
    await wb.goToLine(1);
    await retry(
      'quick fix menu',
      3,
      () => wb.applyQuickFix('Insert SET lock_timeout', { beforeApply: () => shot(page, '04-quick-fix-menu') }),
      () => page.keyboard.press('Escape'),
    );
    await wb.editor().locator('.view-lines', { hasText: 'lock_timeout' }).waitFor();
    await wb.waitForStatus('Lockstep: 0');
    // VS Code saves files that a code action's edit changed (files.refactoring.autoSave);
    // save by hand only if that did not happen.
    const file = path.join(WS, 'migrations/003_add_status.sql');
    let saved = await waitForFile(file, /lock_timeout/, 5_000);
    if (!/lock_timeout/.test(saved)) {
      await wb.runCommand('File: Save');
      saved = await waitForFile(file, /lock_timeout/);
    }
    assert.deepEqual(fileRows(await wb.problemRows(), '003_add_status.sql'), []);
    assert.match(saved, /SET lock_timeout = '5s';\s*ALTER TABLE users ADD COLUMN status text;/);
    await shot(page, '05-quick-fix-applied');
  });

  await step('closing a file clears its diagnostics', async () => {
    await wb.openFile('001_add_token.sql', 'gen_random_uuid');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first().waitFor();
    await page.locator('.tabs-container .tab.active', { hasText: '001_add_token.sql' }).locator('.codicon-close').click();
    await page.locator('.tabs-container .tab', { hasText: '001_add_token.sql' }).waitFor({ state: 'detached' });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).waitFor({ state: 'detached', timeout: 30_000 });
  });

  await step('palette command: Lockstep: Lint Workspace Migrations', async () => {
    await wb.runCommand('Lockstep: Lint Workspace Migrations');
    const toast = page.locator('.notification-toast', { hasText: /Lockstep: linted 3 file\(s\)/ });
    await toast.waitFor({ timeout: 60_000 });
    console.log('   notification:', (await toast.innerText()).replace(/\s+/g, ' '));
    await shot(page, '06-lint-workspace');
  });

  await step('palette command: Lockstep: Show Output', async () => {
    await wb.runCommand('Lockstep: Show Output');
    await page.locator('.output-view, .panel .monaco-editor', { hasText: 'activated in' }).first().waitFor({ timeout: 30_000 });
    await shot(page, '07-output');
  });
} catch {
  if (page) await shot(page, 'failure').catch(() => {});
} finally {
  fs.writeFileSync(path.join(OUT, 'browser-console.log'), consoleLines.join('\n') + '\n');
  fs.writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify({ totalSeconds: Number(secs(Date.now() - t0)), steps: timings }, null, 2));
  await browser.close();
}
console.log(`${timings.filter((t) => t.ok).length} passed, ${failed} failed in ${secs(Date.now() - t0)}s`);
process.exit(failed || timings.length < 7 ? 1 : 0);
