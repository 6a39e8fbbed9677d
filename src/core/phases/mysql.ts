import type { ResolvedConfig } from '../config/types';
import { lookupByTable } from '../config/tables';
import { planStatement, type StatementPlan } from '../engines/mysql/classify';
import { configuredHints } from '../engines/mysql/lint';
import { mysqlTarget, type MysqlTarget } from '../engines/mysql/online-ddl';
import { onlineSchemaChangeCommands } from '../engines/mysql/osc';
import { mysqlIdent, mysqlTable, serverName } from '../engines/mysql/sql';
import { displayName, tableKey, targetTable, type ColumnDefinition, type ColumnType, type OperationOf, type QualifiedName } from '../operations';
import { OSC_DEFAULT_MIN_ROWS as DEFAULT_MIN_ROWS } from '../engines/mysql/osc';
import type { DialectParser, ParsedFile, ParsedStatement } from '../sql/statement';
import { implicitDefault } from '../engines/mysql/implicit-defaults';
import { PhaseDrafts } from './drafts';
import { mysqlBackfillStatements, mysqlBackfillWhat, procedureName, type MysqlBackfill } from './mysql-backfill';
import { DEFAULT_BATCH_SIZE, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_PAUSE_MS } from './planner';
import { columnKey, singleColumnFills, type ColumnFill } from './fills';
import { objectName, updateParts } from './sql-text';
import type { Justification, Plan, PlanOptions, PlanStatement } from './types';

/**
 * Phased plans for MySQL and MariaDB. The server decides how an ALTER runs (INSTANT,
 * INPLACE or a table COPY) from versioned facts, so every ALTER the plan writes is checked
 * against those same facts before it is chosen:
 * - expand: the column added with `ALGORITHM=INSTANT` (last in the table when the target
 *   cannot place it elsewhere instantly), nullable unless a constant default fills it;
 * - backfill: bounded `UPDATE … ORDER BY key LIMIT n` batches, each committed on its own;
 * - constrain: `MODIFY … NOT NULL` and new indexes `ALGORITHM=INPLACE, LOCK=NONE`;
 * - any ALTER that cannot be INSTANT on a table at or above the online-schema-change size
 *   becomes a gh-ost / pt-online-schema-change run, its command lines in the file.
 */
export function planMysqlFile(file: ParsedFile, parser: DialectParser, config: ResolvedConfig, options: PlanOptions = {}): Plan {
  return new MysqlPlanner(file, parser, config, options).plan();
}

/** A value for the added column's existing rows. */
class MysqlPlanner {
  private readonly drafts = new PhaseDrafts();
  private readonly notes: string[] = [];
  private readonly target: MysqlTarget;
  private readonly newTables = new Set<string>();
  private readonly types = new Map<string, ColumnType>();
  private fills = new Map<string, ColumnFill>();
  private consumed = new Set<number>();
  private readonly lockSet = new Set<string>();
  private slug?: string;

  constructor(
    private readonly file: ParsedFile,
    private readonly parser: DialectParser,
    private readonly config: ResolvedConfig,
    private readonly options: PlanOptions,
  ) {
    this.target = mysqlTarget(file.dialect === 'mariadb' ? 'mariadb' : 'mysql', config.targetVersion);
  }

  plan(): Plan {
    const chosen = this.options.statementIndex;
    const statements = this.file.statements.filter((s) => chosen === undefined || s.index <= chosen);
    if (chosen === undefined) ({ fills: this.fills, consumed: this.consumed } = singleColumnFills(statements));
    for (const s of statements) {
      if (chosen === undefined || s.index === chosen) this.planStatement(s);
      this.track(s);
    }
    this.notes.unshift(`Planned for ${serverName(this.target.flavor, this.target.version)} (targetVersion); INSTANT eligibility differs between versions.`);
    return this.drafts.build(this.file.dialect, this.slug ?? 'migration', this.notes);
  }

  // ---------------------------------------------------------------- file state

  private track(s: ParsedStatement): void {
    for (const op of s.operations) {
      if (op.kind === 'create-table') {
        this.newTables.add(tableKey(op.table));
        for (const c of op.columns) this.types.set(columnKey(op.table, c.name), c.type);
      }
      if (op.kind === 'add-column') this.types.set(columnKey(op.table, op.column.name), op.column.type);
    }
  }

  private isNew(table: QualifiedName): boolean {
    return this.newTables.has(tableKey(table));
  }

  private rows(table: QualifiedName): number | undefined {
    return lookupByTable(this.config.tables, table)?.rows;
  }

  /** Tables at or above the size where mysql-online-schema-change asks for gh-ost. */
  private isBig(table: QualifiedName): boolean {
    const minRows = this.config.ruleOptions['mysql-online-schema-change']?.['minRows'];
    return (this.rows(table) ?? 0) >= (typeof minRows === 'number' ? minRows : DEFAULT_MIN_ROWS);
  }

  private name(slug: string): void {
    this.slug ??= objectName(slug).slice(0, 48);
  }

  // ---------------------------------------------------------------- statements

  private planStatement(s: ParsedStatement): void {
    if (s.error) {
      this.notes.push(`Statement ${s.index + 1} (line ${s.range.start.line}) does not parse and was left out: ${s.error.message}`);
      return;
    }
    if (this.consumed.has(s.index)) return;
    const ops = s.operations;
    if (ops.every((op) => op.kind === 'set-timeout' || op.kind === 'transaction')) return;
    if (ops.every((op) => op.kind === 'create-table' || (targetTable(op) !== undefined && this.isNew(targetTable(op)!)))) {
      this.drafts.statements('expand', firstLine(s.text), [{ sql: s.text.trim() }]);
      for (const op of ops) if (op.kind === 'create-table') this.drafts.what('expand', `Creates table ${displayName(op.table)}.`);
      this.name(ops[0]?.kind === 'create-table' ? `create_${ops[0].table.name}` : 'migration');
      return;
    }
    const adds = ops.filter((op): op is OperationOf<'add-column'> => op.kind === 'add-column');
    if (adds.length === ops.length) {
      for (const op of adds) this.addColumn(op);
      return;
    }
    if (ops.length === 1 && ops[0]!.kind === 'update') return this.update(ops[0] as OperationOf<'update'>, s);
    if (ops.length === 1 && ops[0]!.kind === 'create-index') return this.createIndex(ops[0] as OperationOf<'create-index'>);
    this.asWritten(s);
  }

  /** `SET SESSION lock_wait_timeout` before the first ALTER of a phase: metadata-lock waits stay short. */
  private lockTimeout(kind: 'expand' | 'constrain' | 'contract'): PlanStatement[] {
    if (this.lockSet.has(kind)) return [];
    this.lockSet.add(kind);
    const seconds = this.lockTimeoutSeconds();
    this.drafts.what(
      kind,
      `Sets lock_wait_timeout to ${seconds} s first: an ALTER waiting behind a long transaction gives up instead of stalling every query queued behind its metadata lock; if it fails with "Lock wait timeout exceeded" (error 1205), nothing changed: run it again at a quieter time.`,
    );
    return [{ sql: this.lockTimeoutSql() }];
  }

  private lockTimeoutSeconds(): number {
    return Math.max(1, Math.ceil((this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS) / 1000));
  }

  private lockTimeoutSql(): string {
    return `SET SESSION lock_wait_timeout = ${this.lockTimeoutSeconds()}`;
  }

  /** How the server would run `ALTER TABLE t <clause>, ALGORITHM=…` on this table. */
  private serverPlan(table: QualifiedName, clause: string): StatementPlan | undefined {
    const parsed = this.parser.parse(`ALTER TABLE ${mysqlTable(table)} ${clause}`);
    const s = parsed.statements[0];
    if (!s || s.error) return undefined;
    const types = { columnType: (t: QualifiedName, c: string) => this.types.get(columnKey(t, c)) };
    return planStatement(s.operations, this.target, types, configuredHints(this.config, table));
  }

  /**
   * One ALTER, as cheap as the server allows: INSTANT when the facts say so, else online
   * (INPLACE, LOCK=NONE) on a table below the online-schema-change size, else a gh-ost run.
   * Returns how it runs, so the caller can describe it.
   */
  private alter(
    kind: 'expand' | 'constrain' | 'contract',
    table: QualifiedName,
    clause: string,
    what: string,
    down: PlanStatement[] = [],
    justify?: Justification,
  ): 'instant' | 'online' | 'tool' {
    const plan = this.serverPlan(table, clause);
    const t = mysqlTable(table);
    // The rollback runs on its own, so it sets its own lock_wait_timeout.
    const undo = down.length > 0 ? [{ sql: this.lockTimeoutSql() }, ...down] : [];
    if (plan?.algorithm === 'INSTANT') {
      this.drafts.statements(kind, what, [...this.lockTimeout(kind), { sql: `ALTER TABLE ${t} ${clause}, ALGORITHM=INSTANT` }], undo);
      return 'instant';
    }
    if (!this.isBig(table) && plan && plan.algorithm !== 'COPY') {
      const lock = plan.concurrentDml ? 'NONE' : 'SHARED';
      const addsColumn = plan.operations.some((p) => p.op.kind === 'add-column');
      const sql = `ALTER TABLE ${t} ${clause}, ALGORITHM=INPLACE, LOCK=${lock}`;
      const statement: PlanStatement = addsColumn
        ? {
            sql,
            justify: {
              rules: ['mysql-add-column-not-instant'],
              reason: `no INSTANT form on ${serverName(this.target.flavor, this.target.version)}; on a table this size the in-place rebuild is short${lock === 'NONE' ? ' and reads and writes continue' : ''}`,
            },
          }
        : justify
          ? { sql, justify }
          : { sql };
      this.drafts.statements(kind, what, [...this.lockTimeout(kind), statement], undo);
      this.drafts.what(
        kind,
        `${what}: ALGORITHM=INPLACE${plan.rebuild ? ` rebuilds ${displayName(table)}` : ''}${lock === 'NONE' ? ' while reads and writes continue' : ' (writes wait)'}.`,
      );
      return 'online';
    }
    const { ghost, ptosc } = onlineSchemaChangeCommands(table, clause);
    this.drafts.manualStep(kind);
    const rows = this.rows(table);
    this.drafts.what(
      kind,
      `${what}: on ${serverName(this.target.flavor, this.target.version)} this cannot be INSTANT${plan ? ` (the server would use ALGORITHM=${plan.algorithm})` : ''}, and ${displayName(table)}${rows !== undefined ? ` has ${rows.toLocaleString('en-US')} rows` : ' is large'}, so run it with an online schema change tool, outside the migration runner (it is not in this file's SQL); the tool copies the table in chunks while the application writes, throttles on load and swaps the copy in at the end:`,
      ghost,
      `or: ${ptosc}`,
    );
    this.drafts.beforeNext(kind, `Run the command above and wait for the cut-over before the next phase; check the result with SHOW CREATE TABLE ${t}.`);
    this.drafts.rollback(kind, 'Before the cut-over, stop the tool and drop its _gho / _new table; after it, run the reverse change the same way.');
    return 'tool';
  }

  // ---------------------------------------------------------------- add column

  private addColumn(op: OperationOf<'add-column'>): void {
    const c = op.column;
    const table = op.table;
    const t = mysqlTable(table);
    this.name(`add_${table.name}_${c.name}`);
    // Later ALTERs of this column in the plan (MODIFY … NOT NULL) are classified against its type.
    this.types.set(columnKey(table, c.name), c.type);
    if (c.generated === 'stored' || c.serial || c.primaryKey) {
      this.alter('expand', table, `ADD COLUMN ${columnClause(c, { keepNotNull: true, keepDefault: true })}`, `Add ${c.name} as written`);
      this.notes.push(
        `${displayName(table)}.${c.name} is ${c.primaryKey ? 'a primary key' : c.serial ? 'AUTO_INCREMENT' : 'a STORED generated column'}; that form is not phased, only run as cheaply as the server allows.`,
      );
      return;
    }
    const dflt = c.default && !c.default.isNull ? c.default : undefined;
    // A constant default is recorded in the data dictionary by an INSTANT add: existing rows read it.
    const constant = dflt !== undefined && dflt.volatility !== 'volatile' && dflt.volatility !== 'unknown' && !/^\(/.test(dflt.sql.trim());
    const clause = (withPosition: boolean): string =>
      `ADD COLUMN ${columnClause(c, { keepNotNull: constant && c.notNull, keepDefault: constant })}${withPosition ? positionClause(c) : ''}`;
    let chosen = clause(true);
    if (c.position) {
      const placed = this.serverPlan(table, chosen);
      if (placed?.algorithm !== 'INSTANT' && this.serverPlan(table, clause(false))?.algorithm === 'INSTANT') {
        chosen = clause(false);
        this.notes.push(
          `${c.name} is added last in ${displayName(table)}: ${c.position && 'first' in c.position ? 'FIRST' : 'AFTER'} cannot be INSTANT on ${serverName(this.target.flavor, this.target.version)} and would rebuild the table. Column order only matters to SELECT *.`,
        );
      }
    }
    const drop: PlanStatement = {
      sql: `ALTER TABLE ${t} DROP COLUMN ${mysqlIdent(c.name)}`,
      justify: { rules: ['breaking-drop'], reason: `rollback of the expand phase: roll the application back first so nothing reads ${c.name}` },
    };
    const dropPlan = this.serverPlan(table, `DROP COLUMN ${mysqlIdent(c.name)}`);
    const down =
      dropPlan?.algorithm === 'INSTANT'
        ? [{ ...drop, sql: `${drop.sql}, ALGORITHM=INSTANT` }]
        : this.isBig(table)
          ? []
          : [{ ...drop, sql: `${drop.sql}, ALGORITHM=INPLACE, LOCK=NONE` }];
    this.alter('expand', table, chosen, `Add ${displayName(table)}.${c.name}`, down);
    this.drafts.what(
      'expand',
      constant
        ? `Adds ${c.name} with DEFAULT ${dflt!.sql}${c.notNull ? ' NOT NULL' : ''}: an INSTANT add stores the default in the data dictionary, so existing rows are not rewritten.`
        : `Adds ${c.name} as a nullable column without a default: a data-dictionary change (INSTANT).`,
    );
    this.drafts.rollback(
      'expand',
      down.length > 0
        ? `Drop ${c.name} (the down migration) after rolling back any code that writes it.`
        : `Drop ${c.name} with gh-ost or pt-online-schema-change after rolling back any code that writes it.`,
    );

    let fill = this.fills.get(columnKey(table, c.name));
    const given = this.options.backfillValues?.[columnKey(table, c.name)] ?? this.options.backfillValues?.[c.name.toLowerCase()];
    if (given !== undefined) fill = { value: given };
    // What the original ADD COLUMN gives an existing row: an expression default evaluated
    // per row, else (NOT NULL without a default) the type's implicit default.
    // Zero dates are left out: strict modes with NO_ZERO_DATE refuse to write them.
    const zeroDate = ['date', 'datetime', 'timestamp'].includes(c.type.name.toLowerCase());
    const base =
      dflt && !constant ? dflt.sql.replace(/^\((.*)\)$/s, '$1') : c.notNull && !dflt && !zeroDate ? implicitDefault(c.type.name, c.type.sql) : undefined;
    if (!fill && base !== undefined && !constant) fill = { value: base };
    if (!fill && c.notNull && !constant) {
      fill = { value: 'NULL', placeholder: `${displayName(table)}.${c.name} is NOT NULL without a default: write the value existing rows should get` };
      this.notes.push(
        `Choose the value existing rows of ${displayName(table)} get for ${c.name}: pass --backfill ${table.name}.${c.name}=<SQL expression>, or edit the backfill (it refuses to run until you do).`,
      );
    }
    if (fill) {
      this.backfill(table, c.name, fill, constant ? 'has-default' : base);
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
      const def = dflt ? ` DEFAULT ${dflt.sql}` : '';
      this.alter(
        'constrain',
        table,
        `MODIFY COLUMN ${mysqlIdent(c.name)} ${c.type.sql} NOT NULL${def}`,
        `Make ${displayName(table)}.${c.name} NOT NULL${def}`,
        [],
        {
          rules: ['mysql-algorithm-copy'],
          reason: `${c.name} was added as ${c.type.sql} by the expand phase; the type stays, only NOT NULL is set, which runs in place`,
        },
      );
      this.drafts.rollback('constrain', `MODIFY ${c.name} back to NULL the same way if needed; the values stay.`);
      this.drafts.beforeNext('constrain', `Switch reads of ${c.name} on (the feature flag): every row now has a value.`);
    }
    if (c.unique)
      this.alter(
        'constrain',
        table,
        `ADD UNIQUE INDEX ${mysqlIdent(objectName(table.name, c.name, 'key'))} (${mysqlIdent(c.name)})`,
        `Add the unique index on ${c.name}`,
      );
    if (c.references || c.checks.length > 0) {
      this.notes.push(
        `The ${c.references ? 'foreign key' : 'CHECK'} on ${displayName(table)}.${c.name} is not phased: adding it copies the table (or, for a foreign key, skips checking existing rows with foreign_key_checks=0); add it with gh-ost or pt-online-schema-change.`,
      );
    }
  }

  /**
   * Fills an added column so every existing row ends with the value the original migration
   * gave it. `base` is what a row not matched by the fill's WHERE gets (the expression
   * default, or the implicit default of a NOT NULL column); 'has-default' means the column
   * was added with its constant default, so rows already hold it and only the fill's rows change.
   */
  private backfill(table: QualifiedName, column: string, fill: ColumnFill, base: string | 'has-default' | undefined): void {
    const c = mysqlIdent(column);
    let value = fill.value;
    let pending: string;
    if (base === 'has-default') {
      pending = `${fill.where ? `(${fill.where}) AND ` : ''}NOT (${c} <=> (${fill.value}))`;
    } else if (fill.where && base !== undefined) {
      value = `CASE WHEN (${fill.where}) THEN (${fill.value}) ELSE ${base} END`;
      pending = `${c} IS NULL`;
    } else {
      pending = fill.where ? `${c} IS NULL AND (${fill.where})` : `${c} IS NULL`;
    }
    const key = this.options.primaryKeys?.[table.name.toLowerCase()] ?? 'id';
    this.batches(table, `${c} = ${value}`, pending, key, `${displayName(table)}.${column}`, objectName(table.name, column), fill.placeholder);
  }

  /** The batched backfill: one stored procedure that loops, committing batch by batch. */
  private batches(table: QualifiedName, set: string, pending: string, key: string, label: string, slug: string, placeholder?: string): void {
    const b: MysqlBackfill = {
      table,
      key,
      set,
      pending,
      batchSize: Math.max(1, Math.floor(this.options.batchSize ?? DEFAULT_BATCH_SIZE)),
      pauseMs: Math.max(0, this.options.pauseMs ?? DEFAULT_PAUSE_MS),
      lockTimeoutSeconds: this.lockTimeoutSeconds(),
      label,
      slug,
      ...(placeholder ? { placeholder } : {}),
    };
    this.drafts.statements('backfill', `Backfill ${label}`, mysqlBackfillStatements(b));
    this.drafts.what('backfill', mysqlBackfillWhat(b));
    const t = mysqlTable(table);
    this.drafts.beforeNext(
      'backfill',
      `Check that no row still needs it: SELECT count(*) FROM ${t} WHERE ${pending}; must be 0 (if not, run this file again: it resumes where values are missing).`,
    );
    this.drafts.rollback(
      'backfill',
      'Stop at any time; rows already updated keep their values, and rerunning the file continues where values are missing (then DROP PROCEDURE IF EXISTS ' +
        procedureName(b) +
        ' if it was interrupted).',
    );
  }

  private update(op: OperationOf<'update'>, s: ParsedStatement): void {
    const parts = updateParts(s.text);
    if (!parts || parts.assignments.length === 0) {
      this.drafts.statements('backfill', firstLine(s.text), [{ sql: s.text.trim() }]);
      this.notes.push(`Statement ${s.index + 1} (${firstLine(s.text)}) could not be rewritten as batches; it runs as written.`);
      return;
    }
    const set = parts.assignments.map((a) => `${mysqlIdent(a.column)} = ${a.value}`).join(', ');
    const changed = parts.assignments.map((a) => `NOT (${mysqlIdent(a.column)} <=> (${a.value}))`).join(' OR ');
    const pending = parts.where ? `(${parts.where}) AND (${changed})` : changed;
    const key = this.options.primaryKeys?.[op.table.name.toLowerCase()] ?? 'id';
    this.batches(op.table, set, pending, key, `the UPDATE of ${displayName(op.table)}`, objectName(op.table.name, ...parts.assignments.map((a) => a.column)));
    this.name(`backfill_${op.table.name}`);
  }

  private createIndex(op: OperationOf<'create-index'>): void {
    const name = op.name ?? objectName(op.table.name, ...op.columns, 'idx');
    this.alter(
      'constrain',
      op.table,
      `ADD ${op.unique ? 'UNIQUE ' : ''}INDEX ${mysqlIdent(name)} (${op.columns.join(', ')})`,
      `Build ${op.unique ? 'unique ' : ''}index ${name}`,
    );
    this.drafts.rollback('constrain', `Drop index ${name}.`);
    this.name(`index_${name}`);
  }

  /** Anything else runs as written, in the phase its kind belongs to. */
  private asWritten(s: ParsedStatement): void {
    const drops = s.operations.every((op) => op.kind === 'drop-column' || op.kind === 'drop-table');
    if (drops) {
      this.drafts.statements('contract', firstLine(s.text), [
        { sql: s.text.trim(), justify: { rules: ['breaking-drop'], reason: 'contract phase: released code no longer uses it (see the header)' } },
      ]);
      this.drafts.beforeNext('contract', 'Deploy code that no longer uses what is dropped before this runs.');
      return;
    }
    this.drafts.statements('expand', firstLine(s.text), [{ sql: s.text.trim() }]);
    this.notes.push(`Statement ${s.index + 1} (${firstLine(s.text)}) is not phased; it runs as written in the expand phase.`);
  }
}

function columnClause(c: ColumnDefinition, keep: { keepNotNull: boolean; keepDefault: boolean }): string {
  const parts = [mysqlIdent(c.name), c.type.sql];
  if (keep.keepNotNull) parts.push('NOT NULL');
  else if (!c.primaryKey) parts.push('NULL');
  if (keep.keepDefault && c.default && !c.default.isNull) parts.push(`DEFAULT ${c.default.sql}`);
  if (c.primaryKey) parts.push('PRIMARY KEY');
  return parts.join(' ');
}

function positionClause(c: ColumnDefinition): string {
  if (!c.position) return '';
  return 'first' in c.position ? ' FIRST' : ` AFTER ${mysqlIdent(c.position.after)}`;
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
