/**
 * What a migration leaves behind on an engine, in a form two engines' runs can be compared
 * in: the schema as sorted lines, and every table's rows.
 */

export interface ColumnState {
  readonly table: string;
  readonly name: string;
  /** Type as the engine reports it, with NOT NULL and DEFAULT. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly position: number;
}

export interface EngineState {
  readonly columns: readonly ColumnState[];
  /** `table.name definition` with ` NOT VALID` where the engine tracks validity. */
  readonly constraints: readonly string[];
  /** Index definitions with ` INVALID` for an index a failed concurrent build left. */
  readonly indexes: readonly string[];
  /** Triggers, routines, views, sequences: anything else a plan could leave behind. */
  readonly others: readonly string[];
  readonly rows: Readonly<Record<string, readonly Record<string, unknown>[]>>;
}

/** Differences a plan is allowed to make, each because the plan says so. */
export interface Allowances {
  /** MySQL/MariaDB: the plan adds a column last instead of `AFTER`/`FIRST` (its note says so). */
  readonly columnOrder?: boolean;
  /** `table.column` → DEFAULT the original was given only so that it could run at all. */
  readonly strippedDefaults?: Readonly<Record<string, string>>;
  /** `table.column` whose values are volatile (`gen_random_uuid()`, `now()`): compared by shape. */
  readonly volatileColumns?: ReadonlySet<string>;
}

/** Functions whose value differs between two runs: their columns are compared by shape. */
const VOLATILE =
  /\b(gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|now|current_timestamp|localtimestamp|statement_timestamp|transaction_timestamp|timeofday|nextval|uuid|rand|sysdate|curdate|curtime|current_date|current_time|utc_timestamp|datetime|strftime|julianday|unixepoch|randomblob)\b/i;

export function isVolatileExpression(sql: string): boolean {
  return VOLATILE.test(sql);
}

function columnLine(c: ColumnState, allow: Allowances): string {
  const key = `${c.table}.${c.name}`;
  const stripped = allow.strippedDefaults?.[key];
  const dflt = stripped !== undefined && c.default !== null ? null : c.default;
  return `${key} ${c.type}${c.notNull ? ' NOT NULL' : ''}${dflt !== null ? ` DEFAULT ${dflt}` : ''}`;
}

/** A value's shape: null-ness and kind, for volatile columns. */
function shape(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return 'uuid';
  return `some ${typeof v}`;
}

function canonicalRows(table: string, rows: readonly Record<string, unknown>[], volatile: ReadonlySet<string>): string[] {
  return rows
    .map((r) => {
      const keys = Object.keys(r).sort();
      return JSON.stringify(keys.map((k) => [k, volatile.has(`${table}.${k}`) ? `<${shape(r[k])}>` : r[k]]));
    })
    .sort();
}

function listDiff(what: string, expected: readonly string[], actual: readonly string[]): string[] {
  const e = new Set(expected);
  const a = new Set(actual);
  return [
    ...expected.filter((x) => !a.has(x)).map((x) => `${what} only after the original: ${x}`),
    ...actual.filter((x) => !e.has(x)).map((x) => `${what} only after the plan: ${x}`),
  ];
}

const ROW_REPORT_LIMIT = 3;

/** Every difference between the original's result and the plan's, beyond what the plan documents. */
export function differences(original: EngineState, phased: EngineState, allow: Allowances = {}): string[] {
  const out: string[] = [];
  const cols = (s: EngineState): string[] => s.columns.map((c) => columnLine(c, allow)).sort();
  out.push(...listDiff('column', cols(original), cols(phased)));
  if (!allow.columnOrder) {
    const order = (s: EngineState): string[] =>
      [...new Set(s.columns.map((c) => c.table))].sort().map(
        (t) =>
          `${t}(${s.columns
            .filter((c) => c.table === t)
            .sort((a, b) => a.position - b.position)
            .map((c) => c.name)
            .join(', ')})`,
      );
    out.push(...listDiff('column order', order(original), order(phased)));
  }
  out.push(...listDiff('constraint', [...original.constraints].sort(), [...phased.constraints].sort()));
  out.push(...listDiff('index', [...original.indexes].sort(), [...phased.indexes].sort()));
  out.push(...listDiff('object', [...original.others].sort(), [...phased.others].sort()));

  const volatile = new Set(allow.volatileColumns ?? []);
  for (const c of [...original.columns, ...phased.columns]) {
    if (c.default !== null && isVolatileExpression(c.default)) volatile.add(`${c.table}.${c.name}`);
  }
  const tables = [...new Set([...Object.keys(original.rows), ...Object.keys(phased.rows)])].sort();
  for (const t of tables) {
    const e = canonicalRows(t, original.rows[t] ?? [], volatile);
    const a = canonicalRows(t, phased.rows[t] ?? [], volatile);
    if (e.length !== a.length) {
      out.push(`table ${t}: ${e.length} rows after the original, ${a.length} after the plan`);
      continue;
    }
    const rowDiffs = listDiff(`row of ${t}`, e, a);
    out.push(...rowDiffs.slice(0, ROW_REPORT_LIMIT * 2));
    if (rowDiffs.length > ROW_REPORT_LIMIT * 2) out.push(`… ${rowDiffs.length / 2} rows of ${t} differ`);
  }
  return out;
}

/** JSON-stable form of a driver value (dates as ISO text, bytes as hex, big numbers as text). */
export function plainValue(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'bigint') return v.toString();
  return v;
}
