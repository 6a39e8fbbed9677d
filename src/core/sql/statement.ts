import type { Operation } from '../operations';
import type { Dialect, Range } from '../types';
import type { Deadline } from '../deadline';
import type { LineIndex } from './positions';
import type { SourceComment } from './split';

/** Why a statement produced no operations: the dialect's parser rejected it. */
export interface StatementError {
  readonly message: string;
  /** Absolute offset in the file where the parser stopped. */
  readonly offset: number;
}

/**
 * Statements longer than this many characters are not given to node-sql-parser (MySQL,
 * MariaDB, SQLite): its time grows steeply with one statement's size (seconds for a few
 * hundred KB). Such a statement is reported as not analysed, and the rest of the file is
 * still checked. PostgreSQL's own parser has no such limit.
 */
export const MAX_GRAMMAR_STATEMENT_CHARS = 50_000;

/** Why a statement was left out of the analysis (it is neither parsed nor a syntax error). */
export function tooLargeReason(chars: number): string {
  return `this statement is too large to analyse (${Math.round(chars / 1000)} K characters; statements over ${MAX_GRAMMAR_STATEMENT_CHARS / 1000} K are not parsed in this dialect)`;
}

export interface ParsedStatement {
  readonly index: number;
  /** Offsets into the file text; `end` excludes the terminating semicolon. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly range: Range;
  readonly operations: readonly Operation[];
  readonly error?: StatementError;
  /** Set when the statement was not analysed at all, with the reason (see MAX_GRAMMAR_STATEMENT_CHARS). */
  readonly notAnalysed?: string;
  /**
   * The operations were found in SQL nested inside the statement (a DO block's body), not
   * in its own text: edits written against the statement's text would land in the wrong place.
   */
  readonly procedural?: boolean;
}

export interface ParsedFile {
  readonly dialect: Dialect;
  /** The SQL text (for ORM sources, the original file text; statements map into it). */
  readonly text: string;
  readonly lines: LineIndex;
  readonly statements: readonly ParsedStatement[];
  readonly comments: readonly SourceComment[];
}

interface ParseOptions {
  readonly deadline?: Deadline;
}

export interface DialectParser {
  readonly dialect: Dialect;
  /**
   * Parse a whole SQL text. Never throws: unparseable statements carry `error` (only an
   * `AnalysisTimeout` when a deadline is given and passes).
   */
  parse(text: string, options?: ParseOptions): ParsedFile;
}
