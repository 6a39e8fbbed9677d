// End-to-end test of the packaged extension in a real VS Code workbench (code-server),
// driven through its UI the way a person would use it.
// env: CS_URL, WS (a scratch copy of test/e2e/workspace), OUT (screenshots and logs)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
async function waitForFile(file, pattern, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (pattern.test(text) || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Clicks into the text of the editor group showing `name`. Keys pressed while a webview has
 * focus do not reliably reach the workbench, so this comes before the next palette command.
 */
const focusEditorOf = (name) =>
  page
    .locator('.editor-group-container', { has: page.locator(`.tab[data-resource-name="${name}"]`) })
    .first()
    .locator('.view-line')
    .first()
    .click();

/** The timeline panel's page: the webview's outer frame, then its content frame. */
const timelineView = (page) => page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
const fileRows = (rows, file) => rows.filter((r) => r.includes(file));

const browser = await launchChromium();
const consoleLines = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  // Generous limits: they only stop a hang, and a busy machine may take a while to render.
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(120_000);
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
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first().waitFor({ timeout: 90_000 });
    const rows = fileRows(await wb.problemRows(), '001_add_token.sql');
    console.log('   problems:', JSON.stringify(await wb.problemRows()));
    assert.ok(rows.length >= 1, 'a problem row for 001_add_token.sql');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first().waitFor();
    // Back to the editor, where the user reads the lenses (the workbench renders lens
    // updates for the focused editor).
    await wb.editor().locator('.view-lines').click();
    const lens = page.locator('.codelens-decoration', { hasText: 'Simulate' }).first();
    await lens.waitFor({ timeout: 90_000 });
    assert.match(await page.locator('.codelens-decoration').first().innerText(), /ACCESS EXCLUSIVE/);
    await shot(page, '01-unsafe-problems');
    await retry(
      'hover',
      3,
      async () => {
        await wb.editor().locator('.view-line', { hasText: 'gen_random_uuid' }).locator('span', { hasText: 'ALTER' }).first().hover();
        // The diagnostic's part of the hover (which also says ACCESS EXCLUSIVE) can show before
        // Lockstep's own part arrives: wait for the latter.
        await page.locator('.monaco-hover', { hasText: 'Safe alternative' }).first().waitFor({ timeout: 10_000 });
      },
      () => page.mouse.move(5, 5),
    );
    const hover = await page.locator('.monaco-hover', { hasText: 'Safe alternative' }).first().innerText();
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
    await page.locator('.codelens-decoration', { hasText: 'metadata only' }).first().waitFor({ timeout: 90_000 });
    assert.match(await page.locator('.codelens-decoration').first().innerText(), /ACCESS EXCLUSIVE · metadata only/);
    await shot(page, '03-safe-clean');
  });

  await step('quick fix through the UI makes the file lint-clean', async () => {
    await wb.openFile('003_add_status.sql', 'status text');
    await wb.waitForStatus(/Lockstep: [1-9]/);
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'require-lock-timeout' }).first().waitFor({ timeout: 90_000 });
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
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).waitFor({ state: 'detached', timeout: 90_000 });
  });

  await step('framework migrations: Rails, Django, Alembic and Laravel findings on the DSL call', async () => {
    const cases = [
      { file: '20240102000000_add_email_index.rb', text: 'add_index', line: 3 },
      { file: '0002_order_status_index.py', text: 'AddIndex', line: 11 },
      { file: 'a1b2c3_add_plan_index.py', text: 'create_index', line: 9 },
      { file: '2024_01_02_000000_add_status_index_to_orders.php', text: 'index', line: 12 },
    ];
    await wb.showProblems();
    for (const c of cases) {
      await wb.openFile(c.file, c.text);
      await wb.waitForStatus(/Lockstep: [1-9]/);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'create-index-non-concurrently' }).filter({ hasText: `Ln ${c.line}` });
      await row.first().waitFor({ timeout: 90_000 });
      console.log(`   ${c.file}:`, (await row.first().innerText()).replace(/\s+/g, ' ').slice(0, 160));
    }
    await shot(page, '05b-framework-problems');
  });

  await step('palette command: Lockstep: Lint Workspace Migrations', async () => {
    await wb.runCommand('Lockstep: Lint Workspace Migrations');
    const toast = page.locator('.notification-toast', { hasText: /Lockstep: linted 10 file\(s\)/ });
    await toast.waitFor({ timeout: 60_000 });
    console.log('   notification:', (await toast.innerText()).replace(/\s+/g, ' '));
    await shot(page, '06-lint-workspace');
  });

  await step('palette command: Lockstep: Show Output', async () => {
    await wb.runCommand('Lockstep: Show Output');
    await page.locator('.output-view, .panel .monaco-editor', { hasText: 'activated in' }).first().waitFor({ timeout: 90_000 });
    await shot(page, '07-output');
  });

  await step('palette command: Lockstep: Simulate Migration shows the timeline panel', async () => {
    // example/ has its own lockstep.config.json: row counts for every table (so no prompt)
    // and a 2,000-row sample (so the run is short).
    await wb.openFile('0002_add_user_plan.sql', 'gen_random_uuid');
    await wb.waitForStatus(/Lockstep: [1-9]/);
    // Room for the panel: no bottom panel, no leftover notifications.
    await wb.runCommand('View: Hide Panel');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('Lockstep: Simulate Migration');
    // The first run in a fresh profile also builds the engine's template; the progress says so.
    const progress = page.locator('.notification-toast', { hasText: 'Lockstep: simulating 0002_add_user_plan.sql' });
    await progress
      .first()
      .waitFor({ timeout: 20_000 })
      .then(async () => console.log('   progress:', (await progress.first().innerText()).replace(/\s+/g, ' ')))
      .catch(() => console.log('   (the progress notification had gone before it was read)'));
    // On a busy machine the first run (template build, seeding) takes minutes, not seconds:
    // the bound only catches a run that never ends.
    await page.locator('.tabs-container .tab', { hasText: 'Timeline: 0002_add_user_plan.sql' }).waitFor({ timeout: 180_000 });
    const view = timelineView(page);
    await view.locator('.ls-row').first().waitFor({ timeout: 180_000 });
    // The seven statements of the file, each a lane.
    assert.equal(await view.locator('.ls-row').count(), 7);
    const title = await view.locator('.ls-title').innerText();
    console.log('   verdict:', title.replace(/\s+/g, ' '));
    assert.match(title, /users/);
    assert.ok((await view.locator('.ls-figure').count()) >= 3, 'header figures');
    assert.match(await view.locator('.ls-figures').innerText(), /reads/);
    assert.ok((await view.locator('.ls-legend li').count()) >= 3, 'legend entries');
    assert.match(await view.locator('.ls-legend').innerText(), /blocks reads \+ writes/);
    assert.ok((await view.locator('svg.ls-plot rect').count()) >= 7, 'a bar per lane');
    await shot(page, '08-simulate-workbench');
    // The panel on its own, as large as the window allows: a double click on its tab
    // expands its group. (Keys pressed while the webview has focus do not reliably reach
    // the workbench, so no palette command runs until the editor has focus again.)
    await wb.runCommand('Notifications: Clear All Notifications');
    const tab = page.locator('.tabs-container .tab', { hasText: 'Timeline: 0002_add_user_plan.sql' });
    const frame = page.locator('iframe.webview.ready').first();
    const narrow = (await frame.boundingBox())?.width ?? 0;
    await tab.dblclick();
    await page.waitForFunction((w) => (document.querySelector('iframe.webview.ready')?.getBoundingClientRect().width ?? 0) > w + 100, narrow, {
      timeout: 10_000,
    });
    await view.locator('.ls-title').scrollIntoViewIfNeeded();
    await frame.screenshot({ path: path.join(OUT, '09-timeline-panel.png') });
    await tab.dblclick();
    await focusEditorOf('0002_add_user_plan.sql');
  });

  await step('timeline action: Generate phased migration asks first; Cancel writes nothing', async () => {
    const dir = path.join(WS, 'example/migrations');
    const before = fs.readdirSync(dir).sort();
    await page.locator('.tabs-container .tab', { hasText: 'Timeline: 0002_add_user_plan.sql' }).click();
    // The panel's own action, inside the webview.
    await timelineView(page).locator('vscode-button', { hasText: 'Generate phased migration' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 90_000 });
    assert.match(await dialog.innerText(), /Write 5 files of phased migration for example\/migrations\/0002_add_user_plan\.sql\?/);
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The preview goes with the answer.
    await page.locator('.tabs-container .tab', { hasText: '(phased plan' }).first().waitFor({ state: 'detached', timeout: 60_000 });
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
    await shot(page, '10-phased-cancelled');
    await focusEditorOf('0002_add_user_plan.sql');
  });

  await step('palette command: Lockstep: Generate Phased Migration previews, then writes lint-clean files', async () => {
    const dir = path.join(WS, 'example/migrations');
    const before = new Set(fs.readdirSync(dir));
    await wb.openFile('0002_add_user_plan.sql', 'gen_random_uuid');
    // The cursor outside any statement: the whole file is planned, without asking.
    await wb.goToLine(1);
    await wb.runCommand('Lockstep: Generate Phased Migration');
    // The preview: one read-only document with every new file, then a modal confirmation.
    const previewTab = page.locator('.tabs-container .tab', { hasText: '0002_add_user_plan (phased plan' });
    await previewTab.first().waitFor({ timeout: 90_000 });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    console.log('   confirmation:', question);
    assert.match(question, /Write 5 files of phased migration for example\/migrations\/0002_add_user_plan\.sql\?/);
    assert.match(question, /3 phases, plain convention, detected from the folder/);
    assert.match(question, /0002_add_users_public_id_expand\.sql/);
    await page.locator('.editor-group-container', { hasText: 'Preview: 5 files in 3 phases' }).first().waitFor({ timeout: 60_000 });
    // Nothing is written before the user confirms.
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => !before.has(f)),
      [],
    );
    await shot(page, '11-phased-preview');
    await dialog.locator('.monaco-button', { hasText: 'Write 5 Files' }).click();
    const toast = page.locator('.notification-toast', { hasText: /Lockstep: wrote 5 phased migration file\(s\)/ });
    await toast.waitFor({ timeout: 90_000 });
    console.log('   notification:', (await toast.innerText()).replace(/\s+/g, ' '));
    const created = fs
      .readdirSync(dir)
      .filter((f) => !before.has(f))
      .sort();
    console.log('   created:', created.join(', '));
    assert.equal(created.length, 5, 'expand, backfill and constrain files, with rollbacks');
    assert.ok(created.some((f) => /_expand\.sql$/.test(f)) && created.some((f) => /_backfill\.sql$/.test(f)));
    for (const f of created) assert.match(fs.readFileSync(path.join(dir, f), 'utf8'), /^-- /, `${f} was written in full`);
    // The original stays as it was.
    assert.ok(before.has('0002_add_user_plan.sql') && fs.existsSync(path.join(dir, '0002_add_user_plan.sql')));
    // Lint-clean under the project's own rules, by the CLI (from source: the stage builds only the .vsix) ...
    const cli = ['node_modules/.bin/tsx', 'src/cli/main.ts', 'lint', '--format', 'json', ...created.map((f) => path.join(dir, f))];
    let json;
    try {
      json = execFileSync(cli[0], cli.slice(1), { encoding: 'utf8' });
    } catch (err) {
      json = err.stdout; // exit status 1: an error-severity finding, inspected below
    }
    const findings = JSON.parse(json);
    assert.deepEqual(findings, [], 'every generated file, rollbacks included, lints clean');
    // ... and in the editor, where the first phase is opened for the user.
    await page.locator('.tabs-container .tab.active[data-resource-name$="_expand.sql"]').waitFor({ timeout: 60_000 });
    await wb.waitForStatus('Lockstep: 0');
    await shot(page, '12-phased-written');
  });

  await step('a rule id in Problems opens the rule page shipped in the extension', async () => {
    await wb.openFile('001_add_token.sql', 'gen_random_uuid');
    await wb.showProblems();
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'add-column-table-rewrite' }).first();
    await row.waitFor({ timeout: 90_000 });
    await row.locator('.monaco-link', { hasText: 'add-column-table-rewrite' }).first().click();
    await page
      .locator('.tabs-container .tab', { hasText: /Preview add-column-table-rewrite/ })
      .first()
      .waitFor({ timeout: 90_000 });
    await shot(page, '13-rule-page-preview');
  });

  await step('a mistake in lockstep.config.json is underlined, with a status bar warning', async () => {
    const dir = path.join(WS, 'broken-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'lockstep.config.json'), '{\n  "dialect": "oracle",\n  "tables": { "users": { "rows": 5000000 } }\n}\n');
    await page.keyboard.press('Control+P');
    const input = wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill('broken-config/lockstep.config.json');
    await wb.quickInput().locator('.monaco-list-row.focused', { hasText: 'lockstep.config.json' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    await wb.editor().locator('.view-lines', { hasText: 'oracle' }).waitFor({ timeout: 60_000 });
    await page.locator('.statusbar-item', { hasText: 'Lockstep config' }).first().waitFor({ timeout: 90_000 });
    await wb.showProblems();
    await page.locator('.markers-panel .monaco-list-row', { hasText: '"dialect" must be one of' }).first().waitFor({ timeout: 90_000 });
    await wb.editor().locator('.view-lines').click();
    await shot(page, '14-config-problem');
  });
} catch {
  if (page) await shot(page, 'failure').catch(() => {});
} finally {
  fs.writeFileSync(path.join(OUT, 'browser-console.log'), consoleLines.join('\n') + '\n');
  fs.writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify({ totalSeconds: Number(secs(Date.now() - t0)), steps: timings }, null, 2));
  await browser.close();
}
console.log(`${timings.filter((t) => t.ok).length} passed, ${failed} failed in ${secs(Date.now() - t0)}s`);
process.exit(failed || timings.length < 10 ? 1 : 0);
