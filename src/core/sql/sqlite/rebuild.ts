import { quoteSqliteIdent } from '../../engines/sqlite/identifiers';
import { tokenize, type Token } from '../tokens';
import { unquoteSqlite } from './recognize';
import type { TableSchema } from './schema';

/**
 * SQLite's 12-step procedure for a schema change ALTER TABLE cannot make
 * (https://www.sqlite.org/lang_altertable.html#otheralter): create the new table under a
 * temporary name, copy the rows, drop the old table, rename, then recreate its indexes,
 * triggers and the views that mention it, and check foreign keys.
 *
 * The new CREATE TABLE is the old one as SQLite stored it, edited token by token, so
 * everything the change does not touch (collations, constraints, comments) stays as written.
 */
export type TableChange =
  | { readonly kind: 'column-type'; readonly column: string; readonly type: string }
  | { readonly kind: 'set-not-null'; readonly column: string }
  | { readonly kind: 'drop-not-null'; readonly column: string }
  | { readonly kind: 'set-default'; readonly column: string; readonly default?: string }
  | { readonly kind: 'add-table-constraint'; readonly sql: string }
  | { readonly kind: 'drop-constraint'; readonly name: string }
  | { readonly kind: 'rename-column'; readonly from: string; readonly to: string }
  | { readonly kind: 'drop-column'; readonly column: string };

const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
const COLUMN_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);

interface Element {
  readonly start: number;
  readonly end: number;
  readonly tokens: readonly Token[];
  /** Column name, for column definitions. */
  readonly column?: string;
}

/** The comma-separated elements inside CREATE TABLE's parentheses. */
function elements(sql: string): { open: Token; close: Token; items: Element[] } | undefined {
  const tokens = tokenize(sql);
  const open = tokens.find((t) => t.text === '(' && t.depth === 0);
  if (!open) return undefined;
  const close = tokens.find((t) => t.text === ')' && t.depth === 0 && t.start > open.start);
  if (!close) return undefined;
  const inner = tokens.filter((t) => t.start > open.start && t.start < close.start);
  const items: Element[] = [];
  let current: Token[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const first = current[0]!;
    const isColumn = !(first.kind === 'word' && TABLE_CONSTRAINT_START.has(first.upper));
    items.push({ start: first.start, end: current.at(-1)!.end, tokens: current, ...(isColumn ? { column: unquoteSqlite(first.text) } : {}) });
    current = [];
  };
  for (const t of inner) {
    if (t.text === ',' && t.depth === 1) flush();
    else current.push(t);
  }
  flush();
  return { open, close, items };
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Replace [start, end) of `sql`. */
function splice(sql: string, start: number, end: number, text: string): string {
  return sql.slice(0, start) + text + sql.slice(end);
}

/** The column definition with one edit applied; undefined when the column is not in the table. */
function editColumn(sql: string, column: string, edit: (el: Element, text: string) => string): string | undefined {
  const parsed = elements(sql);
  const el = parsed?.items.find((e) => e.column !== undefined && sameName(e.column, column));
  if (!el) return undefined;
  return splice(sql, el.start, el.end, edit(el, sql.slice(el.start, el.end)));
}

/** Offsets (relative to the element) of the type: after the name, up to the first column constraint. */
function typeSpan(el: Element): { start: number; end: number } {
  const rest = el.tokens.slice(1);
  const stop = rest.findIndex((t) => t.depth === 1 && t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.upper));
  const typeTokens = stop < 0 ? rest : rest.slice(0, stop);
  const nameEnd = el.tokens[0]!.end - el.start;
  if (typeTokens.length === 0) return { start: nameEnd, end: nameEnd };
  return { start: typeTokens[0]!.start - el.start, end: typeTokens.at(-1)!.end - el.start };
}

/** Remove `NOT NULL` (and an ON CONFLICT clause after it) from a column definition's text. */
function withoutNotNull(el: Element, text: string): string {
  const i = el.tokens.findIndex((t, k) => t.depth === 1 && t.upper === 'NOT' && el.tokens[k + 1]?.upper === 'NULL');
  if (i < 0) return text;
  let endIdx = i + 1;
  if (el.tokens[endIdx + 1]?.upper === 'ON' && el.tokens[endIdx + 2]?.upper === 'CONFLICT') endIdx += 3;
  const start = el.tokens[i]!.start - el.start;
  const end = el.tokens[endIdx]!.end - el.start;
  return (text.slice(0, start).trimEnd() + text.slice(end)).trimEnd();
}

function withDefault(el: Element, text: string, dflt: string | undefined): string {
  const i = el.tokens.findIndex((t) => t.depth === 1 && t.upper === 'DEFAULT');
  if (i >= 0) {
    const start = el.tokens[i]!.start - el.start;
    const next = el.tokens.slice(i + 2).find((t) => t.depth === 1 && t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.upper));
    const end = next ? next.start - el.start : text.length;
    const replacement = dflt === undefined ? '' : `DEFAULT ${dflt}${next ? ' ' : ''}`;
    return (text.slice(0, start) + replacement + text.slice(end)).trimEnd();
  }
  return dflt === undefined ? text : `${text} DEFAULT ${dflt}`;
}

/** The CREATE TABLE text after the change, or undefined when the change cannot be located. */
export function changeCreateTable(createSql: string, change: TableChange): string | undefined {
  switch (change.kind) {
    case 'column-type':
      return editColumn(createSql, change.column, (el, text) => {
        const span = typeSpan(el);
        const before = text.slice(0, span.start);
        return `${before}${before.endsWith(' ') ? '' : ' '}${change.type}${text.slice(span.end)}`;
      });
    case 'set-not-null':
      return editColumn(createSql, change.column, (el, text) => (/\bNOT\s+NULL\b/i.test(text) ? text : `${text} NOT NULL`));
    case 'drop-not-null':
      return editColumn(createSql, change.column, withoutNotNull);
    case 'set-default':
      return editColumn(createSql, change.column, (el, text) => withDefault(el, text, change.default));
    case 'rename-column':
      return editColumn(createSql, change.from, (el, text) => `"${change.to.replace(/"/g, '""')}"${text.slice(el.tokens[0]!.end - el.start)}`);
    case 'add-table-constraint': {
      const parsed = elements(createSql);
      if (!parsed) return undefined;
      const last = parsed.items.at(-1);
      const at = last ? last.end : parsed.open.end;
      return splice(createSql, at, at, `${last ? ', ' : ''}${change.sql}`);
    }
    case 'drop-constraint':
    case 'drop-column': {
      const parsed = elements(createSql);
      if (!parsed) return undefined;
      const idx = parsed.items.findIndex((e) =>
        change.kind === 'drop-column'
          ? e.column !== undefined && sameName(e.column, change.column)
          : e.column === undefined && e.tokens[0]?.upper === 'CONSTRAINT' && sameName(unquoteSqlite(e.tokens[1]?.text ?? ''), change.name),
      );
      if (idx < 0) return undefined;
      const el = parsed.items[idx]!;
      const prev = parsed.items[idx - 1];
      const next = parsed.items[idx + 1];
      // Remove the element with the comma that separates it from a neighbour.
      return prev ? splice(createSql, prev.end, el.end, '') : next ? splice(createSql, el.start, next.start, '') : splice(createSql, el.start, el.end, '');
    }
  }
}

/**
 * SQLite keywords that cannot stand as a bare table or column name (or read as a value:
 * CURRENT_DATE) — the ones SQLite rejects in CREATE TABLE, CREATE INDEX, ALTER TABLE and
 * INSERT … SELECT. Other keywords (PLAN, KEY, ACTION…) fall back to plain names.
 */
const SQLITE_RESERVED = new Set(
  (
    'ADD ALL ALTER AND AS AUTOINCREMENT BETWEEN CASE CAST CHECK COLLATE COMMIT CONSTRAINT CREATE CURRENT_DATE CURRENT_TIME ' +
    'CURRENT_TIMESTAMP DEFAULT DEFERRABLE DELETE DISTINCT DROP ELSE ESCAPE EXCEPT EXISTS FOREIGN FROM GROUP HAVING IF IN INDEX ' +
    'INSERT INTERSECT INTO IS ISNULL JOIN LIMIT NOT NOTHING NOTNULL NULL ON OR ORDER PRIMARY RAISE REFERENCES RETURNING SELECT ' +
    'SET TABLE THEN TO TRANSACTION UNION UNIQUE UPDATE USING VALUES WHEN WHERE'
  ).split(' '),
);

/** A name as SQLite reads it back unchanged: bare when it is a plain word and not reserved, else double-quoted. */
export function quoteSqliteName(name: string): string {
  return quoteSqliteIdent(name);
}

/** `CREATE TABLE "t" (` → `CREATE TABLE "new_t" (`: the name token is the one before the first parenthesis. */
function renameCreate(createSql: string, newName: string): string {
  const tokens = tokenize(createSql);
  const open = tokens.findIndex((t) => t.text === '(' && t.depth === 0);
  const name = tokens[open - 1];
  if (!name) return createSql;
  let start = name.start;
  // schema-qualified: "main"."t"
  if (tokens[open - 2]?.text === '.') start = tokens[open - 3]?.start ?? start;
  return splice(createSql, start, name.end, quoteSqliteName(newName));
}

export interface RebuildOptions {
  /** The statement already runs inside a transaction (explicit or the runner's): no BEGIN/COMMIT of its own. */
  readonly inTransaction: boolean;
}

/** The 12 steps as SQL statements (each without its semicolon), or undefined when the change cannot be applied. */
export function rebuildStatements(schema: TableSchema, change: TableChange, options: RebuildOptions): string[] | undefined {
  const changed = changeCreateTable(schema.createSql, change);
  if (!changed) return undefined;
  const temp = `new_${schema.table}`;
  const table = quoteSqliteName(schema.table);
  const tempName = quoteSqliteName(temp);
  const kept = schema.columns.filter((c) => !(change.kind === 'drop-column' && sameName(c, change.column)));
  const targetCols = kept.map((c) => quoteSqliteName(change.kind === 'rename-column' && sameName(c, change.from) ? change.to : c));
  const sourceCols = kept.map(quoteSqliteName);
  const views = schema.views;
  return [
    // Inside a transaction PRAGMA foreign_keys is a no-op: defer the checks to COMMIT instead.
    options.inTransaction ? 'PRAGMA defer_foreign_keys = ON' : 'PRAGMA foreign_keys = OFF',
    ...(options.inTransaction ? [] : ['BEGIN']),
    ...views.map((v) => `DROP VIEW ${quoteSqliteName(v.name)}`),
    renameCreate(changed, temp),
    `INSERT INTO ${tempName} (${targetCols.join(', ')}) SELECT ${sourceCols.join(', ')} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${tempName} RENAME TO ${table}`,
    ...schema.indexes.filter((sql) => !(change.kind === 'drop-column' && mentionsColumn(sql, change.column))),
    ...schema.triggers,
    ...views.map((v) => v.sql),
    'PRAGMA foreign_key_check',
    ...(options.inTransaction ? [] : ['COMMIT', 'PRAGMA foreign_keys = ON']),
  ];
}

function mentionsColumn(sql: string, column: string): boolean {
  return tokenize(sql).some((t) => (t.kind === 'word' || t.kind === 'quoted') && sameName(unquoteSqlite(t.text), column));
}
