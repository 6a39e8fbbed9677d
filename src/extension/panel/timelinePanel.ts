/**
 * The timeline panel: one at a time, re-used for each simulation (createOrShow), restored
 * after a window reload by the serializer (revive), and disposed with everything it holds.
 * Messages from the page are validated (protocol.ts) before anything acts on them.
 */
import * as vscode from 'vscode';
import type { Timeline } from '../../core/simulate/timeline';
import type { Log } from '../log';
import { parseFromWebview, type FromWebview, type PanelState, type RerunRequest, type TimelineSource, type ToWebview } from './protocol';
import { panelHtml, webviewOptions } from './webviewHtml';

export const TIMELINE_VIEW_TYPE = 'lockstep.timeline';

/** What the panel asks of the rest of the extension. */
export interface PanelActions {
  reveal(source: TimelineSource, line: number): Promise<void>;
  rerun(source: TimelineSource, request: RerunRequest): Promise<void>;
  generatePhased(source: TimelineSource): Promise<void>;
  saveHtml(timeline: Timeline, source: TimelineSource | null): Promise<void>;
  copyMarkdown(timeline: Timeline): Promise<void>;
}

export class TimelinePanel implements vscode.Disposable {
  private static current: TimelinePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private state: PanelState;
  private ready = false;
  private readonly outbox: ToWebview[] = [];

  static createOrShow(extensionUri: vscode.Uri, log: Log, actions: PanelActions): TimelinePanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (TimelinePanel.current) {
      TimelinePanel.current.panel.reveal(column, true);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'Lockstep Timeline',
      { viewColumn: column, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, log, actions, { timeline: null, source: null });
    return TimelinePanel.current;
  }

  /** After a reload: VS Code hands back the page's last saved state. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Log, actions: PanelActions, state: PanelState): TimelinePanel {
    TimelinePanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, log, actions, state);
    return TimelinePanel.current;
  }

  static get active(): TimelinePanel | undefined {
    return TimelinePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly actions: PanelActions,
    initial: PanelState,
  ) {
    this.state = initial;
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseFromWebview(raw);
        if (!message) {
          this.log.warn('timeline view sent a message that is not part of the protocol; ignored');
          return;
        }
        void this.receive(message).catch((err: unknown) => {
          this.log.error(`timeline view: ${message.type} failed`, err);
          this.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
        });
      }),
    );
    if (initial.source) this.setTitle(initial.source);
  }

  showTimeline(timeline: Timeline, source: TimelineSource): void {
    this.state = { timeline, source };
    this.setTitle(source);
    this.post({ type: 'timeline', timeline, source });
  }

  progress(stage: string): void {
    this.post({ type: 'progress', stage });
  }

  error(message: string): void {
    this.post({ type: 'error', message });
  }

  notice(message: string): void {
    this.post({ type: 'notice', message });
  }

  get source(): TimelineSource | null {
    return this.state.source;
  }

  private setTitle(source: TimelineSource): void {
    const base = source.label.split(/[\\/]/).pop() ?? source.label;
    this.panel.title = `Timeline: ${base}`;
  }

  /** Messages wait until the page has loaded its script; the newest timeline always wins. */
  private post(message: ToWebview): void {
    if (!this.ready) {
      this.outbox.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: FromWebview): Promise<void> {
    const { timeline, source } = this.state;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        // A reload keeps the page's own state; a new page gets the latest timeline first.
        if (timeline && !this.outbox.some((o) => o.type === 'timeline')) this.outbox.unshift({ type: 'timeline', timeline, source });
        for (const o of this.outbox.splice(0)) void this.panel.webview.postMessage(o);
        return;
      }
      case 'reveal':
        if (source) await this.actions.reveal(source, m.line);
        return;
      case 'rerun':
        if (source) await this.actions.rerun(source, m.request);
        return;
      case 'generatePhased':
        if (source) await this.actions.generatePhased(source);
        return;
      case 'saveHtml':
        if (timeline) await this.actions.saveHtml(timeline, source);
        return;
      case 'copyMarkdown':
        if (timeline) await this.actions.copyMarkdown(timeline);
        return;
    }
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
