import type { ResolvedConfig } from '../config/types';
import { classify, type ClassifyState } from '../engines/postgres/classify';
import { hasFact, OPERATION_FACTS } from '../engines/postgres/facts';
import { displayName, tableKey, targetTable, type ColumnType, type Operation, type QualifiedName } from '../operations';
import type { FileState } from '../rules/types';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { Catalog, type CatalogView } from './catalog';
import { commitEndsRunnerTransaction, implicitTransaction } from './transactions';

/**
 * Follows a migration file statement by statement and answers what earlier statements
 * (and, through the catalog, earlier migrations) established: which tables are new, the
 * columns' types, which columns a validated CHECK proves not null, whether a transaction
 * is open and what it already locked.
 */
export class FileStateTracker implements ClassifyState {
  private readonly newTables = new Set<string>();
  /** The schema as of the next statement: the earlier migrations' catalog, then this file's statements. */
  private readonly catalog: Catalog;
  private explicit = false;
  private readonly implicit: boolean;
  /** The runner's transaction is still open: a COMMIT in the file can end it (see COMMIT_ENDS_RUNNER_TRANSACTION). */
  private implicitOpen: boolean;
  private readonly commitEndsImplicit: boolean;
  /** Constraints added NOT VALID in the current transaction, by table and name. */
  private notValidHere = new Map<string, 'check' | 'foreign-key'>();
  private readonly indexes = new Map<string, readonly string[]>();
  private readonly notNullWithDefault = new Set<string>();
  /** SET / DROP NOT NULL seen in this file, for columns the catalog may not list (tables only altered so far). */
  private readonly nullabilityHere = new Map<string, 'not-null' | 'nullable'>();
  private statementTimeout = false;
  private heldExclusive: string[] = [];
  private ddl = false;
  private lockTimeout = false;
  /** The session's TimeZone was set to a zero-offset zone. */
  private utc = false;
  /** The lock_timeout came from SET LOCAL inside an explicit BEGIN, so COMMIT ends it. */
  private lockTimeoutLocal = false;

  /** PostgreSQL lock modes are tracked for PostgreSQL only: MySQL commits at each DDL, SQLite locks the whole database. */
  private readonly tracksTableLocks: boolean;

  constructor(
    file: ParsedFile,
    config: ResolvedConfig,
    private readonly pgVersion: number,
    base?: Catalog,
  ) {
    this.catalog = base ? base.clone() : new Catalog();
    this.implicit = implicitTransaction(file, config);
    this.implicitOpen = this.implicit;
    this.commitEndsImplicit = commitEndsRunnerTransaction(config);
    this.tracksTableLocks = file.dialect === 'postgresql';
  }

  isNewTable(table: QualifiedName): boolean {
    return this.newTables.has(tableKey(table));
  }

  /** A table created outside the SQL seen (by a schema builder): new and empty from here on. */
  markNew(table: QualifiedName): void {
    this.newTables.add(tableKey(table));
  }

  hasValidatedNotNullCheck(table: QualifiedName, column: string): boolean {
    return this.catalog.hasValidatedNotNullCheck(table, column);
  }

  unvalidatedNotNullCheck(table: QualifiedName, column: string): string | undefined {
    return this.catalog.unvalidatedNotNullCheck(table, column);
  }

  columnType(table: QualifiedName, column: string): ColumnType | undefined {
    return this.catalog.column(table, column)?.type;
  }

  constraintKind(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined {
    const kind = this.catalog.constraint(table, name)?.kind;
    return kind === 'check' || kind === 'foreign-key' ? kind : kind === 'not-null' ? 'check' : undefined;
  }

  isConstrainedDomain(type: ColumnType): boolean {
    return this.catalog.isConstrainedDomain(type);
  }

  utcSession(): boolean {
    return this.utc;
  }

  /** The schema as of the next statement, for rules (read synchronously while it is checked). */
  get schema(): CatalogView {
    return this.catalog;
  }

  notValidInTransaction(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined {
    return this.notValidHere.get(columnKey(table, name));
  }

  indexColumns(index: QualifiedName): readonly string[] | undefined {
    return this.indexes.get(index.name.toLowerCase());
  }

  columnNullability(table: QualifiedName, column: string): 'not-null' | 'nullable' | undefined {
    const here = this.nullabilityHere.get(columnKey(table, column));
    if (here) return here;
    const known = this.catalog.column(table, column);
    if (known?.notNull || (hasFact(this.pgVersion, 'setNotNullUsesValidatedCheck') && this.catalog.hasValidatedNotNullCheck(table, column))) return 'not-null';
    return known ? 'nullable' : undefined;
  }

  addedNotNullWithDefault(table: QualifiedName, column: string): boolean {
    return this.notNullWithDefault.has(columnKey(table, column));
  }

  /** A frozen view for the rules that check the next statement. */
  snapshot(): FileState {
    const inTransaction = this.explicit || this.implicitOpen;
    return {
      isNewTable: (t) => this.isNewTable(t),
      hasValidatedNotNullCheck: (t, c) => this.hasValidatedNotNullCheck(t, c),
      unvalidatedNotNullCheck: (t, c) => this.unvalidatedNotNullCheck(t, c),
      columnType: (t, c) => this.columnType(t, c),
      isConstrainedDomain: (t) => this.isConstrainedDomain(t),
      inTransaction,
      explicitTransaction: this.explicit,
      implicitTransaction: this.implicit,
      accessExclusiveHeld: inTransaction ? [...this.heldExclusive] : [],
      ddlInTransaction: inTransaction && this.ddl,
      lockTimeoutSet: this.lockTimeout,
      statementTimeoutSet: this.statementTimeout,
      notValidInTransaction: (t, n) => this.notValidInTransaction(t, n),
      indexColumns: (i) => this.indexColumns(i),
      columnNullability: (t, c) => this.columnNullability(t, c),
      addedNotNullWithDefault: (t, c) => this.addedNotNullWithDefault(t, c),
      utcSession: this.utc,
    };
  }

  /** Record what a statement did, after its rules have run. */
  apply(statement: ParsedStatement): void {
    for (const op of statement.operations) this.applyOperation(op);
    if (!this.explicit && !this.implicitOpen) {
      // Autocommit: every statement is its own transaction and releases its locks.
      this.heldExclusive = [];
      this.ddl = false;
      this.notValidHere.clear();
    }
  }

  private applyOperation(op: Operation): void {
    const cls = classify(op, this.pgVersion, this);
    if (cls && op.kind !== 'update' && op.kind !== 'delete' && op.kind !== 'other') this.ddl = true;
    const table = targetTable(op);
    // A table created in this transaction is invisible to other sessions, so its lock blocks nobody.
    if (cls && table && this.tracksTableLocks && op.kind !== 'create-table' && OPERATION_FACTS[cls].lock === 'AccessExclusiveLock' && !this.isNewTable(table)) {
      const name = displayName(table);
      if (!this.heldExclusive.includes(name)) this.heldExclusive.push(name);
    }
    if (op.kind === 'create-table') this.newTables.add(tableKey(op.table));
    this.catalog.apply(op);
    switch (op.kind) {
      case 'add-column':
        // A NOT NULL column with a default on a table with rows: dropping that default later breaks old inserts.
        if (op.column.notNull && op.column.default && !op.column.default.isNull && !this.isNewTable(op.table))
          this.notNullWithDefault.add(columnKey(op.table, op.column.name));
        break;
      case 'create-index':
        if (op.name) this.indexes.set(op.name.toLowerCase(), op.columns);
        break;
      case 'set-not-null':
        this.nullabilityHere.set(columnKey(op.table, op.column), 'not-null');
        break;
      case 'drop-not-null':
        this.nullabilityHere.set(columnKey(op.table, op.column), 'nullable');
        break;
      case 'add-constraint':
        if (op.name && op.notValid && (op.constraint === 'check' || op.constraint === 'foreign-key'))
          this.notValidHere.set(columnKey(op.table, op.name), op.constraint);
        break;
      case 'transaction':
        if (op.action === 'begin') this.explicit = true;
        else {
          this.explicit = false;
          // The COMMIT ends the runner's transaction too; statements up to the next BEGIN autocommit.
          if (this.commitEndsImplicit) this.implicitOpen = false;
          this.heldExclusive = [];
          this.ddl = false;
          this.notValidHere.clear();
          // SET LOCAL lasts until the end of the transaction it ran in.
          if (this.lockTimeoutLocal) this.lockTimeout = false;
        }
        break;
      case 'set-timeout':
        if (op.setting === 'statement_timeout' && !(op.local && !this.explicit && !this.implicitOpen)) this.statementTimeout = op.ms !== null && op.ms > 0;
        if (op.setting === 'lock_timeout' || op.setting === 'lock_wait_timeout') {
          // SET LOCAL outside a transaction block only raises a warning and changes nothing.
          if (op.local && !this.explicit && !this.implicitOpen) break;
          this.lockTimeout = op.ms !== null && op.ms > 0;
          this.lockTimeoutLocal = op.local && !this.implicitOpen;
        }
        break;
      case 'other':
        if (op.tag.startsWith('SetTimeZone')) this.utc = op.tag === 'SetTimeZone:UTC';
        break;
      default:
        break;
    }
  }
}

function columnKey(table: QualifiedName, column: string): string {
  return `${tableKey(table)}.${column.toLowerCase()}`;
}
