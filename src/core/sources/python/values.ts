import type { SyntaxNode } from '../tree-sitter';
import { namedChildren } from '../tree-sitter';

/**
 * Python expressions a migration passes to its framework, read as values: literals, lists,
 * dicts, names (`models.CASCADE`) and calls (`models.CharField(max_length=20)`). Anything
 * else is `unknown`, which translators treat as "cannot say" rather than guessing.
 */
export type PyValue = PyStr | PyNum | PyConst | PyList | PyDict | PyCall | PyName | PyUnknown;

interface Base {
  readonly node: SyntaxNode;
}

export interface PyStr extends Base {
  readonly kind: 'str';
  readonly value: string;
  /** Host offset of each character of `value`, plus one for its end. */
  readonly offsets: readonly number[];
  /** False for f-strings with interpolations (the value holds placeholders). */
  readonly exact: boolean;
}
interface PyNum extends Base {
  readonly kind: 'num';
  readonly value: number;
  readonly text: string;
}
interface PyConst extends Base {
  readonly kind: 'const';
  readonly value: boolean | null;
}
interface PyList extends Base {
  readonly kind: 'list';
  readonly items: readonly PyValue[];
}
interface PyDict extends Base {
  readonly kind: 'dict';
  readonly entries: readonly (readonly [PyValue, PyValue])[];
}
export interface PyCall extends Base {
  readonly kind: 'call';
  /** Dotted name of the callee (`sa.Column`, `models.ForeignKey`); empty when it is not a name. */
  readonly callee: string;
  readonly args: readonly PyValue[];
  readonly kwargs: ReadonlyMap<string, PyValue>;
  /** For a method called on an expression (`sa.Integer().with_variant(…)`): that expression. */
  readonly receiver?: PyValue;
}
interface PyName extends Base {
  readonly kind: 'name';
  readonly path: string;
}
interface PyUnknown extends Base {
  readonly kind: 'unknown';
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

export function readValue(node: SyntaxNode): PyValue {
  switch (node.type) {
    case 'string':
      return readString(node);
    case 'concatenated_string':
      return joinStrings(node, namedChildren(node).map(readString));
    case 'integer':
    case 'float': {
      const text = node.text.replace(/_/g, '');
      return { kind: 'num', value: Number(text), text: node.text, node };
    }
    case 'true':
      return { kind: 'const', value: true, node };
    case 'false':
      return { kind: 'const', value: false, node };
    case 'none':
      return { kind: 'const', value: null, node };
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const op = node.childForFieldName('operator')?.text;
      const inner = operand ? readValue(operand) : undefined;
      if (inner?.kind === 'num' && op === '-') return { kind: 'num', value: -inner.value, text: node.text, node };
      return { kind: 'unknown', node };
    }
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: 'list', items: namedChildren(node).map(readValue), node };
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? readValue(inner) : { kind: 'unknown', node };
    }
    case 'dictionary':
      return {
        kind: 'dict',
        entries: namedChildren(node)
          .filter((c) => c.type === 'pair')
          .map((pair) => [readValue(pair.childForFieldName('key')!), readValue(pair.childForFieldName('value')!)] as const),
        node,
      };
    case 'identifier':
    case 'attribute': {
      const path = dottedName(node);
      return path ? { kind: 'name', path, node } : { kind: 'unknown', node };
    }
    case 'call':
      return readCall(node);
    default:
      return { kind: 'unknown', node };
  }
}

export function readCall(node: SyntaxNode): PyCall {
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  for (const a of argList ? namedChildren(argList) : []) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) kwargs.set(name, readValue(value));
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      args.push({ kind: 'unknown', node: a });
    } else {
      args.push(readValue(a));
    }
  }
  const callee = fn ? dottedName(fn) : undefined;
  if (callee === undefined && fn?.type === 'attribute') {
    const object = fn.childForFieldName('object');
    const attr = fn.childForFieldName('attribute')?.text ?? '';
    return { kind: 'call', callee: `().${attr}`, args, kwargs, node, ...(object ? { receiver: readValue(object) } : {}) };
  }
  return { kind: 'call', callee: callee ?? '', args, kwargs, node };
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else. */
export function dottedName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const head = object ? dottedName(object) : undefined;
    return head && attr ? `${head}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The last part of a dotted callee: `sa.Column` → `Column`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function readString(node: SyntaxNode): PyStr {
  const start = node.children.find((c) => c?.type === 'string_start');
  const prefix = (start?.text ?? '').replace(/['"]/g, '').toLowerCase();
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  let value = '';
  const offsets: number[] = [];
  let exact = !bytes;
  for (const part of node.children) {
    if (!part) continue;
    if (part.type === 'string_content') {
      readContent(part, raw, (text, at) => {
        value += text;
        for (let i = 0; i < text.length; i++) offsets.push(at + i);
      });
    } else if (part.type === 'interpolation') {
      exact = false;
      // A placeholder the SQL parser reads as an identifier, mapped onto the interpolation.
      const stand = '_'.repeat(Math.max(1, part.endIndex - part.startIndex));
      value += stand;
      for (let i = 0; i < stand.length; i++) offsets.push(part.startIndex + Math.min(i, part.endIndex - part.startIndex - 1));
    }
  }
  const end = node.children.find((c) => c?.type === 'string_end');
  offsets.push(end ? end.startIndex : node.endIndex);
  return { kind: 'str', value, offsets, exact, node };
}

/** A string_content node's characters, with escapes decoded unless the string is raw. */
function readContent(part: SyntaxNode, raw: boolean, emit: (text: string, at: number) => void): void {
  const text = part.text;
  const base = part.startIndex;
  if (raw) {
    emit(text, base);
    return;
  }
  let cursor = 0;
  for (const esc of part.children) {
    if (!esc || esc.type !== 'escape_sequence') continue;
    const from = esc.startIndex - base;
    if (from > cursor) emit(text.slice(cursor, from), base + cursor);
    emit(decodeEscape(esc.text), esc.startIndex);
    cursor = esc.endIndex - base;
  }
  if (cursor < text.length) emit(text.slice(cursor), base + cursor);
}

function decodeEscape(esc: string): string {
  const c = esc[1] ?? '';
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
  if (c === '\n') return '';
  if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(esc.slice(2), 16));
  if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(esc.slice(1), 8));
  return esc;
}

function joinStrings(node: SyntaxNode, parts: PyStr[]): PyStr {
  let value = '';
  const offsets: number[] = [];
  for (const p of parts) {
    value += p.value;
    offsets.push(...p.offsets.slice(0, -1));
  }
  offsets.push(parts.length ? parts[parts.length - 1]!.offsets.at(-1)! : node.endIndex);
  return { kind: 'str', value, offsets, exact: parts.every((p) => p.exact), node };
}

/**
 * The string value of a literal, or undefined. Naming helpers that return their argument
 * unchanged (Alembic's `op.f('ix_a')`, SQLAlchemy's `conv('ix_a')`) read as that literal.
 */
export function str(v: PyValue | undefined): string | undefined {
  if (v?.kind === 'str') return v.value;
  if (v?.kind === 'call' && (v.callee.endsWith('.f') || v.callee === 'f' || baseName(v.callee) === 'conv') && v.args.length === 1) return str(v.args[0]);
  return undefined;
}

/** A list of strings (`['a', 'b']` or a lone `'a'`), or undefined if any item is not a literal. */
export function strList(v: PyValue | undefined): string[] | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return [v.value];
  if (v.kind !== 'list') return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.kind !== 'str') return undefined;
    out.push(item.value);
  }
  return out;
}

export function bool(v: PyValue | undefined): boolean | undefined {
  return v?.kind === 'const' && typeof v.value === 'boolean' ? v.value : undefined;
}

export function num(v: PyValue | undefined): number | undefined {
  return v?.kind === 'num' ? v.value : undefined;
}
