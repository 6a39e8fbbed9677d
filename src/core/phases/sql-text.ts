import type { QualifiedName } from '../operations';
import { quoteIdentifier, quoteQualified } from '../engines/identifiers';
import { tokenize, type Token } from '../sql/tokens';

/** SQL spelling helpers for generated statements. */

/** Quote an identifier only when PostgreSQL would need it. */
export function ident(name: string): string {
  return quoteIdentifier('postgresql', name);
}

export function tableSql(table: QualifiedName): string {
  return quoteQualified('postgresql', table);
}

/** A name PostgreSQL accepts as an identifier (63 bytes), made from parts. */
/**
 * The name PostgreSQL gives an unnamed constraint (`<table>_<columns>_key`, `<table>_pkey`),
 * case kept, so a phased plan creates the constraint the original would have had. Over 63
 * bytes the columns part is shortened first, as PostgreSQL does.
 */
export function defaultConstraintName(table: string, columns: readonly string[], suffix: 'key' | 'pkey'): string {
  const room = 63 - suffix.length - 1;
  let head = [table, ...columns].join('_');
  if (Buffer.byteLength(head) > room) {
    const cols = columns.join('_');
    const tablePart = Buffer.byteLength(table) > room / 2 && Buffer.byteLength(cols) < room / 2 ? table.slice(0, room - cols.length - 1) : table;
    head = [tablePart, cols].filter(Boolean).join('_').slice(0, room);
  }
  return `${head}_${suffix}`;
}

export function objectName(...parts: string[]): string {
  const raw = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return raw.slice(0, 63);
}

/** A string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `5000` → `'5s'`, `1500` → `'1500ms'`. */
export function durationLiteral(ms: number): string {
  return ms % 1000 === 0 ? `'${ms / 1000}s'` : `'${ms}ms'`;
}

export interface UpdateParts {
  readonly assignments: readonly { column: string; value: string }[];
  readonly where?: string;
}

/**
 * Reads `SET a = expr, b = expr` and the WHERE clause of an UPDATE from its text. Returns
 * undefined for forms a batched rewrite cannot keep (FROM joins, multi-column assignment,
 * RETURNING, CTEs).
 */
export function updateParts(text: string): UpdateParts | undefined {
  const tokens = tokenize(text);
  const top = tokens.filter((t) => t.depth === 0);
  const first = top[0];
  if (!first || first.upper !== 'UPDATE') return undefined;
  const set = top.find((t) => t.kind === 'word' && t.upper === 'SET');
  if (!set) return undefined;
  if (top.some((t) => t.kind === 'word' && (t.upper === 'FROM' || t.upper === 'RETURNING') && t.start > set.start)) return undefined;
  const where = top.find((t) => t.kind === 'word' && t.upper === 'WHERE' && t.start > set.start);
  const setEnd = where ? where.start : text.length;
  const pieces = splitTopLevel(text, tokens, set.end, setEnd);
  const assignments: { column: string; value: string }[] = [];
  for (const piece of pieces) {
    const m = /^\s*("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s*=\s*([\s\S]+?)\s*$/.exec(piece);
    if (!m) return undefined;
    const column = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!.toLowerCase();
    assignments.push({ column, value: m[2]! });
  }
  if (assignments.length === 0) return undefined;
  const whereText = where ? text.slice(where.end).trim().replace(/;\s*$/, '') : undefined;
  return { assignments, ...(whereText ? { where: whereText } : {}) };
}

function splitTopLevel(text: string, tokens: readonly Token[], from: number, to: number): string[] {
  const out: string[] = [];
  let start = from;
  for (const t of tokens) {
    if (t.start < from || t.start >= to) continue;
    if (t.depth === 0 && t.text === ',') {
      out.push(text.slice(start, t.start));
      start = t.end;
    }
  }
  out.push(text.slice(start, to));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Inserts `insert` right after the first top-level keyword `word` in `text`. */
export function insertAfterKeyword(text: string, word: string, insert: string): string | undefined {
  const token = tokenize(text).find((t) => t.kind === 'word' && t.upper === word.toUpperCase());
  return token ? text.slice(0, token.end) + insert + text.slice(token.end) : undefined;
}

/** Rewrites references to `column` in an expression as `NEW.column` (for trigger bodies). */
export function qualifyColumn(expression: string, column: string, qualifier: string): string {
  const tokens = tokenize(expression);
  let out = '';
  let at = 0;
  for (const t of tokens) {
    const isRef = (t.kind === 'word' && t.text.toLowerCase() === column.toLowerCase()) || (t.kind === 'quoted' && t.text === `"${column}"`);
    const prev = expression.slice(0, t.start).trimEnd();
    if (isRef && !prev.endsWith('.')) {
      out += expression.slice(at, t.start) + `${qualifier}.${ident(column)}`;
      at = t.end;
    }
  }
  return out + expression.slice(at);
}
