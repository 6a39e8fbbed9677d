import type { ResolvedConfig } from '../config/types';
import type { StatementPlan } from '../engines/mysql/classify';
import type { CatalogView } from '../lint/catalog';
import type { Blocks, LockMode } from '../engines/postgres/locks';
import type { ColumnType, Operation, OperationKind, OperationOf, QualifiedName } from '../operations';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import type { Dialect, Range, Severity, TextEdit } from '../types';

export interface RuleMeta {
  /** kebab-case; equals the file name, the docs page and the suppression token. */
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Off unless the configuration names the rule; `defaultSeverity` is then the severity meant by turning it on. */
  readonly optIn?: boolean;
  readonly dialects: readonly Dialect[];
  /** `safe`: the fix can be applied blind. `unsafe`: it changes semantics or needs review. */
  readonly fixable?: 'safe' | 'unsafe';
  /** messageId → template with `{placeholders}`: what is wrong and why. */
  readonly messages: Readonly<Record<string, string>>;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /**
   * Set by the linter from the rule's `fixable`: only a `safe` fix may be applied without
   * review (an editor's preferred fix, fix-on-save). A rule that does not say counts as unsafe.
   */
  readonly safety?: 'safe' | 'unsafe';
}

/** What a statement costs, from engine facts and the configured table size. */
export interface Cost {
  readonly table: string;
  readonly lock: LockMode | string;
  readonly blocks: Blocks;
  readonly rewrite: boolean;
  readonly scans: number;
  /** Production rows when configured. */
  readonly rows?: number;
  /** Rough duration at that size, in milliseconds. */
  readonly estimateMs?: number;
}

/** What a rule reports; the linter turns it into a `Finding` with range and severity. */
export interface Report {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** What to do instead, in one or two sentences. */
  readonly help: string;
  readonly fix?: Fix;
  readonly cost?: Cost;
  /** Narrower range inside the statement; defaults to the whole statement. */
  readonly range?: Range;
}

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly help?: string;
  readonly range: Range;
  readonly statementIndex: number;
  readonly fix?: Fix;
  readonly cost?: Cost;
  readonly docsUrl: string;
}

/** What earlier statements in the file established, as seen by the current statement. */
export interface FileState {
  /** Created earlier in this file: new and empty, so size-based rules do not apply. */
  isNewTable(table: QualifiedName): boolean;
  /** A validated CHECK (col IS NOT NULL) on the column exists from earlier in the file. */
  hasValidatedNotNullCheck(table: QualifiedName, column: string): boolean;
  /** The name of a CHECK (col IS NOT NULL) added NOT VALID earlier in the file and not validated yet. */
  unvalidatedNotNullCheck(table: QualifiedName, column: string): string | undefined;
  /** The column's type as declared by an earlier migration or earlier in the file, when it was. */
  columnType(table: QualifiedName, column: string): ColumnType | undefined;
  /** The type is a domain with a CHECK or NOT NULL created earlier in the file. */
  isConstrainedDomain(type: ColumnType): boolean;
  /** The statement runs inside a transaction block (explicit or the runner's implicit one). */
  readonly inTransaction: boolean;
  /** The transaction was opened by an explicit BEGIN in the file (not the runner's). */
  readonly explicitTransaction: boolean;
  /** Tables on which the current transaction already holds ACCESS EXCLUSIVE, by display name. */
  readonly accessExclusiveHeld: readonly string[];
  /** DDL already ran in the current transaction. */
  readonly ddlInTransaction: boolean;
  /** `SET lock_timeout` (or MySQL lock_wait_timeout) ran earlier in the file. */
  readonly lockTimeoutSet: boolean;
  /** A `SET TIME ZONE` to a zero-offset zone ran earlier in the file. */
  readonly utcSession: boolean;
  /** The runner's implicit per-file transaction, when there is one. */
  readonly implicitTransaction: boolean;
  /** `SET statement_timeout` (to a limit, not 0) ran earlier in the file. */
  readonly statementTimeoutSet: boolean;
  /** The kind of a constraint added NOT VALID earlier in the current transaction, by its name. */
  notValidInTransaction(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined;
  /** The columns of an index created earlier in the file, by the index's name. */
  indexColumns(index: QualifiedName): readonly string[] | undefined;
  /**
   * What the file says of the column's nullability: `not-null` when it declared it so, ran SET
   * NOT NULL or validated a CHECK proving it; `nullable` when it added it without NOT NULL or
   * dropped NOT NULL; undefined when the file does not say.
   */
  columnNullability(table: QualifiedName, column: string): 'not-null' | 'nullable' | undefined;
  /** The column was added to an existing table earlier in the file as NOT NULL with a non-null DEFAULT. */
  addedNotNullWithDefault(table: QualifiedName, column: string): boolean;
}

export interface RuleContext {
  readonly config: ResolvedConfig;
  readonly dialect: Dialect;
  /** PostgreSQL major version being targeted. */
  readonly pgVersion: number;
  readonly file: ParsedFile;
  readonly statement: ParsedStatement;
  readonly state: FileState;
  /**
   * The schema as of this statement: earlier migrations in the folder (or a `--schema` dump),
   * then the statements before this one. A missing table or column means unknown.
   */
  readonly catalog: CatalogView;
  /** Configured production rows for a table, if known. */
  rows(table: QualifiedName): number | undefined;
  /**
   * MySQL/MariaDB: how the server runs this statement (algorithm, rebuild, what keeps it from
   * INSTANT), worked out once per statement; undefined for other dialects or when the
   * statement alters no table.
   */
  mysqlPlan(): StatementPlan | undefined;
  /** Cost of an operation from engine facts and configured size. */
  cost(op: Operation): Cost | undefined;
  /** True the first time `key` is asked for in this file: for findings that belong once per file. */
  firstInFile(key: string): boolean;
}

export interface Rule<K extends OperationKind = OperationKind> {
  readonly meta: RuleMeta;
  /** Operation kinds the rule wants; the linter dispatches, rules never walk files. */
  readonly on: readonly K[];
  check(op: OperationOf<K>, ctx: RuleContext): Report[];
}

/**
 * A rule of any operation kinds. TypeScript measures `Rule<K>` as invariant in K (through
 * `Extract`), so collections of rules need this wider type; the linter dispatches by `on`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

/** Helps TypeScript infer K from `on` so `check` receives the narrowed operation. */
export function defineRule<K extends OperationKind>(rule: Rule<K>): Rule<K> {
  return rule;
}

export const DOCS_BASE = 'https://github.com/lockstep-dev/lockstep/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
