/**
 * ALTER TABLE … TYPE changes whose outcome (rewrite or not) is checked on a real
 * PostgreSQL: by `npm run gen:casts` before it writes the coercion data, by the engine
 * test against PGlite, and by the unit test against the lint's own classification.
 */

export interface CoercionProbe {
  readonly from: string;
  readonly to: string;
  /** pg_relation_filenode changes. */
  readonly rewrites: boolean;
  /** Run with the session's TimeZone set to UTC (otherwise a zone with an offset). */
  readonly utc?: boolean;
}

export const COERCION_PROBES: readonly CoercionProbe[] = [
  { from: 'varchar(20)', to: 'varchar(21)', rewrites: false },
  { from: 'varchar(21)', to: 'varchar(20)', rewrites: true },
  { from: 'varchar(20)', to: 'text', rewrites: false },
  { from: 'varchar(20)', to: 'varchar', rewrites: false },
  { from: 'text', to: 'varchar(20)', rewrites: true },
  { from: 'varchar', to: 'varchar(20)', rewrites: true },
  { from: 'numeric(10,2)', to: 'numeric(20,2)', rewrites: false },
  { from: 'numeric(10,2)', to: 'numeric(20,3)', rewrites: true },
  { from: 'numeric(20,2)', to: 'numeric(10,2)', rewrites: true },
  { from: 'numeric(10,2)', to: 'numeric', rewrites: false },
  { from: 'timestamp(0)', to: 'timestamp(3)', rewrites: false },
  { from: 'timestamp(3)', to: 'timestamp(0)', rewrites: true },
  { from: 'timestamp(3)', to: 'timestamp', rewrites: false },
  { from: 'timestamptz(0)', to: 'timestamptz(6)', rewrites: false },
  { from: 'time(0)', to: 'time(3)', rewrites: false },
  { from: 'timetz(0)', to: 'timetz(3)', rewrites: false },
  { from: 'interval(0)', to: 'interval(3)', rewrites: false },
  { from: 'interval(3)', to: 'interval(0)', rewrites: true },
  { from: 'varbit(3)', to: 'varbit(5)', rewrites: false },
  { from: 'bit(3)', to: 'bit(5)', rewrites: true },
  { from: 'char(10)', to: 'char(20)', rewrites: true },
  { from: 'int4', to: 'int8', rewrites: true },
  { from: 'int8', to: 'int4', rewrites: true },
  { from: 'int4', to: 'text', rewrites: true },
  { from: 'cidr', to: 'inet', rewrites: false },
  { from: 'xml', to: 'text', rewrites: false },
  { from: 'timestamptz', to: 'timestamp', rewrites: false, utc: true },
  { from: 'timestamptz', to: 'timestamp', rewrites: true },
  { from: 'timestamp', to: 'timestamptz', rewrites: false, utc: true },
  { from: 'timestamp', to: 'timestamptz', rewrites: true },
];

/** What each planner support function of a length coercion lets grow without a rewrite. */
export const TYPMOD_RULE_BY_SUPPORT: Readonly<Record<string, string>> = {
  varchar_support: 'length',
  varbit_support: 'length',
  numeric_support: 'precision-same-scale',
  timestamp_support: 'precision',
  time_support: 'precision',
  interval_support: 'precision',
};

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Runs every probe in a rolled-back transaction and says whether the table was rewritten. */
export async function probeRewrites(query: Query): Promise<{ probe: CoercionProbe; rewrote: boolean }[]> {
  const out: { probe: CoercionProbe; rewrote: boolean }[] = [];
  for (const probe of COERCION_PROBES) {
    await query('BEGIN');
    try {
      await query(`SET LOCAL TimeZone = '${probe.utc ? 'UTC' : 'America/New_York'}'`);
      await query(`CREATE TABLE coercion_probe (c ${probe.from})`);
      const before = (await query(`SELECT pg_relation_filenode('coercion_probe') AS f`))[0]!['f'];
      await query(`ALTER TABLE coercion_probe ALTER COLUMN c TYPE ${probe.to}`);
      const after = (await query(`SELECT pg_relation_filenode('coercion_probe') AS f`))[0]!['f'];
      out.push({ probe, rewrote: String(before) !== String(after) });
    } finally {
      await query('ROLLBACK');
    }
  }
  return out;
}
