/**
 * Small accessors over node-sql-parser's AST (used for MySQL, MariaDB and SQLite). Its
 * nodes are plain objects whose shapes vary by statement; these helpers read them without
 * trusting the shape blindly.
 */
export type AstNode = { readonly [key: string]: unknown };

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function node(value: unknown, key: string): AstNode | undefined {
  if (!isAstNode(value)) return undefined;
  const v = value[key];
  return isAstNode(v) ? v : undefined;
}

export function nodes(value: unknown, key?: string): AstNode[] {
  const v = key === undefined ? value : isAstNode(value) ? value[key] : undefined;
  if (Array.isArray(v)) return v.filter(isAstNode);
  return isAstNode(v) ? [v] : [];
}

export function text(value: unknown, key: string): string | undefined {
  if (!isAstNode(value)) return undefined;
  const v = value[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function number(value: unknown, key: string): number | undefined {
  if (!isAstNode(value)) return undefined;
  const v = value[key];
  return typeof v === 'number' ? v : undefined;
}

/** A column reference's name: `{type:'column_ref', column:'a'}`, `{column:{expr:{value:'a'}}}` or a quoted string node. */
export function columnName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isAstNode(value)) return undefined;
  const col = value['column'];
  if (typeof col === 'string') return col;
  if (isAstNode(col)) return columnName(col['expr'] ?? col);
  const v = value['value'];
  return typeof v === 'string' ? v : undefined;
}

/** Visit every object node beneath `value`, depth first. */
export function walkAst(value: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkAst(item, visit);
    return;
  }
  if (!isAstNode(value)) return;
  visit(value);
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) walkAst(inner, visit);
}
