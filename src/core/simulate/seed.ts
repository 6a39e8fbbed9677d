import type { ColumnSeedSetting } from '../config/types';
import { alwaysQuotePostgresIdent } from '../engines/postgres/identifiers';
import type { CatalogColumn, CatalogTable } from './catalog';
import type { SqlSession } from './engine/session';
import { toEngineError } from './engine/session';
import type { SeededTable } from './timeline';
import { LOOKAHEAD_CHECK_PREFIX } from './lookahead';
import { DEFAULT_STATEMENT_TIMEOUT_MS, ScratchLimitError, dirBytes, formatBytes, stoppedMessage, watched, type ScratchLimit, type WatchHooks } from './bounds';

/**
 * Synthetic rows that satisfy the schema, generated inside the engine with one
 * `INSERT … SELECT … FROM generate_series` per table (no rows cross from JavaScript).
 *
 * Every value is a function of the row number `i`, so keys are unique by construction and a
 * foreign key can name a parent row by computing the parent's key for some row `j`.
 */

export interface SeedRequest {
  readonly table: CatalogTable;
  readonly rows: number;
  readonly columns?: Readonly<Record<string, ColumnSeedSetting>>;
}

/** Average text length when the config gives none: a short name or e-mail address. */
const DEFAULT_TEXT_LENGTH = 24;

/** A large prime spreads child rows over parent rows without clustering. */
const SPREAD = 7919;

// Names here come from the catalog, so they are always quoted to keep their exact spelling.
const quoteIdent = alwaysQuotePostgresIdent;

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Parents before children; cycles (and self references) are broken where they close. */
export function seedOrder(tables: readonly CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [t.sqlName, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: CatalogTable[] = [];
  const visit = (t: CatalogTable): void => {
    if (done.has(t.sqlName) || visiting.has(t.sqlName)) return;
    visiting.add(t.sqlName);
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.references);
      if (parent && parent !== t) visit(parent);
    }
    visiting.delete(t.sqlName);
    done.add(t.sqlName);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

interface SeedContext {
  /** Rows seeded per table (by sqlName), for foreign keys. */
  readonly seeded: ReadonlyMap<string, { table: CatalogTable; rows: number }>;
}

/** Value of a key column for row number `j` (a SQL expression), unique across j. */
function keyValue(col: CatalogColumn, j: string): string | undefined {
  const t = col.baseType;
  const cast = col.isDomain ? `::${col.type}` : '';
  const wrap = (e: string): string => (cast ? `(${e})${cast}` : e);
  if (col.isArray) return undefined;
  switch (t) {
    case 'int2':
      return wrap(`(${j})::int2`);
    case 'int4':
      return wrap(`(${j})::int4`);
    case 'int8':
    case 'numeric':
      return wrap(`(${j})::${t}`);
    case 'float4':
    case 'float8':
      return wrap(`(${j})::${t}`);
    case 'uuid':
      return wrap(`md5((${j})::text)::uuid`);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
    case 'name':
      return wrap(`('k' || (${j}))::${col.type}`);
    case 'timestamp':
    case 'timestamptz':
      return wrap(`(timestamp '2020-01-01' + (${j}) * interval '1 second')::${t}`);
    case 'date':
      return wrap(`date '1900-01-01' + (${j})::int4`);
    case 'bytea':
      return wrap(`decode(md5((${j})::text), 'hex')`);
  }
  if (col.typeKind === 'e' && col.enumLabels.length > 0) return undefined;
  return undefined;
}

/** A realistic non-key value for row `i`. Undefined when the type has no generator. */
function plainValue(col: CatalogColumn, setting: ColumnSeedSetting | undefined): string | undefined {
  const t = col.baseType;
  const cast = col.isDomain ? `::${col.type}` : '';
  const wrap = (e: string): string => (cast ? `(${e})${cast}` : e);
  if (col.isArray) return `'{}'::${col.type}`;
  if (col.typeKind === 'e' && col.enumLabels.length > 0) {
    const labels = col.enumLabels.map(quoteLiteral).join(',');
    return wrap(`(array[${labels}]::${col.baseTypeSql}[])[1 + i % ${col.enumLabels.length}]`);
  }
  const distinct = setting?.distinct && setting.distinct > 0 ? Math.floor(setting.distinct) : undefined;
  const n = distinct ? `(i % ${distinct})` : 'i';
  switch (t) {
    case 'int2':
      return wrap(`(1 + ${n} % 32000)::int2`);
    case 'int4':
      return wrap(`(1 + ${n} % 1000000)::int4`);
    case 'int8':
      return wrap(`(1 + ${n})::int8`);
    case 'numeric': {
      const { precision, scale } = numericTypmod(col.typmod);
      const digits = precision === undefined ? 6 : Math.min(6, precision - scale);
      if (digits <= 0) return wrap('0::numeric');
      const max = 10 ** digits - 1;
      return wrap(`(1 + ${n} % ${max})::numeric`);
    }
    case 'float4':
    case 'float8':
      return wrap(`((1 + ${n} % 100000) / 100.0)::${t}`);
    case 'bool':
      return wrap(`(${n} % 2 = 0)`);
    case 'uuid':
      return wrap(`md5(${n}::text || 'u')::uuid`);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext': {
      const limit = col.typmod > 4 ? col.typmod - 4 : undefined;
      let avg = Math.max(1, Math.round(setting?.avgLength ?? DEFAULT_TEXT_LENGTH));
      if (limit !== undefined) avg = Math.min(avg, Math.max(1, Math.floor(limit / 2)));
      const spread = 2 * avg - 1;
      const copies = Math.ceil((2 * avg) / 32) + 1;
      let e = `left(repeat(md5(${n}::text), ${copies}), 1 + (${n} * 37) % ${spread})`;
      if (limit !== undefined) e = `left(${e}, ${limit})`;
      return wrap(`(${e})::${col.type}`);
    }
    case 'json':
    case 'jsonb':
      return wrap(`jsonb_build_object('n', ${n}, 'tag', md5(${n}::text))::${t}`);
    case 'timestamp':
    case 'timestamptz':
      return wrap(`(timestamp '2020-01-01' + ${n} * interval '37 seconds')::${t}`);
    case 'date':
      return wrap(`date '2020-01-01' + (${n} % 3650)::int4`);
    case 'time':
    case 'timetz':
      return wrap(`(time '00:00' + (${n} % 86400) * interval '1 second')::${t}`);
    case 'interval':
      return wrap(`(${n} % 10000) * interval '1 minute'`);
    case 'bytea':
      return wrap(`decode(md5(${n}::text), 'hex')`);
    case 'inet':
    case 'cidr':
      return wrap(`('10.' || (${n} / 65536) % 256 || '.' || (${n} / 256) % 256 || '.' || ${n} % 256)::${t}`);
    case 'money':
      return wrap(`(${n} % 100000)::numeric::money`);
    case 'tsvector':
      return wrap(`to_tsvector('simple', md5(${n}::text))`);
  }
  return undefined;
}

function numericTypmod(typmod: number): { precision?: number; scale: number } {
  if (typmod < 4) return { scale: 0 };
  const v = typmod - 4;
  return { precision: (v >> 16) & 0xffff, scale: v & 0xffff };
}

function withNulls(expr: string, fraction: number | undefined): string {
  if (!fraction || fraction <= 0) return expr;
  if (fraction >= 1) return 'NULL';
  return `CASE WHEN (i * ${SPREAD}) % 1000 < ${Math.round(fraction * 1000)} THEN NULL ELSE ${expr} END`;
}

/** String literals of a CHECK that names one column: `status IN ('a','b')` → ['a','b']. */
function checkLiterals(definition: string): string[] {
  return [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
}

interface SeedPlan {
  readonly sql: string;
  readonly notes: string[];
}

/** The INSERT that seeds one table, or a note saying why a column was left to its default. */
function planSeed(
  req: SeedRequest,
  ctx: SeedContext,
  overrides: ReadonlyMap<string, string> = new Map(),
  range: readonly [number, number] = [1, req.rows],
): SeedPlan {
  const { table, rows } = req;
  const series = `generate_series(${range[0]}, ${range[1]})`;
  const notes: string[] = [];
  const keyCols = new Set<string>([...table.primaryKey, ...table.unique.map((u) => u[0]!).filter(Boolean)]);
  const fkByColumn = new Map<string, { expr: string }>();

  for (const fk of table.foreignKeys) {
    const parent = ctx.seeded.get(fk.references);
    const selfRef = fk.references === table.sqlName;
    const parentRows = selfRef ? rows : (parent?.rows ?? 0);
    const parentTable = selfRef ? table : parent?.table;
    // A self reference points at the row itself: the check runs at the end of the statement.
    const j = selfRef ? 'i' : `1 + (i * ${SPREAD}) % ${parentRows}`;
    fk.columns.forEach((c, k) => {
      const refCol = parentTable?.columns.find((pc) => pc.name === fk.referencedColumns[k]);
      const expr = parentRows > 0 && refCol ? keyValue(refCol, j) : undefined;
      const own = table.columns.find((x) => x.name === c);
      if (expr && own) fkByColumn.set(c, { expr: `(${expr})::${own.type}` });
      else fkByColumn.set(c, { expr: 'NULL' });
    });
  }

  const names: string[] = [];
  const values: string[] = [];
  for (const col of table.columns) {
    if (col.generated) continue;
    const setting = req.columns?.[col.name];
    let expr: string | undefined = overrides.get(col.name);
    if (expr === undefined && fkByColumn.has(col.name)) {
      expr = fkByColumn.get(col.name)!.expr;
      if (expr === 'NULL' && col.notNull) notes.push(`${col.name}: referenced table has no rows to point at`);
      else if (!col.notNull) expr = withNulls(expr, setting?.nullFraction);
    } else if (expr === undefined && keyCols.has(col.name)) {
      expr = keyValue(col, 'i');
      if (expr === undefined && col.defaultSql === null) {
        notes.push(`${col.name}: no unique generator for type ${col.type}`);
        expr = plainValue(col, setting);
      }
    } else if (expr === undefined) {
      // Columns with a default keep it, as an application inserting rows would.
      if (col.defaultSql !== null || col.identity) {
        if (setting?.nullFraction === undefined) continue;
      }
      expr = plainValue(col, setting);
      if (expr === undefined) {
        if (col.notNull) notes.push(`${col.name}: no generator for type ${col.type}; left to the engine`);
        continue;
      }
      if (!col.notNull) expr = withNulls(expr, setting?.nullFraction);
    }
    if (expr === undefined) continue;
    names.push(quoteIdent(col.name));
    values.push(expr);
  }
  if (names.length === 0) {
    return { sql: `INSERT INTO ${table.sqlName} SELECT FROM ${series} AS g(i)`, notes };
  }
  return {
    sql: `INSERT INTO ${table.sqlName} (${names.join(', ')}) OVERRIDING SYSTEM VALUE SELECT ${values.join(', ')} FROM ${series} AS g(i)`,
    notes,
  };
}

/**
 * Where a CHECK rejects the generated rows, retry with values the check names (its string
 * literals, cycled), or NULL where the column allows it.
 */
function checkOverrides(table: CatalogTable, constraintName: string, previous: ReadonlyMap<string, string>): Map<string, string> | undefined {
  const check = table.checks.find((c) => c.name === constraintName);
  if (!check || check.columns.length === 0) return undefined;
  const next = new Map(previous);
  const literals = checkLiterals(check.definition);
  let changed = false;
  for (const name of check.columns) {
    const col = table.columns.find((c) => c.name === name);
    if (!col || next.get(name) === 'NULL') continue;
    if (literals.length > 0 && !next.has(name)) {
      const arr = literals.map(quoteLiteral).join(',');
      next.set(name, `((array[${arr}])[1 + i % ${literals.length}])::${col.type}`);
      changed = true;
    } else if (!col.notNull) {
      next.set(name, 'NULL');
      changed = true;
    }
  }
  return changed ? next : undefined;
}

export interface SeedHooks {
  readonly onTable?: (table: string, rows: number) => void;
  readonly signal?: AbortSignal;
  /** Announces each INSERT so a runner can stop one that never returns. */
  readonly watch?: WatchHooks | undefined;
  /** Tables a previous attempt stopped at the limit (`seed:<table>` keys): left empty. */
  readonly stopped?: ReadonlySet<string>;
  readonly limitMs?: number;
  /** The scratch folder's ceiling, checked between INSERTs. */
  readonly scratch?: ScratchLimit;
}

/** Bytes one INSERT may write at most, so the scratch ceiling is checked often enough. */
const CHUNK_BYTES = 64 * 1024 ** 2;

/** A generous estimate of a seeded row's width, to size the INSERTs. */
function estimatedRowBytes(req: SeedRequest): number {
  let bytes = 32;
  for (const col of req.table.columns) {
    const setting = req.columns?.[col.name];
    bytes += 16 + 2 * Math.max(DEFAULT_TEXT_LENGTH, setting?.avgLength ?? 0);
  }
  return bytes;
}

/** Seeds the tables (in the given order) and refreshes planner statistics. */
export async function seedTables(session: SqlSession, requests: readonly SeedRequest[], hooks: SeedHooks = {}): Promise<SeededTable[]> {
  const seeded = new Map<string, { table: CatalogTable; rows: number }>();
  const out: SeededTable[] = [];
  for (const req of requests) {
    hooks.signal?.throwIfAborted();
    hooks.onTable?.(req.table.displayName, req.rows);
    const t0 = performance.now();
    const notes: string[] = [];
    let rows = req.rows;
    const key = `seed:${req.table.displayName}`;
    if (rows > 0 && hooks.stopped?.has(key)) {
      notes.push(`not seeded: ${stoppedMessage(hooks.limitMs ?? DEFAULT_STATEMENT_TIMEOUT_MS)}`);
      rows = 0;
    } else if (rows > 0) {
      let overrides = new Map<string, string>();
      const chunk = Math.max(1, Math.floor(CHUNK_BYTES / estimatedRowBytes(req)));
      let from = 1;
      let retries = 0;
      for (;;) {
        const plan = planSeed(req, { seeded }, overrides, [from, Math.min(rows, from + chunk - 1)]);
        try {
          await watched(hooks.watch, key, () => session.exec(plan.sql));
          if (from === 1) notes.push(...plan.notes);
          from += chunk;
          if (hooks.scratch) checkScratch(hooks.scratch, req.table.displayName);
          if (from > rows) break;
          continue;
        } catch (err) {
          if (err instanceof ScratchLimitError) throw err;
          const e = toEngineError(err) as { message: string; code?: string };
          const constraint = /constraint "([^"]+)"/.exec(e.message)?.[1];
          const retry = e.code === '23514' && constraint && retries < 8 ? checkOverrides(req.table, constraint, overrides) : undefined;
          if (retry) {
            overrides = retry;
            retries++;
            continue;
          }
          if (e.code === '23514' && constraint?.startsWith(LOOKAHEAD_CHECK_PREFIX)) {
            // A CHECK of the migration the generated values cannot meet: seed without it, and
            // the statement that adds it reports the failure on the sample.
            await session.exec(`ALTER TABLE ${req.table.sqlName} DROP CONSTRAINT IF EXISTS ${constraint}`);
            notes.push(`a CHECK the migration adds could not be met by synthetic values: ${e.message}`);
            continue;
          }
          notes.push(...plan.notes, `not seeded: ${e.message}`);
          // Rows from earlier INSERTs stay; the table holds the ones before the failure.
          rows = from - 1;
          break;
        }
      }
      await syncSequences(session, req.table);
      await session.exec(`ANALYZE ${req.table.sqlName}`);
    }
    seeded.set(req.table.sqlName, { table: req.table, rows });
    out.push({ table: req.table.displayName, rows, ms: performance.now() - t0, notes });
  }
  return out;
}

function checkScratch(limit: ScratchLimit, table: string): void {
  const used = dirBytes(limit.dir);
  if (used > limit.maxBytes) {
    throw new ScratchLimitError(
      `seeding ${table} stopped: the engine's scratch folder ${limit.dir} reached ${formatBytes(used)}, above its limit of ${formatBytes(limit.maxBytes)}; use a smaller --sample`,
    );
  }
}

/** Explicit keys were written over serial/identity columns: move their sequences past them. */
async function syncSequences(session: SqlSession, table: CatalogTable): Promise<void> {
  for (const col of table.columns) {
    const seq = await session.query<{ seq: string | null }>('select pg_get_serial_sequence($1, $2) as seq', [table.sqlName, col.name]);
    const name = seq.rows[0]?.seq;
    if (!name) continue;
    await session.query(`select setval($1::regclass, greatest(1, coalesce((select max(${quoteIdent(col.name)})::bigint from ${table.sqlName}), 1)))`, [name]);
  }
}
