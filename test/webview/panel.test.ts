/**
 * The UI in panel mode, with a stand-in for VS Code's webview API: it asks for its
 * timeline, renders what it is sent, and every message it sends back passes the same
 * validation the extension applies.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadReportAssets, type ReportAssets } from '../../src/core/report/html';
import { parseFromWebview, type FromWebview } from '../../src/extension/panel/protocol';
import { launchChromium, type Browser } from './chromium';
import { batchedBackfillWithQueue } from './fixtures/timelines';

const ROOT = join(__dirname, '..', '..');

async function openPanel(browser: Browser, assets: ReportAssets, saved: unknown = undefined): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setContent(
    `<!DOCTYPE html><html><head><style>${assets.style}</style></head><body class="vscode-dark" data-host="panel"><div id="app"></div></body></html>`,
  );
  // A string, not a function: functions passed to the page would carry the test runner's transforms.
  await page.addScriptTag({
    content: `window.posted = []; window.saved = ${JSON.stringify(saved ?? null)};
      window.acquireVsCodeApi = function () {
        return {
          postMessage: function (m) { window.posted.push(m); },
          getState: function () { return window.saved; },
          setState: function (s) { window.saved = s; },
        };
      };`,
  });
  await page.addScriptTag({ content: assets.script });
  return { page, problems };
}

async function posted(page: Page): Promise<FromWebview[]> {
  const raw = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
  return raw.map((m) => {
    const parsed = parseFromWebview(m);
    assert.ok(parsed, `invalid message ${JSON.stringify(m)}`);
    return parsed;
  });
}

describe('timeline panel page', function () {
  this.timeout(60_000);
  let browser: Browser;
  let assets: ReportAssets;

  before(async () => {
    assets = loadReportAssets(ROOT);
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('says ready, renders a posted timeline, saves it as state, and posts valid reveal and rerun requests', async () => {
    const { page, problems } = await openPanel(browser, assets);
    try {
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);
      assert.match(await page.locator('.ls-empty').innerText(), /No simulation yet/);
      const timeline = batchedBackfillWithQueue();
      await page.evaluate((t) => window.postMessage({ type: 'timeline', timeline: t, source: { uri: 'file:///w/m.sql', label: 'm.sql' } }, '*'), timeline);
      await page.locator('.ls-row').first().waitFor();
      assert.equal(await page.locator('.ls-row').count(), timeline.statements.length);
      const saved = await page.evaluate(() => (window as unknown as { saved: { timeline: { file: string } } }).saved);
      assert.equal(saved.timeline.file, timeline.file);

      await page
        .locator('.ls-row')
        .nth(2)
        .click({ position: { x: 100, y: 20 } });
      await page.locator('.ls-row').nth(2).press('Enter');
      await page.locator('vscode-button.ls-rerun').click();
      await page.locator('vscode-button', { hasText: 'Copy summary as Markdown' }).click();
      const sent = await posted(page);
      assert.deepEqual(sent.slice(1, 3), [
        { type: 'reveal', statement: 2, line: 5 },
        { type: 'reveal', statement: 2, line: 5 },
      ]);
      const rerun = sent[3];
      assert.equal(rerun?.type, 'rerun');
      if (rerun?.type === 'rerun') {
        assert.deepEqual(rerun.request.rows, { accounts: 12_000_000, plans: 12 });
        assert.equal(rerun.request.targetVersion, 16);
        assert.equal(rerun.request.sampleRows, 100_000);
      }
      assert.deepEqual(sent[4], { type: 'copyMarkdown' });

      await page.evaluate(() => window.postMessage({ type: 'progress', stage: 'Tracing statement 2 of 6' }, '*'));
      await page.locator('.ls-status', { hasText: 'Tracing statement 2 of 6' }).waitFor();
      await page.evaluate(() => window.postMessage({ type: 'error', message: '<b>boom</b>' }, '*'));
      await page.locator('.ls-status', { hasText: 'Simulation failed: <b>boom</b>' }).waitFor();
      assert.equal(await page.locator('.ls-status b').count(), 0);
      // Not part of the protocol: ignored.
      await page.evaluate(() => window.postMessage({ type: 'timeline', timeline: { version: 99 } }, '*'));
      assert.equal(await page.locator('.ls-row').count(), timeline.statements.length);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('restores the timeline from saved state after a reload', async () => {
    const timeline = batchedBackfillWithQueue();
    const { page, problems } = await openPanel(browser, assets, { timeline, source: { uri: 'file:///w/m.sql', label: 'm.sql' } });
    try {
      await page.locator('.ls-row').first().waitFor();
      assert.equal(await page.locator('.ls-row').count(), timeline.statements.length);
      assert.match(await page.locator('.ls-file').innerText(), /m\.sql/);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
