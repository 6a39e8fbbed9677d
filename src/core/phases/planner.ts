import type { ResolvedConfig } from '../config/types';
import { addColumnRewriteReason, classify } from '../engines/postgres/classify';
import { hasFact, OPERATION_FACTS } from '../engines/postgres/facts';
import { FileStateTracker } from '../lint/file-state';
import { displayName, tableKey, targetTable, type ColumnDefinition, type Operation, type OperationOf, type QualifiedName } from '../operations';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { alterTypeSql, moveSequenceSql, renameNotNullSql, swapGuardSql } from './column-swap';
import { columnKey, type ColumnFill } from './fills';
import { knownTableKey, SchemaFollower, type KnownColumn } from './known-tables';
import { defaultConstraintName, ident, insertAfterKeyword, literal, objectName, qualifyColumn, tableSql, updateParts } from './sql-text';
import { alone, concurrentIndexStep, foreignKeySql, justified, notNullSteps, stmt, txn, uniqueConstraintSteps, validatedConstraintSteps } from './steps';
import type { Backfill, Phase, PhaseKind, Plan, PlanOptions, PlanStatement, Step } from './types';

export const DEFAULT_BATCH_SIZE = 5_000;
export const DEFAULT_PAUSE_MS = 50;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/** What the planner collects per phase before it becomes a `Phase`. */
interface Draft {
  readonly steps: Step[];
  readonly what: string[];
  readonly beforeNext: string[];
  readonly rollback: string[];
}

const draft = (): Draft => ({ steps: [], what: [], beforeNext: [], rollback: [] });

/**
 * Turns a migration into expand → backfill → constrain → contract phases. Only
 * PostgreSQL semantics are decided here; conventions decide files.
 */
export function planFile(file: ParsedFile, config: ResolvedConfig, options: PlanOptions = {}, schema: SchemaFollower = new SchemaFollower()): Plan {
  return new Planner(file, config, options, schema).plan();
}

class Planner {
  private readonly pg: number;
  private readonly tracker: FileStateTracker;
  private readonly phases: Record<PhaseKind, Draft> = { expand: draft(), backfill: draft(), constrain: draft(), contract: draft() };
  private readonly expandStatements: PlanStatement[] = [];
  private readonly expandDown: PlanStatement[] = [];
  private readonly notes: string[] = [];
  private readonly fills = new Map<string, ColumnFill>();
  private readonly consumedUpdates = new Set<number>();
  private readonly backfills: Backfill[] = [];
  private slug?: string;
  /** Columns retyped through a shadow column that the contract phase swaps in. */
  private readonly retypedColumns = new Set<string>();
  /** A statement that rewrites a table runs as written (see keepRewrite). */
  private keptRewrite = false;
  /** Why the plan cannot be written (a backfill with no key column to batch on). */
  private refused?: string;

  constructor(
    private readonly file: ParsedFile,
    private readonly config: ResolvedConfig,
    private readonly options: PlanOptions,
    /**
     * The tables as the earlier migrations leave them, where known; followed through this
     * file statement by statement, so each statement is planned against the schema it meets.
     */
    private readonly schema: SchemaFollower,
  ) {
    this.pg = config.pgVersion;
    this.tracker = new FileStateTracker(file, config, this.pg);
  }

  plan(): Plan {
    const chosen = this.options.statementIndex;
    const statements = this.file.statements.filter((s) => chosen === undefined || s.index <= chosen);
    if (chosen === undefined) this.collectUpdateFills(statements);
    this.collectRecreated(statements);
    for (const s of statements) {
      if (chosen === undefined || s.index === chosen) this.planStatement(s);
      this.tracker.apply(s);
      for (const op of s.operations) this.follow(op);
    }
    this.flushExpand();
    for (const b of this.backfills)
      this.phases.backfill.steps.push({
        kind: 'backfill',
        summary: `Backfill ${displayName(b.table)}: ${b.assignments.map((a) => a.column).join(', ')}`,
        backfill: b,
        down: [],
      });
    const order: PhaseKind[] = ['expand', 'backfill', 'constrain', 'contract'];
    const phases: Phase[] = order.filter((k) => this.phases[k].steps.length > 0).map((k) => ({ kind: k, ...this.describe(k), steps: this.phases[k].steps }));
    if (this.refused) return { phases: [], notes: this.notes, slug: this.slug ?? 'migration', refused: this.refused };
    if (phases.length === 0) this.notes.push('Nothing to phase: the migration has no statement that changes an existing table.');
    return { phases, notes: this.notes, slug: this.slug ?? 'migration' };
  }

  private name(slug: string): void {
    this.slug ??= objectName(slug).slice(0, 48);
  }

  private describe(kind: PhaseKind): Omit<Phase, 'kind' | 'steps'> {
    const d = this.phases[kind];
    const titles: Record<PhaseKind, string> = {
      expand: this.keptRewrite
        ? 'Expand: add the new schema; one statement kept as written rewrites its table (see the notes)'
        : 'Expand: add the new schema without rewriting or scanning existing tables',
      backfill: 'Backfill: fill existing rows in small batches, each its own transaction',
      constrain: 'Constrain: enforce constraints and build indexes without long locks',
      contract: 'Contract: remove what the old application code used, after the dual-write period',
    };
    return {
      title: titles[kind],
      slug: kind,
      what: unique(d.what),
      beforeNext: unique(d.beforeNext),
      rollback: unique(d.rollback),
    };
  }

  // ---------------------------------------------------------------- statements

  private planStatement(s: ParsedStatement): void {
    if (s.error) {
      this.notes.push(`Statement ${s.index + 1} (line ${s.range.start.line}) does not parse and was left out: ${s.error.message}`);
      return;
    }
    if (this.consumedUpdates.has(s.index)) return;
    const ops = s.operations;
    if (ops.every((op) => op.kind === 'set-timeout' || op.kind === 'transaction')) return;
    if (ops.every((op) => this.isOnNewTable(op))) {
      this.passThrough(s);
      return;
    }
    const kept = ops.find((op): op is OperationOf<'add-column'> => op.kind === 'add-column' && isUnphasedColumn(op.column));
    if (kept) return this.keepRewrite(s, kept);
    for (const op of ops) {
      this.planOperation(op, s);
      this.follow(op);
    }
  }

  private readonly followed = new WeakSet<Operation>();

  /** Records what an operation does to the schema, once. */
  private follow(op: Operation): void {
    if (this.followed.has(op)) return;
    this.followed.add(op);
    this.schema.follow(op);
  }

  private isOnNewTable(op: Operation): boolean {
    if (op.kind === 'create-table') return true;
    const t = targetTable(op);
    return t !== undefined && this.tracker.isNewTable(t);
  }

  /** Statements that only touch tables created in this file run as written, in the expand phase. */
  private passThrough(s: ParsedStatement): void {
    const sql = s.text.trim();
    const noTx = s.operations.some((op) => {
      const cls = classify(op, this.pg, this.tracker);
      return cls !== undefined && OPERATION_FACTS[cls].noTransaction === true;
    });
    if (noTx) {
      this.flushExpand();
      this.phases.expand.steps.push(alone(firstLine(sql), stmt(sql), true));
    } else {
      this.expandStatements.push(stmt(sql));
    }
    for (const op of s.operations) {
      if (op.kind === 'create-table') {
        this.expandDown.unshift(
          justified(`DROP TABLE IF EXISTS ${tableSql(op.table)}`, ['breaking-drop'], 'rollback of a table this change created; no released code uses it yet'),
        );
        this.phases.expand.what.push(`Creates table ${displayName(op.table)}.`);
        this.name(`create_${op.table.name}`);
      }
    }
  }

  private planOperation(op: Operation, s: ParsedStatement): void {
    switch (op.kind) {
      case 'add-column':
        return this.addColumn(op);
      case 'set-not-null':
        return this.setNotNull(op.table, op.column);
      case 'add-constraint':
        return this.addConstraint(op, s);
      case 'validate-constraint':
        // A constraint this plan adds is validated by its own constrain steps already.
        if (this.plannedConstraints.has(op.name.toLowerCase())) return;
        this.phases.constrain.steps.push(
          alone(`Validate ${op.name}`, stmt(`ALTER TABLE ${tableSql(op.table)} VALIDATE CONSTRAINT ${ident(op.name)}`, { validates: op.name }), false),
        );
        return;
      case 'create-index':
        return this.createIndex(op, s);
      case 'drop-index':
        return this.dropIndex(op);
      case 'update':
        return this.update(op, s);
      case 'alter-column-type':
        return this.alterType(op);
      case 'rename-column':
        return this.renameColumn(op);
      case 'drop-column':
        return this.dropColumn(op);
      case 'drop-table':
        this.phases.contract.steps.push(
          txn(`Drop ${op.tables.map(displayName).join(', ')}`, [
            justified(s.text.trim(), ['breaking-drop'], 'contract phase: released code no longer uses the table (see the header)'),
          ]),
        );
        this.phases.contract.beforeNext.push('Deploy code that no longer uses the dropped tables before this runs.');
        return;
      case 'set-default':
        // The column that follows is the shadow column swapped in by the contract phase: its
        // default is set there, after the swap, or it would stay on the column that is dropped.
        if (this.retypedColumns.has(columnKey(op.table, op.column))) {
          this.phases.contract.steps.push(txn(firstLine(s.text), [stmt(singleOpSql(op, s))]));
          this.phases.contract.what.push(`Sets the default of ${displayName(op.table)}.${op.column} on the column swapped in.`);
          return;
        }
        this.expandStatements.push(stmt(singleOpSql(op, s)));
        this.phases.expand.what.push(`${firstLine(s.text)} (catalog-only change).`);
        return;
      case 'drop-not-null':
      case 'drop-constraint':
        // A constraint this plan adds can only be dropped after it exists; one the table
        // already had is dropped in the expand phase.
        if (op.kind === 'drop-constraint' && this.plannedConstraints.has(op.name.toLowerCase())) return this.dropPlannedConstraint(op, s);
        this.expandStatements.push(stmt(singleOpSql(op, s)));
        this.phases.expand.what.push(`${firstLine(s.text)} (catalog-only change).`);
        return;
      case 'set-timeout':
      case 'transaction':
        return;
      case 'other':
        // Django follows a deferred foreign key with SET CONSTRAINTS … IMMEDIATE: it only
        // changes when the original's own transaction checks the key, which the plan does not have.
        if (op.tag === 'ConstraintsSetStmt') return;
        if (op.tag === 'Drop:OBJECT_TYPE' || op.tag === 'Drop:OBJECT_DOMAIN') return this.dropType(s);
        if (op.tag === 'Rename:OBJECT_TYPE' && this.retypedColumns.size > 0) return this.renameTypeAfterSwap(s);
        this.passAsWritten(s);
        return;
      default:
        this.passAsWritten(s);
        return;
    }
  }

  private passAsWritten(s: ParsedStatement): void {
    this.expandStatements.push(stmt(s.text.trim()));
    this.notes.push(`Statement ${s.index + 1} (${firstLine(s.text)}) is not phased; it runs as written in the expand phase.`);
  }

  /**
   * A type renamed after a column was retyped to it (an enum swap: create the new type,
   * retype the column, rename the old type away and the new one into its name): the shadow
   * column, its trigger and its backfill name the type as created, so the renames wait
   * until the contract phase has swapped the column in.
   */
  private renameTypeAfterSwap(s: ParsedStatement): void {
    this.phases.contract.steps.push(txn(firstLine(s.text), [stmt(s.text.trim())]));
    this.phases.contract.what.push(
      `${firstLine(s.text)}: after the retyped columns are swapped in, so the dual-write trigger and the backfill name the type as created.`,
    );
  }

  /**
   * A type (or domain) can only go once no column uses it, and the columns that did are
   * dropped or retyped in the contract phase: the type goes there too, after them.
   */
  private dropType(s: ParsedStatement): void {
    this.phases.contract.steps.push(txn(firstLine(s.text), [stmt(s.text.trim())]));
    this.phases.contract.what.push(`${firstLine(s.text)}: after the columns that used it are gone.`);
    this.phases.contract.rollback.push('Irreversible: recreate the type as it was if needed.');
  }

  // ---------------------------------------------------------------- add column

  private addColumn(op: OperationOf<'add-column'>): void {
    const c = op.column;
    const t = tableSql(op.table);
    const key = columnKey(op.table, c.name);
    this.name(`add_${op.table.name}_${c.name}`);
    const rewrite = addColumnRewriteReason(c, this.pg);
    const dflt = c.default && !c.default.isNull ? c.default : undefined;
    // A non-volatile default is stored in the catalog from PG11: existing rows read it, so
    // there is nothing to backfill and NOT NULL holds at once.
    const defaultInCatalog = dflt !== undefined && rewrite === undefined && dflt.volatility !== 'unknown';
    const parts = [`${ident(c.name)} ${c.type.sql}`];
    if (defaultInCatalog) parts.push(`DEFAULT ${dflt.sql}`);
    if (defaultInCatalog && c.notNull) parts.push('NOT NULL');
    this.expandStatements.push(stmt(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${parts.join(' ')}`));
    this.expandDown.unshift(
      justified(
        `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(c.name)}`,
        ['breaking-drop'],
        `rollback of the expand phase: roll the application back first so nothing reads ${c.name}`,
      ),
    );
    this.phases.expand.what.push(
      defaultInCatalog
        ? `Adds ${displayName(op.table)}.${c.name} with DEFAULT ${dflt.sql}${c.notNull ? ' NOT NULL' : ''}: PostgreSQL ${hasFact(this.pg, 'nonVolatileDefaultWithoutRewrite') ? '11+' : ''} stores the default in the catalog, so existing rows are neither rewritten nor scanned.`
        : `Adds ${displayName(op.table)}.${c.name} as a nullable column with no default: a catalog-only change.`,
    );
    this.phases.expand.rollback.push(`Drop ${c.name} (the down migration) after rolling back any code that writes it.`);

    let fill: ColumnFill | undefined = this.fillFor(op.table, c.name);
    if (dflt && !defaultInCatalog) {
      this.expandStatements.push(stmt(`ALTER TABLE ${t} ALTER COLUMN ${ident(c.name)} SET DEFAULT ${dflt.sql}`));
      this.phases.expand.what.push(`Sets DEFAULT ${dflt.sql} for new rows only (computed per row on insert; no rewrite of existing rows).`);
      fill ??= { value: dflt.sql };
    }
    if (!fill && c.notNull && !defaultInCatalog) {
      fill = {
        value: `NULL::${c.type.sql}`,
        placeholder: `${displayName(op.table)}.${c.name} is NOT NULL without a default: write the value existing rows should get`,
      };
      this.notes.push(
        `Choose the value existing rows of ${displayName(op.table)} get for ${c.name}: pass --backfill ${op.table.name}.${c.name}=<SQL expression>, or edit the backfill (it refuses to run until you do).`,
      );
    }
    if (fill) {
      this.addBackfill(op.table, c.name, fill, `${ident(c.name)} IS NULL`);
      this.phases.expand.beforeNext.push(
        `Deploy application code that writes ${c.name} on every insert and update of ${displayName(op.table)} (behind a feature flag), so no new row is left without a value while the backfill runs.`,
      );
    } else if (!defaultInCatalog || c.references || c.unique || c.checks.length > 0) {
      this.phases.expand.beforeNext.push(
        `Deploy the application code that uses ${displayName(op.table)}.${c.name}, behind a feature flag until the remaining phases have run.`,
      );
    }
    if (c.notNull && !defaultInCatalog) this.setNotNull(op.table, c.name);
    for (const [i, check] of c.checks.entries()) {
      const name = objectName(op.table.name, c.name, c.checks.length > 1 ? `check${i + 1}` : 'check');
      this.phases.constrain.steps.push(
        ...validatedConstraintSteps(op.table, name, `ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} CHECK (${check}) NOT VALID`, 'CHECK'),
      );
      this.plannedConstraints.add(name.toLowerCase());
    }
    if (c.references) {
      const name = c.foreignKeyName ?? objectName(op.table.name, c.name, 'fkey');
      this.phases.constrain.steps.push(
        ...validatedConstraintSteps(op.table, name, foreignKeySql(op.table, name, [c.name], c.references, c.foreignKeyDeferrable), 'FOREIGN KEY'),
      );
      this.plannedConstraints.add(name.toLowerCase());
      this.phases.constrain.what.push(`Adds the foreign key on ${c.name} NOT VALID, then validates it without blocking writes.`);
    }
    if (c.unique) {
      const name = defaultConstraintName(op.table.name, [c.name], 'key');
      this.phases.constrain.steps.push(...uniqueConstraintSteps(op.table, name, [c.name], 'UNIQUE'));
      this.plannedConstraints.add(name.toLowerCase());
      this.phases.constrain.what.push(`Builds the unique index on ${c.name} CONCURRENTLY and attaches it as the UNIQUE constraint.`);
    }
    if (fill || (c.notNull && !defaultInCatalog))
      this.phases.constrain.beforeNext.push(`Switch reads of ${c.name} on (the feature flag): every row now has a value.`);
  }

  /**
   * A column PostgreSQL fills for every existing row as it adds it (STORED generated,
   * identity, serial, primary key): no phased form reaches the same schema, since a plain
   * column filled by a backfill cannot become a generated or identity column later without
   * the same rewrite. The statement runs as written, alone in its own step, and the notes
   * say what it costs.
   */
  private keepRewrite(s: ParsedStatement, op: OperationOf<'add-column'>): void {
    const c = op.column;
    const t = tableSql(op.table);
    const where = `${displayName(op.table)}.${c.name}`;
    this.name(`add_${op.table.name}_${c.name}`);
    this.keptRewrite = true;
    this.flushExpand();
    const kind =
      c.generated === 'stored'
        ? 'a STORED generated column: PostgreSQL computes it for every existing row as it adds it'
        : c.identity || c.serial
          ? 'filled from a sequence: PostgreSQL draws a value for every existing row as it adds it'
          : 'a primary key: PostgreSQL fills and indexes it for every existing row as it adds it';
    this.phases.expand.steps.push(
      txn(
        `Add ${where} as written (rewrites ${displayName(op.table)})`,
        [stmt(s.text.trim())],
        [
          txn(`Drop ${c.name}`, [
            justified(
              `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(c.name)}`,
              ['breaking-drop'],
              `rollback: roll the application back first so nothing reads ${c.name}`,
            ),
          ]),
        ],
      ),
    );
    this.phases.expand.what.push(`Adds ${where} as the migration writes it, in a step of its own: this rewrites the table.`);
    this.phases.expand.rollback.push(`Drop ${c.name} (the down migration) after rolling back any code that reads it.`);
    this.notes.push(
      `${where} is ${kind}, a rewrite of the whole table under ACCESS EXCLUSIVE: reads and writes of ${displayName(op.table)} wait until it ends, and it needs disk for a second copy of the table. ` +
        `No phased form reaches the same column (a plain column filled by a backfill cannot become ${c.generated === 'stored' ? 'a generated' : c.identity ? 'an identity' : 'that'} column without the same rewrite), ` +
        `so statement ${s.index + 1} runs as written, alone in its step. Run it at a quiet time; \`lockstep simulate\` shows how long the lock is held.`,
    );
  }

  private fillFor(table: QualifiedName, column: string): ColumnFill | undefined {
    const given = this.options.backfillValues?.[columnKey(table, column)] ?? this.options.backfillValues?.[column.toLowerCase()];
    return given !== undefined ? { value: given } : this.fills.get(columnKey(table, column));
  }

  /** UPDATEs in the file that fill columns the file adds become those columns' backfill. */
  private collectUpdateFills(statements: readonly ParsedStatement[]): void {
    const added = new Set<string>();
    for (const s of statements) {
      for (const op of s.operations) {
        if (op.kind === 'add-column') added.add(columnKey(op.table, op.column.name));
        if (op.kind !== 'update' || op.inProcedural || s.operations.length !== 1) continue;
        const parts = updateParts(s.text);
        if (!parts || !parts.assignments.every((a) => added.has(columnKey(op.table, a.column)))) continue;
        for (const a of parts.assignments) {
          this.fills.set(columnKey(op.table, a.column), {
            value: a.value,
            ...(parts.where && !isNullTestOf(parts.where, a.column) ? { where: parts.where } : {}),
          });
        }
        this.consumedUpdates.add(s.index);
      }
    }
  }

  /** Columns the file drops and then adds again, and index names it drops and then creates again. */
  private readonly readdedColumns = new Set<string>();
  private readonly recreatedIndexes = new Set<string>();

  private collectRecreated(statements: readonly ParsedStatement[]): void {
    const droppedColumns = new Set<string>();
    const droppedIndexes = new Set<string>();
    for (const s of statements) {
      for (const op of s.operations) {
        if (op.kind === 'drop-column') droppedColumns.add(columnKey(op.table, op.column));
        if (op.kind === 'add-column' && droppedColumns.has(columnKey(op.table, op.column.name))) this.readdedColumns.add(columnKey(op.table, op.column.name));
        if (op.kind === 'drop-index') for (const n of op.names) droppedIndexes.add(n.name.toLowerCase());
        const created =
          op.kind === 'create-index'
            ? op.name
            : op.kind === 'add-constraint' && (op.constraint === 'unique' || op.constraint === 'primary-key') && !op.usingIndex
              ? op.name
              : undefined;
        if (created && droppedIndexes.has(created.toLowerCase())) this.recreatedIndexes.add(created.toLowerCase());
      }
    }
  }

  private addBackfill(table: QualifiedName, column: string, fill: ColumnFill, pending: string): void {
    const where = fill.where ? `${pending} AND (${fill.where})` : pending;
    this.backfills.push(this.backfill(table, [{ column, value: fill.value }], where, objectName(table.name, column), fill.placeholder));
    this.phases.backfill.what.push(
      `Fills ${displayName(table)}.${column} = ${fill.value} in batches of ${this.batchSize} rows by primary key, committing each batch; only rows where ${where}.`,
    );
    this.phases.backfill.beforeNext.push(
      `Check that no row still needs it: SELECT count(*) FROM ${tableSql(table)} WHERE ${where}; must be 0 (rerun the backfill if not: it resumes where rows are still missing).`,
    );
    this.phases.backfill.rollback.push('Nothing to undo: the backfill only wrote values into the new column; stop it at any time and rerun it later.');
  }

  private get batchSize(): number {
    return Math.max(1, Math.floor(this.options.batchSize ?? DEFAULT_BATCH_SIZE));
  }

  private backfill(table: QualifiedName, assignments: Backfill['assignments'], pending: string, slug: string, placeholder?: string): Backfill {
    const given = this.options.primaryKeys?.[tableKey(table)] ?? this.options.primaryKeys?.[table.name.toLowerCase()];
    const key = given ?? 'id';
    const columns = this.schema.known.get(knownTableKey(table))?.columns;
    if (!given && columns && !columns.has('id')) {
      // The batches are cut on the key column; without one the backfill cannot run at all.
      this.refused ??= `the backfill of ${displayName(table)} batches rows by a key column, and ${displayName(table)} has no "id" column (as the earlier migrations build it): pass --key ${table.name}=<column> naming a unique, orderable column of ${displayName(table)} and run plan again.`;
    } else if (!given && !columns && !this.notes.some((n) => n.includes(`${displayName(table)} is assumed`))) {
      this.notes.push(`The primary key of ${displayName(table)} is assumed to be "id"; pass --key ${table.name}=<column> if it is not.`);
    }
    return {
      table,
      key,
      assignments,
      pending,
      batchSize: this.batchSize,
      pauseMs: Math.max(0, this.options.pauseMs ?? DEFAULT_PAUSE_MS),
      lockTimeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      slug,
      ...(placeholder ? { placeholder } : {}),
    };
  }

  // ---------------------------------------------------------------- constraints

  private readonly notNullPlanned = new Set<string>();
  /** Constraints this plan adds in the constrain phase, by lower-cased name. */
  private readonly plannedConstraints = new Set<string>();
  /** CHECK (col IS NOT NULL) constraints the plan adds and validates, by column key. */
  private readonly notNullProofs = new Map<string, string>();

  /**
   * The migration drops a constraint it added itself (typically the helper CHECK behind a
   * SET NOT NULL): the drop follows the add, in the constrain phase, never before it.
   */
  private dropPlannedConstraint(op: OperationOf<'drop-constraint'>, s: ParsedStatement): void {
    const sql = singleOpSql(op, s);
    this.phases.constrain.steps.push(txn(`Drop ${op.name}`, [stmt(sql)]));
    this.phases.constrain.what.push(`Drops ${op.name} after it has served its purpose (catalog-only).`);
    this.plannedConstraints.delete(op.name.toLowerCase());
    for (const [k, v] of this.notNullProofs) if (v.toLowerCase() === op.name.toLowerCase()) this.notNullProofs.delete(k);
  }

  private setNotNull(table: QualifiedName, column: string): void {
    const key = columnKey(table, column);
    if (this.notNullPlanned.has(key)) return;
    this.notNullPlanned.add(key);
    const canSet = hasFact(this.pg, 'setNotNullUsesValidatedCheck');
    const proof = this.notNullProofs.get(key);
    if (proof && canSet) {
      // The migration's own CHECK (col IS NOT NULL) is added and validated earlier in this
      // phase: SET NOT NULL uses it, so no helper check is needed.
      this.phases.constrain.steps.push(
        txn(
          `Set ${table.name}.${column} NOT NULL (the validated CHECK ${proof} spares the scan)`,
          [stmt(`ALTER TABLE ${tableSql(table)} ALTER COLUMN ${ident(column)} SET NOT NULL`, { provenBy: proof })],
          [txn(`Drop NOT NULL on ${table.name}.${column}`, [stmt(`ALTER TABLE ${tableSql(table)} ALTER COLUMN ${ident(column)} DROP NOT NULL`)])],
        ),
      );
      this.phases.constrain.what.push(`Makes ${displayName(table)}.${column} NOT NULL: SET NOT NULL uses the validated ${proof}, so the table is not scanned.`);
      this.phases.constrain.rollback.push(`Drop the NOT NULL on ${column} (the down migration).`);
      this.name(`not_null_${table.name}_${column}`);
      return;
    }
    this.phases.constrain.steps.push(...notNullSteps(table, column, canSet));
    this.phases.constrain.what.push(
      canSet
        ? `Makes ${displayName(table)}.${column} NOT NULL: CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE (no write lock), SET NOT NULL (uses the validated check, no scan), drop the helper check.`
        : `Enforces ${displayName(table)}.${column} IS NOT NULL with a validated CHECK; on PostgreSQL ${this.pg} SET NOT NULL would scan the table under ACCESS EXCLUSIVE, so the CHECK stays.`,
    );
    this.phases.constrain.rollback.push(`Drop the NOT NULL and the helper CHECK on ${column} (the down migration).`);
    this.name(`not_null_${table.name}_${column}`);
  }

  private addConstraint(op: OperationOf<'add-constraint'>, s: ParsedStatement): void {
    const single = s.operations.length === 1;
    if (op.constraint === 'not-null') {
      for (const c of op.columns) this.setNotNull(op.table, c);
      return;
    }
    if (op.constraint === 'check' || op.constraint === 'foreign-key') {
      const name = op.name ?? objectName(op.table.name, op.columns[0] ?? op.provesNotNull ?? 'new', op.constraint === 'check' ? 'check' : 'fkey');
      let sql: string;
      if (single) {
        sql = s.text.trim();
        if (!op.name) sql = insertAfterKeyword(sql, 'ADD', ` CONSTRAINT ${ident(name)}`) ?? sql;
        if (!op.notValid) sql = `${sql} NOT VALID`;
      } else if (op.constraint === 'check') {
        sql = `ALTER TABLE ${tableSql(op.table)} ADD CONSTRAINT ${ident(name)} CHECK (${op.expression ?? 'true'}) NOT VALID`;
      } else {
        sql = foreignKeySql(op.table, name, op.columns, op.references!, op.deferrable);
      }
      this.phases.constrain.steps.push(...validatedConstraintSteps(op.table, name, sql, op.constraint === 'check' ? 'CHECK' : 'FOREIGN KEY'));
      this.plannedConstraints.add(name.toLowerCase());
      if (op.constraint === 'check' && op.provesNotNull) this.notNullProofs.set(columnKey(op.table, op.provesNotNull), name);
      this.phases.constrain.what.push(`Adds ${name} NOT VALID, then validates it under SHARE UPDATE EXCLUSIVE.`);
      this.phases.constrain.rollback.push(`Drop ${name}.`);
      this.name(`add_${name}`);
      return;
    }
    if ((op.constraint === 'unique' || op.constraint === 'primary-key') && !op.usingIndex && op.columns.length > 0) {
      // PostgreSQL's own default names: `<table>_<columns>_key` for UNIQUE, `<table>_pkey` for a primary key.
      const name = op.name ?? defaultConstraintName(op.table.name, op.constraint === 'unique' ? op.columns : [], op.constraint === 'unique' ? 'key' : 'pkey');
      this.phases.constrain.steps.push(
        ...uniqueConstraintSteps(op.table, name, op.columns, op.constraint === 'unique' ? 'UNIQUE' : 'PRIMARY KEY', op.deferrable),
      );
      this.plannedConstraints.add(name.toLowerCase());
      this.phases.constrain.what.push(`Builds the unique index ${name} CONCURRENTLY, then attaches it as the constraint (USING INDEX).`);
      this.phases.constrain.rollback.push(
        `Drop the constraint ${name}; if the concurrent build failed, drop the INVALID index it left (DROP INDEX CONCURRENTLY IF EXISTS ${name}) and rerun.`,
      );
      if (op.constraint === 'primary-key')
        this.notes.push(
          `ADD PRIMARY KEY … USING INDEX also sets NOT NULL on ${op.columns.join(', ')}; make those columns NOT NULL first (the constrain steps do this for columns added here).`,
        );
      this.name(`add_${name}`);
      return;
    }
    this.expandStatements.push(stmt(s.text.trim()));
  }

  private createIndex(op: OperationOf<'create-index'>, s: ParsedStatement): void {
    const name = op.name ?? objectName(op.table.name, ...op.columns.map((c) => c.replace(/[()]/g, '')), 'idx');
    let sql = s.text.trim();
    if (!op.concurrently) sql = insertAfterKeyword(sql, 'INDEX', ' CONCURRENTLY') ?? sql;
    if (!op.name) sql = insertAfterKeyword(sql, 'CONCURRENTLY', ` ${ident(name)}`) ?? sql;
    this.phases.constrain.steps.push(concurrentIndexStep(op.table, name, sql, op.table.schema));
    this.phases.constrain.what.push(
      `Builds ${op.unique ? 'unique ' : ''}index ${name} CONCURRENTLY (outside a transaction): writes to ${displayName(op.table)} continue.`,
    );
    this.phases.constrain.rollback.push(`Drop index ${name} CONCURRENTLY; a failed concurrent build leaves an INVALID index: drop it the same way and rerun.`);
    this.name(`index_${name}`);
  }

  private dropIndex(op: OperationOf<'drop-index'>): void {
    for (const n of op.names) {
      const q = n.schema ? `${ident(n.schema)}.${ident(n.name)}` : ident(n.name);
      const step = alone(`Drop index ${n.name} CONCURRENTLY`, stmt(`DROP INDEX CONCURRENTLY IF EXISTS ${q}`), true);
      if (this.recreatedIndexes.has(n.name.toLowerCase())) {
        // The migration builds a new index under the same name: the old one must be gone
        // first, so it is dropped in the constrain phase just before the new one is built.
        this.phases.constrain.steps.push(step);
        this.phases.constrain.what.push(`Drops index ${n.name} CONCURRENTLY before building its replacement under the same name.`);
      } else {
        this.phases.contract.steps.push(step);
        this.phases.contract.what.push('Drops indexes CONCURRENTLY: no ACCESS EXCLUSIVE on the table.');
      }
    }
  }

  // ---------------------------------------------------------------- updates

  private update(op: OperationOf<'update'>, s: ParsedStatement): void {
    const parts = s.operations.length === 1 && !op.inProcedural ? updateParts(s.text) : undefined;
    if (!parts) {
      this.phases.backfill.steps.push(txn(firstLine(s.text), [stmt(s.text.trim())], [], false));
      this.notes.push(
        `Statement ${s.index + 1} (${firstLine(s.text)}) could not be rewritten as a batched backfill (joins, RETURNING or multi-column SET); it runs as written.`,
      );
      return;
    }
    // `SET c = c` changes no value: it is run for what the UPDATE fires (triggers), so every
    // row it names is updated, not only rows whose value would change (there are none).
    const forTriggers = parts.assignments.every((a) => isSameColumn(a.value, a.column));
    const changed = parts.assignments.map((a) => `${ident(a.column)} IS DISTINCT FROM (${a.value})`).join(' OR ');
    const pending = forTriggers ? (parts.where ?? 'true') : parts.where ? `(${parts.where}) AND (${changed})` : changed;
    if (forTriggers) {
      this.notes.push(
        `Statement ${s.index + 1} (${firstLine(s.text)}) writes each column back unchanged, for its triggers: the backfill updates every row it names, and a rerun updates them all again.`,
      );
    }
    this.backfills.push(this.backfill(op.table, parts.assignments, pending, objectName(op.table.name, ...parts.assignments.map((a) => a.column))));
    this.phases.backfill.what.push(
      `Runs the UPDATE of ${displayName(op.table)} in batches by primary key, one transaction per batch, skipping rows that already hold the new value.`,
    );
    this.phases.backfill.rollback.push('Stop the backfill at any time; rows already updated keep their new values.');
    this.name(`backfill_${op.table.name}`);
  }

  // ---------------------------------------------------------------- contract

  private alterType(op: OperationOf<'alter-column-type'>): void {
    const cls = classify(op, this.pg, this.tracker);
    const t = tableSql(op.table);
    if (cls === 'alter-type-metadata') {
      this.expandStatements.push(stmt(`ALTER TABLE ${t} ALTER COLUMN ${ident(op.column)} TYPE ${op.type.sql}`));
      this.phases.expand.what.push(`Changes ${op.column} to ${op.type.sql}: binary coercible, so a catalog-only change.`);
      return;
    }
    const known = this.schema.known.get(knownTableKey(op.table))?.columns.get(op.column);
    if (known && (known.identity || known.generated)) return this.keepTypeChange(op, known.identity ? 'an identity column' : 'a generated column');
    this.name(`retype_${op.table.name}_${op.column}`);
    this.retypedColumns.add(columnKey(op.table, op.column));
    const shadow = objectName(op.column, 'new');
    const fn = objectName(op.table.name, op.column, 'sync');
    const convert = (qualifier: string): string =>
      op.using ? qualifyColumn(op.using, op.column, qualifier) : `${qualifier}.${ident(op.column)}::${op.type.sql}`;
    const plainConvert = op.using ?? `${ident(op.column)}::${op.type.sql}`;
    this.expandStatements.push(
      stmt(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${ident(shadow)} ${op.type.sql}`),
      stmt(
        `CREATE OR REPLACE FUNCTION ${ident(fn)}() RETURNS trigger LANGUAGE plpgsql AS $lockstep$\nBEGIN\n  NEW.${ident(shadow)} := ${convert('NEW')};\n  RETURN NEW;\nEND\n$lockstep$`,
      ),
      stmt(`CREATE TRIGGER ${ident(fn)} BEFORE INSERT OR UPDATE OF ${ident(op.column)} ON ${t} FOR EACH ROW EXECUTE FUNCTION ${ident(fn)}()`),
    );
    this.expandDown.unshift(
      stmt(`DROP TRIGGER IF EXISTS ${ident(fn)} ON ${t}`),
      stmt(`DROP FUNCTION IF EXISTS ${ident(fn)}()`),
      justified(
        `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(shadow)}`,
        ['breaking-drop'],
        `rollback: ${shadow} is a shadow column no application code reads`,
      ),
    );
    this.phases.expand.what.push(
      `Adds ${shadow} ${op.type.sql} beside ${op.column} and a trigger that keeps it equal to ${plainConvert} on every insert and update (the dual-write period).`,
    );
    this.phases.expand.rollback.push(`Drop the trigger, its function and ${shadow} (the down migration).`);
    this.addBackfillRaw(op.table, shadow, plainConvert, `${ident(shadow)} IS NULL AND ${ident(op.column)} IS NOT NULL`);
    this.swapIn(op, shadow, fn, known);
  }

  /**
   * The constrain and contract steps that make the shadow column what the old one was: NOT
   * NULL through a validated CHECK, the primary key through a unique index built
   * CONCURRENTLY, then, in one short transaction, the owned sequence moved over, a check of
   * the catalog for anything else the drop would lose, the swap, and the default.
   */
  private swapIn(op: OperationOf<'alter-column-type'>, shadow: string, fn: string, known: KnownColumn | undefined): void {
    const t = tableSql(op.table);
    const where = `${displayName(op.table)}.${op.column}`;
    const canSet = hasFact(this.pg, 'setNotNullUsesValidatedCheck');
    const notNull = known?.notNull === true;
    const primaryKey = known?.primaryKey;
    const defaultSql = known?.default?.sql;
    const sequence = known !== undefined && (known.serial || known.default?.volatility === 'volatile');
    if (notNull) {
      this.phases.constrain.steps.push(...notNullSteps(op.table, shadow, canSet));
      this.phases.constrain.what.push(
        `Makes ${shadow} NOT NULL like ${op.column}: CHECK NOT VALID, VALIDATE (no write lock), SET NOT NULL (uses the validated check), drop the helper check.`,
      );
      if (!canSet)
        this.notes.push(
          `On PostgreSQL ${this.pg} SET NOT NULL would scan ${displayName(op.table)} under ACCESS EXCLUSIVE: ${shadow} keeps a validated CHECK (${shadow} IS NOT NULL) instead of ${op.column}'s NOT NULL.`,
        );
    }
    const pkIndex = primaryKey ? objectName(op.table.name, shadow, 'key') : undefined;
    if (pkIndex) {
      this.phases.constrain.steps.push(
        concurrentIndexStep(op.table, pkIndex, `CREATE UNIQUE INDEX CONCURRENTLY ${ident(pkIndex)} ON ${t} (${ident(shadow)})`, op.table.schema),
      );
      this.phases.constrain.what.push(`Builds the unique index ${pkIndex} on ${shadow} CONCURRENTLY, for the primary key the contract phase moves onto it.`);
    }
    const recreated = { notNull, default: defaultSql !== undefined || known?.serial === true, primaryKey: primaryKey !== undefined };
    const statements: PlanStatement[] = [
      stmt(`DROP TRIGGER IF EXISTS ${ident(fn)} ON ${t}`),
      ...(sequence ? [stmt(moveSequenceSql(op.table, op.column, shadow, known?.serial === true))] : []),
      stmt(swapGuardSql(op.table, op.column, shadow, recreated)),
      justified(
        `ALTER TABLE ${t} DROP COLUMN ${ident(op.column)}`,
        ['breaking-drop'],
        `${shadow} takes the name ${op.column} in the same transaction, so queries keep working`,
      ),
      justified(
        `ALTER TABLE ${t} RENAME COLUMN ${ident(shadow)} TO ${ident(op.column)}`,
        ['breaking-rename'],
        `the shadow column takes the name of the column it replaces; queries that use ${op.column} keep working`,
      ),
      ...(notNull ? [stmt(renameNotNullSql(op.table, op.column, objectName(op.table.name, op.column, 'not_null')))] : []),
      ...(defaultSql !== undefined && !known?.serial ? [stmt(`ALTER TABLE ${t} ALTER COLUMN ${ident(op.column)} SET DEFAULT ${defaultSql}`)] : []),
      ...(primaryKey && pkIndex ? [stmt(`ALTER TABLE ${t} ADD CONSTRAINT ${ident(primaryKey)} PRIMARY KEY USING INDEX ${ident(pkIndex)}`)] : []),
      stmt(`DROP FUNCTION IF EXISTS ${ident(fn)}()`),
    ];
    this.phases.contract.steps.push(txn(`Swap ${shadow} in as ${op.column}: drop the trigger and the old column, rename the new one`, statements));
    const kept = [
      notNull ? 'NOT NULL' : '',
      defaultSql !== undefined ? `DEFAULT ${defaultSql}` : known?.serial ? 'its sequence and DEFAULT nextval(…)' : '',
      primaryKey ? `PRIMARY KEY ${primaryKey}` : '',
    ].filter(Boolean);
    this.phases.contract.what.push(
      `Replaces ${op.column} with ${shadow} in one short transaction (catalog-only): the column keeps its name${kept.length > 0 ? `, ${kept.join(', ')}` : ''} and now has type ${op.type.sql}. It first checks the catalog and stops, changing nothing, if dropping ${op.column} would lose anything else (an index, a constraint, a view).`,
    );
    this.phases.contract.rollback.push(`Irreversible: the old ${op.column} values are gone. To go back, run the same phases again with the old type.`);
    if (!known) {
      this.phases.backfill.beforeNext.push(
        `Recreate on ${shadow} any index, default, NOT NULL or constraint that ${op.column} has (they are dropped with it), using the constrain steps' safe forms.`,
      );
      this.notes.push(
        `The definition of ${where} is not known from the earlier migrations in the folder, so nothing of it is recreated on ${shadow}: the contract phase checks the catalog and refuses (its transaction rolls back) while ${op.column} has a NOT NULL, a default, an index, a constraint or a dependent view, naming each. Recreate them on ${shadow} before the contract phase.`,
      );
    } else if (known.usedBy.length > 0) {
      this.phases.backfill.beforeNext.push(`Recreate on ${shadow} what uses ${op.column} (${known.usedBy.join('; ')}), with the constrain steps' safe forms.`);
      this.notes.push(
        `${known.usedBy.join('; ')} use${known.usedBy.length === 1 ? 's' : ''} ${where}; the plan does not recreate ${known.usedBy.length === 1 ? 'it' : 'them'} on ${shadow}, and the contract phase refuses to drop ${op.column} until that is done.`,
      );
    }
  }

  /** A type change no shadow column can stand in for runs as written, alone in its step. */
  private keepTypeChange(op: OperationOf<'alter-column-type'>, what: string): void {
    const where = `${displayName(op.table)}.${op.column}`;
    this.name(`retype_${op.table.name}_${op.column}`);
    this.keptRewrite = true;
    this.flushExpand();
    this.phases.expand.steps.push(
      txn(`Change the type of ${where} as written (rewrites ${displayName(op.table)})`, [stmt(alterTypeSql(op.table, op.column, op.type.sql, op.using))]),
    );
    this.phases.expand.what.push(`Changes ${where} to ${op.type.sql} as the migration writes it: this rewrites the table.`);
    this.notes.push(
      `${where} is ${what}: a shadow column would not keep what makes it one, so the type change runs as written, alone in its step. It rewrites ${displayName(op.table)} under ACCESS EXCLUSIVE (reads and writes wait until it ends); run it at a quiet time.`,
    );
  }

  private renameColumn(op: OperationOf<'rename-column'>): void {
    const t = tableSql(op.table);
    this.name(`rename_${op.table.name}_${op.from}`);
    const fn = objectName(op.table.name, op.from, op.to, 'sync');
    const known = this.tracker.columnType(op.table, op.from)?.sql ?? this.options.columnTypes?.[columnKey(op.table, op.from)];
    const [from, to] = [ident(op.from), ident(op.to)];
    this.expandStatements.push(
      known
        ? stmt(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${to} ${known}`)
        : stmt(
            // The type is read from the catalog when the migration runs, so it always matches.
            `DO $lockstep$\nBEGIN\n  EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS %I %s', ${literal(t)}, ${literal(op.to)},\n    (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ${literal(t)}::regclass AND attname = ${literal(op.from)}));\nEND\n$lockstep$`,
          ),
      stmt(
        `CREATE OR REPLACE FUNCTION ${ident(fn)}() RETURNS trigger LANGUAGE plpgsql AS $lockstep$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    IF NEW.${to} IS NULL THEN NEW.${to} := NEW.${from}; ELSIF NEW.${from} IS NULL THEN NEW.${from} := NEW.${to}; END IF;\n  ELSIF NEW.${from} IS DISTINCT FROM OLD.${from} THEN\n    NEW.${to} := NEW.${from};\n  ELSIF NEW.${to} IS DISTINCT FROM OLD.${to} THEN\n    NEW.${from} := NEW.${to};\n  END IF;\n  RETURN NEW;\nEND\n$lockstep$`,
      ),
      stmt(`CREATE TRIGGER ${ident(fn)} BEFORE INSERT OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${ident(fn)}()`),
    );
    this.expandDown.unshift(
      stmt(`DROP TRIGGER IF EXISTS ${ident(fn)} ON ${t}`),
      stmt(`DROP FUNCTION IF EXISTS ${ident(fn)}()`),
      justified(`ALTER TABLE ${t} DROP COLUMN IF EXISTS ${to}`, ['breaking-drop'], `rollback: roll back code that uses ${op.to} first`),
    );
    this.phases.expand.what.push(`Adds ${op.to} beside ${op.from} and a trigger that copies writes of either column to the other (the dual-write period).`);
    this.phases.expand.beforeNext.push(`Deploy code that reads and writes ${op.to}; the trigger keeps ${op.from} in step for instances still on the old code.`);
    this.phases.expand.rollback.push(`Drop the trigger, its function and ${op.to} (the down migration).`);
    this.addBackfillRaw(op.table, op.to, from, `${to} IS NULL AND ${from} IS NOT NULL`);
    this.phases.contract.steps.push(
      txn(`Drop ${op.from} and the sync trigger`, [
        stmt(`DROP TRIGGER IF EXISTS ${ident(fn)} ON ${t}`),
        stmt(`DROP FUNCTION IF EXISTS ${ident(fn)}()`),
        justified(`ALTER TABLE ${t} DROP COLUMN ${from}`, ['breaking-drop'], `contract phase of the rename: no released code uses ${op.from} any more`),
      ]),
    );
    this.phases.backfill.beforeNext.push(
      `Deploy code that no longer reads or writes ${op.from} anywhere, and recreate on ${op.to} the indexes and constraints ${op.from} has.`,
    );
    this.phases.contract.what.push(`Drops ${op.from} and the trigger: ${op.to} is now the only column.`);
    this.phases.contract.rollback.push(`Irreversible: ${op.from} is gone; re-add it with the expand steps in reverse if needed.`);
  }

  private dropColumn(op: OperationOf<'drop-column'>): void {
    const t = tableSql(op.table);
    if (this.readdedColumns.has(columnKey(op.table, op.column))) {
      // The migration replaces the column with a new, empty one of the same name: the old
      // one must be gone before the new one is added, so both happen in the expand phase.
      this.expandStatements.push(
        justified(
          `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(op.column)}`,
          ['breaking-drop'],
          'the migration adds a new column of the same name right after; its values are discarded as the original does',
        ),
      );
      this.phases.expand.what.push(
        `Drops ${displayName(op.table)}.${op.column} and adds it again empty, as the migration does: released code that reads it sees no values until they are written again.`,
      );
      this.notes.push(
        `${displayName(op.table)}.${op.column} is dropped and added again: its values are discarded in the expand phase, as in the original migration.`,
      );
      this.name(`replace_${op.table.name}_${op.column}`);
      return;
    }
    this.phases.contract.steps.push(
      txn(`Drop ${displayName(op.table)}.${op.column}`, [
        justified(
          `ALTER TABLE ${t} DROP COLUMN IF EXISTS ${ident(op.column)}`,
          ['breaking-drop'],
          'contract phase: released code no longer reads or writes the column (see the header)',
        ),
      ]),
    );
    this.phases.contract.what.push(`Drops ${displayName(op.table)}.${op.column} (catalog-only).`);
    this.phases.contract.rollback.push(`Irreversible: the values of ${op.column} are gone.`);
    this.name(`drop_${op.table.name}_${op.column}`);
  }

  private addBackfillRaw(table: QualifiedName, column: string, value: string, pending: string): void {
    this.backfills.push(this.backfill(table, [{ column, value }], pending, objectName(table.name, column)));
    this.phases.backfill.what.push(
      `Copies ${value} into ${displayName(table)}.${column} in batches by primary key, one transaction per batch, only rows where ${pending}.`,
    );
    this.phases.backfill.rollback.push('Nothing to undo: only the new column is written; stop and rerun at any time.');
  }

  /** Closes the running expand transaction (statements collected so far) as one step. */
  private flushExpand(): void {
    if (this.expandStatements.length === 0) return;
    const down = this.expandDown.length > 0 ? [txn('Undo the expand phase', [...this.expandDown])] : [];
    this.phases.expand.steps.push(txn(`Expand ${this.slug ?? ''}`.trim(), [...this.expandStatements], down));
    this.expandStatements.length = 0;
    this.expandDown.length = 0;
  }
}

/** `value` is nothing but a reference to `column` (`c`, `"c"`). */
function isSameColumn(value: string, column: string): boolean {
  const v = value.trim();
  const quoted = /^"((?:[^"]|"")+)"$/.exec(v);
  if (quoted) return quoted[1]!.replace(/""/g, '"') === column;
  return /^[A-Za-z_][\w$]*$/.test(v) && v.toLowerCase() === column;
}

function isNullTestOf(where: string, column: string): boolean {
  const m = /^\s*"?([\w$]+)"?\s+IS\s+NULL\s*$/i.exec(where);
  return m !== null && m[1]!.toLowerCase() === column.toLowerCase();
}

/** A column PostgreSQL must fill for every existing row as it adds it. */
function isUnphasedColumn(c: ColumnDefinition): boolean {
  return c.generated === 'stored' || c.serial || c.identity || c.primaryKey;
}

/** SQL for a catalog-only sub-command; the statement itself when it has only this one. */
function singleOpSql(op: OperationOf<'set-default' | 'drop-not-null' | 'drop-constraint'>, s: ParsedStatement): string {
  if (s.operations.length === 1) return s.text.trim();
  const t = tableSql(op.table);
  switch (op.kind) {
    case 'set-default':
      return op.default
        ? `ALTER TABLE ${t} ALTER COLUMN ${ident(op.column)} SET DEFAULT ${op.default.sql}`
        : `ALTER TABLE ${t} ALTER COLUMN ${ident(op.column)} DROP DEFAULT`;
    case 'drop-not-null':
      return `ALTER TABLE ${t} ALTER COLUMN ${ident(op.column)} DROP NOT NULL`;
    case 'drop-constraint':
      return `ALTER TABLE ${t} DROP CONSTRAINT ${ident(op.name)}`;
  }
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
