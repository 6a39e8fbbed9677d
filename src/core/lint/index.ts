import { existsSync } from 'node:fs';
import { conventionFromSqlFile } from '../config/convention';
import type { ResolvedConfig } from '../config/types';
import type { CostProfile } from '../engines/postgres/cost-model';
import { loadParser } from '../sql/parsers';
import { runnerSections } from '../sql/runner-sections';
import type { DialectParser, ParsedFile } from '../sql/statement';
import { isScriptFile } from '../sources';
import { lintScript } from './script';
import { lintSource } from './source';
import { adapterFor, prepareAdapters } from '../sources/registry';
import type { Dialect } from '../types';
import { deadlineIn } from '../deadline';
import type { Catalog } from './catalog';
import { lintParsedFile, type LintResult } from './linter';
import { SchemaHistory } from './schema-history';

export type { LintResult, StatementSummary } from './linter';
export { AnalysisTimeout } from '../deadline';
export { lintParsedFile, BUILTIN_IDS } from './linter';

export interface LintTextOptions {
  /** Used to pick a source extractor (.sql, .ts/.js) and in messages. */
  readonly fileName?: string;
  readonly config: ResolvedConfig;
  readonly profile?: CostProfile;
  /**
   * Time budget in milliseconds: past it, `lint` throws `AnalysisTimeout` instead of
   * finishing (editors pass one so a pathological file cannot block them).
   */
  readonly budgetMs?: number;
  /**
   * A schema dump (`pg_dump --schema-only`, Rails `structure.sql`) to lint against instead
   * of the migrations that precede `fileName` in its folder.
   */
  readonly schemaFile?: string;
}

/** A linter with its parsers loaded; `lint` is synchronous so editors can call it per keystroke. */
export interface Linter {
  lint(text: string, options: LintTextOptions): LintResult;
  parse(text: string, dialect: Dialect): ParsedFile;
}

/** Fills in the convention from the file's own layout when the configuration names none. */
function withDetectedConvention(config: ResolvedConfig, fileName: string | undefined, text: string): ResolvedConfig {
  if (config.convention || !fileName) return config;
  const convention = conventionFromSqlFile(fileName, text, existsSync);
  return convention ? { ...config, convention } : config;
}

export interface LinterOptions {
  /**
   * How long the earlier migrations' listing, sizes and mtimes are trusted before they are
   * looked at again (default 1 s: an editor sees saved changes). A one-shot run, where files
   * do not change, passes Infinity so each file is read once.
   */
  readonly fileCacheMs?: number;
}

/** Loads the parsers for the given dialects (default: PostgreSQL) and returns a linter. */
export async function createLinter(dialects: readonly Dialect[] = ['postgresql'], linterOptions: LinterOptions = {}): Promise<Linter> {
  const parsers = new Map<Dialect, DialectParser>();
  for (const d of dialects) parsers.set(d, await loadParser(d));
  // Host-language parsers (tree-sitter grammars) load once, so that lint itself stays synchronous.
  await prepareAdapters();
  const parserFor = (d: Dialect): DialectParser => {
    const p = parsers.get(d);
    if (!p) throw new Error(`The ${d} parser was not loaded; pass it to createLinter().`);
    return p;
  };
  // One schema history per linter: an editor keeps its linter, so earlier migrations are parsed once.
  const histories = new Map<Dialect, SchemaHistory>();
  const catalogFor = (options: LintTextOptions): { catalog?: Catalog } => {
    // Rules that read the schema are PostgreSQL's; other dialects are not folded.
    if (options.config.dialect !== 'postgresql') return {};
    let history = histories.get('postgresql');
    if (!history) histories.set('postgresql', (history = new SchemaHistory(parserFor('postgresql'), linterOptions.fileCacheMs)));
    const catalog = history.catalogFor(options.fileName, options.schemaFile);
    return catalog ? { catalog } : {};
  };
  return {
    parse: (text, dialect) => parserFor(dialect).parse(text),
    lint: (text, options) => {
      const deadline = deadlineIn(options.budgetMs);
      const timed = deadline ? { deadline } : {};
      const schema = catalogFor(options);
      const adapter = adapterFor({ ...(options.fileName !== undefined ? { path: options.fileName } : {}), text });
      if (adapter) return lintSource(adapter, text, parserFor(options.config.dialect), { ...options, ...schema });
      if (isScriptFile(options.fileName)) return lintScript(text, parserFor(options.config.dialect), { ...options, ...timed, ...schema });
      // Rollback code runs only when a migration is undone: it is not checked as a forward change.
      const sections = runnerSections(options.fileName, text, existsSync);
      const file = parserFor(options.config.dialect).parse(sections.forward, timed);
      let config = withDetectedConvention(options.config, options.fileName, text);
      if (config.transactional === undefined && sections.transactional !== undefined) config = { ...config, transactional: sections.transactional };
      const result = lintParsedFile(file, { config, ...(options.profile ? { profile: options.profile } : {}), ...timed, ...schema });
      if (!config.lintRollback || sections.rollback.length === 0) return result;
      // Asked for: rollback code is checked on its own, as what runs when the migration is undone.
      const rollback = lintParsedFile(parserFor(config.dialect).parse(onlySpans(text, sections.rollback), timed), { config, ...timed });
      const marked = rollback.findings.map(({ fix: _fix, ...f }) => ({ ...f, statementIndex: -1, message: `In rollback code: ${f.message}` }));
      return {
        ...result,
        findings: [...result.findings, ...marked].sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId)),
      };
    },
  };
}

/** The text with everything outside `spans` blanked to spaces (line breaks kept), so offsets stay the file's. */
function onlySpans(text: string, spans: readonly { readonly start: number; readonly end: number }[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out += c === '\n' || c === '\r' || spans.some((s) => i >= s.start && i < s.end) ? c : ' ';
  }
  return out;
}
