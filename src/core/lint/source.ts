import type { ResolvedConfig } from '../config/types';
import { lintParsedFile, type LintResult, type StatementSummary } from './linter';
import type { Finding } from '../rules/types';
import { DOCS_BASE } from '../rules/types';
import type { CostProfile } from '../engines/postgres/cost-model';
import { LineIndex } from '../sql/positions';
import type { DialectParser, ParsedFile, ParsedStatement } from '../sql/statement';
import type { QualifiedName } from '../operations';
import type { Catalog } from './catalog';
import type { HostComment, HostSpan, MigrationSource, SourceAdapter, SourceStatement } from '../sources/adapter';

/** Finding id for calls an adapter did not translate; information only. */
const NOT_ANALYSED = 'not-analysed';
const SOURCES_DOCS = DOCS_BASE.replace(/rules\/$/, 'frameworks.md');

export interface LintSourceOptions {
  readonly fileName?: string;
  readonly config: ResolvedConfig;
  readonly profile?: CostProfile;
  /** Tables created by calls that were not translated, at their host offsets: later statements on them touch a new, empty table. */
  readonly newTables?: readonly { readonly table: QualifiedName; readonly offset: number }[];
  /** The schema the earlier migrations leave. */
  readonly catalog?: Catalog;
}

/** A stretch of the SQL handed to the linter, and where it came from in the host file. */
interface Segment {
  readonly from: number;
  readonly to: number;
  readonly host: HostSpan;
  /** Host offset per character (raw SQL, comments); absent: everything maps to `host`. */
  readonly offsets?: readonly number[];
  /** A syntax error here is the user's to fix (exact raw SQL), not an artefact of translation. */
  readonly exact: boolean;
}

/**
 * Lints a migration written in a framework's language: the forward statements of its
 * {@link MigrationSource} are linted as one SQL file, in order, with the runner's
 * transaction, and every finding is moved back onto the host code: the DSL call that emits
 * the statement, or the exact characters of a raw SQL string. `# lockstep-ignore` comments
 * above a call work as in SQL files; statements inside a framework safety annotation are
 * shown as suppressed (information), and an annotation without a reason is reported.
 */
export function lintSource(adapter: SourceAdapter, text: string, parser: DialectParser, options: LintSourceOptions): LintResult {
  const source = adapter.read({ ...(options.fileName ? { path: options.fileName } : {}), text }, { dialect: options.config.dialect });
  const result = lintMigrationSource(text, source, parser, options);
  if (!adapter.advice) return result;
  // Only translated calls get framework advice; raw SQL keeps the rule's SQL advice.
  const raw = source.statements.filter((s) => s.kind === 'raw');
  const inRaw = (offset: number): boolean => raw.some((s) => offset >= s.range.start && offset < s.range.end);
  const findings = result.findings.map((f) => {
    const help = inRaw(f.range.start.offset) ? undefined : adapter.advice!(f.ruleId);
    return help ? { ...f, help } : f;
  });
  return { ...result, findings };
}

export function lintMigrationSource(text: string, source: MigrationSource, parser: DialectParser, options: LintSourceOptions): LintResult {
  const lines = new LineIndex(text);
  const { sql, segments } = assemble(text, source, lines);
  const config: ResolvedConfig = options.config.transactional !== undefined ? options.config : { ...options.config, transactional: source.transactional };
  const file = parser.parse(sql);
  // A host offset becomes an SQL offset just before the first statement at or after it (the linter marks tables new before statements that start after the offset).
  const newTables = (options.newTables ?? []).map((n) => ({
    table: n.table,
    offset: (segments.find((s) => s.host.start >= n.offset)?.from ?? sql.length) - 1,
  }));
  const result = lintParsedFile(file, {
    config,
    ...(newTables.length > 0 ? { newTables } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });

  const segmentAt = (offset: number): Segment | undefined => segments.find((s) => offset >= s.from && offset < s.to) ?? segments.find((s) => offset === s.to);
  const toHost = (start: number, end: number): HostSpan => {
    const seg = segmentAt(start);
    if (!seg) return { start: 0, end: 0 };
    if (!seg.offsets) return seg.host;
    const at = (o: number) => seg.offsets![Math.max(0, Math.min(o - seg.from, seg.offsets!.length - 1))]!;
    const s = at(start);
    return { start: s, end: Math.max(s + 1, at(Math.min(end, seg.to))) };
  };
  const range = (span: HostSpan) => lines.range(span.start, Math.min(span.end, text.length));

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const f of result.findings) {
    const seg = segmentAt(f.range.start.offset);
    // Translated SQL that fails to parse is a gap in the translation, not the user's SQL.
    if (f.ruleId === 'syntax-error' && !seg?.exact) continue;
    const host = toHost(f.range.start.offset, f.range.end.offset);
    // One call emitting several statements can draw the same finding twice at the same place.
    const key = `${f.ruleId}\u0000${host.start}\u0000${host.end}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { fix: _sqlEdits, ...rest } = f;
    findings.push({ ...rest, range: range(host) });
  }

  const annotated = findings.map((f) => {
    if (f.ruleId === 'syntax-error' || f.ruleId === 'invalid-ignore') return f;
    const by = source.annotations.find((a) => f.range.start.offset >= a.range.start && f.range.start.offset < a.range.end);
    return by ? { ...f, severity: 'info' as const, message: `Suppressed by ${by.name}: ${f.message}` } : f;
  });
  for (const a of source.annotations) {
    if (a.reason !== '') continue;
    annotated.push({
      ruleId: 'invalid-ignore',
      messageId: 'missingReason',
      severity: 'warning',
      message: `${a.name} needs a reason: say in a comment above it why this is safe here, so reviewers know why the risk is acceptable.`,
      help: `Write \`# <why this is safe here>\` on the line above \`${a.name}\`.`,
      range: range(a.head),
      statementIndex: -1,
      docsUrl: DOCS_BASE + 'invalid-ignore.md',
    });
  }
  for (const n of source.notes) {
    annotated.push({
      ruleId: NOT_ANALYSED,
      messageId: 'notAnalysed',
      severity: 'info',
      message: n.message,
      help: 'Lockstep checks the SQL it can translate; run the statements this call emits through `lockstep lint` as SQL to check them.',
      range: range(n.range),
      statementIndex: -1,
      docsUrl: SOURCES_DOCS,
    });
  }
  for (const e of source.errors) {
    annotated.push({
      ruleId: 'syntax-error',
      messageId: 'syntaxError',
      severity: 'error',
      message: `This file cannot be parsed: ${e.message}. The statements before and after it were still checked.`,
      help: 'Fix the syntax of the migration file.',
      range: range({ start: e.start, end: Math.max(e.end, e.start + 1) }),
      statementIndex: -1,
      docsUrl: DOCS_BASE + 'syntax-error.md',
    });
  }
  annotated.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));

  const statements: ParsedStatement[] = file.statements.map((st) => {
    const host = toHost(st.start, st.end);
    const { error, ...rest } = st;
    const exact = segmentAt(st.start)?.exact ?? false;
    return { ...rest, start: host.start, end: host.end, range: range(host), ...(error && exact ? { error } : {}) };
  });
  const summaries: StatementSummary[] = result.statements.map((s, i) => ({ ...s, range: statements[i]?.range ?? s.range }));
  const hostFile: ParsedFile = { dialect: file.dialect, text, lines, statements, comments: [] };
  return { file: hostFile, findings: annotated, statements: summaries };
}

/** The forward statements as one SQL text, with `lockstep-ignore` directives placed before the statements they sit above. */
function assemble(text: string, source: MigrationSource, lines: LineIndex): { sql: string; segments: Segment[] } {
  let sql = '';
  const segments: Segment[] = [];
  const add = (piece: string, host: HostSpan, offsets: readonly number[] | undefined, exact: boolean): void => {
    segments.push({ from: sql.length, to: sql.length + piece.length, host, ...(offsets ? { offsets } : {}), exact });
    sql += piece;
  };
  const directives = source.comments.filter((c) => /^\s*lockstep-ignore/.test(c.body));
  const directive = (c: HostComment): void => {
    const body = c.body.trim();
    const lead = c.body.length - c.body.trimStart().length;
    const bodyStart = c.range.end - c.body.length + lead;
    // `-- ` stands where the host's comment marker was; the directive's own text maps 1:1.
    const offsets = [c.range.start, c.range.start, c.range.start, ...Array.from({ length: body.length + 1 }, (_, i) => bodyStart + i)];
    add(`-- ${body}`, c.range, offsets, true);
    add('\n', c.range, undefined, false);
  };
  for (const c of directives) if (/^\s*lockstep-ignore-file\b/.test(c.body)) directive(c);

  const nearby = directivesNear(
    directives.filter((c) => !/^\s*lockstep-ignore-file\b/.test(c.body)),
    text,
    lines,
  );
  const forward = source.statements.filter((s) => s.direction === 'forward');
  for (const s of forward) {
    for (const c of nearby(s)) directive(c);
    // trimEnd, not /\s+$/: the regex rescans every run of whitespace that is not at the end.
    const body = s.sql.trimEnd();
    add(body, s.range, s.offsets, s.kind === 'raw' && !s.inexact);
    add(body.endsWith(';') ? '\n' : ';\n', { start: s.range.end, end: s.range.end }, undefined, false);
  }
  return { sql, segments };
}

/**
 * The directive comments that apply to a statement, in file order: those on the lines right
 * above its call (only comments and blank lines between) and those trailing its last line.
 * Directives are searched by offset and each gap of lines is checked once per statement,
 * so thousands of stacked directives cost linear time, not quadratic.
 */
function directivesNear(directives: readonly HostComment[], text: string, lines: LineIndex): (s: SourceStatement) => HostComment[] {
  const sorted = [...directives].sort((a, b) => a.range.start - b.range.start);
  const starts = sorted.map((c) => c.range.start);
  const lineOf = sorted.map((c) => lines.position(c.range.start).line);
  const quiet = (l: number): boolean => {
    const t = text.slice(lines.lineStart(l), lines.lineStart(l + 1)).trim();
    return t === '' || t.startsWith('#') || t.startsWith('//');
  };
  return (s) => {
    const first = lines.position(lineStartOfCall(s, text, lines)).line;
    const last = lines.position(s.range.end).line;
    const above: HostComment[] = [];
    // Nearest first: once a line of code separates a directive from the call, every directive above it is cut off too.
    let clean = first; // lines clean … first-1 hold only comments or blanks
    for (let k = lowerBound(starts, lines.lineStart(first)) - 1; k >= 0; k--) {
      const line = lineOf[k]!;
      while (clean - 1 > line && quiet(clean - 1)) clean--;
      if (clean - 1 > line) break;
      above.push(sorted[k]!);
    }
    above.reverse();
    for (let k = lowerBound(starts, s.range.end); k < sorted.length && lineOf[k] === last; k++) above.push(sorted[k]!);
    return above;
  };
}

/** Index of the first value not below `x` (values ascending). */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineStartOfCall(s: SourceStatement, _text: string, lines: LineIndex): number {
  return lines.lineStart(lines.position(s.range.start).line);
}
