/** The status bar summary of one file: how many findings, and the strongest lock it takes. */
import type { Cost, Finding } from '../core/rules/types';
import { blocksPhrase, lockName, worstCost } from './format';

export interface StatusSummary {
  readonly text: string;
  readonly tooltip: string;
  readonly severity: 'error' | 'warning' | 'ok';
}

/** `detail` is an extra tooltip line (the dialect and why). */
export function statusSummary(findings: readonly Finding[], verdicts: readonly (Cost | undefined)[], detail?: string): StatusSummary {
  const costs = [...verdicts, ...findings.map((f) => f.cost)].filter((c): c is Cost => c !== undefined);
  const worst = worstCost(costs);
  const n = findings.length;
  const icon = n === 0 ? '$(check)' : findings.some((f) => f.severity === 'error') ? '$(error)' : '$(warning)';
  const count = n === 0 ? 'no findings' : n === 1 ? '1 finding' : `${n} findings`;
  const text = `${icon} Lockstep: ${n}${worst ? ` · ${lockName(worst.lock)}` : ''}`;
  const tooltip = [
    `Lockstep: ${count} in this file.`,
    worst ? `Strongest lock: ${lockName(worst.lock)} on ${worst.table} (${blocksPhrase(worst.blocks)}).` : 'No table locks taken.',
    ...(detail ? [detail] : []),
    'Click to open the Problems panel.',
  ].join('\n');
  const severity = n === 0 ? 'ok' : findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
  return { text, tooltip, severity };
}
