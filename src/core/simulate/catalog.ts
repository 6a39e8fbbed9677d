import type { SqlSession } from './engine/session';

/** What the seeder and the trace need to know about a table, read from the engine's catalog. */

export interface CatalogColumn {
  readonly name: string;
  /** `format_type` spelling, e.g. `character varying(40)`. */
  readonly type: string;
  /** Base type name after resolving domains, e.g. `varchar`, `int4`, `my_enum`. */
  readonly baseType: string;
  /** The base type as SQL can name it: quoted and schema-qualified where needed (`app."State"`). */
  readonly baseTypeSql: string;
  /** `typtype` of the base type: b(ase), e(num), r(ange), c(omposite), m(ultirange). */
  readonly typeKind: string;
  readonly isArray: boolean;
  readonly isDomain: boolean;
  /** atttypmod of the column (or of the domain): -1 when none. */
  readonly typmod: number;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  readonly identity: boolean;
  readonly generated: boolean;
  readonly enumLabels: readonly string[];
}

interface CatalogForeignKey {
  readonly columns: readonly string[];
  /** Regclass text of the referenced table. */
  readonly references: string;
  readonly referencedColumns: readonly string[];
}

export interface CatalogTable {
  readonly oid: number;
  /** Quoted, schema-qualified where needed (`regclass` text): safe to splice into SQL. */
  readonly sqlName: string;
  /** For reports: `users`, or `billing.invoices` outside public. */
  readonly displayName: string;
  readonly columns: readonly CatalogColumn[];
  /** Primary key columns, when there is one. */
  readonly primaryKey: readonly string[];
  /** Column sets with a unique constraint or unique index. */
  readonly unique: readonly (readonly string[])[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  /** CHECK constraint definitions (`CHECK (price > 0)`). */
  readonly checks: readonly { readonly name: string; readonly columns: readonly string[]; readonly definition: string }[];
  readonly indexes: number;
  readonly partitioned: boolean;
}

/** Resolves a table name as written (`users`, `"Users"`, `billing.invoices`) to its oid. */
export async function findTable(session: SqlSession, name: string): Promise<number | undefined> {
  const r = await session.query<{ oid: number | null }>('select to_regclass($1)::oid as oid', [name]);
  const oid = r.rows[0]?.oid;
  return oid === null || oid === undefined ? undefined : Number(oid);
}

export async function readTable(session: SqlSession, oid: number): Promise<CatalogTable> {
  const head = await session.query<{ sqlname: string; nspname: string; relname: string; relkind: string }>(
    `select c.oid::regclass::text as sqlname, n.nspname, c.relname, c.relkind
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = $1`,
    [oid],
  );
  const h = head.rows[0];
  if (!h) throw new Error(`no relation with oid ${oid}`);

  const cols = await session.query<{
    name: string;
    type: string;
    basetype: string;
    basetypesql: string;
    typtype: string;
    isarray: boolean;
    isdomain: boolean;
    typmod: number;
    notnull: boolean;
    def: string | null;
    identity: string;
    generated: string;
    labels: string[] | null;
  }>(
    `select a.attname as name,
            format_type(a.atttypid, a.atttypmod) as type,
            bt.typname as basetype,
            format_type(bt.oid, null) as basetypesql,
            bt.typtype as typtype,
            (bt.typcategory = 'A') as isarray,
            (t.typtype = 'd') as isdomain,
            case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as typmod,
            (a.attnotnull or coalesce(t.typnotnull, false)) as notnull,
            pg_get_expr(d.adbin, d.adrelid) as def,
            a.attidentity as identity,
            a.attgenerated as generated,
            (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = bt.oid) as labels
       from pg_attribute a
       join pg_type t on t.oid = a.atttypid
       join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [oid],
  );

  const cons = await session.query<{ name: string; contype: string; cols: string[] | null; ref: string | null; refcols: string[] | null; def: string }>(
    `select c.conname as name, c.contype,
            (select array_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality k(n, ord)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols,
            c.confrelid::regclass::text as ref,
            (select array_agg(a.attname::text order by k.ord) from unnest(c.confkey) with ordinality k(n, ord)
               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as refcols,
            pg_get_constraintdef(c.oid) as def
       from pg_constraint c where c.conrelid = $1`,
    [oid],
  );

  const idx = await session.query<{ cols: string[] | null; isunique: boolean }>(
    `select (select array_agg(a.attname::text order by k.ord) from unnest(i.indkey) with ordinality k(n, ord)
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n) as cols,
            i.indisunique as isunique
       from pg_index i where i.indrelid = $1`,
    [oid],
  );

  const unique: string[][] = [];
  for (const c of cons.rows) if ((c.contype === 'u' || c.contype === 'p') && c.cols) unique.push(c.cols);
  for (const i of idx.rows) if (i.isunique && i.cols) unique.push(i.cols);

  return {
    oid,
    sqlName: h.sqlname,
    displayName: h.nspname === 'public' ? h.relname : `${h.nspname}.${h.relname}`,
    columns: cols.rows.map((c) => ({
      name: c.name,
      type: c.type,
      baseType: c.basetype,
      baseTypeSql: c.basetypesql,
      typeKind: c.typtype,
      isArray: c.isarray,
      isDomain: c.isdomain,
      typmod: Number(c.typmod),
      notNull: c.notnull,
      defaultSql: c.def,
      identity: c.identity !== '',
      generated: c.generated !== '',
      enumLabels: c.labels ?? [],
    })),
    primaryKey: cons.rows.find((c) => c.contype === 'p')?.cols ?? [],
    unique,
    foreignKeys: cons.rows
      .filter((c) => c.contype === 'f' && c.cols && c.ref && c.refcols)
      .map((c) => ({ columns: c.cols!, references: c.ref!, referencedColumns: c.refcols! })),
    checks: cons.rows.filter((c) => c.contype === 'c').map((c) => ({ name: c.name, columns: c.cols ?? [], definition: c.def })),
    indexes: idx.rows.length,
    partitioned: h.relkind === 'p',
  };
}

/** Every user table, in creation order (oid): the differential plan test snapshots them all. */
export async function listUserTables(session: SqlSession): Promise<{ oid: number; name: string }[]> {
  const r = await session.query<{ oid: number; name: string }>(
    `select c.oid, c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
      order by c.oid`,
  );
  return r.rows.map((x) => ({ oid: Number(x.oid), name: x.name }));
}
