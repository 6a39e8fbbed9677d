import type { FileReport } from './types';

/** The stable, flat JSON shape: one object per finding, 1-based positions. */
interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly help?: string;
}

function toJsonFindings(reports: readonly FileReport[]): JsonFinding[] {
  return reports.flatMap((r) =>
    r.findings.map((f) => ({
      file: r.path,
      line: f.range.start.line,
      column: f.range.start.column,
      endLine: f.range.end.line,
      endColumn: f.range.end.column,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...(f.help ? { help: f.help } : {}),
    })),
  );
}

export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify(toJsonFindings(reports), null, 2)}\n`;
}
