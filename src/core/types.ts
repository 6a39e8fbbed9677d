/** Shared value types for the analysis core. Nothing here knows about editors or terminals. */

export type Dialect = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite';

/** How each dialect is written for people. */
export const DIALECT_NAMES: Readonly<Record<Dialect, string>> = { postgresql: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB', sqlite: 'SQLite' };

export type Severity = 'error' | 'warning' | 'info';

/** A place in a source text. `offset` is a 0-based UTF-16 index; `line` and `column` are 1-based. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open span of source text: `end` points just past the last character. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Replace the text in [start, end) (UTF-16 offsets into the original file) with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}
