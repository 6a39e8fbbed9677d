import * as fs from 'node:fs';
import { tableKey as qualifiedKey, type ColumnDefinition, type DefaultValue, type Operation, type QualifiedName } from '../operations';
import { precedingMigrations } from '../simulate/order';
import { forwardText } from '../sql/runner-sections';
import { forwardSql } from '../sources/migration-sql';
import { adapterFor } from '../sources/registry';
import type { DialectParser } from '../sql/statement';

/** What the earlier migrations (and this one, so far) say about one column. */
export interface KnownColumn {
  readonly type: string;
  readonly notNull: boolean;
  readonly default?: DefaultValue;
  /** serial / bigserial: the default draws from a sequence the column owns. */
  readonly serial: boolean;
  readonly identity: boolean;
  readonly generated: boolean;
  /** Name of the single-column PRIMARY KEY constraint on this column. */
  readonly primaryKey?: string;
  /** Indexes and constraints (other than its own primary key) known to use the column. */
  readonly usedBy: readonly string[];
}

interface KnownTable {
  /** By column name as PostgreSQL stores it. */
  readonly columns: ReadonlyMap<string, KnownColumn>;
}

/**
 * The tables as the migrations before this one (and this one, as far as the planner has
 * followed it) leave them, by table key. Only tables whose every column is known are listed:
 * a table built with LIKE, AS SELECT or PARTITION OF is left out, so a missing entry means
 * "unknown", never "no columns". What the columns hold beyond their names is as complete as
 * the statements the parser models: the generated plans check the catalog where it matters.
 */
export type KnownTables = ReadonlyMap<string, KnownTable>;

const MAX_READ = 1024 * 1024;

/** Follows migrations statement by statement into a `KnownTables` view. */
export class SchemaFollower {
  private readonly tables = new Map<string, { columns: Map<string, Mutable<KnownColumn>> }>();

  get known(): KnownTables {
    return this.tables;
  }

  followSql(parser: DialectParser, text: string): void {
    for (const s of parser.parse(text).statements) for (const op of s.operations) this.follow(op);
  }

  follow(op: Operation): void {
    const table = 'table' in op && op.table ? this.tables.get(knownTableKey(op.table)) : undefined;
    switch (op.kind) {
      case 'create-table': {
        if (op.derived) {
          this.tables.delete(knownTableKey(op.table));
          return;
        }
        const columns = new Map<string, Mutable<KnownColumn>>();
        for (const c of op.columns) {
          columns.set(c.name, knownColumn(op.table, c));
        }
        this.tables.set(knownTableKey(op.table), { columns });
        for (const con of op.constraints ?? []) this.follow(con);
        return;
      }
      case 'add-column': {
        const c = op.column;
        table?.columns.set(c.name, knownColumn(op.table, c));
        return;
      }
      case 'drop-column':
        table?.columns.delete(op.column);
        return;
      case 'rename-column': {
        const c = table?.columns.get(op.from);
        if (table && c) {
          table.columns.delete(op.from);
          table.columns.set(op.to, c);
        }
        return;
      }
      case 'rename-table': {
        const t = this.tables.get(knownTableKey(op.table));
        this.tables.delete(knownTableKey(op.table));
        if (t) this.tables.set(knownTableKey({ ...op.table, name: op.to }), t);
        return;
      }
      case 'drop-table':
        for (const t of op.tables) this.tables.delete(knownTableKey(t));
        return;
      case 'alter-column-type': {
        const c = table?.columns.get(op.column);
        if (c) c.type = op.type.sql;
        return;
      }
      case 'set-not-null':
      case 'drop-not-null': {
        const c = table?.columns.get(op.column);
        if (c) c.notNull = op.kind === 'set-not-null';
        return;
      }
      case 'set-default': {
        const c = table?.columns.get(op.column);
        if (!c) return;
        if (op.default && !op.default.isNull) c.default = op.default;
        else delete c.default;
        // DROP DEFAULT of a serial leaves its sequence owned but no longer drawn from.
        if (!op.default) c.serial = false;
        return;
      }
      case 'add-constraint': {
        if (!table) return;
        if (op.constraint === 'not-null') {
          for (const name of op.columns) {
            const c = table.columns.get(name);
            if (c) c.notNull = true;
          }
          return;
        }
        const label = `${op.constraint === 'primary-key' ? 'primary key' : op.constraint === 'foreign-key' ? 'foreign key' : op.constraint} ${op.name ?? `on ${op.columns.join(', ')}`}`;
        const only = op.columns.length === 1 ? table.columns.get(op.columns[0]!) : undefined;
        if (op.constraint === 'primary-key' && only) {
          only.primaryKey = op.name ?? `${op.table.name}_pkey`;
          only.notNull = true;
          return;
        }
        for (const name of op.columns) {
          const c = table.columns.get(name);
          if (c) c.usedBy = [...c.usedBy, label];
        }
        return;
      }
      case 'create-index':
        if (!table) return;
        for (const name of op.columns) {
          const c = table.columns.get(name);
          if (c) c.usedBy = [...c.usedBy, `index ${op.name ?? `on ${op.columns.join(', ')}`}`];
        }
        return;
      case 'drop-index':
        for (const n of op.names) this.forget(`index ${n.name}`);
        return;
      case 'drop-constraint':
        for (const c of table?.columns.values() ?? []) {
          if (c.primaryKey === op.name) delete c.primaryKey;
          c.usedBy = c.usedBy.filter((u) => !u.endsWith(` ${op.name}`));
        }
        return;
      default:
        return;
    }
  }

  private forget(label: string): void {
    for (const t of this.tables.values()) for (const c of t.columns.values()) c.usedBy = c.usedBy.filter((u) => u !== label);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A column as CREATE TABLE or ADD COLUMN defines it. */
function knownColumn(table: QualifiedName, c: ColumnDefinition): Mutable<KnownColumn> {
  return {
    type: c.type.sql,
    notNull: c.notNull,
    ...(c.default && !c.default.isNull ? { default: c.default } : {}),
    serial: c.serial,
    identity: c.identity,
    generated: c.generated !== undefined,
    ...(c.primaryKey ? { primaryKey: `${table.name}_pkey` } : {}),
    usedBy: c.unique || c.references || c.checks.length > 0 ? ['a constraint written on the column'] : [],
  };
}

/** The tables as the migrations before `fileName` in its folder leave them. */
export function earlierTables(parser: DialectParser, fileName: string | undefined, extraSql: readonly string[] = []): SchemaFollower {
  const schema = new SchemaFollower();
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
    schema.followSql(parser, text);
  }
  for (const text of extraSql) schema.followSql(parser, text);
  return schema;
}

/** `public.t` and `t` are the same table. */
export function knownTableKey(name: QualifiedName): string {
  return qualifiedKey(name.schema?.toLowerCase() === 'public' ? { name: name.name } : name);
}
