import type { Dialect } from '../types';

/**
 * A source adapter reads the migrations of one framework (Rails, Django, Alembic, …) and
 * turns a file into a {@link MigrationSource}: the SQL the framework runs for it, each
 * statement tied to the host code that emits it, and how the framework's runner treats the
 * file. Lint, simulate and plans read that model only, so they never disagree about how a
 * file runs. Adapters translate what they understand and say what they do not (a
 * {@link SourceNote}); they never invent SQL for a call they cannot translate.
 *
 * Offsets are UTF-16 indexes into the host file's text, like every other range in the core.
 */
export interface SourceAdapter {
  /** Stable id, also the `framework` of what it reads: `rails`, `django`, `alembic`, `laravel`. */
  readonly id: string;
  /** For messages: "Rails (ActiveRecord)". */
  readonly label: string;
  /** Editor language ids of its files (`ruby`, `python`, `php`). */
  readonly languageIds: readonly string[];
  /** Where its migrations live, as globs (`**\/db/migrate/*.rb`): directory expansion and editor activation. */
  readonly globs: readonly string[];
  /**
   * Whether a file is one of its migrations: the path conventions first, then the content
   * (`class … < ActiveRecord::Migration[7.1]`) for files elsewhere. Cheap; no parsing.
   */
  recognises(file: SourceFile): boolean;
  /**
   * The database the project says it runs on (Rails `config/database.yml`, Django
   * `DATABASES`, …), looked up from the file's folder upwards. `lockstep.config.json` and
   * explicit choices win over it; the caller decides that.
   */
  projectDatabase?(filePath: string, readFile: (path: string) => string | undefined): ProjectDatabase | undefined;
  /**
   * Parses the file with a real parser for its language and translates it. Synchronous so
   * editors can call it per keystroke; never throws on bad input (host syntax errors are
   * returned in `errors`).
   */
  read(file: SourceFile, options: ReadOptions): MigrationSource;
  /**
   * Loads what `read` needs once (a WASM grammar); callers await it before the first read.
   * Absent when the parser loads synchronously.
   */
  prepare?(): Promise<void>;
  /** Sort key among the framework's migrations (Rails: the version prefix); undefined when the name has none. */
  orderKey(filePath: string): string | undefined;
  /** What to write instead, in the framework's own terms, for a rule's finding (else the rule's SQL advice stands). */
  advice?(ruleId: string): string | undefined;
}

export interface SourceFile {
  /** Absolute or relative path; may be absent for unsaved editor buffers. */
  readonly path?: string;
  readonly text: string;
}

interface ReadOptions {
  /** The database the SQL is emitted for: frameworks emit different SQL per engine. */
  readonly dialect: Dialect;
}

export interface ProjectDatabase {
  readonly dialect: Dialect;
  /** One sentence saying where it was read, for `--verbose` and the status bar. */
  readonly reason: string;
}

/** A half-open span of host text. */
export interface HostSpan {
  readonly start: number;
  readonly end: number;
}

export interface MigrationSource {
  /** The adapter id. */
  readonly framework: string;
  /** In the order the runner executes them; rollback statements are kept but marked. */
  readonly statements: readonly SourceStatement[];
  /**
   * Whether the runner wraps the forward direction in one transaction (Rails: yes unless
   * `disable_ddl_transaction!`), with the span that decided it when the file opted out.
   */
  readonly transactional: boolean;
  readonly transactionOptOut?: HostSpan;
  /** Framework safety annotations (strong_migrations `safety_assured { … }`). */
  readonly annotations: readonly SafetyAnnotation[];
  /** Calls that run but were not translated; shown as information at the call. */
  readonly notes: readonly SourceNote[];
  /** Host comments, for `lockstep-ignore` directives written in the host language. */
  readonly comments: readonly HostComment[];
  /** Host-language syntax errors; statements are still given for what parsed. */
  readonly errors: readonly HostError[];
  /** From the file name, see {@link SourceAdapter.orderKey}. */
  readonly order?: string;
}

export type Direction = 'forward' | 'rollback';

export interface SourceStatement {
  /** The SQL, one or more statements (an `execute` string may hold several). */
  readonly sql: string;
  /**
   * `translated`: SQL the framework emits for a DSL call (`add_index …`).
   * `raw`: SQL written by the user in an escape hatch (`execute <<~SQL`), mapped into its string.
   */
  readonly kind: 'translated' | 'raw';
  /** The DSL call (`add_index :users, :email`) or, for raw SQL, the string literal. */
  readonly range: HostSpan;
  /**
   * For raw SQL: the host offset of each SQL character (length `sql.length + 1`, the last
   * entry is the end), so a syntax error points into the string. Absent for translated SQL,
   * whose findings land on `range`.
   */
  readonly offsets?: readonly number[];
  /** Raw SQL that contains interpolations stood in for by placeholders: not exactly what runs. */
  readonly inexact?: boolean;
  readonly direction: Direction;
  /** The host method that emitted it (`add_index`, `execute`, `update_all`), for messages. */
  readonly call: string;
  /** A data change the migration runs (`Model.update_all`), reported as a backfill. */
  readonly backfill?: boolean;
}

export interface SafetyAnnotation {
  /** `safety_assured`. */
  readonly name: string;
  /** The whole annotated block: statements inside it are not reported. */
  readonly range: HostSpan;
  /** The annotation's keyword, where "suppressed here" is shown. */
  readonly head: HostSpan;
  /** A comment next to the annotation saying why it is safe; empty when there is none. */
  readonly reason: string;
}

export interface SourceNote {
  readonly range: HostSpan;
  /** "`change_table` is not analysed: …". */
  readonly message: string;
}

export interface HostError extends HostSpan {
  readonly message: string;
}

export interface HostComment {
  readonly range: HostSpan;
  /** The comment's text without its marker (`#`, `//`). */
  readonly body: string;
}

/**
 * What an adapter returns when its grammar is not loaded: nothing read, said as a host
 * error, so the file is reported rather than taken for an empty migration.
 */
export function parserNotLoaded(framework: string, language: string, order: { readonly order?: string }): MigrationSource {
  return {
    framework,
    annotations: [],
    transactional: true,
    statements: [],
    notes: [],
    comments: [],
    errors: [{ start: 0, end: 0, message: `the ${language} parser is not loaded` }],
    ...order,
  };
}
