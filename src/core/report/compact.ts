import type { FileReport } from './types';

/**
 * One line per finding, `path:line:column: severity: message [rule-id]`, the shape compilers
 * print and editors' problem matchers read (the extension contributes `$lockstep` for it).
 * Messages are one line: a line break inside one would end the match.
 */
export function formatCompact(reports: readonly FileReport[]): string {
  const lines = reports.flatMap((r) =>
    r.findings.map((f) => `${r.path}:${f.range.start.line}:${f.range.start.column}: ${f.severity}: ${oneLine(f.message)} [${f.ruleId}]`),
  );
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}
