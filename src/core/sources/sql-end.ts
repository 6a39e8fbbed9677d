import type { Dialect } from '../types';
import type { Span } from './scan';

export interface SqlEnd {
  /** `open`: the SQL ends inside a quote, a dollar quote or a block comment. */
  readonly state: 'closed' | 'open';
  /**
   * Line comments to blank out: one that runs to the end of the literal would swallow the
   * `;` placed after it, and one ended by an escaped line break (`'-- note\nALTER …'`)
   * would swallow the SQL after it, since the break is a space in the mapped text.
   */
  readonly blank: readonly Span[];
  /** Driver bind parameters found in code (not in quotes or comments), when asked for. */
  readonly binds: readonly Span[];
}

/**
 * Bind parameter styles a runner call may use when bindings are passed along:
 * `named` is `:name` (Sequelize replacements, Knex named bindings), `positional` adds
 * Knex's `?` and `??`. PostgreSQL's own `$1` needs nothing.
 */
export type BindStyle = 'none' | 'named' | 'positional';

/**
 * Follows SQL's lexical states over `sql` (text mapped from a literal; offsets are
 * relative to it) to find how it ends. Mirrors the statement splitter's rules for
 * quotes, dollar quotes and comments.
 */
export function sqlEnd(sql: string, softBreaks: ReadonlySet<number>, dialect: Dialect, bindStyle: BindStyle = 'none'): SqlEnd {
  const blank: Span[] = [];
  const binds: Span[] = [];
  const mysql = dialect === 'mysql' || dialect === 'mariadb';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if ((c === '-' && next === '-') || (c === '#' && mysql)) {
      const start = i;
      while (i < sql.length && sql[i] !== '\n' && !softBreaks.has(i)) i++;
      if (i >= sql.length || softBreaks.has(i)) blank.push({ start, end: i });
      continue;
    }
    if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i, dialect === 'postgresql');
      if (i < 0) return { state: 'open', blank, binds };
      continue;
    }
    if (c === "'" || c === '"' || (c === '`' && dialect !== 'postgresql')) {
      const backslash = mysql || (c === "'" && dialect === 'postgresql' && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? ''));
      i = skipQuoted(sql, i, c, backslash);
      if (i < 0) return { state: 'open', blank, binds };
      continue;
    }
    if (c === '$' && dialect === 'postgresql' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { state: 'open', blank, binds };
        i = close + tag[0].length;
        continue;
      }
    }
    if (bindStyle !== 'none' && (c === ':' || c === '?')) {
      const end = bindAt(sql, i, bindStyle);
      if (end > i) binds.push({ start: i, end });
      i = Math.max(end, i + (c === ':' && (next === ':' || next === '=') ? 2 : 1));
      continue;
    }
    i++;
  }
  return { state: 'closed', blank, binds };
}

/** Index just past the comment, or -1 when it never closes. */
function skipBlockComment(sql: string, from: number, nests: boolean): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth = nests || depth === 0 ? depth + 1 : depth;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** Index just past the closing quote, or -1 when it never closes. */
function skipQuoted(sql: string, from: number, quote: string, backslash: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === '\\') {
      i += 2;
      continue;
    }
    i++;
    if (c === quote) {
      if (sql[i] === quote) i++;
      else return i;
    }
  }
  return -1;
}

/** End of the bind parameter at `i`, or `i` when there is none (`::` casts, `:=`, slices). */
function bindAt(sql: string, i: number, style: BindStyle): number {
  if (sql[i] === '?') {
    if (style !== 'positional') return i;
    return sql[i + 1] === '?' ? i + 2 : i + 1;
  }
  if (sql[i - 1] === ':' || /[\w\]]/.test(sql[i - 1] ?? '')) return i;
  const name = /^:([A-Za-z_]\w*)/.exec(sql.slice(i, i + 128));
  return name ? i + name[0].length : i;
}
