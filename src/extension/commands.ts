/** The palette commands and the small internal ones code actions use. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as RulesModule from '../core/rules';
import type * as RuleTypesModule from '../core/rules/types';
import { COMMANDS } from './commandIds';
import type { LintController } from './lintController';
import { elapsed, type Log } from './log';
import { EXCLUDED_GLOB, workspaceLintGlob } from './migrationFiles';
import { registerTimeline } from './panel/simulateCommand';
import { registerPhased } from './phased/phasedCommand';
import { guardedCommand } from './safely';

/** Upper bound on files the workspace lint reads, so a huge monorepo cannot stall the host. */
const MAX_WORKSPACE_FILES = 5000;

export interface CommandDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly controller: LintController;
}

export function registerCommands({ context, log, controller }: CommandDeps): vscode.Disposable[] {
  const notify = { error: (m: string, ...a: string[]) => vscode.window.showErrorMessage(m, ...a) };
  const register = (id: string, title: string, fn: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, guardedCommand(log, notify, title, fn as (...args: unknown[]) => unknown));

  const timeline = registerTimeline({ context, log, linter: controller });
  const phased = registerPhased({ log, controller });
  return [
    ...timeline.disposables,
    ...phased.disposables,
    register(COMMANDS.simulate, 'Simulate Migration', (arg?: unknown) => timeline.simulate(arg)),
    register(COMMANDS.generatePhased, 'Generate Phased Migration', (arg?: unknown, statementIndex?: unknown) => phased.run(arg, statementIndex)),
    register(COMMANDS.lintWorkspace, 'Lint Workspace Migrations', () => lintWorkspace(log, controller)),
    register(COMMANDS.openRuleDocs, 'Open Rule Documentation', (ruleId?: unknown) => openRuleDocs(context, typeof ruleId === 'string' ? ruleId : undefined)),
    register(COMMANDS.showOutput, 'Show Output', () => log.show()),
    register(COMMANDS.selectRange, 'Select text', (uri: unknown, start: unknown, end: unknown) => {
      if (!(uri instanceof vscode.Uri) || typeof start !== 'number' || typeof end !== 'number') return;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      if (!editor) return;
      const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range);
    }),
  ];
}

async function lintWorkspace(log: Log, controller: LintController): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    await vscode.window.showInformationMessage('Lockstep: open a folder to lint its migrations.');
    return;
  }
  const started = performance.now();
  const include = workspaceLintGlob();
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lockstep: linting migrations', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles(include, EXCLUDED_GLOB, MAX_WORKSPACE_FILES, token);
      uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
      const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
      let files = 0;
      let findings = 0;
      let skipped = 0;
      for (const [i, uri] of uris.entries()) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${i + 1} of ${uris.length}: ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / uris.length });
        const doc = open.get(uri.toString());
        if (doc) {
          const a = await controller.lintNow(doc, 'config');
          if (a?.kind === 'linted') findings += a.result.findings.length;
          else skipped++;
        } else {
          const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
          const n = await controller.lintFile(uri, text);
          if (n === undefined) skipped++;
          else findings += n;
        }
        files++;
      }
      return { files, findings, skipped, cancelled: token.isCancellationRequested };
    },
  );
  const line = `linted ${summary.files} file(s): ${summary.findings} finding(s)${summary.skipped ? `, ${summary.skipped} skipped` : ''}${summary.cancelled ? ' (cancelled)' : ''}`;
  log.info(`workspace ${line} in ${elapsed(started)}`);
  const choice = await vscode.window.showInformationMessage(`Lockstep: ${line}.`, 'Open Problems');
  if (choice === 'Open Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

async function openRuleDocs(context: vscode.ExtensionContext, ruleId: string | undefined): Promise<void> {
  const { RULES } = require('../core/rules') as typeof RulesModule;
  const { docsUrl } = require('../core/rules/types') as typeof RuleTypesModule;
  let id = ruleId;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      RULES.map((r) => ({ label: r.meta.id, detail: r.meta.description })),
      { title: 'Lockstep: Open Rule Documentation', placeHolder: 'Rule id', matchOnDetail: true },
    );
    id = picked?.label;
  }
  if (!id || !/^[a-z0-9-]+$/.test(id)) return;
  // The rule pages ship inside the extension, so this works offline too.
  const local = path.join(context.extensionPath, 'docs', 'rules', `${id}.md`);
  if (fs.existsSync(local)) {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(local));
  } else {
    await vscode.env.openExternal(vscode.Uri.parse(docsUrl(id)));
  }
}
