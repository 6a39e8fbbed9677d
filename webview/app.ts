/** The whole view: status line, verdict, actions, legend, timeline, assumptions. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { timelineMarkdown } from '../src/core/report/markdown';
import type { Timeline } from '../src/core/simulate/timeline';
import type { PanelState, TimelineSource, ToWebview } from '../src/extension/panel/protocol';
import { renderAssumptions } from './assumptions';
import { renderChart, type RenderedChart } from './chart';
import { clear, h } from './dom';
import { renderHeader, renderLegend } from './header';
import type { Host } from './host';

type Status = { kind: 'idle' } | { kind: 'progress'; stage: string } | { kind: 'error'; message: string } | { kind: 'notice'; message: string };

export class App {
  private state: PanelState;
  private status: Status = { kind: 'idle' };
  private chart: RenderedChart | null = null;
  private readonly statusLine = h('div', { class: 'ls-status', role: 'status', 'aria-live': 'polite' });
  private readonly body = h('div', { class: 'ls-body' });

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    this.state = host.loadState();
    clear(root);
    root.append(h('main', { class: 'ls-app' }, this.statusLine, this.body));
    host.onMessage((m) => this.receive(m));
    new ResizeObserver(() => this.chart?.resize(this.chartWidth())).observe(this.body);
    this.render();
  }

  private receive(m: ToWebview): void {
    switch (m.type) {
      case 'timeline':
        this.state = { timeline: m.timeline, source: m.source };
        this.host.saveState(this.state);
        this.status = { kind: 'idle' };
        this.render();
        break;
      case 'progress':
        this.setStatus({ kind: 'progress', stage: m.stage });
        break;
      case 'error':
        this.setStatus({ kind: 'error', message: m.message });
        break;
      case 'notice':
        this.setStatus({ kind: 'notice', message: m.message });
        break;
    }
  }

  private setStatus(s: Status): void {
    this.status = s;
    this.renderStatus();
  }

  private chartWidth(): number {
    return Math.max(560, this.body.clientWidth || 960);
  }

  private renderStatus(): void {
    clear(this.statusLine);
    const s = this.status;
    this.statusLine.className = `ls-status ls-status-${s.kind}`;
    if (s.kind === 'progress') this.statusLine.append(h('vscode-progress-ring', { 'aria-hidden': 'true' }), h('span', {}, s.stage));
    if (s.kind === 'error') this.statusLine.append(h('strong', {}, 'Simulation failed: '), s.message);
    if (s.kind === 'notice') this.statusLine.append(s.message);
    this.statusLine.hidden = s.kind === 'idle';
  }

  private render(): void {
    this.renderStatus();
    clear(this.body);
    this.chart = null;
    const t = this.state.timeline;
    if (!t) {
      this.body.append(
        h(
          'div',
          { class: 'ls-empty' },
          h('h1', {}, 'No simulation yet'),
          h('p', {}, 'Run "Lockstep: Simulate Migration" on a migration file to see what it does to production.'),
        ),
      );
      return;
    }
    this.body.append(...this.renderTimeline(t, this.state.source));
  }

  private renderTimeline(t: Timeline, source: TimelineSource | null): HTMLElement[] {
    const { element: header } = renderHeader(t, source?.label ?? t.file);
    const parts: HTMLElement[] = [h('div', { class: 'ls-top' }, header, this.renderActions(t))];
    const notes = [...t.warnings, ...t.replay.failures.map((f) => `Schema replay skipped ${f.file}:${f.line}: ${f.message}`)];
    if (notes.length) parts.push(h('ul', { class: 'ls-warnings', 'aria-label': 'Warnings' }, ...notes.map((n) => h('li', {}, n))));
    parts.push(renderLegend());
    this.chart = renderChart(t, this.chartWidth(), {
      onReveal: this.host.readOnly ? undefined : (lane) => this.host.post({ type: 'reveal', statement: lane.statement.index, line: lane.statement.line }),
    });
    parts.push(this.chart.element);
    parts.push(
      renderAssumptions(t, {
        readOnly: this.host.readOnly,
        onRerun: (request) => {
          this.setStatus({ kind: 'progress', stage: 'Re-running with the new assumptions…' });
          this.host.post({ type: 'rerun', request });
        },
      }),
    );
    return parts;
  }

  private renderActions(t: Timeline): HTMLElement {
    const button = (label: string, onClick: () => void, secondary = true) => {
      const b = h('vscode-button', { secondary }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    if (this.host.readOnly) {
      return h(
        'div',
        { class: 'ls-actions' },
        button('Copy summary as Markdown', () => void this.copyLocally(timelineMarkdown(t))),
      );
    }
    return h(
      'div',
      { class: 'ls-actions' },
      button('Generate phased migration', () => this.host.post({ type: 'generatePhased' }), false),
      button('Save report as HTML', () => this.host.post({ type: 'saveHtml' })),
      button('Copy summary as Markdown', () => this.host.post({ type: 'copyMarkdown' })),
    );
  }

  /** In the report there is no extension to ask: use the page's clipboard. */
  private async copyLocally(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.setStatus({ kind: 'notice', message: 'Summary copied as Markdown.' });
    } catch {
      const area = h('textarea', { class: 'ls-copy-fallback', readonly: true, 'aria-label': 'Summary as Markdown' }, text);
      this.body.prepend(area);
      area.select();
      this.setStatus({ kind: 'notice', message: 'The browser refused clipboard access: the summary is selected above, press Ctrl+C.' });
    }
  }
}
