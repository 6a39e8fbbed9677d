/**
 * Hover text for a statement: its lock, what that blocks, the work it does, the estimate at
 * the configured size, then each finding with its safe alternative. Returns Markdown.
 */
import type { Cost, Finding } from '../core/rules/types';
import { ruleDocsLink } from './diagnosticData';
import { blocksPhrase, estimatePhrase, lockName, workPhrase } from './format';

/** Escape text for Markdown so SQL identifiers cannot inject links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** Rule messages may quote SQL in `backticks`: keep those spans, escape everything else. */
export function inlineText(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

function code(text: string): string {
  // A code span cannot be broken out of when it uses more backticks than the text holds.
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

function costLines(cost: Cost): string[] {
  const lines = [`**Lock:** ${code(lockName(cost.lock))} on ${code(cost.table)}: ${blocksPhrase(cost.blocks)} while held.`, `**Work:** ${workPhrase(cost)}.`];
  const estimate = estimatePhrase(cost);
  if (estimate) lines.push(`**Estimate:** ${estimate}.`);
  else if (cost.rewrite || cost.scans > 0) {
    lines.push(`**Estimate:** set ${code(`tables.${cost.table}.rows`)} in lockstep.config.json for a time estimate.`);
  }
  return lines;
}

/**
 * The editor already shows each diagnostic's message in the same hover, so a finding adds
 * only what to do instead, with its rule page.
 */
function findingLines(finding: Finding): string[] {
  const rule = `[${escapeMarkdown(finding.ruleId)}](${ruleDocsLink(finding.ruleId)})`;
  return [finding.help ? `**Safe alternative** (${rule}): ${inlineText(finding.help)}` : `**Rule:** ${rule}`];
}

/**
 * The whole hover. `verdict` is the statement's cost; a finding's own cost replaces it when
 * the statement has none (for example a rule that knows more than the summary).
 */
export function hoverMarkdown(verdict: Cost | undefined, findings: readonly Finding[]): string | undefined {
  const cost = verdict ?? findings.find((f) => f.cost)?.cost;
  if (!cost && findings.length === 0) return undefined;
  const blocks: string[] = [];
  if (cost) blocks.push(costLines(cost).join('  \n'));
  for (const f of findings) blocks.push(findingLines(f).join('  \n'));
  return `**Lockstep**\n\n${blocks.join('\n\n---\n\n')}`;
}
