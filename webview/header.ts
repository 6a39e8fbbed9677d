/** The verdict at the top: the headline and the five figures a reviewer asks for first. */
import { formatCount, formatDuration } from '../src/core/quantities';
import { verdictOf, type LockTimeoutOutcome, type LongestHold, type Verdict } from '../src/core/report/verdict';
import type { Timeline } from '../src/core/simulate/timeline';
import { DIALECT_NAMES } from '../src/core/types';
import { h } from './dom';

const SEVERITY_WORD = { ok: 'Safe', caution: 'Caution', danger: 'Danger' } as const;

function engineText(a: Timeline['assumptions']): string {
  switch (a.engine.kind) {
    case 'pglite':
      return `simulated on embedded PostgreSQL ${a.engine.version}`;
    case 'server':
      return `traced on a real server (${a.engine.version}), rolled back`;
    case 'sqljs':
      return `simulated on embedded SQLite ${a.engine.version}`;
    case 'facts':
      return 'predicted from engine facts (nothing was run)';
  }
}

function holdText(hold: LongestHold | null, stronger: LongestHold | null = null): { value: string; detail: string } {
  if (!hold && stronger) return { value: 'only with reads', detail: 'no lock stops writes alone' };
  if (!hold) return { value: 'never', detail: 'no statement takes such a lock' };
  return { value: formatDuration(hold.ms), detail: `statement ${hold.statement + 1} · ${hold.relation}` };
}

function timeoutText(t: LockTimeoutOutcome): { value: string; detail: string } {
  switch (t.kind) {
    case 'unset':
      return { value: 'not set', detail: 'a blocked lock request waits forever' };
    case 'not-fired':
      return { value: 'does not fire', detail: `${formatDuration(t.timeoutMs)} limit` };
    case 'retried':
      return { value: 'fires, retried', detail: `statement ${t.statement + 1} succeeds on attempt ${t.attempts}` };
    case 'gave-up':
      return { value: 'fires, gives up', detail: `statement ${t.statement + 1} after ${t.attempts} attempt(s)` };
  }
}

function figure(label: string, value: string, detail: string, tone: 'neutral' | 'rw' | 'w' | 'queue' | 'warn'): HTMLElement {
  return h(
    'div',
    { class: `ls-figure ls-tone-${tone}`, role: 'group', 'aria-label': label },
    h('div', { class: 'ls-figure-label' }, label),
    h('div', { class: 'ls-figure-value' }, value),
    h('div', { class: 'ls-figure-detail' }, detail),
  );
}

export function renderHeader(timeline: Timeline, sourceLabel: string): { element: HTMLElement; verdict: Verdict } {
  const v = verdictOf(timeline);
  const rw = holdText(v.readsWritesBlocked);
  const w = holdText(v.writesBlocked, v.readsWritesBlocked);
  const to = timeoutText(v.lockTimeout);
  const queued = v.queuedReads + v.queuedWrites;
  const a = timeline.assumptions;
  const element = h(
    'header',
    { class: `ls-header ls-sev-${v.severity}` },
    h(
      'div',
      { class: 'ls-headline' },
      h('span', { class: 'ls-sev', 'data-severity': v.severity }, SEVERITY_WORD[v.severity]),
      h('h1', { class: 'ls-title' }, v.headline),
    ),
    h(
      'p',
      { class: 'ls-subtitle' },
      h('span', { class: 'ls-file' }, sourceLabel),
      ` · ${DIALECT_NAMES[a.dialect ?? 'postgresql']} ${a.targetVersionText ?? a.targetVersion} · ${timeline.statements.length} statements · ${engineText(a)}`,
    ),
    h(
      'div',
      { class: 'ls-figures' },
      figure('Total time', formatDuration(v.totalMs), `${timeline.statements.length} statements`, 'neutral'),
      figure('Reads + writes blocked', rw.value, rw.detail, v.readsWritesBlocked ? 'rw' : 'neutral'),
      figure('Writes blocked', w.value, w.detail, v.writesBlocked ? 'w' : 'neutral'),
      figure(
        'Queries queued',
        formatCount(queued),
        queued ? `${formatCount(v.queuedReads)} reads, ${formatCount(v.queuedWrites)} writes; peak ${formatCount(v.peakQueued)}` : 'none',
        queued ? 'queue' : 'neutral',
      ),
      figure('lock_timeout', to.value, to.detail, v.lockTimeout.kind === 'gave-up' || v.lockTimeout.kind === 'unset' ? 'warn' : 'neutral'),
    ),
  );
  return { element, verdict: v };
}

export function renderLegend(): HTMLElement {
  const item = (swatch: string, text: string) => h('li', {}, h('span', { class: `ls-swatch ${swatch}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'ls-legend', 'aria-label': 'Legend' },
    item('ls-sw-rw', 'Lock blocks reads + writes'),
    item('ls-sw-w', 'Lock blocks writes'),
    item('ls-sw-none', 'Lock blocks nothing'),
    item('ls-sw-wait', 'Waiting for the lock (queries queue behind it)'),
    item('ls-sw-hold', 'Lock held until commit'),
    item('ls-sw-batch', 'Backfill batch'),
    item('ls-sw-queue', 'Queued queries'),
  );
}
