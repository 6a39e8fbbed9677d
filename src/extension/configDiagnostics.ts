/**
 * Underlines mistakes in lockstep.config.json as the user types, and keeps a status bar
 * warning up while a config file cannot be used as written: a broken config otherwise only
 * shows as estimates that quietly vanish.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configProblems } from './configProblems';

const CONFIG_FILE_NAME = 'lockstep.config.json';

function isConfigFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && path.basename(uri.fsPath) === CONFIG_FILE_NAME;
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lockstep-config');
  private readonly item = vscode.window.createStatusBarItem('lockstep.config', vscode.StatusBarAlignment.Left, 48);

  constructor() {
    this.item.name = 'Lockstep configuration';
  }

  /** Checks an open config document's current text. */
  checkDocument(doc: vscode.TextDocument): void {
    if (isConfigFile(doc.uri)) this.set(doc.uri, doc.getText(), (offset) => doc.positionAt(offset));
  }

  /** Checks a config file the linter loaded from disk (it may not be open). */
  checkFile(file: string): void {
    const uri = vscode.Uri.file(file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.checkDocument(open);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      this.collection.delete(uri);
      return this.refreshItem();
    }
    this.set(uri, text, (offset) => positionIn(text, offset));
  }

  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.refreshItem();
  }

  private set(uri: vscode.Uri, text: string, at: (offset: number) => vscode.Position): void {
    const diagnostics = configProblems(text).map((p) => {
      const d = new vscode.Diagnostic(new vscode.Range(at(p.start), at(p.end)), p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'lockstep';
      return d;
    });
    this.collection.set(uri, diagnostics);
    this.refreshItem();
  }

  private refreshItem(): void {
    const broken: vscode.Uri[] = [];
    this.collection.forEach((uri, ds) => {
      if (ds.length > 0) broken.push(uri);
    });
    if (broken.length === 0) return this.item.hide();
    const first = broken[0]!;
    this.item.text = '$(warning) Lockstep config';
    this.item.tooltip = `${vscode.workspace.asRelativePath(first)} has problems: Lockstep ignores the entries underlined there. Click to open it.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.command = { title: 'Open', command: 'vscode.open', arguments: [first] };
    this.item.show();
  }

  dispose(): void {
    this.collection.dispose();
    this.item.dispose();
  }
}

function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset).split('\n');
  return new vscode.Position(before.length - 1, before[before.length - 1]!.length);
}
