import type { ColumnType, ConstraintKind, Operation, QualifiedName } from '../operations';

/**
 * The schema as a sequence of migrations leaves it, built by folding their operations:
 * tables, columns with their exact types, NOT NULL and defaults, constraints with their
 * validity, indexes and domains (enum types are not in the operations model yet). Nothing is executed; what the operations model does not
 * carry (a table built with LIKE or AS SELECT) is simply absent, so a missing entry always
 * means "unknown", never "does not exist".
 */

export interface CatalogColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
}

export interface CatalogConstraint {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly columns: readonly string[];
  readonly validated: boolean;
  /** A CHECK (col IS NOT NULL): the column it proves not null. */
  readonly provesNotNull?: string;
}

export interface CatalogIndex {
  readonly name: string;
  /** Key of the indexed table. */
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface CatalogTable {
  readonly name: QualifiedName;
  /** Columns by lower-cased name, in declaration order. */
  readonly columns: ReadonlyMap<string, CatalogColumn>;
  /** Constraints by lower-cased name. */
  readonly constraints: ReadonlyMap<string, CatalogConstraint>;
  /** First seen being altered, not created: only what those statements said is known. */
  readonly partial: boolean;
}

/** What rules may ask of the schema as of the statement they check. */
export interface CatalogView {
  /** Whether any earlier migration or schema file was read (false: everything is unknown). */
  readonly hasHistory: boolean;
  table(name: QualifiedName): CatalogTable | undefined;
  column(table: QualifiedName, column: string): CatalogColumn | undefined;
  constraint(table: QualifiedName, name: string): CatalogConstraint | undefined;
  /** Indexes on the table (any that include the column, when one is given). */
  indexes(table: QualifiedName, column?: string): CatalogIndex[];
  /** The type is a domain with a CHECK or NOT NULL. */
  isConstrainedDomain(type: ColumnType): boolean;
}

interface MutableTable {
  name: QualifiedName;
  columns: Map<string, CatalogColumn>;
  constraints: Map<string, CatalogConstraint>;
  partial: boolean;
}

/** `public.t` and `t` name the same table; names compare case-insensitively as the parser folded them. */
function catalogKey(name: QualifiedName): string {
  const schema = name.schema?.toLowerCase();
  return schema && schema !== 'public' ? `${schema}.${name.name.toLowerCase()}` : name.name.toLowerCase();
}

export class Catalog implements CatalogView {
  private readonly tables = new Map<string, MutableTable>();
  private readonly indexByName = new Map<string, CatalogIndex>();
  private readonly domains = new Map<string, boolean>();

  constructor(public hasHistory = false) {}

  clone(): Catalog {
    const c = new Catalog(this.hasHistory);
    for (const [k, t] of this.tables) c.tables.set(k, { name: t.name, columns: new Map(t.columns), constraints: new Map(t.constraints), partial: t.partial });
    for (const [k, i] of this.indexByName) c.indexByName.set(k, i);
    for (const [k, d] of this.domains) c.domains.set(k, d);
    return c;
  }

  table(name: QualifiedName): CatalogTable | undefined {
    return this.tables.get(catalogKey(name));
  }

  column(table: QualifiedName, column: string): CatalogColumn | undefined {
    return this.tables.get(catalogKey(table))?.columns.get(column.toLowerCase());
  }

  constraint(table: QualifiedName, name: string): CatalogConstraint | undefined {
    return this.tables.get(catalogKey(table))?.constraints.get(name.toLowerCase());
  }

  indexes(table: QualifiedName, column?: string): CatalogIndex[] {
    const key = catalogKey(table);
    const col = column?.toLowerCase();
    return [...this.indexByName.values()].filter((i) => i.table === key && (col === undefined || i.columns.some((c) => c.toLowerCase() === col)));
  }

  isConstrainedDomain(type: ColumnType): boolean {
    return !type.isArray && this.domains.get(type.name.toLowerCase()) === true;
  }

  /** A validated CHECK (col IS NOT NULL) on the column. */
  hasValidatedNotNullCheck(table: QualifiedName, column: string): boolean {
    const col = column.toLowerCase();
    for (const c of this.tables.get(catalogKey(table))?.constraints.values() ?? []) {
      if (c.validated && c.provesNotNull?.toLowerCase() === col) return true;
    }
    return false;
  }

  /** The name of a CHECK (col IS NOT NULL) added NOT VALID and not validated yet. */
  unvalidatedNotNullCheck(table: QualifiedName, column: string): string | undefined {
    const col = column.toLowerCase();
    for (const c of this.tables.get(catalogKey(table))?.constraints.values() ?? []) {
      if (!c.validated && c.provesNotNull?.toLowerCase() === col) return c.name;
    }
    return undefined;
  }

  /** Fold one operation into the schema. */
  apply(op: Operation): void {
    switch (op.kind) {
      case 'create-table': {
        const key = catalogKey(op.table);
        this.dropTable(key);
        // Columns of LIKE / AS SELECT / PARTITION OF tables are not all listed: leave the table unknown.
        if (op.derived) return;
        const t: MutableTable = { name: op.table, columns: new Map(), constraints: new Map(), partial: false };
        for (const c of op.columns) {
          t.columns.set(c.name.toLowerCase(), {
            name: c.name,
            type: c.type,
            notNull: c.notNull || c.primaryKey,
            hasDefault: c.default !== undefined && !c.default.isNull,
          });
          if (c.primaryKey) this.addKey(t, key, `${op.table.name}_pkey`, 'primary-key', [c.name]);
          if (c.unique) this.addKey(t, key, `${op.table.name}_${c.name}_key`, 'unique', [c.name]);
        }
        this.tables.set(key, t);
        return;
      }
      case 'add-column': {
        const t = this.mutable(op.table, true);
        if (op.ifNotExists && t.columns.has(op.column.name.toLowerCase())) return;
        const c = op.column;
        t.columns.set(c.name.toLowerCase(), {
          name: c.name,
          type: c.type,
          notNull: c.notNull || c.primaryKey,
          hasDefault: c.default !== undefined && !c.default.isNull,
        });
        if (c.primaryKey) this.addKey(t, catalogKey(op.table), `${op.table.name}_pkey`, 'primary-key', [c.name]);
        if (c.unique) this.addKey(t, catalogKey(op.table), `${op.table.name}_${c.name}_key`, 'unique', [c.name]);
        return;
      }
      case 'drop-column': {
        const t = this.mutable(op.table);
        if (!t) return;
        const col = op.column.toLowerCase();
        t.columns.delete(col);
        // Constraints and indexes on the column go with it.
        for (const [k, c] of t.constraints)
          if (c.columns.some((x) => x.toLowerCase() === col) || c.provesNotNull?.toLowerCase() === col) t.constraints.delete(k);
        for (const i of this.indexes(op.table, op.column)) this.indexByName.delete(i.name.toLowerCase());
        return;
      }
      case 'rename-column': {
        const t = this.mutable(op.table);
        const c = t?.columns.get(op.from.toLowerCase());
        if (!t || !c) return;
        t.columns.delete(op.from.toLowerCase());
        t.columns.set(op.to.toLowerCase(), { ...c, name: op.to });
        const rename = (x: string): string => (x.toLowerCase() === op.from.toLowerCase() ? op.to : x);
        for (const [k, con] of t.constraints) {
          t.constraints.set(k, { ...con, columns: con.columns.map(rename), ...(con.provesNotNull ? { provesNotNull: rename(con.provesNotNull) } : {}) });
        }
        for (const i of this.indexes(op.table, op.from)) this.indexByName.set(i.name.toLowerCase(), { ...i, columns: i.columns.map(rename) });
        return;
      }
      case 'rename-table': {
        const from = catalogKey(op.table);
        const t = this.tables.get(from);
        if (!t) return;
        const renamed: QualifiedName = { ...op.table, name: op.to };
        const to = catalogKey(renamed);
        this.tables.delete(from);
        this.tables.set(to, { ...t, name: renamed });
        for (const [k, i] of this.indexByName) if (i.table === from) this.indexByName.set(k, { ...i, table: to });
        return;
      }
      case 'alter-column-type': {
        const t = this.mutable(op.table, true);
        const c = t.columns.get(op.column.toLowerCase());
        t.columns.set(op.column.toLowerCase(), c ? { ...c, type: op.type } : { name: op.column, type: op.type, notNull: false, hasDefault: false });
        return;
      }
      case 'set-not-null':
        this.updateColumn(op.table, op.column, (c) => ({ ...c, notNull: true }));
        return;
      case 'drop-not-null':
        this.updateColumn(op.table, op.column, (c) => ({ ...c, notNull: false }));
        return;
      case 'set-default':
        this.updateColumn(op.table, op.column, (c) => ({ ...c, hasDefault: op.default !== undefined && !op.default.isNull }));
        return;
      case 'add-constraint': {
        const t = this.mutable(op.table, true);
        const name = op.name ?? generatedConstraintName(op.table.name, op.constraint, op.provesNotNull ? [op.provesNotNull] : op.columns);
        if (op.constraint === 'primary-key' || op.constraint === 'unique' || op.constraint === 'exclusion') {
          this.addKey(t, catalogKey(op.table), name, op.constraint, op.columns, op.usingIndex);
          if (op.constraint === 'primary-key') for (const c of op.columns) this.updateColumn(op.table, c, (col) => ({ ...col, notNull: true }));
          return;
        }
        if (op.constraint === 'not-null') {
          // PostgreSQL 18's catalogued NOT NULL: once valid it is the column's NOT NULL.
          if (!op.notValid) for (const c of op.columns) this.updateColumn(op.table, c, (col) => ({ ...col, notNull: true }));
        }
        t.constraints.set(name.toLowerCase(), {
          name,
          kind: op.constraint,
          columns: op.columns,
          validated: !op.notValid,
          ...(op.provesNotNull ? { provesNotNull: op.provesNotNull } : {}),
        });
        return;
      }
      case 'validate-constraint': {
        const t = this.mutable(op.table);
        const c = t?.constraints.get(op.name.toLowerCase());
        if (t && c) t.constraints.set(op.name.toLowerCase(), { ...c, validated: true });
        return;
      }
      case 'drop-constraint': {
        const t = this.mutable(op.table);
        const c = t?.constraints.get(op.name.toLowerCase());
        if (!t || !c) return;
        t.constraints.delete(op.name.toLowerCase());
        // A key's index is dropped with it.
        if (c.kind === 'primary-key' || c.kind === 'unique' || c.kind === 'exclusion') this.indexByName.delete(op.name.toLowerCase());
        return;
      }
      case 'create-index': {
        const table = catalogKey(op.table);
        const name = op.name ?? `${op.table.name}_${op.columns.join('_')}_idx`;
        if (op.ifNotExists && this.indexByName.has(name.toLowerCase())) return;
        this.indexByName.set(name.toLowerCase(), { name, table, columns: op.columns, unique: op.unique });
        return;
      }
      case 'drop-index':
        for (const n of op.names) this.indexByName.delete(n.name.toLowerCase());
        return;
      case 'drop-table':
        for (const t of op.tables) this.dropTable(catalogKey(t));
        return;
      case 'create-domain':
        this.domains.set(op.domain.name.toLowerCase(), op.constrained);
        return;
      default:
        return;
    }
  }

  private mutable(name: QualifiedName): MutableTable | undefined;
  private mutable(name: QualifiedName, create: true): MutableTable;
  /** The table; with `create`, a partial entry for a table no earlier statement created (its other columns unknown). */
  private mutable(name: QualifiedName, create = false): MutableTable | undefined {
    const key = catalogKey(name);
    let t = this.tables.get(key);
    if (!t && create) {
      t = { name, columns: new Map(), constraints: new Map(), partial: true };
      this.tables.set(key, t);
    }
    return t;
  }

  private updateColumn(table: QualifiedName, column: string, change: (c: CatalogColumn) => CatalogColumn): void {
    const t = this.mutable(table);
    const c = t?.columns.get(column.toLowerCase());
    if (t && c) t.columns.set(column.toLowerCase(), change(c));
  }

  /** A PRIMARY KEY / UNIQUE / EXCLUDE constraint and the index that backs it (named like the constraint). */
  private addKey(t: MutableTable, table: string, name: string, kind: ConstraintKind, columns: readonly string[], usingIndex?: string): void {
    t.constraints.set(name.toLowerCase(), { name, kind, columns, validated: true });
    if (usingIndex) this.indexByName.delete(usingIndex.toLowerCase());
    this.indexByName.set(name.toLowerCase(), { name, table, columns, unique: kind !== 'exclusion' });
  }

  private dropTable(key: string): void {
    this.tables.delete(key);
    for (const [k, i] of this.indexByName) if (i.table === key) this.indexByName.delete(k);
  }
}

/** The name PostgreSQL gives an unnamed constraint (ChooseConstraintName: table, first column, kind). */
function generatedConstraintName(table: string, kind: ConstraintKind, columns: readonly string[]): string {
  const suffix = { check: 'check', 'not-null': 'not_null', 'foreign-key': 'fkey', unique: 'key', 'primary-key': 'pkey', exclusion: 'excl' }[kind];
  if (kind === 'primary-key') return `${table}_pkey`;
  const cols = kind === 'check' || kind === 'not-null' ? columns.slice(0, 1) : columns;
  return [table, ...cols, suffix].join('_');
}
