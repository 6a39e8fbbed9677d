import data from './data/reserved-words.json';

/** MySQL's reserved words (the manual's (R) list); non-reserved keywords may stand unquoted. */
const RESERVED: ReadonlySet<string> = new Set(data.words);

/**
 * Quote a MySQL identifier only when it needs it. Unquoted names keep their case in MySQL,
 * so only the character set and reserved words decide; digits-first names are quoted too
 * because a name of digits and an exponent (`1e3`) would read as a number, and so are names
 * with `$`, which MySQL accepts bare but many SQL tools (node-sql-parser among them) do not.
 */
export function quoteMysqlIdent(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toUpperCase()) ? name : `\`${name.replace(/`/g, '``')}\``;
}
