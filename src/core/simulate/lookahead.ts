import type { Operation, QualifiedName } from '../operations';
import { findTable, readTable, type CatalogTable } from './catalog';
import type { SqlSession } from './engine/session';

/**
 * Look-ahead seeding: the constraints a migration is about to add, read before any row is
 * seeded, so that the synthetic rows satisfy them. Otherwise a migration that adds a foreign
 * key fails on random child values (23503), a CHECK on values the generator never thought of,
 * a UNIQUE index on repeated values, SET NOT NULL on seeded NULLs: failures of the sample, not
 * of the migration, and they hide the locks and the cost of the statement.
 *
 * Foreign keys, UNIQUE sets and NOT NULL columns are merged into the seeder's view of the
 * table. A CHECK is added to the table as NOT VALID for the time of seeding (it applies to
 * new rows only), so the engine itself says which column it names and rejects rows that break
 * it; the seeder then retries with the check's literals, as it does for existing checks.
 */

/** Prefix of the CHECK constraints added for the time of seeding. */
export const LOOKAHEAD_CHECK_PREFIX = 'lockstep_lookahead_';

interface AddedForeignKey {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly references: QualifiedName;
  readonly referencedColumns: readonly string[];
}

export interface MigrationConstraints {
  readonly foreignKeys: readonly AddedForeignKey[];
  readonly unique: readonly { readonly table: QualifiedName; readonly columns: readonly string[] }[];
  readonly notNull: readonly { readonly table: QualifiedName; readonly column: string }[];
  readonly checks: readonly { readonly table: QualifiedName; readonly expression: string }[];
}

/** The constraints the migration adds to columns that exist before it. */
export function migrationConstraints(ops: readonly Operation[]): MigrationConstraints {
  const foreignKeys: AddedForeignKey[] = [];
  const unique: { table: QualifiedName; columns: readonly string[] }[] = [];
  const notNull: { table: QualifiedName; column: string }[] = [];
  const checks: { table: QualifiedName; expression: string }[] = [];
  for (const op of ops) {
    if (op.kind === 'add-constraint') {
      if (op.constraint === 'foreign-key' && op.references) {
        foreignKeys.push({ table: op.table, columns: op.columns, references: op.references.table, referencedColumns: op.references.columns });
      } else if ((op.constraint === 'unique' || op.constraint === 'primary-key') && !op.usingIndex && op.columns.length > 0) {
        unique.push({ table: op.table, columns: op.columns });
        if (op.constraint === 'primary-key') for (const c of op.columns) notNull.push({ table: op.table, column: c });
      } else if (op.constraint === 'check' && op.expression) {
        checks.push({ table: op.table, expression: op.expression });
      } else if (op.constraint === 'not-null') {
        for (const c of op.columns) notNull.push({ table: op.table, column: c });
      }
    } else if (op.kind === 'create-index' && op.unique && !op.where && op.columns.length > 0) {
      unique.push({ table: op.table, columns: op.columns });
    } else if (op.kind === 'set-not-null') {
      notNull.push({ table: op.table, column: op.column });
    }
  }
  return { foreignKeys, unique, notNull, checks };
}

function writtenName(n: QualifiedName): string {
  const q = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
  return n.schema ? `${q(n.schema)}.${q(n.name)}` : q(n.name);
}

/** Tables the added foreign keys point at: they must be seeded (first) too. */
export function referencedTables(c: MigrationConstraints): string[] {
  return c.foreignKeys.map((fk) => writtenName(fk.references));
}

export interface Lookahead {
  /** The tables as the seeder should see them. */
  readonly tables: CatalogTable[];
  /** Statements that remove what was added for seeding; run them once seeding is done. */
  readonly cleanup: string[];
  readonly notes: string[];
}

/**
 * Merges the migration's constraints into the tables about to be seeded (matched by oid) and
 * adds its CHECKs as NOT VALID for the time of seeding.
 */
export async function applyLookahead(session: SqlSession, tables: readonly CatalogTable[], c: MigrationConstraints): Promise<Lookahead> {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const oidOf = async (n: QualifiedName): Promise<number | undefined> => findTable(session, writtenName(n));
  const cleanup: string[] = [];
  const notes: string[] = [];

  // CHECKs first: the table is read again afterwards to learn the columns each one names.
  let k = 0;
  for (const check of c.checks) {
    const oid = await oidOf(check.table);
    const t = oid !== undefined ? byOid.get(oid) : undefined;
    if (!t) continue;
    const name = `${LOOKAHEAD_CHECK_PREFIX}${k++}`;
    try {
      await session.exec(`ALTER TABLE ${t.sqlName} ADD CONSTRAINT ${name} CHECK (${check.expression}) NOT VALID`);
      cleanup.push(`ALTER TABLE ${t.sqlName} DROP CONSTRAINT IF EXISTS ${name}`);
    } catch {
      // It names a column the migration adds, or something the engine refuses: the
      // statement will say so when it runs.
    }
  }
  for (const oid of new Set(cleanup.length ? [...byOid.keys()] : [])) byOid.set(oid, await readTable(session, oid));

  const mutable = new Map<number, { fks: CatalogTable['foreignKeys'][number][]; unique: string[][]; notNull: Set<string> }>();
  const edit = (oid: number): { fks: CatalogTable['foreignKeys'][number][]; unique: string[][]; notNull: Set<string> } => {
    let m = mutable.get(oid);
    if (!m) mutable.set(oid, (m = { fks: [], unique: [], notNull: new Set() }));
    return m;
  };
  for (const fk of c.foreignKeys) {
    const child = await oidOf(fk.table);
    const parent = await oidOf(fk.references);
    const t = child !== undefined ? byOid.get(child) : undefined;
    const p = parent !== undefined ? byOid.get(parent) : undefined;
    if (!t || !p) continue;
    const refCols = fk.referencedColumns.length ? fk.referencedColumns : p.primaryKey;
    if (refCols.length !== fk.columns.length || !fk.columns.every((col) => t.columns.some((x) => x.name === col))) continue;
    edit(t.oid).fks.push({ columns: fk.columns, references: p.sqlName, referencedColumns: refCols });
  }
  for (const u of c.unique) {
    const oid = await oidOf(u.table);
    const t = oid !== undefined ? byOid.get(oid) : undefined;
    if (t && u.columns.every((col) => t.columns.some((x) => x.name === col))) edit(t.oid).unique.push([...u.columns]);
  }
  for (const n of c.notNull) {
    const oid = await oidOf(n.table);
    const t = oid !== undefined ? byOid.get(oid) : undefined;
    if (t && t.columns.some((x) => x.name === n.column)) edit(t.oid).notNull.add(n.column);
  }

  const out = [...byOid.values()].map((t) => {
    const m = mutable.get(t.oid);
    if (!m) return t;
    const fkColumns = new Set(m.fks.flatMap((f) => f.columns));
    return {
      ...t,
      // An added foreign key replaces an existing one on the same columns (it is the one that must hold).
      foreignKeys: [...t.foreignKeys.filter((f) => !f.columns.some((col) => fkColumns.has(col))), ...m.fks],
      unique: [...t.unique, ...m.unique],
      columns: t.columns.map((col) => (m.notNull.has(col.name) && !col.notNull ? { ...col, notNull: true } : col)),
    };
  });
  if (mutable.size || cleanup.length) notes.push('seeded so that the constraints the migration adds hold on the sample (look-ahead)');
  return { tables: out, cleanup, notes };
}
