/** Finding → the plain shape of an editor diagnostic (0-based positions), without `vscode`. */
import type { Finding } from '../core/rules/types';
import type { Range } from '../core/types';
import { COMMANDS } from './commandIds';

export const DIAGNOSTIC_SOURCE = 'lockstep';

interface ZeroBasedRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface DiagnosticData {
  readonly range: ZeroBasedRange;
  readonly message: string;
  readonly severity: Finding['severity'];
  readonly code: { readonly value: string; readonly target: string };
  readonly source: typeof DIAGNOSTIC_SOURCE;
}

/**
 * Where a rule id links to in the editor: the command that opens the rule's page shipped
 * inside the extension in the Markdown preview, so it works offline and never asks to open
 * an external website. The Problems view and hovers open command links.
 */
export function ruleDocsLink(ruleId: string): string {
  return `command:${COMMANDS.openRuleDocs}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

/** The core counts lines and columns from 1 in UTF-16 units; editors count from 0. */
function zeroBased(range: Range): ZeroBasedRange {
  return {
    startLine: range.start.line - 1,
    startCharacter: range.start.column - 1,
    endLine: range.end.line - 1,
    endCharacter: range.end.column - 1,
  };
}

export function diagnosticData(finding: Finding): DiagnosticData {
  return {
    range: zeroBased(finding.range),
    message: finding.message,
    severity: finding.severity,
    code: { value: finding.ruleId, target: ruleDocsLink(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
  };
}

/** Offsets of `[start, end)` overlap `[from, to]` (touching counts, as a cursor at an edge does). */
export function overlaps(start: number, end: number, from: number, to: number): boolean {
  return start <= to && from <= end;
}
