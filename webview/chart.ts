/**
 * The timeline chart: one lane per statement on the piecewise time axis, drawn with
 * Observable Plot, under a layer of lane buttons that carry focus, hover, tooltips and
 * "reveal in editor". Colours are the theme's CSS variables, so a theme switch needs no
 * re-render.
 */
import * as Plot from '@observablehq/plot';
import type { Blocks } from '../src/core/engines/postgres/locks';
import { formatDuration } from '../src/core/quantities';
import type { Timeline } from '../src/core/simulate/timeline';
import { buildTimeAxis, chooseTicks, type TimeAxis } from './axis';
import { describeLane, laneSubtitle } from './describe';
import { h } from './dom';
import { lanesOf, queueSeries, type Lane } from './lanes';
import { Tooltip } from './tooltip';

const BLOCKS_COLOR: Readonly<Record<Blocks, string>> = {
  'reads+writes': 'var(--ls-rw)',
  writes: 'var(--ls-w)',
  nothing: 'var(--ls-none)',
};
const BLOCKS_CLASS: Readonly<Record<Blocks, string>> = { 'reads+writes': 'rw', writes: 'w', nothing: 'none' };

const LANE_HEIGHT = 44;
const MARGIN = { top: 6, right: 20, bottom: 30, left: 4 } as const;
const QUEUE_HEIGHT = 96;
/** Least room between two tick labels, in pixels. */
const TICK_GAP_PX = 64;

export interface ChartCallbacks {
  /** The user asked to see the statement in the editor (click or Enter). Absent in the read-only report. */
  readonly onReveal?: (lane: Lane) => void;
}

export interface RenderedChart {
  readonly element: HTMLElement;
  /** Re-draws the SVG parts for a new width. */
  resize(width: number): void;
}

function hatchDefs(svg: SVGSVGElement): void {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  for (const [blocks, cls] of Object.entries(BLOCKS_CLASS) as [Blocks, string][]) {
    const p = document.createElementNS(ns, 'pattern');
    p.setAttribute('id', `ls-hatch-${cls}`);
    p.setAttribute('width', '6');
    p.setAttribute('height', '6');
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('patternTransform', 'rotate(45)');
    const bg = document.createElementNS(ns, 'rect');
    bg.setAttribute('width', '6');
    bg.setAttribute('height', '6');
    bg.setAttribute('fill', 'var(--ls-wait-bg)');
    const line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('y1', '0');
    line.setAttribute('x2', '0');
    line.setAttribute('y2', '6');
    line.setAttribute('stroke', BLOCKS_COLOR[blocks]);
    line.setAttribute('stroke-width', '3');
    p.append(bg, line);
    defs.appendChild(p);
  }
  svg.insertBefore(defs, svg.firstChild);
}

/** Plot adds a <style> element to each chart; the stylesheet already carries those rules, and a strict CSP would refuse it. */
function dropInlineStyle(el: Element): void {
  el.querySelectorAll('style').forEach((s) => s.remove());
}

interface BarLabel {
  readonly lane: Lane;
  readonly x: number;
  readonly anchor: 'start' | 'end';
  readonly inside: boolean;
  readonly text: string;
}

/** After the bar if it fits, else inside the run bar, else before the bar, else after the run bar. */
function barLabel(lane: Lane, axis: TimeAxis, pxPerUnit: number, plotWidth: number): BarLabel {
  const s = lane.statement;
  const base = lane.failed ? `fails after ${formatDuration(s.durationMs)}` : formatDuration(s.durationMs);
  const text = s.lockWaitMs > 0 ? `${formatDuration(s.lockWaitMs)} wait + ${base}` : base;
  const needed = text.length * 6.4 + 10;
  const px = (ms: number) => axis.toUnits(ms) * pxPerUnit;
  const inner = plotWidth - MARGIN.right - MARGIN.left;
  const end = lane.holdEnd ?? lane.runEnd;
  if (inner - px(end) >= needed) return { lane, x: axis.toUnits(end), anchor: 'start', inside: false, text };
  if (px(lane.runEnd) - px(lane.runStart) >= needed) return { lane, x: axis.toUnits(lane.runEnd), anchor: 'end', inside: true, text };
  if (px(lane.waitStart) >= needed) return { lane, x: axis.toUnits(lane.waitStart), anchor: 'end', inside: false, text };
  return { lane, x: axis.toUnits(lane.runEnd), anchor: 'start', inside: false, text };
}

function lanesPlot(lanes: readonly Lane[], axis: TimeAxis, width: number): SVGSVGElement {
  const keys = lanes.map((l) => l.key);
  const top = MARGIN.top;
  const height = top + lanes.length * LANE_HEIGHT + MARGIN.bottom;
  const pxPerUnit = (width - MARGIN.left - MARGIN.right) / axis.width;
  const ticks = chooseTicks(axis, TICK_GAP_PX / pxPerUnit);
  const tickLabel = new Map(ticks.map((t) => [t.units, t.label]));
  const waits = lanes.filter((l) => l.runStart > l.waitStart);
  const holds = lanes.filter((l) => l.holdEnd !== null);
  const batches = lanes.flatMap((l) => l.batchTicks.map((t) => ({ lane: l, x: axis.toUnits(t) })));
  const labels = lanes.filter((l) => !l.control).map((l) => barLabel(l, axis, pxPerUnit, width));
  // A statement of a few microseconds still gets a visible sliver.
  const minBar = 2.5 / pxPerUnit;
  const runX2 = (l: Lane) => Math.max(axis.toUnits(l.runEnd), axis.toUnits(l.runStart) + minBar);

  const fig = Plot.plot({
    width,
    height,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    className: 'ls-plot',
    ariaLabel: 'Statements on the time axis',
    x: {
      domain: [0, axis.width],
      label: null,
    },
    y: { domain: keys, range: [top, top + lanes.length * LANE_HEIGHT], padding: 0, axis: null },
    marks: [
      // Alternate lane shading to guide the eye along a lane.
      Plot.barX(
        lanes.filter((_, i) => i % 2 === 1),
        { x1: 0, x2: axis.width, y: 'key', fill: 'var(--ls-lane-alt)', className: 'ls-lane-bg' },
      ),
      Plot.ruleX(
        axis.breaks.map((b) => axis.toUnits(b)),
        { stroke: 'var(--ls-break)', strokeDasharray: '2,3', className: 'ls-break' },
      ),
      Plot.barX(holds, {
        x1: (l: Lane) => axis.toUnits(l.runEnd),
        x2: (l: Lane) => axis.toUnits(l.holdEnd!),
        y: 'key',
        fill: (l: Lane) => BLOCKS_COLOR[l.holdBlocks],
        fillOpacity: 0.45,
        insetTop: 17,
        insetBottom: 17,
        className: 'ls-hold',
      }),
      Plot.barX(waits, {
        x1: (l: Lane) => axis.toUnits(l.waitStart),
        x2: (l: Lane) => axis.toUnits(l.runStart),
        y: 'key',
        fill: (l: Lane) => `url(#ls-hatch-${BLOCKS_CLASS[l.blocks]})`,
        stroke: (l: Lane) => BLOCKS_COLOR[l.blocks],
        strokeWidth: 1,
        insetTop: 10,
        insetBottom: 10,
        className: 'ls-wait',
      }),
      Plot.barX(lanes, {
        x1: (l: Lane) => axis.toUnits(l.runStart),
        x2: runX2,
        y: 'key',
        fill: (l: Lane) => (l.control ? 'var(--ls-control)' : BLOCKS_COLOR[l.blocks]),
        insetTop: 10,
        insetBottom: 10,
        rx: 2,
        className: 'ls-run',
      }),
      Plot.tickX(batches, {
        x: 'x',
        y: (b: { lane: Lane }) => b.lane.key,
        stroke: 'var(--ls-batch)',
        strokeWidth: 1,
        insetTop: 12,
        insetBottom: 12,
        className: 'ls-batch',
      }),
      Plot.text(
        labels.filter((l) => !l.inside && l.anchor === 'start'),
        { x: 'x', y: (l: BarLabel) => l.lane.key, text: 'text', textAnchor: 'start', dx: 5, fill: 'var(--ls-fg)', fontSize: 11, className: 'ls-label' },
      ),
      Plot.text(
        labels.filter((l) => !l.inside && l.anchor === 'end'),
        { x: 'x', y: (l: BarLabel) => l.lane.key, text: 'text', textAnchor: 'end', dx: -5, fill: 'var(--ls-fg)', fontSize: 11, className: 'ls-label' },
      ),
      Plot.text(
        labels.filter((l) => l.inside),
        {
          x: 'x',
          y: (l: BarLabel) => l.lane.key,
          text: 'text',
          textAnchor: 'end',
          dx: -5,
          fill: 'var(--ls-on-bar)',
          fontSize: 11,
          className: 'ls-label ls-label-inside',
        },
      ),
      Plot.text(
        lanes.filter((l) => l.failed),
        { x: (l: Lane) => axis.toUnits(l.runEnd), y: 'key', text: () => '✕', fill: 'var(--ls-error)', fontSize: 16, fontWeight: 'bold', className: 'ls-fail' },
      ),
      Plot.axisX({
        ticks: ticks.map((t) => t.units),
        tickFormat: (u: number) => tickLabel.get(u) ?? formatDuration(axis.toMs(u), 'tick'),
        tickSize: 4,
        stroke: 'var(--ls-muted)',
        fill: 'var(--ls-muted)',
        label: null,
      }),
    ],
  }) as SVGSVGElement;
  dropInlineStyle(fig);
  hatchDefs(fig);
  return fig;
}

function queuePlot(timeline: Timeline, lanes: readonly Lane[], axis: TimeAxis, width: number): SVGSVGElement | null {
  const points = queueSeries(timeline, lanes, axis.breaks);
  if (points.length === 0) return null;
  const peak = Math.max(...points.map((p) => p.queued));
  if (peak <= 0) return null;
  const data = points.map((p) => ({ x: axis.toUnits(p.ms), y: p.queued }));
  const fig = Plot.plot({
    width,
    height: QUEUE_HEIGHT,
    marginTop: 10,
    marginRight: MARGIN.right,
    marginBottom: 8,
    marginLeft: MARGIN.left,
    className: 'ls-plot',
    ariaLabel: `Queued queries over time, peak ${peak}`,
    x: { domain: [0, axis.width], axis: null },
    y: { domain: [0, peak], nice: false, axis: null },
    marks: [
      Plot.ruleX(
        axis.breaks.map((b) => axis.toUnits(b)),
        { stroke: 'var(--ls-break)', strokeDasharray: '2,3' },
      ),
      Plot.ruleY([0], { stroke: 'var(--ls-muted)', strokeOpacity: 0.5 }),
      Plot.areaY(data, { x: 'x', y: 'y', fill: 'var(--ls-queue)', fillOpacity: 0.3, className: 'ls-queue-area' }),
      Plot.lineY(data, { x: 'x', y: 'y', stroke: 'var(--ls-queue)', strokeWidth: 1.5 }),
    ],
  }) as SVGSVGElement;
  dropInlineStyle(fig);
  return fig;
}

export function renderChart(timeline: Timeline, initialWidth: number, callbacks: ChartCallbacks): RenderedChart {
  const lanes = lanesOf(timeline);
  const events = lanes.flatMap((l) => [l.waitStart, l.runStart, l.runEnd, ...(l.holdEnd !== null ? [l.holdEnd] : [])]);
  const axis = buildTimeAxis([...events, timeline.totalMs]);
  const tooltip = new Tooltip();

  const plotSlot = h('div', { class: 'ls-plot-slot' });
  const queueSlot = h('div', { class: 'ls-plot-slot' });
  const rows = h('div', { class: 'ls-rows', role: 'list', 'aria-label': 'Statements' });
  rows.style.top = `${MARGIN.top}px`;

  const buttons = lanes.map((lane, i) => {
    const d = describeLane(lane, timeline.assumptions);
    const sqlLine = lane.statement.sql.replace(/\s+/g, ' ').trim();
    const button = h(
      'button',
      {
        type: 'button',
        class: `ls-row ls-row-${BLOCKS_CLASS[lane.blocks]}${lane.control ? ' ls-row-control' : ''}`,
        role: 'listitem',
        'data-lane': lane.key,
        'aria-label': `${d.title}: ${sqlLine}. ${d.facts.map((f) => `${f.label}: ${f.value}`).join('. ')}`,
        'aria-describedby': tooltip.id,
        tabindex: i === 0 ? 0 : -1,
      },
      h(
        'span',
        { class: 'ls-row-label' },
        h('span', { class: 'ls-row-num' }, lane.key),
        h('span', { class: 'ls-row-text' }, h('span', { class: 'ls-row-sql' }, sqlLine), h('span', { class: 'ls-row-sub' }, laneSubtitle(lane))),
      ),
    );
    button.style.height = `${LANE_HEIGHT}px`;
    button.addEventListener('mouseenter', (e) => tooltip.show(d, button, e));
    button.addEventListener('mousemove', (e) => tooltip.move(e));
    button.addEventListener('mouseleave', () => tooltip.hide());
    button.addEventListener('focus', () => tooltip.show(d, button));
    button.addEventListener('blur', () => tooltip.hide());
    button.addEventListener('click', () => callbacks.onReveal?.(lane));
    button.addEventListener('keydown', (e) => {
      const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'Home' ? -Infinity : e.key === 'End' ? Infinity : 0;
      if (e.key === 'Escape') tooltip.hide();
      if (!move) return;
      e.preventDefault();
      const next = Math.min(Math.max(i + move, 0), lanes.length - 1);
      focusRow(next);
    });
    return button;
  });
  const focusRow = (i: number) => {
    buttons.forEach((b, j) => b.setAttribute('tabindex', j === i ? '0' : '-1'));
    buttons[i]?.focus();
  };
  rows.append(...buttons);
  if (!callbacks.onReveal) rows.classList.add('ls-rows-readonly');

  const lanesBlock = h('div', { class: 'ls-lanes' }, plotSlot, rows);
  const queueBlock = h(
    'div',
    { class: 'ls-queue' },
    h('div', { class: 'ls-queue-label' }, h('span', { class: 'ls-queue-title' }, 'Queries queued'), h('span', { class: 'ls-queue-peak' })),
    queueSlot,
  );
  const caption = h(
    'p',
    { class: 'ls-axis-note' },
    'Time since the migration starts. Piecewise scale: each span between two events (dashed lines) is drawn with a width that grows with the logarithm of its length, and runs linearly inside, so microseconds and hours both stay readable. Tick labels are real elapsed times.',
  );
  const element = h('section', { class: 'ls-chart', 'aria-label': 'Timeline' }, lanesBlock, queueBlock, caption, tooltip.element);

  const resize = (total: number) => {
    const labelWidth = Math.min(340, Math.max(220, Math.round(total * 0.3)));
    const width = Math.max(320, total - labelWidth);
    element.style.setProperty('--ls-label-width', `${labelWidth}px`);
    plotSlot.replaceChildren(lanesPlot(lanes, axis, width));
    const q = queuePlot(timeline, lanes, axis, width);
    queueBlock.hidden = q === null;
    queueSlot.replaceChildren(...(q ? [q] : []));
    const peak = queueSeries(timeline, lanes, axis.breaks).reduce((m, p) => Math.max(m, p.queued), 0);
    queueBlock.querySelector('.ls-queue-peak')!.textContent = `peak ${Math.round(peak).toLocaleString('en-US')}`;
  };
  resize(initialWidth);
  return { element, resize };
}
