/**
 * The report drawn from a real simulation (embedded PostgreSQL), not a hand-made timeline:
 * the simulator's actual output must render cleanly too.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadReportAssets, renderHtmlReport } from '../../src/core/report/html';
import { simulate } from '../../src/core/simulate/simulate';
import { launchChromium } from './chromium';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'webview');

const SCHEMA = `CREATE TABLE plans (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
`;

const MIGRATION = `BEGIN;
ALTER TABLE users ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN plan_id bigint REFERENCES plans (id);
UPDATE users SET plan_id = 1;
CREATE INDEX users_plan_id_idx ON users (plan_id);
COMMIT;
`;

describe('timeline report from a real simulation', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-report-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001_init.sql'), SCHEMA);
    writeFileSync(join(dir, 'migrations', '002_public_id.sql'), MIGRATION);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders every statement of the simulator output without console errors', async () => {
    const timeline = await simulate({
      file: join(dir, 'migrations', '002_public_id.sql'),
      rows: { users: 5_000_000, plans: 12 },
      sampleRows: 2000,
      targetVersion: 16,
    });
    const file = join(ARTIFACTS, 'real-simulation.html');
    writeFileSync(file, renderHtmlReport(timeline, loadReportAssets(ROOT)));
    const browser = await launchChromium();
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(e.message));
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(pathToFileURL(file).href);
        await page.locator('.ls-row').first().waitFor();
        assert.equal(await page.locator('.ls-row').count(), timeline.statements.length);
        assert.match(await page.locator('.ls-title').innerText(), /users/);
        await page.screenshot({ path: join(ARTIFACTS, `real-simulation-${scheme}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
