import type { MysqlClauses, Operation, QualifiedName } from '../../operations';
import { tokenize, type Token } from '../tokens';

/**
 * ALTER TABLE statements node-sql-parser rejects as a whole are split into their
 * comma-separated clauses, and each clause is parsed on its own or recognized here, so
 * one clause the grammar lacks (`ALTER COLUMN … SET DEFAULT`, `CONVERT TO CHARACTER SET`,
 * `FORCE`, MariaDB's `ALGORITHM=NOCOPY`) does not turn a valid statement into a syntax error.
 */
export interface AlterParts {
  /** `ALTER TABLE <name>` (with ONLINE / IGNORE and MariaDB's WAIT n / NOWAIT removed). */
  readonly head: string;
  readonly table: QualifiedName;
  readonly clauses: readonly string[];
}

function unquote(t: string): string {
  return /^[`"[]/.test(t) ? t.slice(1, -1).replace(/``/g, '`') : t;
}

export function splitAlterTable(sql: string): AlterParts | undefined {
  const tokens = tokenize(sql, { backslashEscapes: true });
  let i = 0;
  const word = (w: string): boolean => tokens[i]?.kind === 'word' && tokens[i]!.upper === w;
  if (!word('ALTER')) return undefined;
  i++;
  while (word('ONLINE') || word('IGNORE')) i++;
  if (!word('TABLE')) return undefined;
  i++;
  if (word('IF') && tokens[i + 1]?.upper === 'EXISTS') i += 2;
  const nameTokens: Token[] = [];
  while (tokens[i] && (tokens[i]!.kind === 'word' || tokens[i]!.kind === 'quoted' || tokens[i]!.text === '.')) {
    const t = tokens[i]!;
    if (nameTokens.length > 0 && nameTokens.at(-1)!.text !== '.' && t.text !== '.') break;
    nameTokens.push(t);
    i++;
  }
  const parts = nameTokens.filter((t) => t.text !== '.').map((t) => unquote(t.text));
  if (parts.length === 0) return undefined;
  const table: QualifiedName = parts.length > 1 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  const head = sql.slice(0, nameTokens.at(-1)!.end);
  if (word('NOWAIT')) i++;
  else if (word('WAIT') && tokens[i + 1]?.kind === 'number') i += 2;
  const clauses: string[] = [];
  let start = tokens[i]?.start;
  const base = tokens[i]?.depth ?? 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === ',' && t.depth === base) {
      if (start !== undefined) clauses.push(sql.slice(start, t.start).trim());
      start = tokens[i + 1]?.start;
    }
  }
  if (start !== undefined) clauses.push(sql.slice(start).trim());
  return { head, table, clauses: clauses.filter(Boolean) };
}

/**
 * Where MySQL's lexer would fail on the statement, if anywhere: a string, quoted name or
 * comment left open, or a parenthesis without its partner. Strings take backslash escapes,
 * as they do unless the server runs with NO_BACKSLASH_ESCAPES.
 */
export function lexicalError(sql: string): { readonly message: string; readonly offset: number } | undefined {
  const opens: number[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const start = i++;
      for (;;) {
        if (i >= sql.length) return { message: c === "'" ? 'this string is not closed' : `this ${c}quoted name${c} is not closed`, offset: start };
        const d = sql[i]!;
        if (d === '\\' && c !== '`') i += 2;
        else if (d === c && sql[i + 1] === c) i += 2;
        else if (d === c) break;
        else i++;
      }
      i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return { message: 'this comment is not closed', offset: i };
      i = close + 2;
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-' && /\s/.test(sql[i + 2] ?? ' '))) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else {
      if (c === '(') opens.push(i);
      else if (c === ')' && opens.pop() === undefined) return { message: 'this parenthesis closes nothing', offset: i };
      i++;
    }
  }
  return opens.length > 0 ? { message: 'this parenthesis is not closed', offset: opens.at(-1)! } : undefined;
}

/** Split `a int, b int` (the inside of `ADD COLUMN (…)`) at top-level commas. */
function splitTopLevel(sql: string): string[] {
  const tokens = tokenize(sql, { backslashEscapes: true });
  const out: string[] = [];
  let start = 0;
  for (const t of tokens) {
    if (t.text === ',' && t.depth === 0) {
      out.push(sql.slice(start, t.start).trim());
      start = t.end;
    }
  }
  out.push(sql.slice(start).trim());
  return out.filter(Boolean);
}

export type ClauseResult =
  | { readonly kind: 'ops'; readonly ops: Operation[] }
  | { readonly kind: 'clause'; readonly clauses: MysqlClauses }
  | { readonly kind: 'multi-add'; readonly columns: string[] };

const ALGORITHMS = new Set(['DEFAULT', 'INSTANT', 'NOCOPY', 'INPLACE', 'COPY']);
const LOCKS = new Set(['DEFAULT', 'NONE', 'SHARED', 'EXCLUSIVE']);

/** Clauses recognized without the grammar. Undefined: not recognized (a real syntax error). */
export function recognizeClause(clause: string, table: QualifiedName, statementIndex: number): ClauseResult | undefined {
  const c = clause.trim();
  let m = /^ALGORITHM\s*=?\s*(\w+)$/i.exec(c);
  if (m && ALGORITHMS.has(m[1]!.toUpperCase())) return { kind: 'clause', clauses: { algorithm: m[1]!.toUpperCase() as MysqlClauses['algorithm'] } };
  m = /^LOCK\s*=?\s*(\w+)$/i.exec(c);
  if (m && LOCKS.has(m[1]!.toUpperCase())) return { kind: 'clause', clauses: { lock: m[1]!.toUpperCase() as MysqlClauses['lock'] } };
  m = /^ALTER\s+(?:COLUMN\s+)?([`"]?[\w$]+[`"]?)\s+SET\s+DEFAULT\s+([\s\S]+)$/i.exec(c);
  if (m) {
    const sql = m[2]!.trim();
    const literal = /^('([^']|'')*'|-?\d+(\.\d+)?|NULL|TRUE|FALSE)$/i.test(sql);
    return {
      kind: 'ops',
      ops: [
        {
          kind: 'set-default',
          statementIndex,
          table,
          column: unquote(m[1]!),
          default: { sql, volatility: literal ? 'immutable' : 'unknown', isNull: /^NULL$/i.test(sql), unknownFunctions: [] },
        },
      ],
    };
  }
  m = /^ALTER\s+(?:COLUMN\s+)?([`"]?[\w$]+[`"]?)\s+DROP\s+DEFAULT$/i.exec(c);
  if (m) return { kind: 'ops', ops: [{ kind: 'set-default', statementIndex, table, column: unquote(m[1]!) }] };
  m = /^ALTER\s+(?:COLUMN\s+)?([`"]?[\w$]+[`"]?)\s+SET\s+(VISIBLE|INVISIBLE)$/i.exec(c);
  if (m) return { kind: 'ops', ops: [{ kind: 'other', statementIndex, tag: 'alter:column-visibility', table }] };
  if (/^CONVERT\s+TO\s+(CHARACTER\s+SET|CHARSET)\b/i.test(c))
    return { kind: 'ops', ops: [{ kind: 'other', statementIndex, tag: 'mysql:convert-charset', table }] };
  if (/^FORCE$/i.test(c)) return { kind: 'ops', ops: [{ kind: 'other', statementIndex, tag: 'mysql:rebuild', table }] };
  if (/^RENAME\s+(INDEX|KEY)\s+\S+\s+TO\s+\S+$/i.test(c)) return { kind: 'ops', ops: [{ kind: 'other', statementIndex, tag: 'alter:rename-index', table }] };
  if (/^(ALTER\s+(INDEX|KEY)\s+\S+\s+(VISIBLE|INVISIBLE)|(DISABLE|ENABLE)\s+KEYS|ORDER\s+BY\b)/i.test(c)) {
    return { kind: 'ops', ops: [{ kind: 'other', statementIndex, tag: 'alter:table-option', table }] };
  }
  m = /^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?\(([\s\S]*)\)$/i.exec(c);
  if (m) return { kind: 'multi-add', columns: splitTopLevel(m[1]!) };
  return undefined;
}

/** Whole statements the grammar lacks that change nothing Lockstep models. */
export function recognizeStatement(sql: string, statementIndex: number): Operation[] | undefined {
  const s = sql.trim();
  const other = (tag: string): Operation[] => [{ kind: 'other', statementIndex, tag }];
  if (/^SET\s+(NAMES|CHARACTER\s+SET|CHARSET|(SESSION\s+|GLOBAL\s+)?TRANSACTION)\b/i.test(s)) return other('set');
  if (/^(LOCK|UNLOCK)\s+TABLES?\b/i.test(s)) return other('lock-tables');
  if (/^USE\s+[`\w$]+$/i.test(s)) return other('use');
  if (/^CREATE\s+(DEFINER\s*=\s*\S+\s+)?(PROCEDURE|FUNCTION|TRIGGER|EVENT)\b/i.test(s)) return other('create:routine');
  if (/^DROP\s+(PROCEDURE|FUNCTION|TRIGGER|EVENT)\b/i.test(s)) return other('drop:routine');
  if (/^(ANALYZE|CHECK)\s+TABLE\b/i.test(s)) return other('analyze');
  if (/^SAVEPOINT\b|^RELEASE\s+SAVEPOINT\b|^ROLLBACK\s+TO\b/i.test(s)) return other('savepoint');
  const m = /^OPTIMIZE\s+(?:NO_WRITE_TO_BINLOG\s+|LOCAL\s+)?TABLE\s+[`"]?([\w$]+)[`"]?(?:\.[`"]?([\w$]+)[`"]?)?$/i.exec(s);
  if (m) {
    const table: QualifiedName = m[2] ? { schema: m[1]!, name: m[2] } : { name: m[1]! };
    return [{ kind: 'other', statementIndex, tag: 'mysql:rebuild', table }];
  }
  return undefined;
}
