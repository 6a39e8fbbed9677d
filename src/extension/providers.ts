/** Hovers, quick fixes and CodeLens, all read from the controller's latest analysis. */
import { adapterFor } from '../core/sources/registry';
import * as vscode from 'vscode';
import type { LintResult } from '../core/lint';
import type { Finding } from '../core/rules/types';
import type { TextEdit } from '../core/types';
import { COMMANDS } from './commandIds';
import { DIAGNOSTIC_SOURCE, overlaps } from './diagnosticData';
import { fixActionShape, fixAllEdits } from './fixActions';
import { verdictLine } from './format';
import { hoverMarkdown } from './hover';
import { ignoreCommentEdit, ignoreFileEdit } from './ignoreComment';
import { wantsLens } from './lens';
import { isSqlDocument, type LintController } from './lintController';
import type { EditorOptions } from './settings';

type Statement = LintResult['statements'][number];

function statementAt(result: LintResult, offset: number): Statement | undefined {
  return result.statements.find((s) => overlaps(s.range.start.offset, s.range.end.offset, offset, offset));
}

export class LockstepHoverProvider implements vscode.HoverProvider {
  constructor(private readonly controller: LintController) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const analysis = await this.controller.whenCurrent(doc, token);
    if (!analysis) return undefined;
    const offset = doc.offsetAt(position);
    const statement = statementAt(analysis.result, offset);
    const findings = analysis.result.findings.filter((f) =>
      statement ? f.statementIndex === statement.index : overlaps(f.range.start.offset, f.range.end.offset, offset, offset),
    );
    const markdown = hoverMarkdown(statement?.verdict, findings);
    if (!markdown) return undefined;
    const md = new vscode.MarkdownString(markdown);
    // Only the rule-page command may run from a link; finding text is escaped, never trusted.
    md.isTrusted = { enabledCommands: [COMMANDS.openRuleDocs] };
    const span = statement?.range ?? findings[0]?.range;
    const range = span ? new vscode.Range(doc.positionAt(span.start.offset), doc.positionAt(span.end.offset)) : undefined;
    return new vscode.Hover(md, range);
  }
}

function workspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  }
  return edit;
}

export class LockstepCodeActionProvider implements vscode.CodeActionProvider {
  static readonly fixAllKind = vscode.CodeActionKind.SourceFixAll.append('lockstep');
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite, LockstepCodeActionProvider.fixAllKind];

  constructor(private readonly controller: LintController) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const analysis = this.controller.current(doc);
    if (!analysis) return [];
    if (context.only && LockstepCodeActionProvider.fixAllKind.intersects(context.only) && !vscode.CodeActionKind.QuickFix.intersects(context.only)) {
      return this.fixAll(doc, analysis.result.findings);
    }
    const from = doc.offsetAt(range.start);
    const to = doc.offsetAt(range.end);
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    const text = doc.getText();
    const seenIgnore = new Set<string>();
    const frameworkDoc = adapterFor({ path: doc.fileName, text }) !== undefined;
    const sqlText = isSqlDocument(doc);
    for (const finding of analysis.result.findings) {
      if (!overlaps(finding.range.start.offset, finding.range.end.offset, from, to)) continue;
      const diagnostic = ours.find((d) => codeOf(d) === finding.ruleId && d.range.start.line === finding.range.start.line - 1);
      const diagnostics = diagnostic ? [diagnostic] : [];

      if (finding.fix) {
        const shape = fixActionShape(finding.fix);
        const fix = new vscode.CodeAction(shape.title, shape.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite);
        fix.edit = workspaceEdit(doc, finding.fix.edits);
        fix.diagnostics = diagnostics;
        fix.isPreferred = shape.isPreferred;
        actions.push(fix);
      }

      const statement = analysis.result.statements[finding.statementIndex];
      const ignoreKey = `${finding.statementIndex}:${finding.ruleId}`;
      // In a script the statement sits inside a string literal: an SQL comment above it would break the code.
      if (statement && sqlText && !seenIgnore.has(ignoreKey)) {
        seenIgnore.add(ignoreKey);
        const ignore = ignoreCommentEdit(text, statement.range.start.offset, finding.ruleId);
        const action = new vscode.CodeAction(`Ignore ${finding.ruleId} for this statement (with a reason)`, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(doc, [ignore.edit]);
        action.diagnostics = diagnostics;
        if (ignore.placeholder) {
          action.command = {
            title: 'Select the reason placeholder',
            command: COMMANDS.selectRange,
            arguments: [doc.uri, ignore.placeholder.start, ignore.placeholder.end],
          };
        }
        actions.push(action);
        const fileIgnore = ignoreFileEdit(text, finding.ruleId);
        const forFile = new vscode.CodeAction(`Ignore ${finding.ruleId} for this file (with a reason)`, vscode.CodeActionKind.QuickFix);
        forFile.edit = workspaceEdit(doc, [fileIgnore.edit]);
        forFile.diagnostics = diagnostics;
        forFile.command = {
          title: 'Select the reason placeholder',
          command: COMMANDS.selectRange,
          arguments: [doc.uri, fileIgnore.placeholder!.start, fileIgnore.placeholder!.end],
        };
        actions.push(forFile);
      }

      // Phased plans are written as SQL; a framework migration (Rails …) has no plan writer yet.
      if (!frameworkDoc) {
        const phased = new vscode.CodeAction('Generate phased migration…', vscode.CodeActionKind.QuickFix);
        phased.command = { title: phased.title, command: COMMANDS.generatePhased, arguments: [doc.uri, finding.statementIndex] };
        phased.diagnostics = diagnostics;
        actions.push(phased);
      }

      const docs = new vscode.CodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: COMMANDS.openRuleDocs, arguments: [finding.ruleId] };
      docs.diagnostics = diagnostics;
      actions.push(docs);
    }
    return dedupeByTitle(actions);
  }

  /** `source.fixAll.lockstep` (e.g. `editor.codeActionsOnSave`): every safe fix at once. */
  private fixAll(doc: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeAction[] {
    const edits = fixAllEdits(findings.flatMap((f) => (f.fix ? [f.fix] : [])));
    if (edits.length === 0) return [];
    const action = new vscode.CodeAction('Lockstep: apply every safe fix', LockstepCodeActionProvider.fixAllKind);
    action.edit = workspaceEdit(doc, edits);
    return [action];
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Two findings on one statement would otherwise offer "Generate phased migration…" twice. */
function dedupeByTitle(actions: vscode.CodeAction[]): vscode.CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => (seen.has(a.title) ? false : (seen.add(a.title), true)));
}

export class LockstepCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly controller: LintController,
    private options: EditorOptions,
  ) {
    controller.onDidChangeAnalysis(() => this.changed.fire());
  }

  setOptions(options: EditorOptions): void {
    this.options = options;
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.options.codeLens) return [];
    const analysis = await this.controller.whenCurrent(doc, token);
    if (!analysis) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const s of analysis.result.statements) {
      if (!wantsLens(s.text)) continue;
      const at = doc.positionAt(s.range.start.offset);
      const range = new vscode.Range(at, at);
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Simulate',
          tooltip: 'Run this migration on an embedded PostgreSQL with production-sized data',
          command: COMMANDS.simulate,
          arguments: [doc.uri, s.index],
        }),
      );
      if (s.verdict) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: verdictLine(s.verdict),
            tooltip: 'Lock taken and work done by this statement (hover the statement for details)',
            command: '',
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
