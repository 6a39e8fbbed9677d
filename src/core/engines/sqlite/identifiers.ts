import data from './data/keywords.json';

/**
 * The SQLite keywords that SQLite itself rejects bare as a name (the rest fall back to plain
 * names in its grammar). Written by `npm run gen:keywords`, which asks sql.js.
 */
const KEYWORDS: ReadonlySet<string> = new Set(data.needsQuotes);

/**
 * Quote a SQLite identifier only when it needs it. SQLite keeps the spelling of unquoted
 * names and compares them without regard to case, so upper case needs no quotes.
 */
export function quoteSqliteIdent(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toUpperCase()) ? name : `"${name.replace(/"/g, '""')}"`;
}
