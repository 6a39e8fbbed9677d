/**
 * The assumptions behind the prediction, editable in the panel: production row counts,
 * sample size, workload, target version and calibration profile. "Re-run" sends them back
 * to the extension; the read-only report shows the same values without the controls.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { RerunRequest } from '../src/extension/panel/protocol';
import type { Timeline } from '../src/core/simulate/timeline';
import { h } from './dom';
import { DIALECT_NAMES } from '../src/core/types';

/** PostgreSQL majors the engine facts cover. */
const TARGET_VERSIONS = [11, 12, 13, 14, 15, 16, 17, 18] as const;

interface Field {
  readonly read: () => number | string;
}

let fieldCounter = 0;

function numberField(label: string, value: number, readOnly: boolean, min = 0): { row: HTMLElement; field: Field } {
  const id = `ls-field-${++fieldCounter}`;
  const input = h('vscode-textfield', { id, type: 'number', min, value: String(value), readonly: readOnly });
  (input as unknown as { value: string }).value = String(value);
  const row = h('div', { class: 'ls-field' }, h('vscode-label', { for: id }, label), input);
  return {
    row,
    field: {
      read: () => {
        const n = Number((input as unknown as { value: string }).value);
        return Number.isFinite(n) && n >= min ? Math.round(n) : value;
      },
    },
  };
}

export function renderAssumptions(timeline: Timeline, options: { readOnly: boolean; onRerun?: (r: RerunRequest) => void }): HTMLElement {
  const a = timeline.assumptions;
  const ro = options.readOnly;
  const tables = Object.entries(a.tables).map(([name, t]) => ({ name, ...numberField(`${name} rows`, t.rows, ro) }));
  const sample = numberField('Sample rows per table', a.sampleRows, ro, 1);
  const wl = a.workload.default;
  const reads = numberField('Reads per second', wl.readsPerSecond, ro);
  const writes = numberField('Writes per second', wl.writesPerSecond, ro);
  const queryMs = numberField('Typical query (ms)', wl.queryMs, ro);
  const longest = numberField('Longest open transaction (ms)', wl.longestTransactionMs, ro);

  const versionId = `ls-field-${++fieldCounter}`;
  const versions = TARGET_VERSIONS.includes(a.targetVersion as (typeof TARGET_VERSIONS)[number]) ? TARGET_VERSIONS : [...TARGET_VERSIONS, a.targetVersion];
  // Other engines keep the configured version: the choices here are PostgreSQL's.
  const dialect = a.dialect ?? 'postgresql';
  const select =
    dialect === 'postgresql'
      ? h(
          'vscode-single-select',
          { id: versionId, disabled: ro },
          ...versions.map((v) => h('vscode-option', { value: String(v), selected: v === a.targetVersion }, `PostgreSQL ${v}`)),
        )
      : h(
          'vscode-single-select',
          { id: versionId, disabled: true },
          h('vscode-option', { value: String(a.targetVersion), selected: true }, `${DIALECT_NAMES[dialect]} ${a.targetVersionText ?? a.targetVersion}`),
        );
  const profileId = `ls-field-${++fieldCounter}`;
  const profile = h('vscode-textfield', { id: profileId, value: a.profile.name, readonly: ro });
  (profile as unknown as { value: string }).value = a.profile.name;

  const group = (title: string, ...rows: HTMLElement[]) => h('fieldset', { class: 'ls-group' }, h('legend', {}, title), ...rows);
  const form = h(
    'div',
    { class: 'ls-assumptions-grid' },
    group('Production rows', ...tables.map((t) => t.row)),
    group('Simulation', sample.row, h('div', { class: 'ls-field' }, h('vscode-label', { for: versionId }, 'Target version'), select)),
    group('Workload (default for every table)', reads.row, writes.row, queryMs.row, longest.row),
    group(
      'Calibration',
      h('div', { class: 'ls-field' }, h('vscode-label', { for: profileId }, 'Profile'), profile),
      h('p', { class: 'ls-note' }, `Measured on ${a.profile.server}, ${a.profile.createdAt.slice(0, 10)}.`),
    ),
  );

  const footer = ro
    ? h('p', { class: 'ls-note' }, 'Read-only report. Change these in lockstep.config.json or on the command line and simulate again.')
    : (() => {
        const button = h('vscode-button', { class: 'ls-rerun' }, 'Re-run simulation');
        button.addEventListener('click', () => {
          const rows: Record<string, number> = {};
          for (const t of tables) rows[t.name] = Number(t.field.read());
          options.onRerun?.({
            rows,
            sampleRows: Number(sample.field.read()),
            targetVersion: Number((select as unknown as { value: string }).value) || a.targetVersion,
            workload: {
              readsPerSecond: Number(reads.field.read()),
              writesPerSecond: Number(writes.field.read()),
              queryMs: Number(queryMs.field.read()),
              longestTransactionMs: Number(longest.field.read()),
            },
            profile: String((profile as unknown as { value: string }).value || a.profile.name),
          });
        });
        return h('div', { class: 'ls-actions-row' }, button);
      })();

  return h('vscode-collapsible', { class: 'ls-assumptions', heading: 'Assumptions', open: true }, h('div', { class: 'ls-assumptions-body' }, form, footer));
}
