/**
 * Keeps diagnostics in step with open migration files: lint on open and save at once, on
 * typing after a short quiet period, again when configuration changes; clear on close.
 * The latest analysis per document feeds hovers, quick fixes, CodeLens and the status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnalysisTimeout, type Linter, type LintResult, type LintTextOptions } from '../core/lint';
import type { ResolvedConfig } from '../core/config/types';
import { withScriptConfigOf } from '../core/lint/transactions';
import type { DialectDetection } from '../core/sql/detect-dialect';
import type { Finding } from '../core/rules/types';
import type { ConfigCache, DocumentConfig } from './configCache';
import { KeyedDebouncer } from './debounce';
import { diagnosticData } from './diagnosticData';
import { describeRefusal, refusal, type Refusal } from './guard';
import type { LinterHost } from './linterHost';
import { elapsed, type Log } from './log';
import { FRAMEWORK_SELECTORS, isSqlFileName, SCRIPT_MIGRATION_GLOB, SQL_LANGUAGE_ID } from './migrationFiles';
import type { EditorOptions } from './settings';

export type Analysis =
  | {
      readonly kind: 'linted';
      readonly version: number;
      readonly result: LintResult;
      readonly config: ResolvedConfig;
      readonly dialect: DialectDetection;
    }
  | { readonly kind: 'refused'; readonly version: number; readonly refusal: Refusal }
  | { readonly kind: 'failed'; readonly version: number; readonly message: string };

export type Trigger = 'open' | 'change' | 'save' | 'config';

const SCHEMES = new Set(['file', 'untitled']);

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** SQL text itself, as opposed to SQL found inside a script. */
export function isSqlDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === SQL_LANGUAGE_ID || isSqlFileName(doc.fileName);
}

function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const d = diagnosticData(finding);
  const r = d.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), d.message, SEVERITY[d.severity]);
  diagnostic.source = d.source;
  diagnostic.code = { value: d.code.value, target: vscode.Uri.parse(d.code.target) };
  return diagnostic;
}

/**
 * How long one file's analysis may take on the extension host. Linting runs on the host's
 * thread (hovers, quick fixes and CodeLens read its result synchronously), so instead of a
 * worker the core checks this budget between statements and gives up; every step within a
 * statement is linear in its length, so the overrun is small.
 */
const ANALYSIS_BUDGET_MS = 2000;

/** The result, or the timeout as a value (any other error still throws). */
function lintInBudget(linter: Linter, text: string, options: LintTextOptions): LintResult | AnalysisTimeout {
  try {
    return linter.lint(text, options);
  } catch (err) {
    if (err instanceof AnalysisTimeout) return err;
    throw err;
  }
}

/** One information diagnostic at the top of the file, so the Problems view says why nothing is reported. */
function tooComplexDiagnostic(r: Refusal): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), describeRefusal(r), vscode.DiagnosticSeverity.Information);
  d.source = 'lockstep';
  return d;
}

export class LintController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lockstep');
  private readonly analyses = new Map<string, Analysis>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeAnalysis = this.changed.event;
  private readonly debouncer = new KeyedDebouncer<string>();

  constructor(
    private readonly log: Log,
    private readonly host: LinterHost,
    private readonly configs: ConfigCache,
    private options: EditorOptions,
  ) {}

  /** The configuration and dialect a file is linted with (also what Simulate uses). */
  configFor(fileName: string, text: string): DocumentConfig {
    return this.configs.forDocument(fileName, undefined, text);
  }

  setOptions(options: EditorOptions): void {
    this.options = options;
    if (!options.enable) {
      this.debouncer.dispose();
      for (const key of [...this.analyses.keys()]) this.forget(vscode.Uri.parse(key));
    }
  }

  /** Documents Lockstep lints: SQL files, and JS/TS files inside migration folders. */
  isTarget(doc: vscode.TextDocument): boolean {
    if (!this.options.enable || !SCHEMES.has(doc.uri.scheme)) return false;
    return isSqlDocument(doc) || vscode.languages.match([{ scheme: 'file', pattern: SCRIPT_MIGRATION_GLOB }, ...FRAMEWORK_SELECTORS], doc) > 0;
  }

  analysis(doc: vscode.TextDocument): Analysis | undefined {
    return this.analyses.get(doc.uri.toString());
  }

  /** The analysis only if it describes the document's current text. */
  current(doc: vscode.TextDocument): Extract<Analysis, { kind: 'linted' }> | undefined {
    const a = this.analysis(doc);
    return a?.kind === 'linted' && a.version === doc.version ? a : undefined;
  }

  /**
   * The analysis of the document's current text, waiting (briefly) for a lint that is
   * scheduled or running. Lets CodeLens and hovers asked right after opening or typing
   * answer with results rather than nothing.
   */
  whenCurrent(doc: vscode.TextDocument, token?: vscode.CancellationToken, timeoutMs = 3000): Promise<Extract<Analysis, { kind: 'linted' }> | undefined> {
    const now = this.current(doc);
    if (now || !this.isTarget(doc)) return Promise.resolve(now);
    const key = doc.uri.toString();
    const version = doc.version;
    return new Promise((resolve) => {
      const done = (value: Extract<Analysis, { kind: 'linted' }> | undefined) => {
        clearTimeout(timer);
        sub.dispose();
        cancel?.dispose();
        resolve(value);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const sub = this.changed.event((uri) => {
        if (uri.toString() !== key) return;
        const a = this.analyses.get(key);
        if (!a || a.version >= version) done(a?.kind === 'linted' && a.version === doc.version ? a : undefined);
      });
      const cancel = token?.onCancellationRequested(() => done(undefined));
    });
  }

  request(doc: vscode.TextDocument, trigger: Trigger): void {
    if (!this.isTarget(doc)) return;
    const key = doc.uri.toString();
    if (trigger === 'change') {
      if (!this.options.lintOnType) return;
      this.debouncer.schedule(key, this.options.debounceMs, () => void this.lintNow(doc, trigger));
      return;
    }
    this.debouncer.cancel(key);
    void this.lintNow(doc, trigger);
  }

  /** Lints and publishes; resolves when done. Never throws. */
  async lintNow(doc: vscode.TextDocument, trigger: Trigger): Promise<Analysis | undefined> {
    try {
      const started = performance.now();
      const text = doc.getText();
      const version = doc.version;
      const loaded = this.configs.forDocument(doc.isUntitled ? undefined : doc.fileName, this.workspaceDir(doc), text);
      const linter = await this.host.get(loaded.config.dialect);
      if (doc.isClosed || !this.isTarget(doc) || doc.version !== version) {
        // A newer request is scheduled or running for the edited text.
        return this.analysis(doc);
      }
      const refused = refusal(text, loaded.config.maxFileBytes);
      let analysis: Analysis;
      if (refused) {
        analysis = { kind: 'refused', version, refusal: refused };
        this.collection.delete(doc.uri);
        this.log.info(`${this.name(doc)}: ${describeRefusal(refused)}`);
      } else {
        const result = lintInBudget(linter, text, {
          fileName: doc.fileName,
          config: doc.isUntitled ? loaded.config : withScriptConfigOf(loaded.config, doc.fileName),
          budgetMs: ANALYSIS_BUDGET_MS,
        });
        if (result instanceof AnalysisTimeout) {
          const tooComplex: Refusal = { kind: 'too-complex', budgetMs: result.budgetMs };
          analysis = { kind: 'refused', version, refusal: tooComplex };
          this.collection.set(doc.uri, [tooComplexDiagnostic(tooComplex)]);
          this.log.info(`${this.name(doc)}: ${describeRefusal(tooComplex)}`);
        } else {
          analysis = { kind: 'linted', version, result, config: loaded.config, dialect: loaded.dialect };
          this.collection.set(doc.uri, result.findings.map(toDiagnostic));
          this.log.debug(`lint ${this.name(doc)} (${trigger}): ${result.findings.length} finding(s) in ${elapsed(started)}`);
        }
      }
      this.store(doc.uri, analysis);
      return analysis;
    } catch (err) {
      this.log.error(`lint ${this.name(doc)} failed`, err);
      const message = err instanceof Error ? err.message : String(err);
      this.store(doc.uri, { kind: 'failed', version: doc.version, message });
      return undefined;
    }
  }

  /**
   * Lints a file that is not open (workspace lint). Its diagnostics stay until the file is
   * opened and closed, or the next workspace lint. Returns the finding count, or undefined
   * when the file was skipped.
   */
  async lintFile(uri: vscode.Uri, text: string): Promise<number | undefined> {
    const loaded = this.configs.forDocument(uri.fsPath, undefined, text);
    const refused = refusal(text, loaded.config.maxFileBytes);
    if (refused) {
      this.log.info(`${vscode.workspace.asRelativePath(uri)}: ${describeRefusal(refused)}`);
      return undefined;
    }
    const linter = await this.host.get(loaded.config.dialect);
    const result = lintInBudget(linter, text, { fileName: uri.fsPath, config: withScriptConfigOf(loaded.config, uri.fsPath), budgetMs: ANALYSIS_BUDGET_MS });
    if (result instanceof AnalysisTimeout) {
      const tooComplex: Refusal = { kind: 'too-complex', budgetMs: result.budgetMs };
      this.log.info(`${vscode.workspace.asRelativePath(uri)}: ${describeRefusal(tooComplex)}`);
      this.collection.set(uri, [tooComplexDiagnostic(tooComplex)]);
      return undefined;
    }
    this.collection.set(uri, result.findings.map(toDiagnostic));
    return result.findings.length;
  }

  /** Document closed: its diagnostics go with it. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debouncer.cancel(key);
    this.collection.delete(uri);
    if (this.analyses.delete(key)) this.changed.fire(uri);
  }

  /** Settings or lockstep.config.json changed: re-lint every open target. */
  relintOpen(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (this.isTarget(doc)) this.request(doc, 'config');
      else if (this.analyses.has(doc.uri.toString())) this.forget(doc.uri);
    }
  }

  dispose(): void {
    this.debouncer.dispose();
    this.collection.dispose();
    this.changed.dispose();
    this.analyses.clear();
  }

  private store(uri: vscode.Uri, analysis: Analysis): void {
    this.analyses.set(uri.toString(), analysis);
    this.changed.fire(uri);
  }

  private workspaceDir(doc: vscode.TextDocument): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri) ?? vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  }

  private name(doc: vscode.TextDocument): string {
    return doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri) || path.basename(doc.fileName);
  }
}
