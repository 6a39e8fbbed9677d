/**
 * Regenerates src/core/engines/postgres/data/keywords.json from a real PostgreSQL's own
 * keyword table, `pg_get_keywords()`, so identifier quoting follows the server's grammar
 * rather than a hand-kept list.
 *
 *   bash scripts/pg-test-server.sh start   # Debian's PostgreSQL on a free port
 *   npm run gen:keywords                    # or: npm run gen:keywords -- postgres://…
 *   bash scripts/pg-test-server.sh stop
 *
 * catcode: U = unreserved, C = unreserved but cannot be a function or type name,
 * T = reserved but can be a function or type name, R = reserved. Like PostgreSQL's
 * quote_ident(), anything but U must be quoted to stand as a column or table name.
 *
 * It also asks SQLite itself (sql.js) which of its documented keywords
 * (src/core/engines/sqlite/data/keywords.json, `words`) cannot stand bare as a table,
 * column or index name, and writes them to that file's `needsQuotes`: SQLite's grammar
 * lets most keywords fall back to plain names, and quoting those would change every
 * generated file that mentions a column such as `plan` or `key` for nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import initSqlJs from 'sql.js';

function serverUrl(): string {
  const fromArg = process.argv[2] ?? process.env.LOCKSTEP_PG_URL;
  if (fromArg) return fromArg;
  const root = join(import.meta.dirname, '..');
  return execFileSync('bash', [join(root, 'scripts', 'pg-test-server.sh'), 'url'], { cwd: root, encoding: 'utf8' }).trim();
}

async function main(): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const { rows } = await client.query<{ word: string; catcode: string }>('SELECT word, catcode FROM pg_get_keywords() ORDER BY word');
    const keywords = Object.fromEntries(rows.map((r) => [r.word, r.catcode]));
    const out = {
      source: `pg_get_keywords() from PostgreSQL ${version}; catcode U = unreserved, C = col_name (unreserved, not a function or type name), T = type_func_name, R = reserved. Any keyword not U needs quoting as an identifier (as quote_ident does).`,
      regenerate: 'npm run gen:keywords',
      keywords,
    };
    const target = join(import.meta.dirname, '..', 'src', 'core', 'engines', 'postgres', 'data', 'keywords.json');
    writeFileSync(target, JSON.stringify(out, null, 0).replace(/,"/g, ',\n"') + '\n');
    console.log(`wrote ${rows.length} keywords from PostgreSQL ${version} to ${target}`);
  } finally {
    await client.end();
  }
}

/** Statements that put a name in each position generated SQL uses it. */
function sqliteProbe(w: string): string {
  return [
    `CREATE TABLE ${w} (${w} int, b int)`,
    `CREATE INDEX ${w}_i ON ${w} (${w})`,
    `CREATE INDEX i_${w} ON ${w} (${w})`,
    `SELECT ${w} FROM ${w} WHERE ${w} = 1 ORDER BY ${w}`,
    `UPDATE ${w} SET ${w} = 2 WHERE ${w} IS NULL`,
    `ALTER TABLE ${w} ADD COLUMN c int REFERENCES ${w} (${w})`,
    `ALTER TABLE ${w} RENAME COLUMN ${w} TO d`,
    `DROP TABLE ${w}`,
  ].join(';\n');
}

async function sqliteKeywords(): Promise<void> {
  const target = join(import.meta.dirname, '..', 'src', 'core', 'engines', 'sqlite', 'data', 'keywords.json');
  const data = JSON.parse(readFileSync(target, 'utf8')) as { source: string; words: string[] };
  const SQL = await initSqlJs();
  const version = String(new SQL.Database().exec('SELECT sqlite_version()')[0]!.values[0]![0]);
  const needsQuotes: string[] = [];
  for (const word of data.words) {
    const db = new SQL.Database();
    try {
      db.run(sqliteProbe(word.toLowerCase()));
    } catch {
      needsQuotes.push(word);
    } finally {
      db.close();
    }
  }
  const out = {
    source: data.source,
    needsQuotesSource: `keywords that SQLite ${version} (sql.js) rejects bare as a table, column or index name; written by npm run gen:keywords`,
    words: data.words,
    needsQuotes,
  };
  writeFileSync(
    target,
    `{${Object.entries(out)
      .map(([k, v]) => `${JSON.stringify(k)}: ${Array.isArray(v) ? `[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]` : JSON.stringify(v)}`)
      .join(',\n')}}\n`,
  );
  console.log(`wrote ${needsQuotes.length} of ${data.words.length} SQLite keywords that need quotes (SQLite ${version}) to ${target}`);
}

main()
  .then(sqliteKeywords)
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
