import data from './data/keywords.json';

/**
 * PostgreSQL keywords that cannot stand unquoted as a column or table name: every category
 * of `pg_get_keywords()` but U (unreserved), which is the rule quote_ident() applies.
 * Regenerated from a real server by `npm run gen:keywords`.
 */
const NEEDS_QUOTES: ReadonlySet<string> = new Set(
  Object.entries(data.keywords as Record<string, string>)
    .filter(([, catcode]) => catcode !== 'U')
    .map(([word]) => word),
);

/** Quote a PostgreSQL identifier only when it would otherwise be folded, misread or rejected. */
export function quotePostgresIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !NEEDS_QUOTES.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Always quoted, for names read from the catalog that must keep their exact spelling. */
export function alwaysQuotePostgresIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
