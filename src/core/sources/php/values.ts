import type { SyntaxNode } from '../tree-sitter';
import { namedChildren } from '../tree-sitter';

/**
 * PHP expressions a migration passes to its framework, read as values: strings (with the
 * host offset of every character, so raw SQL maps back into its literal), numbers,
 * `true`/`false`/`null`, arrays and class constants. Anything else is `unknown`, which
 * translators treat as "cannot say" rather than guessing.
 */
export type PhpValue = PhpStr | PhpNum | PhpConst | PhpArray | PhpUnknown;

interface Base {
  readonly node: SyntaxNode;
}

interface PhpStr extends Base {
  readonly kind: 'str';
  readonly value: string;
  /** Host offset of each character of `value`, plus one for its end. */
  readonly offsets: readonly number[];
  /** False when the string interpolates variables (the value holds placeholders). */
  readonly exact: boolean;
}
interface PhpNum extends Base {
  readonly kind: 'num';
  readonly value: number;
  /** As written, without `_` separators (`0.5`, `-1`). */
  readonly text: string;
}
interface PhpConst extends Base {
  readonly kind: 'const';
  readonly value: boolean | null;
}
interface PhpArray extends Base {
  readonly kind: 'array';
  /** Entries in order; `key` is absent for list items. */
  readonly entries: readonly { readonly key?: PhpValue; readonly value: PhpValue }[];
}
interface PhpUnknown extends Base {
  readonly kind: 'unknown';
}

/** A call's arguments: positional in order, named ones (`name: 'x'`, PHP 8) by name. */
export interface PhpArgs {
  readonly positional: readonly PhpValue[];
  readonly named: ReadonlyMap<string, PhpValue>;
}

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' };

export function readValue(node: SyntaxNode): PhpValue {
  switch (node.type) {
    case 'string':
      return singleQuoted(node);
    case 'encapsed_string':
      return interpolated(node, node.startIndex + 1, namedChildren(node));
    case 'heredoc':
    case 'nowdoc':
      return heredoc(node);
    case 'binary_expression':
      return concatenation(node);
    case 'integer':
    case 'float': {
      const text = node.text.replace(/_/g, '');
      return { kind: 'num', value: Number(text), text, node };
    }
    case 'boolean':
      return { kind: 'const', value: node.text.toLowerCase() === 'true', node };
    case 'null':
      return { kind: 'const', value: null, node };
    case 'unary_op_expression': {
      const operand = node.childForFieldName('argument') ?? namedChildren(node)[0];
      const inner = operand ? readValue(operand) : undefined;
      if (inner?.kind === 'num' && node.text.trimStart().startsWith('-')) return { kind: 'num', value: -inner.value, text: `-${inner.text}`, node };
      return { kind: 'unknown', node };
    }
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? readValue(inner) : { kind: 'unknown', node };
    }
    case 'array_creation_expression':
      return {
        kind: 'array',
        entries: namedChildren(node)
          .filter((c) => c.type === 'array_element_initializer')
          .map((el) => {
            const parts = namedChildren(el);
            return parts.length >= 2
              ? { key: readValue(parts[0]!), value: readValue(parts[1]!) }
              : { value: parts[0] ? readValue(parts[0]) : { kind: 'unknown' as const, node: el } };
          }),
        node,
      };
    default:
      return { kind: 'unknown', node };
  }
}

/** The arguments node of a call (`arguments`), read. */
export function readArgs(args: SyntaxNode | null | undefined): PhpArgs {
  const positional: PhpValue[] = [];
  const named = new Map<string, PhpValue>();
  for (const a of args ? namedChildren(args) : []) {
    if (a.type !== 'argument') continue;
    const name = a.childForFieldName('name')?.text;
    const parts = namedChildren(a).filter((c) => c !== a.childForFieldName('name'));
    const expr = parts[parts.length - 1];
    if (!expr) continue;
    if (name) named.set(name, readValue(expr));
    else positional.push(readValue(expr));
  }
  return { positional, named };
}

/** The value of a positional or named argument. */
export function arg(args: PhpArgs, index: number, name: string): PhpValue | undefined {
  return args.named.get(name) ?? args.positional[index];
}

export function str(v: PhpValue | undefined): string | undefined {
  return v?.kind === 'str' && v.exact ? v.value : undefined;
}

/** A list of strings (`['a', 'b']`) or one string, as Laravel accepts for column lists. */
export function strList(v: PhpValue | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'str') return v.exact ? [v.value] : undefined;
  if (v.kind !== 'array') return undefined;
  const out: string[] = [];
  for (const e of v.entries) {
    const s = str(e.value);
    if (s === undefined || e.key) return undefined;
    out.push(s);
  }
  return out;
}

/** `'…'`: only `\'` and `\\` are escapes. */
function singleQuoted(node: SyntaxNode): PhpStr {
  const text = node.text;
  // A `b'…'` binary-string prefix is skipped with the quote.
  const open = text.indexOf("'");
  let value = '';
  const offsets: number[] = [];
  const end = text.length - 1;
  for (let i = open + 1; i < end; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === "'" || text[i + 1] === '\\') && i + 1 < end) {
      offsets.push(node.startIndex + i);
      value += text[i + 1];
      i++;
      continue;
    }
    offsets.push(node.startIndex + i);
    value += c;
  }
  offsets.push(node.startIndex + end);
  return { kind: 'str', value, offsets, exact: true, node };
}

/**
 * A double-quoted string or heredoc body from its parts: literal text as is, escape
 * sequences decoded, interpolations (`$x`, `{$x->y}`) stood in for by `?` and marked inexact.
 */
function interpolated(node: SyntaxNode, contentStart: number, parts: readonly SyntaxNode[]): PhpStr {
  let value = '';
  const offsets: number[] = [];
  let exact = true;
  let at = contentStart;
  const source = node.text;
  const literal = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      offsets.push(i);
      value += source[i - node.startIndex];
    }
  };
  for (const p of parts) {
    // Text between parts (a heredoc's line breaks) is not always inside a child node.
    if (p.startIndex > at && node.type !== 'encapsed_string') literal(at, p.startIndex);
    if (p.type === 'string_content' || p.type === 'string_value') {
      literal(p.startIndex, p.endIndex);
    } else if (p.type === 'escape_sequence') {
      offsets.push(p.startIndex);
      value += decodeEscape(p.text);
    } else {
      exact = false;
      offsets.push(p.startIndex);
      value += '?';
    }
    at = p.endIndex;
  }
  if (node.type !== 'encapsed_string' && node.endIndex > at) literal(at, node.endIndex);
  offsets.push(node.type === 'encapsed_string' ? node.endIndex - 1 : node.endIndex);
  return { kind: 'str', value, offsets, exact, node };
}

function decodeEscape(text: string): string {
  const c = text[1] ?? '';
  if (c in DOUBLE_QUOTE_ESCAPES) return DOUBLE_QUOTE_ESCAPES[c]!;
  if (c === 'u') {
    const hex = /\{([0-9a-fA-F]+)\}/.exec(text)?.[1];
    return hex ? String.fromCodePoint(parseInt(hex, 16)) : text;
  }
  if (c === 'x') return String.fromCharCode(parseInt(text.slice(2), 16));
  if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(text.slice(1), 8) & 0xff);
  return text;
}

/**
 * `<<<SQL … SQL` and `<<<'SQL' … SQL`: the lines between the markers, less the closing
 * marker's indentation (PHP 7.3+), and without the newline before the closing marker.
 */
function heredoc(node: SyntaxNode): PhpStr {
  const body = namedChildren(node).find((c) => c.type === 'heredoc_body' || c.type === 'nowdoc_body');
  const endTag = namedChildren(node).find((c) => c.type === 'heredoc_end');
  if (!body) return { kind: 'str', value: '', offsets: [endTag?.startIndex ?? node.endIndex], exact: true, node };
  const raw = node.type === 'nowdoc' ? nowdocParts(body) : interpolated(body, body.startIndex, namedChildren(body));
  // The closing marker's indentation is removed from every line.
  const indent = endTag ? endTag.startPosition.column : 0;
  let value = '';
  const offsets: number[] = [];
  let column = 0;
  for (let i = 0; i < raw.value.length; i++) {
    const c = raw.value[i]!;
    if (column < indent && (c === ' ' || c === '\t')) {
      column++;
      continue;
    }
    column = c === '\n' ? 0 : indent;
    value += c;
    offsets.push(raw.offsets[i]!);
  }
  // Tree-sitter's body may start with the newline after `<<<SQL` and end with the one before the marker.
  let from = 0;
  let to = value.length;
  if (value[0] === '\n') from = 1;
  if (to > from && value[to - 1] === '\n') to--;
  return {
    kind: 'str',
    value: value.slice(from, to),
    offsets: [...offsets.slice(from, to), offsets[to] ?? raw.offsets[raw.offsets.length - 1]!],
    exact: raw.exact,
    node,
  };
}

function nowdocParts(body: SyntaxNode): PhpStr {
  const text = body.text;
  return { kind: 'str', value: text, offsets: Array.from({ length: text.length + 1 }, (_, i) => body.startIndex + i), exact: true, node: body };
}

/** `'a' . 'b'`: string concatenation, kept exact only when both sides are. */
function concatenation(node: SyntaxNode): PhpValue {
  const op = node.childForFieldName('operator')?.text ?? node.children.find((c) => c && !c.isNamed)?.text;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (op !== '.' || !left || !right) return { kind: 'unknown', node };
  const a = readValue(left);
  const b = readValue(right);
  const asStr = (v: PhpValue): PhpStr =>
    v.kind === 'str' ? v : { kind: 'str', value: '?', offsets: [v.node.startIndex, v.node.endIndex], exact: false, node: v.node };
  const l = asStr(a);
  const r = asStr(b);
  return { kind: 'str', value: l.value + r.value, offsets: [...l.offsets.slice(0, -1), ...r.offsets], exact: l.exact && r.exact, node };
}
