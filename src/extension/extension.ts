/**
 * Entry point. Activation only wires listeners; the parser loads when the first migration
 * is linted. Every callback runs through `guarded` so failures end up in the output channel.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { registerCommands } from './commands';
import { chooseFileDialect } from './dialectChoice';
import { DialectOverrides } from './dialectOverrides';
import { ConfigDiagnostics } from './configDiagnostics';
import { ConfigCache } from './configCache';
import { LintController } from './lintController';
import { LinterHost } from './linterHost';
import { createLog } from './log';
import { FRAMEWORK_SELECTORS, SCRIPT_MIGRATION_GLOB } from './migrationFiles';
import { LockstepCodeActionProvider, LockstepCodeLensProvider, LockstepHoverProvider } from './providers';
import { guarded } from './safely';
import { readSettings, type SettingsRead } from './settings';
import { LockstepStatusBar } from './statusBar';

const CONFIG_FILE_GLOB = '**/lockstep.config.json';

function currentSettings(): SettingsRead {
  const cfg = vscode.workspace.getConfiguration('lockstep');
  // Only values someone set: package.json defaults must not hide the config file's defaults.
  return readSettings((key) => {
    const i = cfg.inspect(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  });
}

/** What `activate` returns: other extensions and tests can ask for a lint and await it. */
export interface LockstepApi {
  /** Lints an open document now; resolves to its finding count, or undefined if skipped. */
  lint(uri: vscode.Uri): Promise<number | undefined>;
}

export function activate(context: vscode.ExtensionContext): LockstepApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  let settings = currentSettings();
  for (const p of settings.problems) log.warn(p);
  const overrides = new DialectOverrides(context.workspaceState);
  const configDiagnostics = new ConfigDiagnostics();
  context.subscriptions.push(configDiagnostics);
  const configs = new ConfigCache(log, settings.config, overrides, (file) => configDiagnostics.checkFile(file));
  const host = new LinterHost(log);
  const controller = new LintController(log, host, configs, settings.editor);
  const lenses = new LockstepCodeLensProvider(controller, settings.editor);
  const hovers = new LockstepHoverProvider(controller);
  const actions = new LockstepCodeActionProvider(controller);
  context.subscriptions.push(controller, lenses, new LockstepStatusBar(controller));

  const selector: vscode.DocumentSelector = [
    { language: 'sql', scheme: 'file' },
    { language: 'sql', scheme: 'untitled' },
    { pattern: '**/*.sql', scheme: 'file' },
    { pattern: SCRIPT_MIGRATION_GLOB, scheme: 'file' },
    ...FRAMEWORK_SELECTORS,
  ];
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(selector, {
      provideHover: guarded(log, 'hover', Promise.resolve(undefined), (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken) =>
        hovers.provideHover(doc, pos, token),
      ),
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        provideCodeActions: guarded(log, 'code actions', [], (doc: vscode.TextDocument, range: vscode.Range, ctx: vscode.CodeActionContext) =>
          actions.provideCodeActions(doc, range, ctx),
        ),
      },
      { providedCodeActionKinds: LockstepCodeActionProvider.kinds },
    ),
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: lenses.onDidChangeCodeLenses,
      provideCodeLenses: guarded(log, 'CodeLens', Promise.resolve([]), (doc: vscode.TextDocument, token: vscode.CancellationToken) =>
        lenses.provideCodeLenses(doc, token),
      ),
    }),
    ...registerCommands({ context, log, controller }),
    vscode.commands.registerCommand(
      COMMANDS.setFileDialect,
      guarded(log, 'Set Dialect for This File', Promise.resolve(), () => chooseFileDialect(controller, overrides)),
    ),
  );

  const onSettings = guarded(log, 'settings change', undefined, (e: vscode.ConfigurationChangeEvent) => {
    if (!e.affectsConfiguration('lockstep')) return;
    settings = currentSettings();
    for (const p of settings.problems) log.warn(p);
    configs.setSettings(settings.config);
    controller.setOptions(settings.editor);
    lenses.setOptions(settings.editor);
    log.info('settings changed: re-linting open files');
    controller.relintOpen();
  });
  const onConfigFile = guarded(log, 'config file change', undefined, (uri: vscode.Uri) => {
    log.info(`${vscode.workspace.asRelativePath(uri)} changed: re-linting open files`);
    configs.clear();
    controller.relintOpen();
  });
  const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(onConfigFile),
    watcher.onDidChange(onConfigFile),
    watcher.onDidDelete(onConfigFile),
    watcher.onDidDelete((uri) => configDiagnostics.forget(uri)),
    vscode.workspace.onDidChangeConfiguration(onSettings),
    vscode.workspace.onDidOpenTextDocument(
      guarded(log, 'open', undefined, (d: vscode.TextDocument) => {
        configDiagnostics.checkDocument(d);
        controller.request(d, 'open');
      }),
    ),
    vscode.workspace.onDidChangeTextDocument(
      guarded(log, 'change', undefined, (e: vscode.TextDocumentChangeEvent) => {
        if (!e.contentChanges.length) return;
        configDiagnostics.checkDocument(e.document);
        controller.request(e.document, 'change');
      }),
    ),
    vscode.workspace.onDidSaveTextDocument(guarded(log, 'save', undefined, (d: vscode.TextDocument) => controller.request(d, 'save'))),
    vscode.workspace.onDidCloseTextDocument(guarded(log, 'close', undefined, (d: vscode.TextDocument) => controller.forget(d.uri))),
  );

  for (const doc of vscode.workspace.textDocuments) {
    configDiagnostics.checkDocument(doc);
    controller.request(doc, 'open');
  }
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);

  return {
    lint: async (uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const analysis = doc ? await controller.lintNow(doc, 'config') : undefined;
      return analysis?.kind === 'linted' ? analysis.result.findings.length : undefined;
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
