import { checkConstraint, column, dbType, effectiveDefault, RELATIONS, typeTemplate, UNKNOWN_MODEL, type Field } from './fields';
import { indexName, q } from './names';

/**
 * Django's migration state (models with their tables and fields, folded from earlier
 * migrations) and the SQL its PostgreSQL schema editor writes for each change (Django 3.2;
 * test/fixtures/frameworks/django holds what the real framework emitted). A method returns
 * the statements to run now; `deferred` collects what Django runs at the end of the
 * migration (foreign keys and indexes of new tables and columns).
 */
export interface Model {
  readonly app: string;
  readonly name: string;
  table: string;
  fields: Field[];
  uniqueTogether: string[][];
  indexTogether: string[][];
}

/** Why a change could not be translated; the caller turns it into a "not analysed" note. */
export class Untranslatable extends Error {}

export class DjangoSchema {
  readonly models = new Map<string, Model>();
  deferred: string[] = [];
  /** A value computed at run time stood in for a literal in the last statements. */
  standIns: string[] = [];
  /** Parts of the last operation left out of its SQL (a many-to-many join table). */
  skipped: string[] = [];

  model(key: string): Model {
    const m = this.models.get(key);
    if (!m) throw new Untranslatable(`model ${key} is not defined by an earlier migration Lockstep read`);
    return m;
  }

  field(m: Model, name: string): Field {
    const f = m.fields.find((x) => x.name === name.toLowerCase() || x.name === name);
    if (!f) throw new Untranslatable(`field ${m.name}.${name} is not defined by an earlier migration Lockstep read`);
    return f;
  }

  /** The primary key a relation points at (its `to_field`, else the target's primary key). */
  target = (f: Field): Field | undefined => {
    if (!f.to) return undefined;
    const m = this.models.get(f.to);
    if (!m) {
      // auth.User and models of apps Lockstep cannot see: keyed by Django's default, AutoField.
      if (f.to !== 'auth.user')
        this.standIns.push(
          `the model ${f.to === UNKNOWN_MODEL ? 'this relation points at' : f.to} is not known; its key is taken to be Django's default AutoField`,
        );
      return autoPk();
    }
    return f.toField ? m.fields.find((x) => x.name === f.toField) : m.fields.find((x) => x.primaryKey);
  };

  private targetTable(f: Field): { table: string; column: string } {
    const m = f.to ? this.models.get(f.to) : undefined;
    const pk = this.target(f);
    const table = m?.table ?? (f.to && f.to !== UNKNOWN_MODEL ? f.to.replace('.', '_') : 'unknown_model');
    return { table, column: pk ? column(pk) : 'id' };
  }

  private type(f: Field): string {
    const t = dbType(f, this.target);
    if (!t) throw new Untranslatable(`the column type of ${f.kind} ${f.name} is not known`);
    return t;
  }

  /** `column_sql`: type, default (when asked), NULL/NOT NULL, PRIMARY KEY/UNIQUE. */
  private columnSql(f: Field, includeDefault: boolean): string {
    const type = this.type(f);
    let sql = type;
    if (includeDefault) {
      const d = effectiveDefault(f, type);
      if (d.kind !== 'none') sql += ` DEFAULT ${d.sql}`;
      if (d.kind === 'stand-in') this.standIns.push(d.reason);
    }
    sql += f.null ? ' NULL' : ' NOT NULL';
    if (f.primaryKey) sql += ' PRIMARY KEY';
    else if (f.unique) sql += ' UNIQUE';
    return sql;
  }

  private fkName(table: string, f: Field): string {
    const to = this.targetTable(f);
    return indexName(table, [column(f)], `_fk_${to.table}_${to.column}`);
  }

  private fieldIndexes(m: Model, f: Field): string[] {
    const out: string[] = [];
    const col = column(f);
    if (f.dbIndex && !f.unique) out.push(`CREATE INDEX ${q(indexName(m.table, [col]))} ON ${q(m.table)} (${q(col)})`);
    const like = this.likeIndex(m, f);
    if (like) out.push(like);
    return out;
  }

  /** PostgreSQL's extra `_like` index for pattern matching on indexed text columns. */
  private likeIndex(m: Model, f: Field): string | undefined {
    if (!(f.dbIndex || f.unique) || f.primaryKey) return undefined;
    const type = dbType(f, this.target) ?? '';
    const ops = type.startsWith('varchar') ? 'varchar_pattern_ops' : type.startsWith('text') ? 'text_pattern_ops' : undefined;
    if (!ops) return undefined;
    return `CREATE INDEX ${q(indexName(m.table, [column(f)], '_like'))} ON ${q(m.table)} (${q(column(f))} ${ops})`;
  }

  createModel(m: Model, constraints: readonly string[]): string[] {
    this.models.set(`${m.app}.${m.name}`, m);
    for (const fields of m.uniqueTogether) {
      const cols = fields.map((n) => column(this.field(m, n)));
      this.deferred.push(`ALTER TABLE ${q(m.table)} ADD CONSTRAINT ${q(indexName(m.table, cols, '_uniq'))} UNIQUE (${cols.map(q).join(', ')})`);
    }
    const defs: string[] = [];
    for (const f of m.fields) {
      if (f.kind === 'ManyToManyField') {
        this.skipped.push(`the join table of ManyToManyField ${f.name} is not translated yet`);
        continue;
      }
      let def = this.columnSql(f, false);
      const check = checkConstraint(f);
      if (check) def += ` CHECK (${check})`;
      if (RELATIONS.has(f.kind) && f.dbConstraint) this.deferred.push(this.createFk(m, f));
      defs.push(`${q(column(f))} ${def}`);
    }
    const statements = [`CREATE TABLE ${q(m.table)} (${[...defs, ...constraints].join(', ')})`];
    for (const f of m.fields) if (f.kind !== 'ManyToManyField') this.deferred.push(...this.fieldIndexes(m, f));
    for (const fields of m.indexTogether) {
      const cols = fields.map((n) => column(this.field(m, n)));
      this.deferred.push(`CREATE INDEX ${q(indexName(m.table, cols, '_idx'))} ON ${q(m.table)} (${cols.map(q).join(', ')})`);
    }
    return statements;
  }

  private createFk(m: Model, f: Field): string {
    const to = this.targetTable(f);
    return `ALTER TABLE ${q(m.table)} ADD CONSTRAINT ${q(this.fkName(m.table, f))} FOREIGN KEY (${q(column(f))}) REFERENCES ${q(to.table)} (${q(to.column)}) DEFERRABLE INITIALLY DEFERRED`;
  }

  addField(m: Model, f: Field): string[] {
    if (f.kind === 'ManyToManyField') {
      m.fields.push(f);
      throw new Untranslatable(`the join table of ManyToManyField ${f.name} is not translated yet (a new table: no lock on existing rows)`);
    }
    let def = this.columnSql(f, true);
    const check = checkConstraint(f);
    if (check) def += ` CHECK (${check})`;
    if (RELATIONS.has(f.kind) && f.dbConstraint) {
      const to = this.targetTable(f);
      const name = q(this.fkName(m.table, f));
      def += ` CONSTRAINT ${name} REFERENCES ${q(to.table)}(${q(to.column)}) DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS ${name} IMMEDIATE`;
    }
    const out = [`ALTER TABLE ${q(m.table)} ADD COLUMN ${q(column(f))} ${def}`];
    if (effectiveDefault(f, dbType(f, this.target)).kind !== 'none') out.push(`ALTER TABLE ${q(m.table)} ALTER COLUMN ${q(column(f))} DROP DEFAULT`);
    m.fields.push(f);
    this.deferred.push(...this.fieldIndexes(m, f));
    return out;
  }

  removeField(m: Model, name: string): string[] {
    const f = this.field(m, name);
    m.fields = m.fields.filter((x) => x !== f);
    if (f.kind === 'ManyToManyField') throw new Untranslatable(`dropping the join table of ManyToManyField ${f.name} is not translated yet`);
    return [`ALTER TABLE ${q(m.table)} DROP COLUMN ${q(column(f))} CASCADE`];
  }

  renameField(m: Model, from: string, to: string): string[] {
    const f = this.field(m, from);
    const renamed: Field = { ...f, name: to };
    m.fields = m.fields.map((x) => (x === f ? renamed : x));
    return column(f) === column(renamed) ? [] : [`ALTER TABLE ${q(m.table)} RENAME COLUMN ${q(column(f))} TO ${q(column(renamed))}`];
  }

  /**
   * `_alter_field` for the changes migrations make most: type, nullability (with Django's
   * four-step fill when a NOT NULL field gets a default), unique and db_index. Anything else
   * that would change the column is reported as not translated.
   */
  alterField(m: Model, name: string, next: Field): string[] {
    const prev = this.field(m, name);
    m.fields = m.fields.map((x) => (x === prev ? next : x));
    if (RELATIONS.has(prev.kind) !== RELATIONS.has(next.kind) || prev.primaryKey !== next.primaryKey) {
      throw new Untranslatable('an AlterField that changes a relation or a primary key is not translated yet');
    }
    if (column(prev) !== column(next)) throw new Untranslatable('an AlterField that renames the column is not translated yet');
    const t = q(m.table);
    const col = q(column(next));
    const out: string[] = [];
    const prevType = this.type(prev);
    const nextType = this.type(next);
    if (
      (prev.dbIndex || prev.unique) &&
      ((prevType.startsWith('varchar') && !nextType.startsWith('varchar')) || (prevType.startsWith('text') && !nextType.startsWith('text')))
    ) {
      out.push(`DROP INDEX IF EXISTS ${q(indexName(m.table, [column(prev)], '_like'))}`);
    }
    if (prev.unique && !next.unique) out.push(`ALTER TABLE ${t} DROP CONSTRAINT ${q(`${m.table}_${column(prev)}_key`)}`);
    if (prev.dbIndex && !prev.unique && !(next.dbIndex && !next.unique)) out.push(`DROP INDEX IF EXISTS ${q(indexName(m.table, [column(prev)]))}`);
    const prevCheck = checkConstraint(prev);
    if (prevCheck && prevCheck !== checkConstraint(next)) out.push(`ALTER TABLE ${t} DROP CONSTRAINT ${q(`${m.table}_${column(prev)}_check`)}`);
    if (prevType !== nextType) {
      const using = typeTemplate(prev, this.target) !== typeTemplate(next, this.target) ? ` USING ${col}::${nextType}` : '';
      out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} TYPE ${nextType}${using}`);
    }
    const nextDefault = effectiveDefault(next, nextType);
    const fourWay = prev.null && !next.null && nextDefault.kind !== 'none';
    if (fourWay) {
      if (nextDefault.kind === 'stand-in') this.standIns.push(nextDefault.reason);
      out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} SET DEFAULT ${nextDefault.sql}`);
      out.push(`UPDATE ${t} SET ${col} = ${nextDefault.sql} WHERE ${col} IS NULL`);
    }
    if (prev.null !== next.null) out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} ${next.null ? 'DROP' : 'SET'} NOT NULL`);
    if (!prev.unique && next.unique) out.push(`ALTER TABLE ${t} ADD CONSTRAINT ${q(indexName(m.table, [column(next)], '_uniq'))} UNIQUE (${col})`);
    if (!(prev.dbIndex && !prev.unique) && next.dbIndex && !next.unique) out.push(`CREATE INDEX ${q(indexName(m.table, [column(next)]))} ON ${t} (${col})`);
    const nextCheck = checkConstraint(next);
    if (nextCheck && nextCheck !== prevCheck)
      out.push(`ALTER TABLE ${t} ADD CONSTRAINT ${q(indexName(m.table, [column(next)], '_check'))} CHECK (${nextCheck})`);
    if (fourWay) out.push(`ALTER TABLE ${t} ALTER COLUMN ${col} DROP DEFAULT`);
    if ((!(prev.dbIndex || prev.unique) && next.dbIndex) || (!prev.unique && next.unique)) {
      const like = this.likeIndex(m, next);
      if (like) out.push(like);
    }
    if (prev.unique && !(next.dbIndex || next.unique) && (prevType.startsWith('varchar') || prevType.startsWith('text'))) {
      out.push(`DROP INDEX IF EXISTS ${q(indexName(m.table, [column(prev)], '_like'))}`);
    }
    return out;
  }

  deleteModel(m: Model): string[] {
    this.models.delete(`${m.app}.${m.name}`);
    return [`DROP TABLE ${q(m.table)} CASCADE`];
  }

  renameModel(m: Model, to: string, table: string): string[] {
    this.models.delete(`${m.app}.${m.name}`);
    const from = m.table;
    const renamed: Model = { ...m, name: to.toLowerCase(), table };
    this.models.set(`${m.app}.${renamed.name}`, renamed);
    return from === table ? [] : [`ALTER TABLE ${q(from)} RENAME TO ${q(table)}`];
  }

  alterTogether(m: Model, kind: 'unique' | 'index', next: string[][]): string[] {
    const prev = kind === 'unique' ? m.uniqueTogether : m.indexTogether;
    const key = (fields: string[]) => fields.join('\u0000');
    const before = new Set(prev.map(key));
    const after = new Set(next.map(key));
    const out: string[] = [];
    const suffix = kind === 'unique' ? '_uniq' : '_idx';
    for (const fields of prev.filter((f) => !after.has(key(f)))) {
      const cols = fields.map((n) => column(this.field(m, n)));
      out.push(
        kind === 'unique'
          ? `ALTER TABLE ${q(m.table)} DROP CONSTRAINT ${q(indexName(m.table, cols, suffix))}`
          : `DROP INDEX IF EXISTS ${q(indexName(m.table, cols, suffix))}`,
      );
    }
    for (const fields of next.filter((f) => !before.has(key(f)))) {
      const cols = fields.map((n) => column(this.field(m, n)));
      out.push(
        kind === 'unique'
          ? `ALTER TABLE ${q(m.table)} ADD CONSTRAINT ${q(indexName(m.table, cols, suffix))} UNIQUE (${cols.map(q).join(', ')})`
          : `CREATE INDEX ${q(indexName(m.table, cols, suffix))} ON ${q(m.table)} (${cols.map(q).join(', ')})`,
      );
    }
    if (kind === 'unique') m.uniqueTogether = next;
    else m.indexTogether = next;
    return out;
  }

  /** The deferred statements, run at the end of the migration. */
  flush(): string[] {
    const out = this.deferred;
    this.deferred = [];
    return out;
  }
}

function autoPk(): Field {
  return {
    name: 'id',
    kind: 'AutoField',
    call: undefined as never,
    null: false,
    blank: true,
    unique: true,
    primaryKey: true,
    dbIndex: false,
    dbConstraint: true,
    hasDefault: false,
    autoNow: false,
  };
}
