import { within } from './regions';
import type { JsToken, Span } from './scan';

/**
 * A schema-builder call (`knex.schema.alterTable(…)`, `queryInterface.addIndex(…)`,
 * `db.schema.createIndex(…).on(…).execute()`, `pgm.addColumns(…)`, `queryRunner.addColumn(…)`)
 * whose SQL is not written out. Such calls are reported as not analysed rather than guessed
 * at: SQL Lockstep invented would be checked as if the user had written it.
 */
export interface BuilderCall extends Span {
  /** The call as written, shortened: `knex.schema.alterTable('users', …)`. */
  readonly call: string;
  /** For a table-creating call with a literal name: the table, so later SQL on it is known to be on a new, empty table. */
  readonly createsTable?: string;
}

const CREATE_TABLE_CALLS = new Set(['createTable', 'createTableIfNotExists', 'createTableLike']);

/** `<x>.schema.<method>(`: Knex and Kysely schema builders. Methods that only read, or that take SQL, are not builder calls. */
const SCHEMA_NOT_BUILDERS = new Set(['raw', 'hasTable', 'hasColumn', 'hasView', 'withSchema']);

/**
 * Receivers whose methods build schema changes, with the methods that are not such calls
 * (they run SQL text, read, or manage the transaction).
 */
const RECEIVERS: Readonly<Record<string, ReadonlySet<string>>> = {
  queryInterface: new Set([
    'sequelize',
    'describeTable',
    'showAllTables',
    'showAllSchemas',
    'tableExists',
    'select',
    'rawSelect',
    'quoteIdentifier',
    'quoteIdentifiers',
    'getForeignKeysForTables',
    'getForeignKeyReferencesForTable',
    'showIndex',
  ]),
  pgm: new Set(['sql', 'noTransaction', 'func', 'db']),
  queryRunner: new Set([
    'query',
    'sql',
    'manager',
    'connection',
    'connect',
    'release',
    'startTransaction',
    'commitTransaction',
    'rollbackTransaction',
    'hasTable',
    'hasColumn',
    'hasDatabase',
    'hasSchema',
    'getTable',
    'getTables',
    'getView',
    'getViews',
    'clearSqlMemory',
    'enableSqlMemory',
    'disableSqlMemory',
    'getMemorySql',
    'stream',
    'getCurrentDatabase',
    'getCurrentSchema',
  ]),
};

/** Knex query-builder methods that write rows: `knex('t').where(…).update(…)` changes data like an UPDATE. */
const KNEX_WRITES = new Set(['update', 'insert', 'del', 'delete', 'truncate', 'upsert', 'increment', 'decrement']);
const KNEX_HANDLES = new Set(['knex', 'trx']);

/** Finds the builder calls outside `skipped` (the rollback code). */
export function builderCalls(text: string, tokens: readonly JsToken[], skipped: readonly Span[]): BuilderCall[] {
  const out: BuilderCall[] = [];
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k]!;
    const write = knexWrite(text, tokens, k);
    if (write && !within(skipped, t.start)) {
      out.push(write.call);
      k = write.end;
      continue;
    }
    if (k < 2) continue;
    if (t.kind !== 'word' || tokens[k - 1]!.value !== '.' || tokens[k + 1]!.value !== '(') continue;
    const receiver = tokens[k - 2]!;
    if (receiver.kind !== 'word') continue;
    const isSchema = receiver.value === 'schema' && tokens[k - 3]?.value === '.';
    const excluded = isSchema ? SCHEMA_NOT_BUILDERS : RECEIVERS[receiver.value];
    if (!excluded || excluded.has(t.value) || within(skipped, t.start)) continue;
    const first = chainStart(tokens, k - 2);
    const close = closingParen(tokens, k + 1);
    if (close === undefined) continue;
    const end = chainEnd(tokens, close);
    const arg = tokens[k + 2]?.literal;
    const literalName = arg && arg.closed && arg.holes.length === 0 ? text.slice(arg.parts[0]!.start, arg.parts[0]!.end) : undefined;
    const more = tokens[k + 2]?.value !== ')' && (!arg || tokens[k + 3]?.value !== ')');
    const shownArg = literalName !== undefined && !/[\r\n]/.test(literalName) ? text.slice(arg!.start, arg!.end) : '';
    const call = `${text.slice(tokens[first]!.start, t.end).replace(/\s+/g, '')}(${shownArg}${more ? (shownArg ? ', …' : '…') : ''})`;
    const createsTable = CREATE_TABLE_CALLS.has(t.value) && literalName && !/[\\\n]/.test(literalName) ? literalName : undefined;
    out.push({ start: tokens[first]!.start, end: tokens[end]!.end, call, ...(createsTable ? { createsTable } : {}) });
    // One diagnostic per chain: skip the tokens the call and its chained methods cover.
    k = end;
  }
  return out;
}

/** `knex('t')….update(…)`: a Knex query that writes rows, from the handle to the end of its chain. */
function knexWrite(text: string, tokens: readonly JsToken[], k: number): { call: BuilderCall; end: number } | undefined {
  const t = tokens[k]!;
  if (t.kind !== 'word' || !KNEX_HANDLES.has(t.value) || tokens[k + 1]?.value !== '(' || tokens[k - 1]?.value === '.') return undefined;
  const arg = tokens[k + 2]?.literal;
  if (!arg || !arg.closed || arg.holes.length > 0) return undefined;
  const close = closingParen(tokens, k + 1);
  if (close === undefined) return undefined;
  const end = chainEnd(tokens, close);
  let writer: JsToken | undefined;
  for (let j = close + 1; j < end; j++) {
    const m = tokens[j]!;
    if (tokens[j - 1]!.value === '.' && m.kind === 'word' && KNEX_WRITES.has(m.value) && tokens[j + 1]?.value === '(') writer = m;
  }
  if (!writer) return undefined;
  const call = `${t.value}(${text.slice(arg.start, arg.end)})….${writer.value}(…)`;
  return { call: { start: t.start, end: tokens[end]!.end, call }, end };
}

/** The first token of the member chain ending at `k` (`knex.schema`, `this.queryInterface`). */
function chainStart(tokens: readonly JsToken[], k: number): number {
  let i = k;
  while (i >= 2 && tokens[i - 1]!.value === '.' && tokens[i - 2]!.kind === 'word') i -= 2;
  return i;
}

function closingParen(tokens: readonly JsToken[], open: number): number | undefined {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const v = tokens[j]!.kind === 'punct' ? tokens[j]!.value : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') {
      depth--;
      if (depth === 0) return v === ')' ? j : undefined;
    }
  }
  return undefined;
}

/** Follows `.method(…)` links after a call (Kysely's `.addColumn(…).execute()`). */
function chainEnd(tokens: readonly JsToken[], close: number): number {
  let end = close;
  while (tokens[end + 1]?.value === '.' && tokens[end + 2]?.kind === 'word' && tokens[end + 3]?.value === '(') {
    const next = closingParen(tokens, end + 3);
    if (next === undefined) break;
    end = next;
  }
  return end;
}
