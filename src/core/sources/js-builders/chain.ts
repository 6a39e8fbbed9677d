import { namedChildren, type SyntaxNode } from '../tree-sitter';

/*
 * Reading a schema-builder call from the TypeScript syntax tree: the method chain from the
 * builder root (`knex.schema.alterTable(…).alterTable(…)`, `db.schema.alterTable(…).addColumn(…).execute()`)
 * and the literal values of its arguments. Only literals are resolved; anything else throws
 * {@link Untranslatable} so the call is reported as not analysed instead of guessed.
 */

/** A value read from source: strings, numbers, booleans, null, arrays, objects, and `Sequelize.STRING`-style members. */
export type Value = string | number | boolean | null | Member | readonly Value[] | { readonly [key: string]: Value };

/** `DataTypes.STRING` or `Sequelize.STRING(100)`: a member name with optional literal arguments. */
export interface Member {
  readonly member: string;
  readonly args?: readonly Value[];
}

export function isMember(v: Value | undefined): v is Member {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as Member).member === 'string' &&
    Object.keys(v).every((k) => k === 'member' || k === 'args')
  );
}

export function isObject(v: Value | undefined): v is { readonly [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isMember(v);
}

/** Why a call was not translated; becomes the `not analysed` note. */
export class Untranslatable extends Error {}

export function fail(reason: string): never {
  throw new Untranslatable(reason);
}

/** One link of a method chain: `alterTable('t', fn)` has name `alterTable` and two argument nodes. */
export interface Link {
  readonly name: string;
  /** Undefined for a property access (`knex.schema`). */
  readonly args?: readonly SyntaxNode[];
  readonly node: SyntaxNode;
}

/** The chain of member accesses and calls that ends at `node`, from its root identifier. */
export function chainOf(node: SyntaxNode): Link[] {
  const links: Link[] = [];
  let at: SyntaxNode | null = node;
  let args: SyntaxNode[] | undefined;
  while (at) {
    if (at.type === 'call_expression') {
      args = namedChildren(at.childForFieldName('arguments')!);
      at = at.childForFieldName('function');
      continue;
    }
    if (at.type === 'await_expression' || at.type === 'parenthesized_expression' || at.type === 'non_null_expression') {
      at = namedChildren(at)[0] ?? null;
      continue;
    }
    if (at.type === 'member_expression') {
      const property = at.childForFieldName('property');
      links.unshift({ name: property?.text ?? '', ...(args ? { args } : {}), node: at });
      args = undefined;
      at = at.childForFieldName('object');
      continue;
    }
    links.unshift({ name: at.text, ...(args ? { args } : {}), node: at });
    break;
  }
  return links;
}

/** The literal value of an expression node; throws {@link Untranslatable} for anything computed. */
export function valueOf(node: SyntaxNode | undefined): Value {
  if (!node) return fail('an argument is missing');
  switch (node.type) {
    case 'string':
      return stringText(node);
    case 'template_string':
      if (namedChildren(node).some((c) => c.type === 'template_substitution')) fail(`\`${short(node)}\` has a substitution`);
      return node.text.slice(1, -1);
    case 'number':
      return Number(node.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'undefined':
      return null;
    case 'parenthesized_expression':
    case 'as_expression':
    case 'satisfies_expression':
      return valueOf(namedChildren(node)[0]);
    case 'unary_expression': {
      const inner = valueOf(namedChildren(node)[0]);
      if (node.text.startsWith('-') && typeof inner === 'number') return -inner;
      return fail(`\`${short(node)}\` is computed`);
    }
    case 'array':
      return namedChildren(node).map((c) => valueOf(c));
    case 'object': {
      const out: Record<string, Value> = {};
      for (const c of namedChildren(node)) {
        if (c.type === 'shorthand_property_identifier') fail(`\`${c.text}\` is a variable`);
        if (c.type !== 'pair') fail(`\`${short(c)}\` is not a literal property`);
        const key = c.childForFieldName('key')!;
        const name =
          key.type === 'string'
            ? stringText(key)
            : key.type === 'property_identifier' || key.type === 'number'
              ? key.text
              : fail(`the key \`${short(key)}\` is computed`);
        out[name] = valueOf(c.childForFieldName('value') ?? undefined);
      }
      return out;
    }
    case 'member_expression': {
      // `Sequelize.STRING`, `DataTypes.INTEGER`, `Sequelize.DataTypes.TEXT`: a type named by its member.
      const object = node.childForFieldName('object')!;
      const property = node.childForFieldName('property')!.text;
      if (/^(Sequelize|DataTypes|Sequelize\.DataTypes|S)$/.test(object.text) || /^[A-Z][A-Z0-9_]*$/.test(property)) return { member: property };
      return fail(`\`${short(node)}\` is a variable`);
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function')!;
      const callee = fn.type === 'member_expression' ? valueOf(fn) : fail(`\`${short(node)}\` is computed`);
      if (!isMember(callee)) fail(`\`${short(node)}\` is computed`);
      return { member: callee.member, args: namedChildren(node.childForFieldName('arguments')!).map((a) => valueOf(a)) };
    }
    default:
      return fail(`\`${short(node)}\` is not a literal`);
  }
}

export function stringValue(node: SyntaxNode | undefined, what: string): string {
  const v = valueOf(node);
  if (typeof v !== 'string') fail(`${what} is not a string`);
  return v;
}

/** The text of a string literal with its escapes resolved. */
function stringText(node: SyntaxNode): string {
  let out = '';
  for (const c of namedChildren(node)) {
    if (c.type === 'string_fragment') out += c.text;
    else if (c.type === 'escape_sequence') out += unescape(c.text);
  }
  return out;
}

function unescape(seq: string): string {
  const c = seq[1]!;
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };
  if (c in simple) return simple[c]!;
  if (c === 'u' || c === 'x') {
    const hex = seq.slice(2).replace(/[{}]/g, '');
    return String.fromCodePoint(parseInt(hex, 16));
  }
  return seq.slice(1);
}

/** The arrow or function passed as a callback: its first parameter's name and its body. */
export function callback(node: SyntaxNode | undefined): { param: string; body: SyntaxNode } | undefined {
  if (!node || (node.type !== 'arrow_function' && node.type !== 'function_expression' && node.type !== 'function')) return undefined;
  const body = node.childForFieldName('body');
  const single = node.childForFieldName('parameter');
  const params = node.childForFieldName('parameters');
  const first = single ?? (params ? namedChildren(params)[0] : undefined);
  const pattern = first?.type === 'required_parameter' || first?.type === 'optional_parameter' ? first.childForFieldName('pattern') : first;
  if (!body || !pattern || pattern.type !== 'identifier') return undefined;
  return { param: pattern.text, body };
}

/** The expression statements of a callback body (an expression body is one statement). */
export function bodyStatements(body: SyntaxNode): SyntaxNode[] {
  if (body.type !== 'statement_block') return [body];
  return namedChildren(body);
}

export function short(node: SyntaxNode): string {
  const t = node.text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** `"name"`: an identifier quoted as the libraries quote it for PostgreSQL. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` from `schema.table`. */
export function tableIdent(name: string): string {
  return name.split('.').map(ident).join('.');
}

export function sqlString(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}
