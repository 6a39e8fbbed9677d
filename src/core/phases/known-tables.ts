import * as fs from 'node:fs';
import { tableKey as qualifiedKey, type Operation, type QualifiedName } from '../operations';
import { precedingMigrations } from '../simulate/order';
import { forwardText } from '../sql/runner-sections';
import { forwardSql } from '../sources/migration-sql';
import { adapterFor } from '../sources/registry';
import type { DialectParser, ParsedFile } from '../sql/statement';

/**
 * The columns of each table as the migrations before this one (and this one) leave them,
 * by table key. Only tables whose every column is known are listed: a table built with
 * LIKE, AS SELECT or PARTITION OF, or altered in a way not followed here, is left out, so
 * a missing entry means "unknown", never "no columns".
 */
export type KnownTables = ReadonlyMap<string, ReadonlySet<string>>;

const MAX_READ = 1024 * 1024;

export function knownTables(parser: DialectParser, fileName: string | undefined, file: ParsedFile): KnownTables {
  const tables = new Map<string, Set<string>>();
  const files = fileName ? precedingMigrations(fileName).before : [];
  for (const f of files) {
    let text: string;
    try {
      if (fs.statSync(f).size > MAX_READ) continue;
      const raw = fs.readFileSync(f, 'utf8');
      // Framework migrations (Rails, Django, …) as the SQL their adapter translates.
      if (f.endsWith('.sql')) text = forwardText(f, raw);
      else if (adapterFor({ path: f, text: raw })) text = forwardSql(f, raw, 'postgresql').sql;
      else continue;
    } catch {
      continue;
    }
    for (const s of parser.parse(text).statements) for (const op of s.operations) follow(tables, op);
  }
  for (const s of file.statements) for (const op of s.operations) follow(tables, op);
  return tables;
}

/** `public.t` and `t` are the same table. */
export function knownTableKey(name: QualifiedName): string {
  return qualifiedKey(name.schema?.toLowerCase() === 'public' ? { name: name.name } : name);
}

const tableKey = knownTableKey;

function follow(tables: Map<string, Set<string>>, op: Operation): void {
  switch (op.kind) {
    case 'create-table':
      if (op.derived) tables.delete(tableKey(op.table));
      else tables.set(tableKey(op.table), new Set(op.columns.map((c) => c.name)));
      return;
    case 'add-column':
      tables.get(tableKey(op.table))?.add(op.column.name);
      return;
    case 'drop-column':
      tables.get(tableKey(op.table))?.delete(op.column);
      return;
    case 'rename-column': {
      const t = tables.get(tableKey(op.table));
      if (t?.delete(op.from)) t.add(op.to);
      return;
    }
    case 'rename-table': {
      const t = tables.get(tableKey(op.table));
      tables.delete(tableKey(op.table));
      if (t) tables.set(tableKey({ ...op.table, name: op.to }), t);
      return;
    }
    case 'drop-table':
      for (const t of op.tables) tables.delete(tableKey(t));
      return;
    default:
      return;
  }
}
