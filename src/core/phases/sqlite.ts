import type { Database } from 'sql.js';
import type { ResolvedConfig } from '../config/types';
import { lookupByTable } from '../config/tables';
import { loadSqlJs } from '../engines/sqlite/engine';
import { SQLITE_ALTER_FACTS, sqliteAlterNeed, sqliteHas, sqliteVersion } from '../engines/sqlite/facts';
import { displayName, tableKey, targetTable, type OperationOf, type QualifiedName } from '../operations';
import { precedingMigrations } from '../simulate/order';
import { replaySqlite } from '../simulate/sqlite/replay';
import { prepareAdapters } from '../sources/registry';
import { changeCreateTable, quoteSqliteName, rebuildStatements, type TableChange } from '../sql/sqlite/rebuild';
import { readTableSchema, type TableSchema } from '../sql/sqlite/schema';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { batchCount, PhaseDrafts } from './drafts';
import { DEFAULT_BATCH_SIZE } from './planner';
import { columnKey, singleColumnFills, type ColumnFill } from './fills';
import { objectName, updateParts } from './sql-text';
import type { Plan, PlanOptions, PlanStatement } from './types';

/**
 * Phased plans for SQLite. ALTER TABLE can add a column (with restrictions) and, depending
 * on the target version, little else; everything else needs the 12-step table rebuild
 * (https://www.sqlite.org/lang_altertable.html#otheralter). The plan:
 * - expand: `ADD COLUMN` in a form SQLite accepts on a table with rows (nullable, or with a
 *   constant default; UNIQUE moved to an index);
 * - backfill: bounded batches, each UPDATE its own transaction, so other writers wait for
 *   one batch at a time instead of the whole table;
 * - constrain: `ALTER COLUMN … SET NOT NULL` where the target has it (3.53+), else the
 *   rebuild, generated from the schema the earlier migrations build (replayed on sql.js).
 */
export interface SqlitePlanOptions extends PlanOptions {
  /** The migration file, to replay the migrations before it for the table's schema. */
  readonly fileName?: string;
}

export async function planSqliteFile(file: ParsedFile, config: ResolvedConfig, options: SqlitePlanOptions = {}): Promise<Plan> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    const before = options.fileName ? precedingMigrations(options.fileName).before : [];
    if (before.length > 0) await prepareAdapters();
    const replay = replaySqlite(db, before);
    const replayed = replay.statements - replay.failures.length;
    return new SqlitePlanner(file, config, options, db, replayed).plan();
  } finally {
    db.close();
  }
}

class SqlitePlanner {
  private readonly drafts = new PhaseDrafts();
  private readonly notes: string[] = [];
  private readonly target: readonly number[];
  private readonly newTables = new Set<string>();
  private fills = new Map<string, ColumnFill>();
  private consumed = new Set<number>();
  /** Changes the constrain phase makes by rebuilding, per table, in order. */
  private readonly rebuilds = new Map<string, { table: QualifiedName; changes: TableChange[]; why: string[] }>();
  /** CREATE INDEX statements, built once the constrain phase's rebuilds are done. */
  private readonly indexes: ParsedStatement[] = [];
  private slug?: string;

  constructor(
    private readonly file: ParsedFile,
    private readonly config: ResolvedConfig,
    private readonly options: SqlitePlanOptions,
    /** Holds the schema as the plan changes it: earlier migrations, then each planned statement. */
    private readonly db: Database,
    replayed: number,
  ) {
    this.target = sqliteVersion(config.targetVersion);
    if (options.fileName && replayed === 0)
      this.notes.push('No earlier migrations were found beside the file, so a table rebuild can only be generated for tables the file itself creates.');
  }

  plan(): Plan {
    const chosen = this.options.statementIndex;
    const statements = this.file.statements.filter((s) => chosen === undefined || s.index <= chosen);
    if (chosen === undefined) ({ fills: this.fills, consumed: this.consumed } = singleColumnFills(statements));
    for (const s of statements) {
      if (chosen === undefined || s.index === chosen) this.planStatement(s);
      else this.run(s.text);
      for (const op of s.operations) if (op.kind === 'create-table') this.newTables.add(tableKey(op.table));
    }
    for (const r of this.rebuilds.values()) this.rebuild(r.table, r.changes, r.why);
    for (const s of this.indexes) this.asWritten('constrain', s);
    this.notes.unshift(`Planned for SQLite ${this.target.join('.')} (targetVersion).`);
    return this.drafts.build('sqlite', this.slug ?? 'migration', this.notes);
  }

  /** Keeps the scratch schema in step with what the plan's earlier phases do. */
  private run(sql: string): void {
    try {
      this.db.run(sql);
    } catch {
      /* the statement's own phase reports what it cannot do */
    }
  }

  private isNew(table: QualifiedName): boolean {
    return this.newTables.has(tableKey(table));
  }

  private rows(table: QualifiedName): number | undefined {
    return lookupByTable(this.config.tables, table)?.rows;
  }

  private name(slug: string): void {
    this.slug ??= objectName(slug).slice(0, 48);
  }

  private planStatement(s: ParsedStatement): void {
    if (s.error) {
      this.notes.push(`Statement ${s.index + 1} (line ${s.range.start.line}) does not parse and was left out: ${s.error.message}`);
      return;
    }
    if (this.consumed.has(s.index)) return;
    const ops = s.operations;
    if (ops.every((op) => op.kind === 'transaction' || op.kind === 'set-timeout')) return;
    if (ops.every((op) => op.kind === 'create-table' || (targetTable(op) !== undefined && this.isNew(targetTable(op)!)))) {
      this.asWritten('expand', s);
      for (const op of ops) if (op.kind === 'create-table') this.name(`create_${op.table.name}`);
      return;
    }
    if (ops.length === 1) {
      const op = ops[0]!;
      if (op.kind === 'add-column') return this.addColumn(op);
      if (op.kind === 'update') return this.update(op, s);
      if (op.kind === 'create-index') {
        // After any rebuild of the table: the rebuild would only drop and recreate it.
        this.indexes.push(s);
        this.drafts.what(
          'constrain',
          `Builds index ${op.name ?? ''} after the backfill${this.rebuilds.size > 0 ? ' and the rebuild' : ''}; SQLite holds its write lock for the build (readers continue in WAL mode).`,
        );
        return;
      }
      if (op.kind === 'drop-column' || op.kind === 'drop-table') {
        const need = op.kind === 'drop-column' ? sqliteAlterNeed(op, this.target) : undefined;
        if (op.kind === 'drop-column' && need?.change) return this.queueRebuild(op.table, need.change, `drops ${op.column}`);
        this.drafts.statements('contract', firstLine(s.text), [
          { sql: s.text.trim(), justify: { rules: ['breaking-drop'], reason: 'contract phase: released code no longer uses it (see the header)' } },
        ]);
        this.drafts.beforeNext('contract', 'Deploy code that no longer uses what is dropped before this runs.');
        this.run(s.text);
        return;
      }
      const table = targetTable(op);
      const need = sqliteAlterNeed(op, this.target);
      if (table && need?.change) return this.queueRebuild(table, need.change, firstLine(s.text));
    }
    this.asWritten('expand', s);
    this.notes.push(`Statement ${s.index + 1} (${firstLine(s.text)}) is not phased; it runs as written in the expand phase.`);
  }

  private asWritten(kind: 'expand' | 'constrain', s: ParsedStatement): void {
    this.drafts.statements(kind, firstLine(s.text), [{ sql: s.text.trim() }]);
    this.run(s.text);
  }

  // ---------------------------------------------------------------- add column

  private addColumn(op: OperationOf<'add-column'>): void {
    const c = op.column;
    const table = op.table;
    const t = quoteSqliteName(table.name);
    this.name(`add_${table.name}_${c.name}`);
    if (c.primaryKey || c.generated === 'stored') {
      const sql = `ALTER TABLE ${t} ADD COLUMN ${quoteSqliteName(c.name)} ${c.type.sql}`;
      this.notes.push(
        `SQLite cannot add ${c.primaryKey ? 'a PRIMARY KEY' : 'a STORED generated'} column to a table with rows; ${c.name} is not phased (add it with a table rebuild).`,
      );
      this.drafts.statements('expand', sql, [{ sql: `${sql} -- edit: ${c.primaryKey ? 'PRIMARY KEY' : 'STORED'} removed` }]);
      return;
    }
    const dflt = c.default && !c.default.isNull ? c.default : undefined;
    // SQLite refuses CURRENT_TIMESTAMP and parenthesised expressions as the default of a column added to a table with rows.
    const constant = dflt !== undefined && dflt.volatility === 'immutable' && !/^\s*\(/.test(dflt.sql);
    const parts = [quoteSqliteName(c.name), c.type.sql];
    if (constant) parts.push(`DEFAULT ${dflt!.sql}`);
    if (constant && c.notNull) parts.push('NOT NULL');
    for (const check of c.checks) parts.push(`CHECK (${check})`);
    if (c.references && !constant)
      parts.push(
        `REFERENCES ${quoteSqliteName(c.references.table.name)}${c.references.columns.length ? ` (${c.references.columns.map(quoteSqliteName).join(', ')})` : ''}`,
      );
    const add = `ALTER TABLE ${t} ADD COLUMN ${parts.join(' ')}`;
    const down: PlanStatement = {
      sql: `ALTER TABLE ${t} DROP COLUMN ${quoteSqliteName(c.name)}`,
      justify: { rules: ['breaking-drop'], reason: `rollback of the expand phase: roll the application back first so nothing reads ${c.name}` },
    };
    this.drafts.statements(
      'expand',
      `Add ${displayName(table)}.${c.name}`,
      [{ sql: add }],
      sqliteHas(this.target, 'dropColumn') && !c.unique && !c.references ? [down] : [],
    );
    this.run(add);
    this.drafts.what(
      'expand',
      constant
        ? `Adds ${c.name} with DEFAULT ${dflt!.sql}${c.notNull ? ' NOT NULL' : ''}: SQLite records the default in the schema, so existing rows are not rewritten.`
        : `Adds ${c.name} as a nullable column: SQLite only edits the schema, existing rows are not rewritten.`,
    );
    this.drafts.rollback(
      'expand',
      sqliteHas(this.target, 'dropColumn')
        ? `Drop ${c.name} (the down migration) after rolling back any code that writes it.`
        : `SQLite ${this.target.join('.')} has no DROP COLUMN: leave ${c.name} unused, or rebuild the table without it.`,
    );

    let fill = this.fills.get(columnKey(table, c.name));
    const given = this.options.backfillValues?.[columnKey(table, c.name)] ?? this.options.backfillValues?.[c.name.toLowerCase()];
    if (given !== undefined) fill = { value: given };
    if (!fill && dflt && !constant) fill = { value: dflt.sql };
    if (!fill && c.notNull && !constant) {
      fill = { value: 'NULL', placeholder: `${displayName(table)}.${c.name} is NOT NULL without a default: write the value existing rows should get` };
      this.notes.push(
        `Choose the value existing rows of ${displayName(table)} get for ${c.name}: pass --backfill ${table.name}.${c.name}=<SQL expression>, or edit the backfill (the constrain phase fails while a row is NULL).`,
      );
    }
    if (fill) {
      const pending = `${quoteSqliteName(c.name)} IS NULL${fill.where ? ` AND (${fill.where})` : ''}`;
      this.batches(table, `${quoteSqliteName(c.name)} = ${fill.value}`, pending, `${displayName(table)}.${c.name} = ${fill.value}`, fill.placeholder);
      this.drafts.beforeNext(
        'expand',
        `Deploy application code that writes ${c.name} on every insert and update of ${displayName(table)} (behind a feature flag), so no new row is left without a value while the backfill runs.`,
      );
    } else {
      this.drafts.beforeNext(
        'expand',
        `Deploy the application code that uses ${displayName(table)}.${c.name}, behind a feature flag until the remaining phases have run.`,
      );
    }
    if (c.notNull && !constant) {
      if (sqliteHas(this.target, 'alterConstraints') && !(dflt && !constant)) {
        const sql = `ALTER TABLE ${t} ALTER COLUMN ${quoteSqliteName(c.name)} SET NOT NULL`;
        this.drafts.statements('constrain', `Set ${c.name} NOT NULL`, [{ sql }]);
        this.drafts.what(
          'constrain',
          `Sets ${c.name} NOT NULL with ALTER TABLE (SQLite ${SQLITE_ALTER_FACTS.alterConstraints.since}+), which checks every row once under the write lock.`,
        );
      } else {
        this.queueRebuild(table, { kind: 'set-not-null', column: c.name }, `${c.name} NOT NULL`);
      }
      this.drafts.beforeNext('constrain', `Switch reads of ${c.name} on (the feature flag): every row now has a value.`);
    }
    if (dflt && !constant) this.queueRebuild(table, { kind: 'set-default', column: c.name, default: dflt.sql }, `DEFAULT ${dflt.sql} for new rows`);
    if (c.unique) {
      const name = objectName(table.name, c.name, 'key');
      this.drafts.statements('constrain', `Unique index on ${c.name}`, [
        { sql: `CREATE UNIQUE INDEX ${quoteSqliteName(name)} ON ${t} (${quoteSqliteName(c.name)})` },
      ]);
      this.drafts.what('constrain', `Enforces UNIQUE on ${c.name} with a unique index (SQLite cannot add a UNIQUE column).`);
    }
  }

  private update(op: OperationOf<'update'>, s: ParsedStatement): void {
    const parts = updateParts(s.text);
    if (!parts || parts.assignments.length === 0) {
      this.drafts.statements('backfill', firstLine(s.text), [{ sql: s.text.trim() }]);
      this.notes.push(`Statement ${s.index + 1} (${firstLine(s.text)}) could not be rewritten as batches; it runs as written.`);
      return;
    }
    const set = parts.assignments.map((a) => `${quoteSqliteName(a.column)} = ${a.value}`).join(', ');
    const changed = parts.assignments.map((a) => `${quoteSqliteName(a.column)} IS NOT (${a.value})`).join(' OR ');
    this.batches(op.table, set, parts.where ? `(${parts.where}) AND (${changed})` : changed, `the UPDATE of ${displayName(op.table)}`);
    this.name(`backfill_${op.table.name}`);
  }

  /** Unrolled bounded batches by rowid (or --key): each UPDATE is its own transaction. */
  private batches(table: QualifiedName, set: string, pending: string, label: string, placeholder?: string): void {
    const rows = this.rows(table);
    const size = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const key = quoteSqliteName(this.options.primaryKeys?.[table.name.toLowerCase()] ?? 'rowid');
    const t = quoteSqliteName(table.name);
    const count = batchCount(rows ?? 100_000, size);
    const sql = `UPDATE ${t} SET ${set} WHERE ${key} IN (SELECT ${key} FROM ${t} WHERE ${pending} ORDER BY ${key} LIMIT ${size})`;
    this.drafts.statements(
      'backfill',
      `Backfill ${label}`,
      Array.from({ length: count }, (_, i) =>
        i === 0 && placeholder ? { sql: `-- EDIT FIRST: ${placeholder}; replace NULL in every statement below.\n${sql}` } : { sql },
      ),
    );
    this.drafts.what(
      'backfill',
      `Fills ${label} in ${count} batches of ${size.toLocaleString('en-US')} rows, for the ${rows !== undefined ? `${rows.toLocaleString('en-US')} configured rows` : 'assumed 100,000 rows (set tables.<name>.rows in lockstep.config.json)'} plus a margin; each UPDATE is its own transaction, so other writers wait for one batch at a time, and touches only rows where ${pending}.`,
    );
    this.drafts.beforeNext(
      'backfill',
      `Check that no row still needs it: SELECT count(*) FROM ${t} WHERE ${pending}; must be 0 (if the table grew, run the batch statement again until it changes no rows).`,
    );
    this.drafts.rollback('backfill', 'Stop at any time; rows already updated keep their values, and rerunning the file continues where values are missing.');
  }

  // ---------------------------------------------------------------- rebuild

  private queueRebuild(table: QualifiedName, change: TableChange, why: string): void {
    const key = tableKey(table);
    const entry = this.rebuilds.get(key) ?? { table, changes: [], why: [] };
    entry.changes.push(change);
    entry.why.push(why);
    this.rebuilds.set(key, entry);
  }

  /** All of a table's changes in one 12-step rebuild, from the schema as the earlier phases leave it. */
  private rebuild(table: QualifiedName, changes: readonly TableChange[], why: readonly string[]): void {
    const schema = readTableSchema(this.db, table.name);
    const last = changes.at(-1)!;
    let edited: TableSchema | undefined = schema;
    for (const change of changes.slice(0, -1)) {
      const createSql = edited ? changeCreateTable(edited.createSql, change) : undefined;
      edited = edited && createSql ? { ...edited, createSql } : undefined;
    }
    const steps = edited ? rebuildStatements(edited, last, { inTransaction: false }) : undefined;
    if (!steps) {
      this.notes.push(
        `${displayName(table)} needs a table rebuild (${why.join(', ')}) but its CREATE TABLE is not known here: run the plan from the migration folder, or write the 12 steps by hand (https://www.sqlite.org/lang_altertable.html#otheralter).`,
      );
      return;
    }
    const kind = changes.every((c) => c.kind === 'drop-column') ? 'contract' : 'constrain';
    const rows = this.rows(table);
    this.drafts.statements(
      kind,
      `Rebuild ${displayName(table)}`,
      steps.map((sql) => rebuildStatement(sql, table.name)),
    );
    this.drafts.what(
      kind,
      `Rebuilds ${displayName(table)} with the 12-step procedure (${why.join(', ')}): SQLite ${this.target.join('.')}'s ALTER TABLE cannot make this change. The copy${rows !== undefined ? ` of ${rows.toLocaleString('en-US')} rows` : ''} runs in one transaction that holds the database write lock; readers continue in WAL mode. Indexes, triggers and views are recreated and foreign keys checked before COMMIT.`,
    );
    this.drafts.rollback(
      kind,
      `The rebuild runs in one transaction: if any step fails, nothing changed. To undo it later, rebuild ${displayName(table)} again with the previous definition.`,
    );
    for (const sql of steps) this.run(sql);
  }
}

/** The rebuild drops the old table and renames the copy in: rules that guard running code need the reason. */
function rebuildStatement(sql: string, table: string): PlanStatement {
  if (/^DROP TABLE\b/i.test(sql)) {
    return {
      sql,
      justify: {
        rules: ['breaking-drop'],
        reason: `step of the table rebuild: the copy takes the name ${table} in the same transaction, so queries keep working`,
      },
    };
  }
  return { sql };
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
