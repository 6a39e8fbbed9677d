import type { Severity } from '../types';
import type { FileReport, SkippedFile } from './types';

export interface TextStyle {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly severity: (sev: Severity, s: string) => string;
}

export const PLAIN_STYLE: TextStyle = { bold: (s) => s, dim: (s) => s, severity: (_sev, s) => s };

/**
 * Human-readable output grouped by file: position, severity, message, rule id, then the
 * suggested alternative indented beneath. Ends with a one-line count.
 */
export function formatText(reports: readonly FileReport[], skipped: readonly SkippedFile[], style: TextStyle = PLAIN_STYLE): string {
  const out: string[] = [];
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    out.push(style.bold(r.path));
    for (const f of r.findings) {
      const pos = `${f.range.start.line}:${f.range.start.column}`.padEnd(7);
      out.push(`  ${pos} ${style.severity(f.severity, f.severity.padEnd(7))} ${f.message}  ${style.dim(f.ruleId)}`);
      if (f.help) out.push(`          ${style.dim(`→ ${f.help}`)}`);
    }
    out.push('');
  }
  for (const s of skipped) out.push(style.dim(`skipped ${s.path}: ${s.reason}`));
  if (skipped.length) out.push('');
  const count = (sev: Severity): number => reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === sev).length, 0);
  const [errors, warnings, infos] = [count('error'), count('warning'), count('info')];
  const total = errors + warnings + infos;
  const files = reports.length;
  out.push(
    total === 0
      ? `No problems in ${files} file${files === 1 ? '' : 's'}.`
      : `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''}) in ${files} file${files === 1 ? '' : 's'}.`,
  );
  return `${out.join('\n')}\n`;
}
