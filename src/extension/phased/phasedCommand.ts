/**
 * "Lockstep: Generate Phased Migration", reached from the palette, the "Generate phased
 * migration…" quick fix and the timeline panel. Plans the whole file or one statement
 * (src/core/phases), shows every new file in one read-only preview document, and writes
 * them only after a modal confirmation (the preview closes once the user has answered). Files that already exist are never touched: the
 * whole set is refused before the preview, and each write fails rather than replace a file
 * that appeared in the meantime.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as PhasesModule from '../../core/phases';
import type * as RegistryModule from '../../core/sources/registry';
import type { LintController } from '../lintController';
import { isSqlDocument } from '../lintController';
import type { Log } from '../log';
import { confirmation, previewExtension, previewText, proposeFiles, statementAtOffset, statementLabel, type PhasedScope, type Proposal } from './phasedFiles';

export interface PhasedDeps {
  readonly log: Log;
  readonly controller: LintController;
}

export interface PhasedFeature {
  run(arg?: unknown, statementIndex?: unknown): Promise<void>;
  readonly disposables: vscode.Disposable[];
}

type Files = Extract<Proposal, { kind: 'files' }>;

/** Read-only documents holding previews, by URI. */
const PREVIEW_SCHEME = 'lockstep-phased';

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * From the palette with the cursor inside one of several statements, the user chooses
 * between the whole file and that statement; the quick fix already names its statement.
 */
async function chooseScope(
  doc: vscode.TextDocument,
  statements: readonly { index: number; text: string; range: { start: { offset: number; line: number }; end: { offset: number } } }[],
  given: unknown,
): Promise<PhasedScope | undefined> {
  const real = statements.filter((s) => s.text.trim().length > 0);
  const lineOf = (i: number): number => statements.find((s) => s.index === i)?.range.start.line ?? 1;
  if (typeof given === 'number' && Number.isInteger(given) && given >= 0) {
    return real.length > 1 ? { kind: 'statement', index: given, line: lineOf(given) } : { kind: 'file' };
  }
  const editor = vscode.window.activeTextEditor;
  if (real.length < 2 || editor?.document.uri.toString() !== doc.uri.toString()) return { kind: 'file' };
  const here = statementAtOffset(real, doc.offsetAt(editor.selection.active));
  if (!here) return { kind: 'file' };
  const whole = { label: 'Whole file', description: `${real.length} statements`, scope: { kind: 'file' } as PhasedScope };
  const one = {
    label: `Statement on line ${here.range.start.line}`,
    description: statementLabel(here.text),
    scope: { kind: 'statement', index: here.index, line: here.range.start.line } as PhasedScope,
  };
  const picked = await vscode.window.showQuickPick([whole, one], {
    title: 'Lockstep: Generate Phased Migration',
    placeHolder: 'Plan the whole file or only the statement at the cursor?',
  });
  return picked?.scope;
}

/** Creates each file only if absent ('wx'); stops at the first refusal and says which. */
function writeAll(proposal: Files): { written: string[]; refused?: string } {
  const written: string[] = [];
  for (const f of proposal.files) {
    try {
      fs.mkdirSync(path.dirname(f.target), { recursive: true });
      fs.writeFileSync(f.target, f.content, { flag: 'wx' });
      written.push(f.target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { written, refused: code === 'EEXIST' ? `${f.path} appeared meanwhile and was left as it is` : `${f.path}: ${(err as Error).message}` };
    }
  }
  return { written };
}

export function registerPhased({ log, controller }: PhasedDeps): PhasedFeature {
  const previews = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '',
  };
  let counter = 0;

  const showPreview = async (doc: vscode.TextDocument, proposal: Files): Promise<vscode.Uri> => {
    const base = path.basename(doc.fileName).replace(/\.[^.]+$/, '');
    // A new name each time: a cached document would keep showing an earlier plan.
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${base} (phased plan ${++counter})${previewExtension(proposal.files)}` });
    previews.set(uri.toString(), previewText(proposal));
    changed.fire(uri);
    const preview = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return uri;
  };

  /** The preview has served once the user answered: written files open instead, or nothing. */
  const closePreview = async (uri: vscode.Uri): Promise<void> => {
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    previews.delete(uri.toString());
  };

  const run = async (arg?: unknown, statementIndex?: unknown): Promise<void> => {
    const uri = targetUri(arg);
    if (!uri) {
      await vscode.window.showInformationMessage('Lockstep: open a migration file to generate its phased version.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const label = vscode.workspace.asRelativePath(uri);
    if (doc.uri.scheme !== 'file') {
      await vscode.window.showInformationMessage(
        'Lockstep: save the migration in its folder first; the phased files are named and numbered after that folder.',
      );
      return;
    }
    // Rails, Django, Alembic and Laravel migrations are planned from the SQL their adapter translates.
    const { adapterFor } = require('../../core/sources/registry') as typeof RegistryModule;
    const framework = adapterFor({ path: doc.fileName, text: doc.getText() });
    if (!isSqlDocument(doc) && !framework) {
      await vscode.window.showInformationMessage(
        `Lockstep: phased migrations are generated from SQL and framework (Rails, Django, Alembic, Laravel) migration files; ${label} is a script.`,
      );
      return;
    }
    const analysis = await controller.lintNow(doc, 'config');
    if (analysis?.kind !== 'linted') {
      await vscode.window.showInformationMessage(`Lockstep: ${label} could not be analysed, so no phased migration was generated (details in the output).`);
      return;
    }
    // A framework file's statements are the SQL of its calls: the whole file is planned.
    const scope = framework ? ({ kind: 'file' } as const) : await chooseScope(doc, analysis.result.statements, statementIndex);
    if (!scope) return;

    const started = performance.now();
    const { planMigration } = require('../../core/phases') as typeof PhasesModule;
    const result = await planMigration(doc.getText(), {
      fileName: doc.fileName,
      config: analysis.config,
      ...(scope.kind === 'statement' ? { statementIndex: scope.index } : {}),
    });
    const { diskFolder, earlierSet } = require('../../core/phases') as typeof PhasesModule;
    const earlier = result.refused ? [] : earlierSet(result.files, diskFolder(result.folder ?? path.dirname(doc.fileName)));
    const proposal = proposeFiles(result, { fileLabel: label, folder: path.dirname(doc.fileName), scope, exists: (t) => fs.existsSync(t), earlier });
    log.info(`phased plan for ${label}: ${proposal.kind === 'files' ? proposal.summary : proposal.message} in ${(performance.now() - started).toFixed(0)} ms`);
    for (const n of result.notes) log.info(`  note: ${n}`);
    if (proposal.kind !== 'files') {
      await vscode.window.showInformationMessage(proposal.message);
      return;
    }

    const previewUri = await showPreview(doc, proposal);
    const folderLabel = vscode.workspace.asRelativePath(proposal.folder);
    const ask = confirmation(proposal, folderLabel);
    const choice = await vscode.window.showInformationMessage(ask.message, { modal: true, detail: ask.detail }, ask.button);
    await closePreview(previewUri);
    if (choice !== ask.button) {
      log.info(`phased plan for ${label}: not confirmed, nothing written`);
      return;
    }
    const { written, refused } = writeAll(proposal);
    log.info(`wrote ${written.map((w) => vscode.workspace.asRelativePath(w)).join(', ') || 'nothing'}${refused ? `; stopped: ${refused}` : ''}`);
    const first = proposal.files.find((f) => f.direction === 'up' && written.includes(f.target)) ?? proposal.files.find((f) => written.includes(f.target));
    if (first) await vscode.window.showTextDocument(vscode.Uri.file(first.target), { preview: false, viewColumn: vscode.ViewColumn.Active });
    if (refused) {
      void vscode.window.showWarningMessage(
        `Lockstep: wrote ${written.length} of ${proposal.files.length} phased migration file(s) in ${folderLabel}; stopped because ${refused}.`,
      );
      return;
    }
    void vscode.window.showInformationMessage(`Lockstep: wrote ${written.length} phased migration file(s) in ${folderLabel}.`);
  };

  return {
    run,
    disposables: [vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider), changed],
  };
}
