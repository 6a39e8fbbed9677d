import type { Convention } from '../config/types';
import type { QualifiedName } from '../operations';
import type { Dialect } from '../types';

/**
 * The phased plan: what the planner decides from PostgreSQL semantics alone, before any
 * convention decides file names, transaction flags or the language a file is written in.
 */

export type PhaseKind = 'expand' | 'backfill' | 'constrain' | 'contract';

/** A lint rule the generated statement is known to trip for a reason the linter cannot see. */
export interface Justification {
  readonly rules: readonly string[];
  readonly reason: string;
}

export interface PlanStatement {
  /** One SQL statement, without its terminating semicolon. */
  readonly sql: string;
  /** Always suppress these findings (the rule cannot see why the statement is safe). */
  readonly justify?: Justification;
  /**
   * SET NOT NULL that relies on this helper CHECK having been validated earlier. When the
   * VALIDATE sits in another file, the linter (which reads one file) cannot see it.
   */
  readonly provenBy?: string;
  /** VALIDATE CONSTRAINT of this constraint name (to pair with `provenBy`). */
  readonly validates?: string;
}

/**
 * How a step must be applied:
 * - `transaction`: its statements in one transaction (the runner's or an explicit one),
 *   with `SET LOCAL lock_timeout` first when `lockTimeout` is set;
 * - `alone`: one statement that must run outside any transaction block (CONCURRENTLY) or
 *   that should commit on its own (VALIDATE);
 * - `backfill`: a batched backfill, rendered by the writer as SQL or as a script.
 */
export type Step =
  | {
      readonly kind: 'transaction';
      readonly summary: string;
      readonly statements: readonly PlanStatement[];
      readonly lockTimeout: boolean;
      readonly down: readonly Step[];
    }
  | {
      readonly kind: 'alone';
      readonly summary: string;
      readonly statement: PlanStatement;
      /** PostgreSQL refuses it inside a transaction block (SQLSTATE 25001). */
      readonly noTransaction: boolean;
      readonly down: readonly Step[];
    }
  | { readonly kind: 'backfill'; readonly summary: string; readonly backfill: Backfill; readonly down: readonly Step[] };

interface Assignment {
  readonly column: string;
  /** SQL expression for the value; evaluated per row, so volatile functions give each row its own. */
  readonly value: string;
}

export interface Backfill {
  readonly table: QualifiedName;
  /** Primary-key column batches are cut on; any orderable type works. */
  readonly key: string;
  readonly assignments: readonly Assignment[];
  /** SQL condition true for rows that still need the backfill (idempotence and resume). */
  readonly pending: string;
  readonly batchSize: number;
  readonly pauseMs: number;
  readonly lockTimeoutMs: number;
  /** Short identifier used in procedure and file names, e.g. `users_email`. */
  readonly slug: string;
  /** The value could not be derived: the generated code refuses to run until it is edited. */
  readonly placeholder?: string;
}

export interface Phase {
  readonly kind: PhaseKind;
  /** One line: what the phase does. */
  readonly title: string;
  /** Short file-name part, e.g. `expand_users_email`. */
  readonly slug: string;
  readonly what: readonly string[];
  /** What must be deployed (application code, flags) before the next phase runs. */
  readonly beforeNext: readonly string[];
  readonly rollback: readonly string[];
  readonly steps: readonly Step[];
}

export interface Plan {
  /** The engine the statements are for; absent means PostgreSQL. */
  readonly dialect?: Dialect;
  readonly phases: readonly Phase[];
  readonly notes: readonly string[];
  /** Short description of the whole change, for file names: `add_users_email`. */
  readonly slug: string;
  /** Why no plan can be written faithfully (phases are empty then). */
  readonly refused?: string;
}

export interface PlanOptions {
  /** Rows per batch in the backfill (default 5,000). */
  readonly batchSize?: number;
  /** Pause between batches in milliseconds (default 50). */
  readonly pauseMs?: number;
  /** lock_timeout for statements that take locks conflicting with traffic (default 5,000 ms). */
  readonly lockTimeoutMs?: number;
  /** Only this statement of the file (0-based), with the statements before it as context. */
  readonly statementIndex?: number;
  /** Primary-key column per table (`users` → `user_id`); default `id`. */
  readonly primaryKeys?: Readonly<Record<string, string>>;
  /** Backfill value per column (`users.email` → `lower(login) || '@example.com'`). */
  readonly backfillValues?: Readonly<Record<string, string>>;
  /** Known column types (`users.email` → `text`), for renames of columns the file did not declare. */
  readonly columnTypes?: Readonly<Record<string, string>>;
  /**
   * SQL of the migrations that ran before this one when they are not files beside it (a
   * schema the caller holds): read, after any earlier files of the folder, for the tables'
   * columns and their NOT NULL, defaults and primary keys.
   */
  readonly earlierSql?: readonly string[];
}

/** What one direction of a generated file makes PostgreSQL run. */
export interface FilePart {
  readonly direction: 'up' | 'down';
  /**
   * The SQL it runs, in order, as a script (explicit BEGIN/COMMIT where the file opens its
   * own transactions). For `.sql` files, the text of that section.
   */
  readonly sql: string;
  /** The runner applies this part inside one transaction. */
  readonly transactional: boolean;
}

/** A file a writer produced; writing it is the adapter's job. */
export interface GeneratedFile {
  /** Relative to the migration folder (or the output folder), `/` separators. */
  readonly path: string;
  readonly content: string;
  readonly phase: PhaseKind;
  /** 1-based index of the phase in the plan. */
  readonly phaseNumber: number;
  /** Migrations hold SQL to run; config files hold runner settings (Flyway `.sql.conf`). */
  readonly kind: 'migration' | 'config';
  /** Empty for config files; one part per direction the file holds. */
  readonly parts: readonly FilePart[];
}

export interface ConventionWriter {
  readonly id: Convention;
  /** Whether the convention has down migrations. */
  readonly hasDown: boolean;
  write(plan: Plan, context: WriteContext): GeneratedFile[];
}

/** What a writer needs from the workspace to name and number files like their neighbours. */
export interface WriteContext {
  /** Names of the files already in the migration folder (relative paths, `/` separators). */
  readonly existing: readonly string[];
  /** Reads an existing file's text, for style (extension, quoting, module format). */
  readonly read: (name: string) => string | undefined;
  /** Clock for timestamp-named conventions; tests pass a fixed date. */
  readonly now: Date;
  /** The file being replaced (excluded when numbering). */
  readonly replacing?: string;
  /** The migration folder's path, when known (a Django app's label comes from it). */
  readonly folder?: string;
  readonly pgVersion: number;
  /** lock_timeout the generated statements set, in milliseconds. */
  readonly lockTimeoutMs: number;
}
