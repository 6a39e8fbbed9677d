import { displayName, type QualifiedName } from '../operations';

/**
 * The one way a per-table setting (configured rows, MySQL hints, workload, `--rows`) is found
 * for a table: by its schema-qualified name first (`billing.invoices`), then by its bare name
 * (`invoices`); a table named without a schema also matches a `public.<name>` key. Keys
 * match case-insensitively and without quotes, so `"Users"`, `users` and `public.users` all
 * name the same table.
 */
export function lookupByTable<T>(map: Readonly<Record<string, T>> | undefined, table: QualifiedName | string): T | undefined {
  if (!map) return undefined;
  const full = unquote(typeof table === 'string' ? table : displayName(table));
  const bare = full.split('.').pop()!;
  const inPublic = `public.${bare}`;
  const schemaless = full === bare;
  let byBare: T | undefined;
  let byPublic: T | undefined;
  for (const [k, v] of Object.entries(map)) {
    const key = unquote(k);
    if (key === full) return v;
    if (key === bare) byBare ??= v;
    else if (schemaless && key === inPublic) byPublic ??= v;
  }
  return byBare ?? byPublic;
}

function unquote(name: string): string {
  return name.toLowerCase().replace(/["`]/g, '');
}
