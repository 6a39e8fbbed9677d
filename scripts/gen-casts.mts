/**
 * Regenerates src/core/engines/postgres/data/binary-coercible.json from a real PostgreSQL:
 * the casts that only relabel the bytes (pg_cast.castmethod = 'b'), the types whose length
 * coercion has a planner support function (so a larger modifier needs no rewrite), and a
 * probe of every rule with ALTER TABLE … TYPE and pg_relation_filenode, so the data states
 * what the engine did, not what its documentation says.
 *
 *   npm run gen:casts                      # PGlite (PostgreSQL compiled to WASM)
 *   npm run gen:casts -- postgres://…      # a server, e.g. `bash scripts/pg-test-server.sh url`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { COERCION_PROBES, TYPMOD_RULE_BY_SUPPORT, probeRewrites, type Query } from '../test/helpers/coercion-probes.js';

async function connect(url: string | undefined): Promise<{ query: Query; close(): Promise<void> }> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return { query: async (sql) => (await client.query(sql)).rows, close: () => client.end() };
  }
  const db = await PGlite.create();
  return { query: async (sql) => (await db.query(sql)).rows as Record<string, unknown>[], close: () => db.close() };
}

async function main(): Promise<void> {
  const url = process.argv[2];
  const db = await connect(url);
  try {
    const version = String((await db.query("SELECT current_setting('server_version') AS v"))[0]!['v']);
    // Binary-coercible casts between the built-in base types (pseudo-types and internals left out).
    const casts = await db.query(`
      SELECT s.typname AS "from", t.typname AS "to"
        FROM pg_cast c
        JOIN pg_type s ON s.oid = c.castsource
        JOIN pg_type t ON t.oid = c.casttarget
       WHERE c.castmethod = 'b' AND c.castsource <> c.casttarget
         AND s.typtype = 'b' AND t.typtype = 'b'
         AND s.typnamespace = 'pg_catalog'::regnamespace AND t.typnamespace = 'pg_catalog'::regnamespace
       ORDER BY 1, 2`);
    // Length coercions (cast of a type to itself) whose function has a planner support
    // function: the support function drops the coercion when the new modifier cannot shrink.
    const support = await db.query(`
      SELECT t.typname AS type, s.proname AS support
        FROM pg_cast c
        JOIN pg_type t ON t.oid = c.castsource
        JOIN pg_proc f ON f.oid = c.castfunc
        JOIN pg_proc s ON s.oid = f.prosupport
       WHERE c.castsource = c.casttarget AND t.typtype = 'b'
       ORDER BY 1`);
    const typmodGrowth: Record<string, string> = {};
    for (const row of support) {
      const rule = TYPMOD_RULE_BY_SUPPORT[String(row['support'])];
      if (!rule) throw new Error(`length coercion of ${String(row['type'])} uses ${String(row['support'])}, which has no known modifier rule`);
      typmodGrowth[String(row['type'])] = rule;
    }
    // Every probe must agree with the rules before the file is written.
    const results = await probeRewrites(db.query);
    const wrong = results.filter((r) => r.rewrote !== r.probe.rewrites);
    if (wrong.length > 0)
      throw new Error(
        `the engine disagrees with the probes:\n${wrong.map((r) => `  ${r.probe.from} → ${r.probe.to}${r.probe.utc ? ' (UTC)' : ''}: rewrote=${r.rewrote}`).join('\n')}`,
      );
    const out = {
      source: `pg_cast (castmethod 'b'; length coercions with a planner support function) from PostgreSQL ${version}${url ? '' : ' (PGlite)'}; ${COERCION_PROBES.length} ALTER TABLE … TYPE probes checked against pg_relation_filenode`,
      regenerate: 'npm run gen:casts',
      binaryCoercible: casts.map((r) => [String(r['from']), String(r['to'])]),
      typmodGrowth,
      // Probed above (zero-offset TimeZone); the first version with it is VERSION_FACTS.timestampTimeZoneChangeInUtc.
      utcTimestamp: {
        pairs: [
          ['timestamptz', 'timestamp'],
          ['timestamp', 'timestamptz'],
        ],
      },
    };
    const target = join(import.meta.dirname, '..', 'src', 'core', 'engines', 'postgres', 'data', 'binary-coercible.json');
    writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${casts.length} casts and ${support.length} modifier rules from PostgreSQL ${version} to ${target}`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
