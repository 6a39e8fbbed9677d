/**
 * "Lockstep: Generate Phased Migration", reached from the palette, the "Generate phased
 * migration…" quick fix and the timeline panel. Plans the whole file or one statement
 * (src/core/phases), then offers the new files as a workspace edit that needs confirmation:
 * VS Code's refactor preview lists every file with its content, and nothing is created
 * until the user applies it. Files that already exist are never touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as PhasesModule from '../../core/phases';
import type { LintController } from '../lintController';
import { isSqlDocument } from '../lintController';
import type { Log } from '../log';
import { proposeFiles, statementAtOffset, statementLabel, type PhasedScope, type Proposal } from './phasedFiles';

export interface PhasedDeps {
  readonly log: Log;
  readonly controller: LintController;
}

type Files = Extract<Proposal, { kind: 'files' }>;

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
  const picked = await vscode.window.showQuickPick([whole, one], { title: 'Lockstep: Generate Phased Migration', placeHolder: 'Plan the whole file or only the statement at the cursor?' });
  return picked?.scope;
}

function previewEdit(proposal: Files): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const f of proposal.files) {
    const uri = vscode.Uri.file(f.target);
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: true,
      label: f.group,
      description: f.direction === 'down' ? 'rollback' : f.direction === 'config' ? 'runner settings' : 'migration',
    };
    // overwrite: false and ignoreIfExists: false make the whole edit fail rather than touch
    // a file that appeared after the check.
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false }, metadata);
    edit.insert(uri, new vscode.Position(0, 0), f.content, metadata);
  }
  return edit;
}

/** Saves the created files (they open as edited buffers) and returns those on disk. */
async function saveCreated(proposal: Files): Promise<string[]> {
  const written: string[] = [];
  for (const f of proposal.files) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === path.resolve(f.target));
    if (doc?.isDirty) await doc.save();
    if (fs.existsSync(f.target)) written.push(f.target);
  }
  return written;
}

export function createPhasedCommand({ log, controller }: PhasedDeps): (arg?: unknown, statementIndex?: unknown) => Promise<void> {
  return async (arg?: unknown, statementIndex?: unknown) => {
    const uri = targetUri(arg);
    if (!uri) {
      await vscode.window.showInformationMessage('Lockstep: open a PostgreSQL migration file to generate its phased version.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const label = vscode.workspace.asRelativePath(uri);
    if (doc.uri.scheme !== 'file') {
      await vscode.window.showInformationMessage('Lockstep: save the migration in its folder first; the phased files are named and numbered after that folder.');
      return;
    }
    if (!isSqlDocument(doc)) {
      await vscode.window.showInformationMessage(`Lockstep: phased migrations are generated from SQL migration files; ${label} is a script.`);
      return;
    }
    const analysis = await controller.lintNow(doc, 'config');
    if (analysis?.kind !== 'linted') {
      await vscode.window.showInformationMessage(`Lockstep: ${label} could not be analysed, so no phased migration was generated (details in the output).`);
      return;
    }
    if (analysis.config.dialect !== 'postgresql') {
      await vscode.window.showInformationMessage(`Lockstep: phased migrations are generated for PostgreSQL; ${label} is ${analysis.dialect.dialect}.`);
      return;
    }
    const scope = await chooseScope(doc, analysis.result.statements, statementIndex);
    if (!scope) return;

    const started = performance.now();
    const { planMigration } = require('../../core/phases') as typeof PhasesModule;
    const result = await planMigration(doc.getText(), {
      fileName: doc.fileName,
      config: analysis.config,
      ...(scope.kind === 'statement' ? { statementIndex: scope.index } : {}),
    });
    const proposal = proposeFiles(result, { fileLabel: label, folder: path.dirname(doc.fileName), scope, exists: (t) => fs.existsSync(t) });
    log.info(`phased plan for ${label}: ${proposal.kind === 'files' ? proposal.summary : proposal.message} in ${(performance.now() - started).toFixed(0)} ms`);
    for (const n of result.notes) log.info(`  note: ${n}`);
    if (proposal.kind !== 'files') {
      await vscode.window.showInformationMessage(proposal.message);
      return;
    }

    // The preview lists files, not the planner's caveats: say them while it is open.
    if (result.notes.length) void vscode.window.showInformationMessage(`Lockstep: ${proposal.summary}. Before applying: ${result.notes.join(' ')}`);
    const applied = await vscode.workspace.applyEdit(previewEdit(proposal), { isRefactoring: true });
    const written = applied ? await saveCreated(proposal) : [];
    if (written.length === 0) {
      log.info(`phased plan for ${label}: not applied, nothing written`);
      await vscode.window.showInformationMessage('Lockstep: the phased migration was not applied; nothing was written.');
      return;
    }
    log.info(`wrote ${written.map((w) => vscode.workspace.asRelativePath(w)).join(', ')}`);
    const first = proposal.files.find((f) => f.direction === 'up' && written.includes(f.target)) ?? proposal.files.find((f) => written.includes(f.target));
    if (first) await vscode.window.showTextDocument(vscode.Uri.file(first.target), { preview: false });
    const count = written.length === proposal.files.length ? `${written.length}` : `${written.length} of ${proposal.files.length}`;
    void vscode.window.showInformationMessage(`Lockstep: wrote ${count} phased migration file(s) in ${vscode.workspace.asRelativePath(proposal.folder)}.`);
  };
}
