import type { ResolvedConfig } from '../config/types';
import type { CostProfile } from '../simulate/cost-model';
import type { Deadline } from '../deadline';
import { lintParsedFile, type LintResult } from '../lint/linter';
import type { Catalog } from '../lint/catalog';
import type { QualifiedName } from '../operations';
import { docsUrl, type Finding, type Fix } from '../rules/types';
import type { DialectParser, ParsedFile } from '../sql/statement';
import type { Dialect } from '../types';
import type { BuilderCall } from './builders';
import { extractSql, type ExtractedSql, type SqlSource } from './extract';
import { detectFramework, type Framework } from './frameworks';
import type { HostComment, MigrationSource, SourceStatement } from './adapter';
import { parseJs } from './js-builders/translate';
import { lintMigrationSource } from './lint-source';
import { scanJs } from './scan';

export type { BuilderCall } from './builders';
export { extractSql, type ExtractedSql, type ExtractOptions, type SqlSource } from './extract';
export { detectFramework, FRAMEWORKS, type Framework, type FrameworkFacts } from './frameworks';

/** Extensions of migration files written in JavaScript or TypeScript. */
export const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** Whether a file is a JavaScript/TypeScript source whose SQL is found by `extractSql`. */
export function isScriptFile(fileName: string | undefined): boolean {
  const name = (fileName ?? '').toLowerCase();
  return SCRIPT_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** What a migration file's runner does, read from the file itself. */
export interface RunnerInference {
  readonly framework: Framework;
  readonly convention?: ResolvedConfig['convention'];
  readonly transactional: boolean;
}

/**
 * The migration framework and implicit transaction of a JavaScript/TypeScript migration
 * (`implements MigrationInterface` → TypeORM, in a transaction; `queryInterface` → Sequelize,
 * none; `pgm.noTransaction()` → none; …). Undefined when no framework is recognised.
 */
export function inferRunner(text: string, dialect: Dialect = 'postgresql'): RunnerInference | undefined {
  const facts = detectFramework(text);
  if (!facts) return undefined;
  const { transactional } = extractSql(text, { dialect });
  return {
    framework: facts.framework,
    ...(facts.convention ? { convention: facts.convention } : {}),
    transactional: transactional ?? facts.transactional(dialect),
  };
}

/**
 * The config to lint a file with: an explicit `transactional` setting wins; otherwise the
 * file's own framework decides its transaction, and names the convention when none is set.
 */
export function withRunner(config: ResolvedConfig, runner: Pick<RunnerInference, 'convention' | 'transactional'> | undefined): ResolvedConfig {
  if (!runner || config.transactional !== undefined) return config;
  const convention = config.convention ?? runner.convention;
  return { ...config, ...(convention ? { convention } : {}), transactional: runner.transactional };
}

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
  const translated = translateBuilders(text, extracted, options.config.dialect);
  if (translated) return lintTranslated(text, extracted, translated, parser, { ...options, config });
  const timed = options.deadline ? { deadline: options.deadline } : {};
  const file = parser.parse(extracted.sql, timed);
  const newTables = extracted.builders.flatMap((b) => (b.createsTable ? [{ table: qualified(b.createsTable), offset: b.start }] : []));
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

interface TranslatedBuilders {
  readonly statements: readonly SourceStatement[];
  /** The calls left untranslated, with why. */
  readonly untranslated: readonly { readonly call: BuilderCall; readonly reason: string }[];
}

/**
 * The builder calls translated to the SQL their library emits for PostgreSQL (the only
 * engine translated so far). Undefined when none translates, so such files are linted
 * exactly as before.
 */
function translateBuilders(text: string, extracted: ExtractedSql, dialect: Dialect): TranslatedBuilders | undefined {
  if (dialect !== 'postgresql' || extracted.builders.length === 0) return undefined;
  const tree = parseJs(text);
  if (!tree) return undefined;
  const statements: SourceStatement[] = [];
  const untranslated: { call: BuilderCall; reason: string }[] = [];
  for (const call of extracted.builders) {
    const t = tree.translate(call);
    if ('reason' in t) {
      untranslated.push({ call, reason: t.reason });
      continue;
    }
    for (const sql of t.sql) statements.push({ sql, kind: 'translated', range: { start: call.start, end: call.end }, direction: 'forward', call: call.call });
  }
  return statements.length > 0 ? { statements, untranslated } : undefined;
}

/**
 * A file with translated builder calls: its raw SQL and the translated statements are
 * linted together in source order, so rules see the whole migration (an index built on a
 * table an earlier call created, …). Findings land on the builder call or inside the SQL literal.
 */
function lintTranslated(text: string, extracted: ExtractedSql, translated: TranslatedBuilders, parser: DialectParser, options: LintScriptOptions): LintResult {
  const raw: SourceStatement[] = extracted.sources.map((s) => ({
    sql: extracted.sql.slice(s.start, s.end),
    kind: 'raw',
    range: { start: s.start, end: s.end },
    // The extracted text keeps the host's offsets, so each SQL character maps onto itself.
    offsets: Array.from({ length: s.end - s.start + 1 }, (_, i) => s.start + i),
    ...(s.exact && s.origin === 'call' ? {} : { inexact: true }),
    direction: 'forward',
    call: 'sql',
  }));
  const statements = [...raw, ...translated.statements].sort((a, b) => a.range.start - b.range.start);
  const comments: HostComment[] = scanJs(text).comments.map((c) => ({
    range: { start: c.start, end: c.end },
    body: c.kind === 'line' ? text.slice(c.start + 2, c.end) : text.slice(c.start + 2, c.end - 2),
  }));
  const source: MigrationSource = {
    framework: extracted.framework?.framework ?? 'script',
    statements,
    transactional: options.config.transactional ?? extracted.transactional ?? false,
    annotations: [],
    notes: translated.untranslated.map(({ call, reason }) => ({
      range: { start: call.start, end: call.end },
      message: `not analysed: ${call.call}: ${reason}`,
    })),
    comments,
    errors: [],
  };
  const newTables = translated.untranslated.flatMap(({ call }) => (call.createsTable ? [{ table: qualified(call.createsTable), offset: call.start }] : []));
  return lintMigrationSource(text, source, parser, {
    config: options.config,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    newTables,
  });
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
