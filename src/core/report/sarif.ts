import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES } from '../rules';
import { docsUrl } from '../rules/types';
import type { Severity } from '../types';
import type { FileReport } from './types';

const LEVEL: Readonly<Record<Severity, Result.level>> = { error: 'error', warning: 'warning', info: 'note' };

const BUILTIN_DESCRIPTORS: readonly ReportingDescriptor[] = [
  { id: 'syntax-error', shortDescription: { text: 'The statement does not parse in the configured dialect.' }, helpUri: docsUrl('syntax-error') },
  { id: 'invalid-ignore', shortDescription: { text: 'A lockstep-ignore directive is malformed or unused.' }, helpUri: docsUrl('invalid-ignore') },
  { id: 'not-analysed', shortDescription: { text: 'A schema-builder call whose SQL is not known was not checked.' }, helpUri: docsUrl('not-analysed') },
];

/** SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it. */
function toSarif(reports: readonly FileReport[], toolVersion: string): Log {
  const rules: ReportingDescriptor[] = [
    ...RULES.map((r) => ({
      id: r.meta.id,
      shortDescription: { text: r.meta.description },
      helpUri: docsUrl(r.meta.id),
      defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity], ...(r.meta.optIn ? { enabled: false } : {}) },
    })),
    ...BUILTIN_DESCRIPTORS,
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
      level: LEVEL[f.severity],
      message: { text: f.help ? `${f.message} ${f.help}` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(r.path) },
            region: {
              startLine: f.range.start.line,
              startColumn: f.range.start.column,
              endLine: f.range.end.line,
              endColumn: f.range.end.column,
            },
          },
        },
      ],
    })),
  );
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'lockstep', version: toolVersion, informationUri: 'https://github.com/lockstep-dev/lockstep', rules } }, results }],
  };
}

export function formatSarif(reports: readonly FileReport[], toolVersion: string): string {
  return `${JSON.stringify(toSarif(reports, toolVersion), null, 2)}\n`;
}

/**
 * A SARIF artifact URI for a file path: a relative reference for a relative path, a
 * `file:` URI for an absolute one, each segment percent-encoded (spaces, `#`, `%`, `?` and
 * a `:` that would read as a scheme otherwise break viewers' links).
 */
export function artifactUri(path: string): string {
  const parts = path.split('\\').join('/').split('/');
  const drive = /^[A-Za-z]:$/.test(parts[0] ?? '');
  const encoded = parts.map((p, i) => (i === 0 && drive ? p : encodeURIComponent(p))).join('/');
  if (drive) return `file:///${encoded}`;
  if (path.startsWith('/')) return `file://${encoded}`;
  return encoded;
}
