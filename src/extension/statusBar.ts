/** A status bar item for the active migration file: finding count and strongest lock. */
import * as vscode from 'vscode';
import { DIALECT_NAMES } from '../core/types';
import { COMMANDS } from './commandIds';
import { describeRefusal } from './guard';
import type { LintController } from './lintController';
import { statusSummary } from './status';

export class LockstepStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lockstep.status', vscode.StatusBarAlignment.Left, 50);
  /** The file's dialect and target version; a click lets the user choose another. */
  private readonly dialectItem = vscode.window.createStatusBarItem('lockstep.dialect', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly controller: LintController) {
    this.item.name = 'Lockstep';
    this.dialectItem.name = 'Lockstep dialect';
    this.dialectItem.command = COMMANDS.setFileDialect;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      controller.onDidChangeAnalysis((uri) => {
        if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const analysis = doc ? this.controller.analysis(doc) : undefined;
    if (!doc || !analysis) {
      this.item.hide();
      this.dialectItem.hide();
      return;
    }
    if (analysis.kind === 'linted') {
      this.dialectItem.text = `$(database) ${DIALECT_NAMES[analysis.config.dialect]} ${analysis.config.targetVersion}`;
      this.dialectItem.tooltip = `${analysis.dialect.reason}\nClick to choose the dialect for this file.`;
      this.dialectItem.show();
    } else this.dialectItem.hide();
    this.item.backgroundColor = undefined;
    switch (analysis.kind) {
      case 'linted': {
        const s = statusSummary(
          analysis.result.findings,
          analysis.result.statements.map((st) => st.verdict),
          `Dialect: ${analysis.config.dialect} ${analysis.config.targetVersion} (${analysis.dialect.reason}).`,
        );
        this.item.text = s.text;
        this.item.tooltip = s.tooltip;
        this.item.command = 'workbench.actions.view.problems';
        if (s.severity === 'error') this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        else if (s.severity === 'warning') this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'refused':
        this.item.text = analysis.refusal.kind === 'too-complex' ? '$(watch) Lockstep: too complex to analyse in time' : '$(circle-slash) Lockstep: skipped';
        this.item.tooltip = describeRefusal(analysis.refusal);
        this.item.command = COMMANDS.showOutput;
        break;
      case 'failed':
        this.item.text = '$(warning) Lockstep: not analysed';
        this.item.tooltip = `${analysis.message}\nClick to open the Lockstep output.`;
        this.item.command = COMMANDS.showOutput;
        break;
    }
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
    this.dialectItem.dispose();
  }
}
