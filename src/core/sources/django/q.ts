import { baseName, readValue, type PyValue } from '../python/values';
import { namedChildren } from '../tree-sitter';
import { column } from './fields';
import { q, sqlLiteral } from './names';
import { Untranslatable, type Model } from './schema';

/**
 * A `Q(...)` condition as Django compiles it for an index or check constraint: lookups on
 * the model's own columns with literal values, combined with `&`, `|` and `~`. Anything
 * else (F expressions, joins, functions) is not translated.
 */
export function renderQ(m: Model, v: PyValue): string {
  const node = v.node;
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if ((op === '&' || op === '|') && left && right) return `(${renderQ(m, readValue(left))} ${op === '&' ? 'AND' : 'OR'} ${renderQ(m, readValue(right))})`;
  }
  if (node.type === 'unary_operator' && node.childForFieldName('operator')?.text === '~') {
    const arg = node.childForFieldName('argument');
    if (arg) return `NOT (${renderQ(m, readValue(arg))})`;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    if (inner) return renderQ(m, readValue(inner));
  }
  if (v.kind !== 'call' || baseName(v.callee) !== 'Q' || v.args.length)
    throw new Untranslatable(`the condition ${node.text.slice(0, 60)} is not translated yet`);
  const parts = [...v.kwargs].map(([lookup, value]) => lookupSql(m, lookup, value));
  if (!parts.length) throw new Untranslatable('an empty Q() condition');
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

const OPERATORS: Readonly<Record<string, string>> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function lookupSql(m: Model, lookup: string, value: PyValue): string {
  const [fieldName, op = 'exact', ...rest] = lookup.split('__');
  if (rest.length) throw new Untranslatable(`the lookup ${lookup} is not translated yet`);
  const f = m.fields.find((x) => x.name === fieldName) ?? m.fields.find((x) => column(x) === fieldName);
  if (!f) throw new Untranslatable(`field ${m.name}.${fieldName} is not known`);
  const col = q(column(f));
  if (op === 'isnull') return value.kind === 'const' && value.value === false ? `${col} IS NOT NULL` : `${col} IS NULL`;
  if (op === 'exact' && value.kind === 'const' && typeof value.value === 'boolean') return value.value ? col : `NOT ${col}`;
  if (op === 'exact' && value.kind === 'const' && value.value === null) return `${col} IS NULL`;
  if (op === 'in' && value.kind === 'list') return `${col} IN (${value.items.map(literal).join(', ')})`;
  const sqlOp = OPERATORS[op];
  if (!sqlOp) throw new Untranslatable(`the lookup ${lookup} is not translated yet`);
  return `${col} ${sqlOp} ${literal(value)}`;
}

function literal(v: PyValue): string {
  if (v.kind === 'str') return sqlLiteral(v.value);
  if (v.kind === 'num') return v.text;
  if (v.kind === 'const' && typeof v.value === 'boolean') return sqlLiteral(v.value);
  throw new Untranslatable(`the value ${v.node.text.slice(0, 40)} is not a literal`);
}
