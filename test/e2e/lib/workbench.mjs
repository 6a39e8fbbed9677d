// Helpers for driving the VS Code workbench (code-server) with playwright-core and
// Debian's chromium. Every wait is on something the workbench shows, never a fixed sleep.
import { chromium } from 'playwright-core';

export const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:8731';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // No sandbox (containers, root); nothing that would reach for the network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * code-server serves files of the machine it runs on as vscode-remote://<authority>/<path>;
 * the authority is in the page's configuration.
 */
async function remoteAuthority() {
  const html = await (await fetch(`${CS_URL}/`)).text();
  return /&quot;remoteAuthority&quot;:&quot;([^&]*)&quot;/.exec(html)?.[1] ?? 'remote';
}

/**
 * URL that opens `folder`; `extensionDevelopmentPath` / `extensionTestsPath` go in the
 * `payload` parameter, the web equivalent of the desktop command-line flags.
 */
export async function workbenchUrl(folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  let url = `${CS_URL}/?folder=${encodeURIComponent(folder)}`;
  const payload = [];
  if (extensionDevelopmentPath || extensionTestsPath) {
    const authority = await remoteAuthority();
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  async openFolder(folder, fileInExplorer) {
    await this.page.goto(await workbenchUrl(folder));
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileInExplorer }).first().waitFor({ timeout: 90_000 });
  }

  /** F1, type the title, run the first matching entry. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Wait for the filtered list: the *focused* row is what Enter runs.
    await this.quickInput().locator('.monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 60_000 });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Ctrl+P, type the file name, open it, wait for its text. */
  async openFile(name, textInFile) {
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    // Recently opened files are listed before the filter applies; Enter opens the focused row.
    await this.quickInput().locator('.monaco-list-row.focused', { hasText: name }).waitFor({ timeout: 60_000 });
    await this.page.keyboard.press('Enter');
    // By the tab's file name: a webview's title may contain the name too ("Timeline: x.sql").
    await this.page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
    await this.editor().locator('.view-lines', { hasText: textInFile }).waitFor({ timeout: 60_000 });
  }

  editor() {
    return this.page.locator('.editor-group-container.active .editor-instance');
  }

  /** The Lockstep status bar item, which shows once the active file has been analysed. */
  lockstepStatus() {
    return this.page.locator('.statusbar-item', { hasText: 'Lockstep:' });
  }

  async waitForStatus(pattern, timeout = 60_000) {
    await this.page.locator('.statusbar-item', { hasText: pattern }).first().waitFor({ timeout });
  }

  async problemRows() {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((r) => r.replace(/\s+/g, ' ').trim());
  }

  async showProblems() {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor();
  }

  /** Ctrl+G to a 1-based line. */
  async goToLine(line) {
    await this.editor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /**
   * Opens the Quick Fix menu at the cursor and picks an entry by its title, with the
   * keyboard as a person would (the menu's pointer shield swallows synthetic clicks).
   */
  async applyQuickFix(title, { beforeApply = async () => {} } = {}) {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 60_000 });
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label');
      if (focused === title) {
        await beforeApply();
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`quick fix "${title}" not reachable in the menu`);
  }
}

/** Runs `fn` up to `attempts` times; for UI waits that can lose a race with the workbench. */
export async function retry(name, attempts, fn, onRetry = async () => {}) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      console.log(`   retrying "${name}" (${i}/${attempts - 1}): ${String(err.message).split('\n')[0]}`);
      await onRetry();
    }
  }
}
