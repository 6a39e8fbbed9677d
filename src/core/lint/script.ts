import type { ResolvedConfig } from '../config/types';
import type { Deadline } from '../deadline';
import type { QualifiedName } from '../operations';
import { docsUrl, type Finding, type Fix } from '../rules/types';
import type { CostProfile } from '../engines/postgres/cost-model';
import { withRunner } from '../sources';
import type { BuilderCall } from '../sources/builders';
import { extractSql, type ExtractedSql, type SqlSource } from '../sources/extract';
import { readScript } from '../sources/script-source';
import type { DialectParser, ParsedFile } from '../sql/statement';
import type { Dialect } from '../types';
import { lintParsedFile, type LintResult } from './linter';
import type { Catalog } from './catalog';
import { lintMigrationSource } from './source';

export interface LintScriptOptions {
  readonly config: ResolvedConfig;
  readonly profile?: CostProfile;
  readonly deadline?: Deadline;
  /** The schema the earlier migrations leave. */
  readonly catalog?: Catalog;
}

/**
 * Lints the SQL inside a JavaScript/TypeScript migration. Findings point into the host
 * file. Syntax errors are reported only for SQL that is exactly what runs (a literal
 * passed to a runner call, without substitutions): elsewhere a placeholder or a literal
 * that merely looked like SQL may be at fault, not the user's SQL. Fixes are kept only
 * when every edit lands inside a literal and keeps it a valid literal.
 */
export function lintScript(text: string, parser: DialectParser, options: LintScriptOptions): LintResult {
  const extracted = extractSql(text, { dialect: options.config.dialect });
  const runner =
    extracted.transactional !== undefined
      ? { transactional: extracted.transactional, ...(extracted.framework?.convention ? { convention: extracted.framework.convention } : {}) }
      : undefined;
  const config = withRunner(options.config, runner);
  // Builder calls are translated for PostgreSQL; other files keep the direct path below.
  const source = options.config.dialect === 'postgresql' && extracted.builders.length > 0 ? readScript(text, options.config.dialect, extracted) : undefined;
  if (source?.translated) {
    return lintMigrationSource(text, { ...source, transactional: config.transactional ?? extracted.transactional ?? false }, parser, {
      config,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.catalog ? { catalog: options.catalog } : {}),
      newTables: newTablesOf(source.untranslated.map((u) => u.call)),
    });
  }
  const timed = options.deadline ? { deadline: options.deadline } : {};
  const file = parser.parse(extracted.sql, timed);
  const newTables = newTablesOf(extracted.builders);
  const result = lintParsedFile(file, {
    config,
    newTables,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...timed,
  });
  const findings = [...result.findings.flatMap((f) => hostFinding(f, file, extracted, text)), ...extracted.builders.map((b) => notAnalysed(b, file))];
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
  return { ...result, findings };
}

/** Tables created by builder calls that were not translated: later SQL on them touches a new, empty table. */
function newTablesOf(calls: readonly BuilderCall[]): { table: QualifiedName; offset: number }[] {
  return calls.flatMap((call) => (call.createsTable ? [{ table: qualified(call.createsTable), offset: call.start }] : []));
}

/** `schema.table` → its parts; a builder's table name is never quoted. */
function qualified(name: string): QualifiedName {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), name: name.slice(dot + 1) } : { name };
}

/** A builder call Lockstep does not translate: said plainly, at the call, instead of guessing its SQL. */
function notAnalysed(call: BuilderCall, file: ParsedFile): Finding {
  return {
    ruleId: 'not-analysed',
    messageId: 'notAnalysed',
    severity: 'info',
    message: `not analysed: ${call.call} is not translated to SQL yet`,
    help: 'Lockstep checks the SQL a migration runs; this schema-builder call was not checked. Write the change as SQL (knex.raw, queryInterface.sequelize.query, sql`…`, pgm.sql, queryRunner.query) to have it checked.',
    range: file.lines.range(call.start, call.end),
    statementIndex: -1,
    docsUrl: docsUrl('not-analysed'),
  };
}

function hostFinding(finding: Finding, file: ParsedFile, extracted: ExtractedSql, text: string): Finding[] {
  const statement = file.statements[finding.statementIndex];
  const source = statement && sourceAt(extracted.sources, statement.start);
  if (finding.ruleId === 'syntax-error' && source && !(source.exact && source.origin === 'call')) return [];
  if (!finding.fix || fixFits(finding.fix, extracted.sources, text)) return [finding];
  const { fix: _dropped, ...rest } = finding;
  return [rest];
}

function sourceAt(sources: readonly SqlSource[], offset: number): SqlSource | undefined {
  return sources.find((s) => offset >= s.start && offset < s.end);
}

/** Every edit replaces text inside one literal part (no escapes in it) with text that literal can hold. */
function fixFits(fix: Fix, sources: readonly SqlSource[], text: string): boolean {
  return fix.edits.every((edit) => {
    const literal = sourceAt(sources, edit.start)?.literals.find((l) => edit.start > l.start && edit.end < l.end);
    const part = literal?.parts.find((p) => edit.start >= p.start && edit.end <= p.end);
    if (!literal || !part || text.slice(edit.start, edit.end).includes('\\')) return false;
    if (/\\/.test(edit.text)) return false;
    if (literal.kind === 'template') return !/`|\$\{/.test(edit.text);
    const quote = text[literal.start]!;
    return !edit.text.includes(quote) && !/[\r\n]/.test(edit.text);
  });
}
