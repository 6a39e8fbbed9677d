import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { blockStatements, callName, doBlock, name, parseElixir, readArgs } from '../elixir/values';
import { sqlColumnType } from './postgres';

/*
 * The column types the earlier migrations of the same folder gave each column, so a `modify`
 * that restates a column's type (Ecto's `modify` always takes one, even to change only `null:`)
 * is known for what it is: PostgreSQL does nothing for an ALTER COLUMN TYPE to the same type,
 * nor scans for a SET NOT NULL on a column that already is NOT NULL.
 * Only literal `create table`/`alter table` blocks in `change`/`up` are read.
 */

/** A column as the earlier migrations left it: its SQL type and whether it is NOT NULL. */
export interface EarlierColumn {
  type: string;
  notNull: boolean;
}
type Types = Map<string, EarlierColumn>;
type Seen = [key: string, type: string, notNull: boolean | undefined, op: string];
const cache = new Map<string, { stamp: string; columns: Seen[]; renames: [string, string, string][] }>();

/** Column key `table.column` → its type and nullability, after every migration of the folder sorted before `path`. */
export function earlierColumnTypes(path: string): Types {
  const types: Types = new Map();
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.exs') && n < basename(path))
      .sort();
  } catch {
    return types;
  }
  for (const n of names) {
    const file = join(dir, n);
    let entry = cache.get(file);
    try {
      const st = statSync(file);
      const stamp = `${st.mtimeMs}:${st.size}`;
      if (entry?.stamp !== stamp) {
        entry = { stamp, ...columnsOf(readFileSync(file, 'utf8')) };
        cache.set(file, entry);
      }
    } catch {
      continue;
    }
    for (const [table, from, to] of entry.renames) {
      const t = types.get(`${table}.${from}`);
      if (t !== undefined) types.set(`${table}.${to}`, t);
    }
    for (const [key, type, notNull, op] of entry.columns) {
      // `add` without `null:` is nullable; `modify` without it keeps what the column had.
      types.set(key, { type, notNull: notNull ?? (op === 'modify' ? (types.get(key)?.notNull ?? false) : false) });
    }
  }
  return types;
}

function columnsOf(text: string): { columns: Seen[]; renames: [string, string, string][] } {
  const columns: Seen[] = [];
  const renames: [string, string, string][] = [];
  const module = parseElixir(text);
  if (!module) return { columns, renames };
  for (const top of blockStatements(module.root)) {
    for (const item of blockStatements(doBlock(top))) {
      if (callName(item) !== 'def') continue;
      const head = item.namedChildren.find((c) => c?.type === 'arguments')?.namedChildren[0];
      const fn = head?.type === 'call' ? callName(head) : head?.text;
      if (fn !== 'change' && fn !== 'up') continue;
      for (const stmt of blockStatements(doBlock(item))) {
        const verb = callName(stmt);
        const target = readArgs(stmt).positional[0];
        const table = target?.kind === 'call' && target.name === 'table' ? name(target.args.positional[0]) : undefined;
        if (table === undefined) continue;
        if (verb === 'rename') {
          const a = readArgs(stmt);
          const from = name(a.positional[1]);
          const to = name(a.keywords.get('to'));
          if (from !== undefined && to !== undefined) renames.push([table, from, to]);
          continue;
        }
        if (verb !== 'create' && verb !== 'create_if_not_exists' && verb !== 'alter') continue;
        for (const col of blockStatements(doBlock(stmt))) {
          const op = callName(col);
          if (op !== 'add' && op !== 'modify' && op !== 'add_if_not_exists') continue;
          const a = readArgs(col);
          const column = name(a.positional[0]);
          const type = column === undefined ? undefined : sqlColumnType(a.positional[1], a.keywords);
          const nul = a.keywords.get('null');
          const primary = a.keywords.get('primary_key');
          const notNull = nul?.kind === 'bool' ? !nul.value : primary?.kind === 'bool' && primary.value ? true : undefined;
          if (column !== undefined && type !== undefined) columns.push([`${table}.${column}`, type, notNull, op]);
        }
      }
    }
  }
  return { columns, renames };
}
