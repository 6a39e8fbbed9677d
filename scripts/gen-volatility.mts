/**
 * Regenerates src/core/engines/postgres/data/function-volatility.json from a real
 * PostgreSQL catalog (PGlite, which is PostgreSQL compiled to WASM), with the common
 * extensions that migrations use for defaults (uuid-ossp, pgcrypto) installed.
 *
 *   npm run gen:volatility
 *
 * Overloads with different volatilities collapse to the most volatile one, so a name
 * is never reported safer than its riskiest form.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';

const RANK: Record<string, number> = { i: 0, s: 1, v: 2 };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-volatility-'));
  try {
    const db = await PGlite.create({ dataDir: dir, extensions: { uuid_ossp, pgcrypto } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"; CREATE EXTENSION IF NOT EXISTS pgcrypto;');
    const version = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const { rows } = await db.query<{ name: string; vol: string }>(
      `SELECT p.proname AS name, p.provolatile AS vol
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('pg_catalog', 'public')`,
    );
    const byName = new Map<string, string>();
    for (const { name, vol } of rows) {
      const prev = byName.get(name);
      if (prev === undefined || RANK[vol]! > RANK[prev]!) byName.set(name, vol);
    }
    const functions = Object.fromEntries([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const out = {
      source: `pg_proc.provolatile from PostgreSQL ${version} (PGlite) with uuid-ossp and pgcrypto; i = immutable, s = stable, v = volatile`,
      regenerate: 'npm run gen:volatility',
      functions,
    };
    const target = join(import.meta.dirname, '..', 'src', 'core', 'engines', 'postgres', 'data', 'function-volatility.json');
    writeFileSync(target, JSON.stringify(out, null, 0).replace(/,"/g, ',\n"') + '\n');
    console.log(`wrote ${byName.size} functions from PostgreSQL ${version} to ${target}`);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
