/**
 * "Lockstep: Simulate Migration": pick the file, make sure every touched table has a
 * production row count (asking, and offering to save it in lockstep.config.json), run the
 * simulator in its worker under a cancellable progress notification that names the stage,
 * and show the result in the timeline panel. Failures land in the panel and the output
 * channel as one sentence, never as a stack trace.
 */
import { forwardSql } from '../../core/sources/migration-sql';
import { prepareAdapters } from '../../core/sources/registry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, type ResolvedConfig } from '../../core/config';
import { timelineMarkdown } from '../../core/report/markdown';
import { loadReportAssets, renderHtmlReport } from '../../core/report/html';
import type * as RunnerModule from '../../core/simulate/runner';
import type { SimulationRequest } from '../../core/simulate/simulate';
import type { Timeline } from '../../core/simulate/timeline';
import { runnerSections } from '../../core/sql/runner-sections';
import { parseMigration, touchedTables } from '../../core/simulate/touched';
import { lookupByTable } from '../../core/config/tables';
import { COMMANDS } from '../commandIds';
import type { LintController } from '../lintController';
import type { Log } from '../log';
import { describeStage, templateCacheDir, templateReady } from './engineTemplate';
import { parsePanelState, type RerunRequest, type TimelineSource } from './protocol';
import { TIMELINE_VIEW_TYPE, TimelinePanel, type PanelActions } from './timelinePanel';

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

async function documentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

/** Asks for each missing row count; undefined when the user backs out. */
async function askRowCounts(tables: readonly string[]): Promise<Record<string, number> | undefined> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const answer = await vscode.window.showInputBox({
      title: `Lockstep: rows in production for ${table}`,
      prompt: `How many rows does ${table} have in production? The prediction scales with it.`,
      placeHolder: 'e.g. 5000000',
      ignoreFocusOut: true,
      validateInput: (v) => (/^\s*[\d_,]+\s*$/.test(v) ? undefined : 'A whole number of rows, e.g. 5000000'),
    });
    if (answer === undefined) return undefined;
    out[table] = Number(answer.replace(/[\s_,]/g, ''));
  }
  return out;
}

/** Adds row counts to the nearest lockstep.config.json (or a new one at the workspace folder). */
function saveRowCounts(configPath: string, rows: Readonly<Record<string, number>>): void {
  const raw = fs.existsSync(configPath) ? (JSON.parse(fs.readFileSync(configPath, 'utf8')) as Record<string, unknown>) : {};
  const tables = { ...((raw.tables as Record<string, unknown> | undefined) ?? {}) };
  for (const [t, n] of Object.entries(rows)) tables[t] = { ...((tables[t] as object | undefined) ?? {}), rows: n };
  fs.writeFileSync(configPath, `${JSON.stringify({ ...raw, tables }, null, 2)}\n`);
}

export interface TimelineFeature {
  simulate(arg?: unknown): Promise<void>;
  readonly disposables: vscode.Disposable[];
}

export function registerTimeline({ context, log, linter }: { context: vscode.ExtensionContext; log: Log; linter: LintController }): TimelineFeature {
  let running: AbortController | undefined;
  const templateDir = templateCacheDir(context.globalStorageUri.fsPath);

  const run = async (uri: vscode.Uri, overrides: RerunRequest | null): Promise<void> => {
    const file = uri.fsPath;
    const label = vscode.workspace.asRelativePath(uri);
    const source: TimelineSource = { uri: uri.toString(), label };
    const sql = await documentText(uri);
    await prepareAdapters();
    // Decided as the linter decides it, including a dialect chosen for this file.
    const config = linter.configFor(file, sql).config;
    const dialect = config.dialect;
    const { runSimulation } = require('../../core/simulate/runner') as typeof RunnerModule;

    const parsed = await parseMigration({ file, sql, dialect });
    const touched = touchedTables(parsed.statements.flatMap((s) => s.operations));
    const known = { ...Object.fromEntries(Object.entries(config.tables).map(([t, s]) => [t, s.rows])), ...overrides?.rows };
    const missing = touched.filter((t) => lookupByTable(known, t) === undefined);
    let asked: Record<string, number> = {};
    if (missing.length) {
      const answers = await askRowCounts(missing);
      if (!answers) return;
      asked = answers;
      const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(file);
      const configPath = config.configPath ?? path.join(folder, CONFIG_FILE_NAME);
      const save = await vscode.window.showInformationMessage(`Save these row counts in ${vscode.workspace.asRelativePath(configPath)}?`, 'Save', 'Not now');
      if (save === 'Save') saveRowCounts(configPath, answers);
    }

    // goose `NO TRANSACTION`, dbmate `transaction:false` and a framework's own runner (Rails …) decide when the configuration does not.
    const transactional = config.transactional ?? runnerSections(file, sql).transactional ?? forwardSql(file, sql, dialect).transactional;
    const request: SimulationRequest = {
      file,
      sql,
      rows: { ...overrides?.rows, ...asked },
      tables: config.tables,
      sampleRows: overrides?.sampleRows ?? config.sampleRows,
      dialect,
      // The panel offers PostgreSQL versions only; other engines keep the configured one.
      targetVersion: (dialect === 'postgresql' ? overrides?.targetVersion : undefined) ?? config.pgVersion,
      ...(dialect !== 'postgresql' ? { targetVersionText: config.targetVersion } : {}),
      configWorkload: config.workload,
      ...(overrides ? { workload: { default: overrides.workload } } : {}),
      ...(transactional !== undefined ? { transactional } : {}),
      templateCacheDir: templateDir,
    };
    // Only PostgreSQL needs the engine template; SQLite and MySQL never start PGlite.
    const firstRun = dialect === 'postgresql' && !templateReady(context.extensionPath, templateDir);

    const panel = TimelinePanel.createOrShow(context.extensionUri, log, actions);
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const started = performance.now();
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Lockstep: simulating ${path.basename(file)}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        try {
          const timeline = await runSimulation(request, {
            signal: controller.signal,
            onProgress: (s) => {
              const text = describeStage(s, firstRun);
              progress.report({ message: text });
              panel.progress(text);
            },
          });
          log.info(`simulated ${label} in ${(performance.now() - started).toFixed(0)} ms${firstRun ? ` (engine template prepared in ${templateDir})` : ''}`);
          panel.showTimeline(timeline, source);
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') {
            log.info(`simulation of ${label} cancelled`);
            panel.notice('Simulation cancelled.');
            return;
          }
          log.error(`simulation of ${label} failed`, err);
          panel.error(err instanceof Error ? err.message.split('\n')[0]! : String(err));
        } finally {
          if (running === controller) running = undefined;
        }
      },
    );
  };

  const actions: PanelActions = {
    reveal: async (source, line) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
      const pos = new vscode.Position(Math.max(0, line - 1), 0);
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
    rerun: (source, request) => run(vscode.Uri.parse(source.uri), request),
    // The command owns the generator; the panel only says which file.
    generatePhased: async (source) => {
      await vscode.commands.executeCommand(COMMANDS.generatePhased, vscode.Uri.parse(source.uri));
    },
    saveHtml: async (timeline: Timeline, source) => {
      const base = source ? path.basename(vscode.Uri.parse(source.uri).fsPath).replace(/\.[^.]+$/, '') : 'migration';
      const folder = source ? vscode.Uri.joinPath(vscode.Uri.parse(source.uri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        title: 'Save timeline report',
        filters: { HTML: ['html'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}.timeline.html`) } : {}),
      });
      if (!target) return;
      const html = renderHtmlReport(timeline, loadReportAssets(context.extensionPath));
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
      TimelinePanel.active?.notice(`Saved ${vscode.workspace.asRelativePath(target)}.`);
    },
    copyMarkdown: async (timeline) => {
      await vscode.env.clipboard.writeText(timelineMarkdown(timeline));
      TimelinePanel.active?.notice('Summary copied as Markdown.');
    },
  };

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        TimelinePanel.revive(panel, context.extensionUri, log, actions, parsePanelState(state));
      },
    }),
    { dispose: () => running?.abort() },
  ];

  return {
    disposables,
    simulate: async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) {
        await vscode.window.showInformationMessage('Lockstep: open a migration file to simulate it.');
        return;
      }
      await run(uri, null);
    },
  };
}
