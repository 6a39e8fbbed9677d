import type { Severity } from '../types';
import type { FileReport } from './types';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping: property values and messages have their own rules. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations (`::error file=…,line=…::message`), one per finding. */
export function formatGithub(reports: readonly FileReport[]): string {
  const lines = reports.flatMap((r) =>
    r.findings.map((f) => {
      const props = [
        `file=${escapeProperty(r.path)}`,
        `line=${f.range.start.line}`,
        `col=${f.range.start.column}`,
        `endLine=${f.range.end.line}`,
        `endColumn=${f.range.end.column}`,
        `title=${escapeProperty(`lockstep(${f.ruleId})`)}`,
      ].join(',');
      const text = f.help ? `${f.message}\n${f.help}` : f.message;
      return `::${COMMAND[f.severity]} ${props}::${escapeData(text)}`;
    }),
  );
  return lines.length ? `${lines.join('\n')}\n` : '';
}
