/**
 * Small accessors over libpg_query's JSON parse tree. The tree is a nest of
 * single-key objects (`{ "ColumnDef": { … } }`); these helpers keep the mapping code
 * readable without trusting the shape blindly.
 */
export type PgNode = { readonly [key: string]: unknown };

export function isNode(value: unknown): value is PgNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload of a wrapped node if it has the given tag: `unwrap({A_Const:{…}}, 'A_Const')`. */
export function unwrap(value: unknown, tag: string): PgNode | undefined {
  if (!isNode(value)) return undefined;
  const inner = value[tag];
  return isNode(inner) ? inner : undefined;
}

/** The single tag of a wrapped node and its payload. */
export function tagOf(value: unknown): { tag: string; node: PgNode } | undefined {
  if (!isNode(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const inner = value[keys[0]!];
  return isNode(inner) ? { tag: keys[0]!, node: inner } : undefined;
}

export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const l = unwrap(value, 'List');
  return l && Array.isArray(l['items']) ? (l['items'] as unknown[]) : [];
}

export function str(node: PgNode | undefined, key: string): string | undefined {
  const v = node?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(node: PgNode | undefined, key: string): number | undefined {
  const v = node?.[key];
  return typeof v === 'number' ? v : undefined;
}

export function bool(node: PgNode | undefined, key: string): boolean {
  return node?.[key] === true;
}

export function child(node: PgNode | undefined, key: string): PgNode | undefined {
  const v = node?.[key];
  return isNode(v) ? v : undefined;
}

/** `[{String:{sval:"pg_catalog"}}, {String:{sval:"int4"}}]` → ["pg_catalog", "int4"]. */
export function names(value: unknown): string[] {
  return list(value)
    .map((n) => str(unwrap(n, 'String'), 'sval'))
    .filter((s): s is string => s !== undefined);
}

/** Visit every wrapped node beneath `value`, depth first. */
export function walk(value: unknown, visit: (tag: string, node: PgNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!isNode(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (isNode(inner) && /^[A-Z]/.test(key)) visit(key, inner);
    if (typeof inner === 'object' && inner !== null) walk(inner, visit);
  }
}

/** The integer or string value of an A_Const, if it is one. */
export function constValue(value: unknown): string | number | null | undefined {
  const c = unwrap(value, 'A_Const');
  if (!c) return undefined;
  if (c['isnull'] === true) return null;
  const ival = unwrap(c, 'ival') ?? child(c, 'ival');
  if (ival) return num(ival, 'ival') ?? 0;
  const sval = child(c, 'sval');
  if (sval) return str(sval, 'sval') ?? '';
  const fval = child(c, 'fval');
  if (fval) return Number(str(fval, 'fval'));
  const boolval = child(c, 'boolval');
  if (boolval) return bool(boolval, 'boolval') ? 'true' : 'false';
  return undefined;
}
