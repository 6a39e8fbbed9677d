/**
 * psql meta-commands (`\connect`, `\restrict` in pg_dump output) are not SQL: blank them,
 * keeping every offset, before the text is split or parsed.
 */
export function blankPsqlMetaCommands(text: string): string {
  return text.replace(/^\\[^\n]*/gm, (m) => ' '.repeat(m.length));
}
