import type { SyntaxNode } from '../tree-sitter';
import { namedChildren } from '../tree-sitter';

/**
 * C# expressions an EF Core migration passes to `MigrationBuilder`, read as values: string
 * literals (regular, verbatim `@"…"`, raw `"""…"""`, with the host offset of every character),
 * numbers, `true`/`false`/`null`, arrays (`new[] { "a", "b" }`) and member names
 * (`ReferentialAction.Cascade`). Anything else is `unknown`.
 */
export type CsValue =
  | { readonly kind: 'str'; readonly value: string; readonly offsets: readonly number[]; readonly exact: boolean; readonly node: SyntaxNode }
  | { readonly kind: 'num'; readonly value: number; readonly text: string; readonly node: SyntaxNode }
  | { readonly kind: 'const'; readonly value: boolean | null; readonly node: SyntaxNode }
  | { readonly kind: 'array'; readonly items: readonly CsValue[]; readonly node: SyntaxNode }
  | { readonly kind: 'name'; readonly path: string; readonly node: SyntaxNode }
  | { readonly kind: 'unknown'; readonly node: SyntaxNode };

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function readValue(node: SyntaxNode): CsValue {
  switch (node.type) {
    case 'string_literal':
    case 'verbatim_string_literal':
    case 'raw_string_literal':
    case 'interpolated_string_expression':
      return readString(node);
    case 'integer_literal':
    case 'real_literal': {
      const text = node.text.replace(/_/g, '').replace(/[lLuUmMdDfF]+$/, '');
      return { kind: 'num', value: Number(text), text, node };
    }
    case 'boolean_literal':
      return { kind: 'const', value: node.text === 'true', node };
    case 'null_literal':
      return { kind: 'const', value: null, node };
    case 'prefix_unary_expression': {
      const inner = namedChildren(node)[0];
      const v = inner ? readValue(inner) : undefined;
      return v?.kind === 'num' && node.text.startsWith('-') ? { kind: 'num', value: -v.value, text: `-${v.text}`, node } : { kind: 'unknown', node };
    }
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? readValue(inner) : { kind: 'unknown', node };
    }
    case 'implicit_array_creation_expression':
    case 'array_creation_expression': {
      const init = namedChildren(node).find((c) => c.type === 'initializer_expression');
      return init ? { kind: 'array', items: namedChildren(init).map(readValue), node } : { kind: 'unknown', node };
    }
    case 'identifier':
    case 'member_access_expression':
      return /^[\w.]+$/.test(node.text) ? { kind: 'name', path: node.text, node } : { kind: 'unknown', node };
    default:
      return { kind: 'unknown', node };
  }
}

/** A string literal's value, decoded from its source text so every character keeps its offset. */
function readString(node: SyntaxNode): CsValue {
  const text = node.text;
  const at = node.startIndex;
  let value = '';
  const offsets: number[] = [];
  const push = (c: string, i: number) => {
    value += c;
    offsets.push(at + i);
  };
  let exact = true;
  const interpolated = text.startsWith('$') || text.startsWith('@$');
  const verbatim = /^\$?@|^@\$/.test(text);
  const rawQuotes = /^\$*("{3,})/.exec(text)?.[1];
  if (rawQuotes) {
    // """…""": content as written; a multi-line one loses its first and last line and the closing line's indentation.
    const start = text.indexOf(rawQuotes) + rawQuotes.length;
    const end = text.length - rawQuotes.length;
    const content = text.slice(start, end);
    if (!content.includes('\n')) {
      for (let i = start; i < end; i++) push(text[i]!, i);
    } else {
      const lastBreak = content.lastIndexOf('\n');
      const indent = content.length - lastBreak - 1;
      const firstBreak = content.indexOf('\n');
      let column = 0;
      for (let i = start + firstBreak + 1; i < start + lastBreak; i++) {
        const c = text[i]!;
        if (column < indent && (c === ' ' || c === '\t')) {
          column++;
          continue;
        }
        column = c === '\n' ? 0 : indent;
        push(c, i);
      }
      if (value.endsWith('\r')) {
        value = value.slice(0, -1);
        offsets.pop();
      }
    }
    offsets.push(at + end);
    return { kind: 'str', value, offsets, exact: !interpolated, node };
  }
  const open = text.indexOf('"');
  const close = text.length - 1;
  for (let i = open + 1; i < close; i++) {
    const c = text[i]!;
    if (interpolated && c === '{') {
      if (text[i + 1] === '{') {
        push('{', i);
        i++;
        continue;
      }
      // An interpolation hole: stand in a placeholder and skip to its closing brace.
      let depth = 1;
      push('?', i);
      exact = false;
      while (++i < close && depth > 0) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
      }
      i--;
      continue;
    }
    if (interpolated && c === '}' && text[i + 1] === '}') {
      push('}', i);
      i++;
      continue;
    }
    if (verbatim && c === '"' && text[i + 1] === '"') {
      push('"', i);
      i++;
      continue;
    }
    if (!verbatim && c === '\\') {
      const e = text[i + 1] ?? '';
      if (e === 'u' || e === 'x') {
        const hex = /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2))?.[0] ?? '';
        push(String.fromCharCode(parseInt(hex || '0', 16)), i);
        i += 1 + hex.length;
        continue;
      }
      push(ESCAPES[e] ?? e, i);
      i++;
      continue;
    }
    push(c, i);
  }
  offsets.push(at + close);
  return { kind: 'str', value, offsets, exact, node };
}

/** Named (`name: "x"`) and positional arguments of an `argument_list`. */
export interface CsArgs {
  readonly positional: readonly CsValue[];
  readonly named: ReadonlyMap<string, CsValue>;
}

export function readArgs(list: SyntaxNode | null | undefined): CsArgs {
  const positional: CsValue[] = [];
  const named = new Map<string, CsValue>();
  for (const a of list ? namedChildren(list) : []) {
    if (a.type !== 'argument') continue;
    const nameNode = a.childForFieldName('name');
    const expr = namedChildren(a)
      .filter((c) => c.id !== nameNode?.id)
      .at(-1);
    if (!expr) continue;
    if (nameNode) named.set(nameNode.text, readValue(expr));
    else positional.push(readValue(expr));
  }
  return { positional, named };
}

export function str(v: CsValue | undefined): string | undefined {
  return v?.kind === 'str' && v.exact ? v.value : undefined;
}

export function strList(v: CsValue | undefined): string[] | undefined {
  if (v?.kind === 'str') return v.exact ? [v.value] : undefined;
  if (v?.kind !== 'array') return undefined;
  const out = v.items.map(str);
  return out.every((s): s is string => s !== undefined) ? out : undefined;
}
