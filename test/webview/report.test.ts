/**
 * The standalone HTML report, rendered in headless Chromium for each scenario: no console
 * errors or CSP violations, lanes and legend present, tooltip text correct, hostile
 * identifiers shown as text. Screenshots (light and dark) go to test-artifacts/webview/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadReportAssets, renderHtmlReport, type ReportAssets } from '../../src/core/report/html';
import type { Timeline } from '../../src/core/simulate/timeline';
import { launchChromium, type Browser } from './chromium';
import { HOSTILE_NAME, HOSTILE_TABLE, SCENARIOS } from './fixtures/timelines';

const ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'webview');

type Scheme = 'light' | 'dark';

interface Opened {
  readonly page: Page;
  readonly problems: string[];
  readonly dialogs: string[];
}

async function buildAssets(): Promise<ReportAssets> {
  const { bundleWebview } = (await import(pathToFileURL(join(ROOT, 'webview', 'build.mjs')).href)) as {
    bundleWebview: (o?: { production?: boolean }) => Promise<void>;
  };
  await bundleWebview();
  return loadReportAssets(ROOT);
}

function writeReport(name: string, timeline: Timeline, assets: ReportAssets): string {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, renderHtmlReport(timeline, assets));
  return file;
}

async function open(browser: Browser, file: string, scheme: Scheme): Promise<Opened> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await page.goto(pathToFileURL(file).href);
  await page.locator('.ls-row').first().waitFor();
  // CSP violations are reported as events as well as console messages; collect both.
  const csp = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
        setTimeout(() => resolve(seen), 150);
      }),
  );
  problems.push(...csp);
  return { page, problems, dialogs };
}

async function tooltipFor(page: Page, lane: number): Promise<string> {
  await page
    .locator('.ls-row')
    .nth(lane)
    .hover({ position: { x: 120, y: 20 } });
  const tip = page.locator('.ls-tooltip');
  await tip.waitFor({ state: 'visible' });
  return (await tip.innerText()).replace(/\s+/g, ' ');
}

describe('timeline report in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let assets: ReportAssets;
  const files = new Map<string, string>();

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    assets = await buildAssets();
    for (const [name, make] of Object.entries(SCENARIOS)) files.set(name, writeReport(name, make(), assets));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  for (const name of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${name} (${scheme}): renders lanes and legend without errors`, async () => {
        const timeline = SCENARIOS[name]();
        const { page, problems, dialogs } = await open(browser, files.get(name)!, scheme);
        try {
          assert.equal(await page.locator('.ls-row').count(), timeline.statements.length);
          assert.equal(await page.locator('.ls-legend li').count(), 7);
          assert.match(await page.locator('.ls-legend').innerText(), /blocks reads \+ writes/);
          assert.ok((await page.locator('svg.ls-plot rect').count()) >= timeline.statements.length);
          assert.ok((await page.locator('.ls-figure').count()) === 5);
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${scheme}.png`), fullPage: true });
          assert.deepEqual(problems, []);
          assert.deepEqual(dialogs, []);
        } finally {
          await page.close();
        }
      });
    }
  }

  it('volatile-default-rewrite: header verdict and tooltip name the lock, rewrite, rows, time and source', async () => {
    const { page, problems } = await open(browser, files.get('volatile-default-rewrite')!, 'light');
    try {
      assert.match(await page.locator('.ls-title').innerText(), /Stops reads and writes on orders for 1 h 26 min/);
      const tip = await tooltipFor(page, 1);
      assert.match(tip, /Statement 2 · line 2/);
      assert.match(tip, /ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid\(\)/);
      assert.match(tip, /ACCESS EXCLUSIVE \(AccessExclusiveLock\) on orders: blocks reads and writes; observed in pg_locks/);
      assert.match(tip, /SHARE \(ShareLock\) on orders: blocks writes/);
      assert.match(tip, /Rewrites the table \(observed\)/);
      assert.match(tip, /80,000,000 read, 40,000,000 written/);
      assert.match(tip, /waits 2 s for its lock, then runs 1 h 16 min/);
      assert.match(tip, /table rewrite cost model, profile "default"/);
      await page.screenshot({ path: join(ARTIFACTS, 'volatile-default-rewrite-tooltip.png') });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('batched-backfill-lock-queue: batches, lock_timeout retries and the queue band', async () => {
    const { page, problems } = await open(browser, files.get('batched-backfill-lock-queue')!, 'dark');
    try {
      const backfill = await tooltipFor(page, 2);
      assert.match(backfill, /1,200 batches of 10,000 rows, 910 ms each \(every 25th drawn\); as one statement 24 min 10 s/);
      assert.match(backfill, /RowExclusiveLock\) on accounts: blocks nothing/);
      const add = await tooltipFor(page, 1);
      assert.match(add, /lock_timeout 2 s: fires; attempt 2 gets the lock/);
      assert.match(add, /1,320 reads and 198 writes wait, up to 806 at once/);
      assert.equal((await page.locator('.ls-batch line, .ls-batch path').count()) > 0, true);
      assert.equal(await page.locator('.ls-queue').isVisible(), true);
      assert.match(await page.locator('.ls-queue-peak').innerText(), /peak 806/);
      assert.match(await page.locator('.ls-figures').innerText(), /fires, retried/);
      await page.screenshot({ path: join(ARTIFACTS, 'batched-backfill-lock-queue-tooltip.png') });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('keyboard: lanes are reachable with Tab and arrows, and show their tooltip on focus', async () => {
    const { page, problems } = await open(browser, files.get('batched-backfill-lock-queue')!, 'light');
    try {
      await page.locator('.ls-row').first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-lane')), '3');
      assert.match(await page.locator('.ls-tooltip').innerText(), /Statement 3 · line 5/);
      await page.keyboard.press('End');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-lane')), '6');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('hostile identifiers render as text and appear nowhere raw in the file', async () => {
    const html = renderHtmlReport(SCENARIOS['hostile-identifiers'](), assets);
    const withoutBundle = html.replace(assets.script, '').replace(assets.style, '');
    for (const raw of [HOSTILE_NAME, HOSTILE_TABLE, '<img', '<script>alert', '\u2028']) {
      assert.ok(!withoutBundle.includes(raw), `raw ${JSON.stringify(raw)} found in the report`);
    }
    assert.equal((html.match(/<script/g) ?? []).length, 2, 'exactly the data block and the bundle');
    const { page, problems, dialogs } = await open(browser, files.get('hostile-identifiers')!, 'light');
    try {
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.locator('script').count(), 2);
      assert.ok((await page.locator('.ls-row').nth(1).innerText()).includes(HOSTILE_TABLE));
      assert.ok((await page.locator('.ls-subtitle').innerText()).includes(HOSTILE_NAME));
      const tip = await tooltipFor(page, 1);
      assert.ok(tip.includes(HOSTILE_NAME.replace(/"/g, '""')), tip);
      assert.ok(tip.includes(HOSTILE_TABLE));
      assert.deepEqual(dialogs, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
