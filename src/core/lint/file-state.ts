import type { ResolvedConfig } from '../config/types';
import { classify, type ClassifyState } from '../engines/postgres/classify';
import { hasFact, OPERATION_FACTS } from '../engines/postgres/facts';
import { displayName, tableKey, targetTable, type ColumnType, type Operation, type QualifiedName } from '../operations';
import type { FileState } from '../rules/types';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { commitEndsRunnerTransaction, implicitTransaction } from './transactions';

interface ConstraintInfo {
  readonly kind: 'check' | 'foreign-key' | 'other';
  readonly provesNotNull?: string;
  validated: boolean;
}

/**
 * Follows a migration file statement by statement and answers what earlier statements
 * established: which tables are new, which columns a validated CHECK proves not null,
 * whether a transaction is open and what it already locked.
 */
export class FileStateTracker implements ClassifyState {
  private readonly newTables = new Set<string>();
  private readonly columnTypes = new Map<string, ColumnType>();
  private readonly constraints = new Map<string, ConstraintInfo>();
  private readonly provenNotNull = new Set<string>();
  private readonly constrainedDomains = new Set<string>();
  /** NOT VALID CHECK (col IS NOT NULL) constraints by name, until a VALIDATE names them. */
  private readonly unvalidated = new Map<string, ConstraintInfo & { readonly table: string }>();
  private explicit = false;
  private readonly implicit: boolean;
  /** The runner's transaction is still open: a COMMIT in the file can end it (see COMMIT_ENDS_RUNNER_TRANSACTION). */
  private implicitOpen: boolean;
  private readonly commitEndsImplicit: boolean;
  /** Constraints added NOT VALID in the current transaction, by table and name. */
  private notValidHere = new Map<string, 'check' | 'foreign-key'>();
  private readonly indexes = new Map<string, readonly string[]>();
  private readonly notNullColumns = new Set<string>();
  private readonly nullableColumns = new Set<string>();
  private readonly notNullWithDefault = new Set<string>();
  private statementTimeout = false;
  private heldExclusive: string[] = [];
  private ddl = false;
  private lockTimeout = false;
  /** The lock_timeout came from SET LOCAL inside an explicit BEGIN, so COMMIT ends it. */
  private lockTimeoutLocal = false;

  /** PostgreSQL lock modes are tracked for PostgreSQL only: MySQL commits at each DDL, SQLite locks the whole database. */
  private readonly tracksTableLocks: boolean;

  constructor(
    file: ParsedFile,
    config: ResolvedConfig,
    private readonly pgVersion: number,
  ) {
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
    return this.provenNotNull.has(columnKey(table, column));
  }

  unvalidatedNotNullCheck(table: QualifiedName, column: string): string | undefined {
    for (const [name, info] of this.unvalidated) {
      if (!info.validated && info.table === tableKey(table) && info.provesNotNull?.toLowerCase() === column.toLowerCase()) return name;
    }
    return undefined;
  }

  columnType(table: QualifiedName, column: string): ColumnType | undefined {
    return this.columnTypes.get(columnKey(table, column));
  }

  constraintKind(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined {
    const kind = this.constraints.get(columnKey(table, name))?.kind;
    return kind === 'other' ? undefined : kind;
  }

  isConstrainedDomain(type: ColumnType): boolean {
    return !type.isArray && this.constrainedDomains.has(type.name.toLowerCase());
  }

  notValidInTransaction(table: QualifiedName, name: string): 'check' | 'foreign-key' | undefined {
    return this.notValidHere.get(columnKey(table, name));
  }

  indexColumns(index: QualifiedName): readonly string[] | undefined {
    return this.indexes.get(index.name.toLowerCase());
  }

  columnNullability(table: QualifiedName, column: string): 'not-null' | 'nullable' | undefined {
    const key = columnKey(table, column);
    if (this.notNullColumns.has(key) || (hasFact(this.pgVersion, 'setNotNullUsesValidatedCheck') && this.provenNotNull.has(key))) return 'not-null';
    return this.nullableColumns.has(key) ? 'nullable' : undefined;
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
    switch (op.kind) {
      case 'create-table':
        this.newTables.add(tableKey(op.table));
        for (const c of op.columns) {
          this.columnTypes.set(columnKey(op.table, c.name), c.type);
          if (c.notNull) this.notNullColumns.add(columnKey(op.table, c.name));
        }
        break;
      case 'add-column': {
        const key = columnKey(op.table, op.column.name);
        this.columnTypes.set(key, op.column.type);
        if (op.column.notNull) this.notNullColumns.add(key);
        else this.nullableColumns.add(key);
        if (op.column.notNull && op.column.default && !op.column.default.isNull && !this.isNewTable(op.table)) this.notNullWithDefault.add(key);
        break;
      }
      case 'set-not-null':
        this.notNullColumns.add(columnKey(op.table, op.column));
        break;
      case 'drop-not-null':
        this.notNullColumns.delete(columnKey(op.table, op.column));
        this.nullableColumns.add(columnKey(op.table, op.column));
        break;
      case 'create-index':
        if (op.name) this.indexes.set(op.name.toLowerCase(), op.columns);
        break;
      case 'alter-column-type':
        this.columnTypes.set(columnKey(op.table, op.column), op.type);
        break;
      case 'add-constraint': {
        const info: ConstraintInfo = {
          kind: op.constraint === 'check' || op.constraint === 'foreign-key' ? op.constraint : 'other',
          validated: !op.notValid,
          ...(op.provesNotNull ? { provesNotNull: op.provesNotNull } : {}),
        };
        if (op.name) this.constraints.set(columnKey(op.table, op.name), info);
        if (op.name && !info.validated && info.provesNotNull) this.unvalidated.set(op.name, { ...info, table: tableKey(op.table) });
        if (info.validated && op.provesNotNull) this.provenNotNull.add(columnKey(op.table, op.provesNotNull));
        if (op.name && op.notValid && info.kind !== 'other') this.notValidHere.set(columnKey(op.table, op.name), info.kind);
        if (op.constraint === 'primary-key') for (const c of op.columns) this.notNullColumns.add(columnKey(op.table, c));
        break;
      }
      case 'validate-constraint': {
        const info = this.constraints.get(columnKey(op.table, op.name));
        this.unvalidated.delete(op.name);
        if (info) {
          info.validated = true;
          if (info.provesNotNull) this.provenNotNull.add(columnKey(op.table, info.provesNotNull));
        }
        break;
      }
      case 'create-domain':
        if (op.constrained) this.constrainedDomains.add(op.domain.name.toLowerCase());
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
      default:
        break;
    }
  }
}

function columnKey(table: QualifiedName, column: string): string {
  return `${tableKey(table)}.${column.toLowerCase()}`;
}
