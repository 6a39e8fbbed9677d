import type { Dialect } from '../types';
import { builderCalls, type BuilderCall } from './builders';
import { cookPart, type QuoteState } from './cook';
import { detectFramework, type FrameworkFacts } from './frameworks';
import { functionRegions, within, type FunctionRegion } from './regions';
import { scanJs, type JsComment, type JsToken, type Literal, type Span } from './scan';
import { candidates, readsAsSql, type Candidate, type Origin } from './select';
import { sqlEnd, type BindStyle } from './sql-end';

export interface ExtractOptions {
  readonly dialect?: Dialect;
  /** Also take SQL from `down` (rollback) functions; by default only what migrating up runs. */
  readonly includeDown?: boolean;
}

/** One piece of SQL found in the host file. */
export interface SqlSource extends Span {
  readonly origin: Origin;
  /** No `${…}` or concatenated expression: the text is exactly the SQL that runs. */
  readonly exact: boolean;
  readonly literals: readonly Literal[];
}

export interface ExtractedSql {
  /**
   * The host text with everything that is not SQL blanked to spaces (line breaks kept),
   * each piece of SQL ended by a `;` written over its closing quote, so offsets, lines
   * and columns are the host file's.
   */
  readonly sql: string;
  readonly sources: readonly SqlSource[];
  /** Schema-builder calls whose SQL is not written out: reported as not analysed, never guessed. */
  readonly builders: readonly BuilderCall[];
  readonly framework?: FrameworkFacts;
  /**
   * Whether the runner runs this file's SQL inside a transaction, when the framework is
   * known: its default, an in-file opt-out, or `false` when the file begins and ends
   * transactions itself (those calls then appear in `sql` as BEGIN/COMMIT statements).
   */
  readonly transactional?: boolean;
}

const PLACEHOLDER_PAD = '_';

/** Extracts the SQL a JavaScript/TypeScript migration runs, mapped 1:1 onto the file's offsets. */
export function extractSql(text: string, options: ExtractOptions = {}): ExtractedSql {
  const dialect = options.dialect ?? 'postgresql';
  const { tokens, comments } = scanJs(text);
  const out = blanked(text, 0, text.length);
  const skipped = options.includeDown ? [] : functionRegions(tokens, 'down');
  const sources: SqlSource[] = [];
  for (const c of candidates(tokens)) {
    if (within(skipped, c.start)) continue;
    const source = place(text, c, dialect, out);
    if (source) sources.push(source);
  }
  keepDirectives(text, comments, skipped, out);
  const builders = builderCalls(text, tokens, skipped);

  const framework = detectFramework(text);
  // With `transaction = false` TypeORM opens no transaction around `up`, so none is modelled there.
  const optedOut = framework?.optOut?.test(text) ?? false;
  const ownTransactions = framework?.framework === 'typeorm' && transactionCalls(tokens, skipped, out, optedOut ? [] : functionRegions(tokens, 'up'));
  const transactional = framework ? !ownTransactions && !optedOut && framework.transactional(dialect) : undefined;
  return {
    sql: out.join(''),
    sources,
    builders,
    ...(framework ? { framework } : {}),
    ...(transactional !== undefined ? { transactional } : {}),
  };
}

/** Spaces for the host text in [start, end), with its line breaks kept. */
function blanked(text: string, start: number, end: number): string[] {
  const out = new Array<string>(end - start);
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    out[i - start] = c === '\n' || c === '\r' ? c : ' ';
  }
  return out;
}

/** Writes a candidate's SQL into `out` when it reads as SQL and ends cleanly. */
function place(text: string, c: Candidate, dialect: Dialect, out: string[]): SqlSource | undefined {
  const literals = c.operands.flatMap((o) => (o.kind === 'literal' ? [o.literal] : []));
  if (literals.some((l) => !l.closed)) return undefined;
  const local = blanked(text, c.start, c.end);
  const softBreaks = new Set<number>();
  const quotes: QuoteState = { quote: null };
  for (const literal of literals) {
    for (const part of literal.parts) for (const b of cookPart(text, part, local, c.start, quotes)) softBreaks.add(b - c.start);
  }
  let exact = true;
  for (const o of c.operands) {
    if (o.kind === 'expression') {
      placeholder(text, o.span, text.slice(o.span.start, o.span.end), local, c.start);
      exact = false;
      continue;
    }
    for (const hole of o.literal.holes) {
      exact = false;
      // `${otherStatements}` standing alone between statements is SQL we cannot see: leave it out.
      if (!standsAlone(local, hole.start - c.start, hole.end - c.start)) placeholder(text, hole, text.slice(hole.start + 2, hole.end - 1), local, c.start);
    }
  }
  const end = sqlEnd(local.join(''), softBreaks, dialect, bindStyle(c));
  if (end.state === 'open') return undefined;
  for (const b of end.blank) for (let i = b.start; i < b.end; i++) if (local[i] !== '\n' && local[i] !== '\r') local[i] = ' ';
  if (!readsAsSql(local.join(''), c.origin)) return undefined;
  for (const b of end.binds) {
    // `:name` → `_name`, `?` → `_`: an identifier where the driver puts a value.
    for (let i = b.start; i < b.end; i++) if (!/\w/.test(local[i]!)) local[i] = PLACEHOLDER_PAD;
    exact = false;
  }
  local[local.length - 1] = ';';
  for (let i = 0; i < local.length; i++) out[c.start + i] = local[i]!;
  return { start: c.start, end: c.end, origin: c.origin, exact, literals };
}

function bindStyle(c: Candidate): BindStyle {
  if (!c.bindings) return 'none';
  return c.callee === 'raw' ? 'positional' : 'named';
}

/** Whether [start, end) of the mapped text begins a statement and ends its line. */
function standsAlone(local: readonly string[], start: number, end: number): boolean {
  const before = local.slice(0, start).join('').trimEnd();
  if (before !== '' && !before.endsWith(';')) return false;
  const after = local.slice(end).join('');
  return /^[ \t]*;?[ \t]*(?:\r?\n|$)/.test(after);
}

/**
 * An identifier of the same length standing for a `${…}` substitution or a concatenated
 * expression, named after it (`${tableName}` → `tableName___`) so messages stay readable.
 * Line breaks inside the expression are kept.
 */
function placeholder(text: string, span: Span, expression: string, out: string[], base: number): void {
  const length = span.end - span.start;
  let name = expression.trim().replace(/[^A-Za-z0-9_]+/g, PLACEHOLDER_PAD);
  if (!/^[A-Za-z_]/.test(name)) name = PLACEHOLDER_PAD + name;
  name = (name + PLACEHOLDER_PAD.repeat(length)).slice(0, length);
  for (let i = 0; i < length; i++) {
    const host = text[span.start + i]!;
    out[span.start + i - base] = host === '\n' || host === '\r' ? host : name[i]!;
  }
}

/**
 * `// lockstep-ignore …` comments become `-- lockstep-ignore …` (same length) so the
 * linter's suppressions work in migrations written in code; block comments are kept as is.
 */
function keepDirectives(text: string, comments: readonly JsComment[], skipped: readonly Span[], out: string[]): void {
  for (const c of comments) {
    const body = text.slice(c.start, c.end);
    if (!/lockstep-ignore/.test(body) || within(skipped, c.start)) continue;
    if (c.kind === 'block' && body.slice(2).includes('/*')) continue; // PostgreSQL comments nest; JavaScript's do not
    for (let i = c.start; i < c.end; i++) out[i] = text[i]!;
    if (c.kind === 'line') out[c.start] = out[c.start + 1] = '-';
  }
}

const TRANSACTION_CALLS: Readonly<Record<string, string>> = {
  startTransaction: 'BEGIN;',
  commitTransaction: 'COMMIT;',
  rollbackTransaction: 'ROLLBACK;',
};

/**
 * TypeORM migrations that need to run outside the runner's transaction (for CREATE INDEX
 * CONCURRENTLY) call `queryRunner.commitTransaction()` and later `startTransaction()`.
 * Those calls are written into the SQL as COMMIT/BEGIN over the method name, and a BEGIN
 * for the runner's own transaction is written at the start of `up`. Returns whether the
 * file does this, in which case the runner's implicit transaction is modelled explicitly.
 */
function transactionCalls(tokens: readonly JsToken[], skipped: readonly Span[], out: string[], ups: readonly FunctionRegion[]): boolean {
  let found = false;
  for (let k = 1; k < tokens.length - 1; k++) {
    const t = tokens[k]!;
    const sql = t.kind === 'word' ? TRANSACTION_CALLS[t.value] : undefined;
    if (!sql || tokens[k - 1]!.value !== '.' || tokens[k + 1]!.value !== '(' || within(skipped, t.start)) continue;
    for (let i = 0; i < sql.length; i++) out[t.start + i] = sql[i]!;
    found = true;
  }
  if (!found) return false;
  for (const up of ups) {
    const at = blankRun(out, up.nameStart, up.bodyStart ?? up.end, 'BEGIN;'.length);
    if (at !== undefined) for (let i = 0; i < 6; i++) out[at + i] = 'BEGIN;'[i]!;
  }
  return true;
}

/** The first offset in [from, to) where `length` blank characters on one line start. */
function blankRun(out: readonly string[], from: number, to: number, length: number): number | undefined {
  let run = 0;
  for (let i = from; i < to; i++) {
    run = out[i] === ' ' ? run + 1 : 0;
    if (run === length) return i - length + 1;
  }
  return undefined;
}
