import type { ColumnType, Operation, QualifiedName } from '../../operations';
import {
  countsRowVersions,
  factOrCopy,
  INSTANT_ROW_VERSION_LIMIT,
  inplaceFallback,
  type Algorithm,
  type MysqlOpClass,
  type MysqlTarget,
  type OnlineDdlFact,
} from './online-ddl';

/** What the classifier needs to know about columns declared earlier in the file. */
export interface MysqlClassifyState {
  columnType(table: QualifiedName, column: string): ColumnType | undefined;
}

interface MysqlClassification {
  readonly cls: MysqlOpClass;
  /** The previous column type is unknown, so a MODIFY/CHANGE may be cheaper than assumed. */
  readonly uncertain: boolean;
}

/**
 * MySQL 8 creates tables in utf8mb4 by default: up to 4 bytes a character. A VARCHAR's
 * length prefix is 1 byte up to 255 bytes and 2 bytes above; extending in place requires
 * the prefix size to stay the same.
 */
const BYTES_PER_CHAR = 4;

function lengthPrefixBytes(chars: number): number {
  return chars * BYTES_PER_CHAR > 255 ? 2 : 1;
}

function typeChange(from: ColumnType, to: ColumnType, notNull: boolean | undefined): MysqlOpClass | undefined {
  const same = from.name === to.name && from.modifiers.join() === to.modifiers.join();
  if (same) return notNull === undefined ? undefined : 'set-nullability';
  if (from.name === 'varchar' && to.name === 'varchar') {
    const a = from.modifiers[0];
    const b = to.modifiers[0];
    if (a !== undefined && b !== undefined && b >= a && lengthPrefixBytes(a) === lengthPrefixBytes(b)) return 'extend-varchar';
  }
  return 'change-column-type';
}

/** The online-DDL class of an operation, or undefined for statements that are not ALTERs. */
function mysqlClassify(op: Operation, state: MysqlClassifyState): MysqlClassification | undefined {
  const sure = (cls: MysqlOpClass): MysqlClassification => ({ cls, uncertain: false });
  switch (op.kind) {
    case 'add-column': {
      const c = op.column;
      if (c.generated === 'stored') return sure('add-column-stored-generated');
      if (c.generated === 'virtual') return sure('add-column-virtual');
      if (c.serial) return sure('add-column-auto-increment');
      if (c.primaryKey) return sure('add-primary-key');
      return sure('add-column');
    }
    case 'drop-column':
      return sure('drop-column');
    case 'rename-column':
      return sure('rename-column');
    case 'alter-column-type': {
      const from = state.columnType(op.table, op.column);
      if (!from) return { cls: 'change-column-type', uncertain: true };
      const cls = typeChange(from, op.type, op.mysql?.notNull);
      return cls ? sure(cls) : undefined;
    }
    case 'set-not-null':
    case 'drop-not-null':
      return sure('set-nullability');
    case 'set-default':
      return sure('set-default');
    case 'add-constraint':
      switch (op.constraint) {
        case 'primary-key':
          return sure('add-primary-key');
        case 'unique':
          return sure('add-index');
        case 'foreign-key':
          return sure(op.mysql?.foreignKeyChecksOff ? 'add-foreign-key-unchecked' : 'add-foreign-key');
        case 'check':
          return sure('add-check');
        default:
          return undefined;
      }
    case 'drop-constraint':
      return sure(op.name.toUpperCase() === 'PRIMARY' ? 'drop-primary-key' : 'drop-foreign-key');
    case 'create-index':
      return sure(op.mysql?.indexKind === 'fulltext' ? 'add-fulltext-index' : op.mysql?.indexKind === 'spatial' ? 'add-spatial-index' : 'add-index');
    case 'drop-index':
      return sure('drop-index');
    case 'rename-table':
      return sure('rename-table');
    case 'other':
      if (op.tag.startsWith('mysql:rebuild')) return sure('rebuild-table');
      if (op.tag === 'mysql:convert-charset') return sure('convert-charset');
      if (op.tag === 'mysql:drop-primary-key') return sure('drop-primary-key');
      return undefined;
    default:
      return undefined;
  }
}

/** Facts about a table that decide INSTANT eligibility, from configuration and the file so far. */
export interface MysqlTableHints {
  /** ROW_FORMAT of the table (COMPRESSED refuses INSTANT ADD COLUMN). */
  readonly rowFormat?: string;
  /** The table has a FULLTEXT index. */
  readonly fulltextIndex?: boolean;
  /** INFORMATION_SCHEMA.INNODB_TABLES.TOTAL_ROW_VERSIONS before this migration. */
  readonly rowVersions?: number;
}

/** Why an operation that could be INSTANT on this version will not be. */
export type InstantBlocker =
  | { readonly kind: 'position' }
  | { readonly kind: 'compressed' }
  | { readonly kind: 'fulltext' }
  | { readonly kind: 'index' }
  | { readonly kind: 'combined'; readonly with: MysqlOpClass }
  | { readonly kind: 'row-versions'; readonly versions: number }
  | { readonly kind: 'lock-clause'; readonly lock: string }
  | { readonly kind: 'requested'; readonly algorithm: string };

interface OperationPlan {
  readonly op: Operation;
  readonly classification: MysqlClassification;
  /** The version's row for the operation. */
  readonly fact: OnlineDdlFact;
  /** What the server will actually do, after blockers and the ALGORITHM clause. */
  readonly algorithm: Algorithm;
  readonly rebuild: boolean;
  readonly concurrentDml: boolean;
  readonly blockers: readonly InstantBlocker[];
}

export interface StatementPlan {
  readonly operations: readonly OperationPlan[];
  /** The algorithm the statement as a whole runs with (the most expensive of its parts). */
  readonly algorithm: Algorithm;
  readonly rebuild: boolean;
  readonly concurrentDml: boolean;
}

const ALGORITHM_RANK: Readonly<Record<Algorithm, number>> = { INSTANT: 0, INPLACE: 1, COPY: 2 };

function costlier(a: Algorithm, b: Algorithm): Algorithm {
  return ALGORITHM_RANK[a] >= ALGORITHM_RANK[b] ? a : b;
}

/**
 * How the server runs one ALTER statement: each operation's row, what keeps INSTANT from
 * applying, and the algorithm the statement ends up with. `versionsBefore` counts instant
 * row versions already used on the table (configured plus earlier statements in the file).
 */
export function planStatement(
  ops: readonly Operation[],
  target: MysqlTarget,
  state: MysqlClassifyState,
  hints: MysqlTableHints,
  versionsBefore = hints.rowVersions ?? 0,
): StatementPlan | undefined {
  const classified = ops.map((op) => ({ op, c: mysqlClassify(op, state) })).filter((x): x is { op: Operation; c: MysqlClassification } => x.c !== undefined);
  if (classified.length === 0) return undefined;
  const facts = classified.map((x) => ({ ...x, fact: factOrCopy(x.c.cls, target) }));
  const requested = ops[0]?.mysql?.algorithm;
  const lock = ops[0]?.mysql?.lock;
  let versions = versionsBefore;
  const plans: OperationPlan[] = facts.map(({ op, c, fact }) => {
    const blockers: InstantBlocker[] = [];
    if (fact.algorithm === 'INSTANT') {
      if (op.kind === 'add-column') {
        if (fact.instantPosition === 'last' && op.column.position) blockers.push({ kind: 'position' });
        if (hints.rowFormat?.toUpperCase() === 'COMPRESSED') blockers.push({ kind: 'compressed' });
        if (hints.fulltextIndex) blockers.push({ kind: 'fulltext' });
        if (op.column.unique) blockers.push({ kind: 'index' });
      }
      const other = facts.find((f) => f.fact.algorithm !== 'INSTANT');
      if (other) blockers.push({ kind: 'combined', with: other.c.cls });
      if (fact.addsRowVersion && countsRowVersions(target)) {
        versions++;
        if (versions > INSTANT_ROW_VERSION_LIMIT) blockers.push({ kind: 'row-versions', versions: versions - 1 });
      }
      if (lock && lock !== 'DEFAULT') blockers.push({ kind: 'lock-clause', lock });
      if (requested === 'INPLACE' || requested === 'COPY' || requested === 'NOCOPY') blockers.push({ kind: 'requested', algorithm: requested });
    }
    const effective = blockers.length > 0 ? inplaceFallback(c.cls, target) : fact;
    const algorithm = requested === 'COPY' ? 'COPY' : effective.algorithm;
    return {
      op,
      classification: c,
      fact,
      algorithm,
      rebuild: algorithm === 'COPY' || effective.rebuild,
      concurrentDml: algorithm !== 'COPY' && effective.concurrentDml && lock !== 'SHARED' && lock !== 'EXCLUSIVE',
      blockers,
    };
  });
  return {
    operations: plans,
    algorithm: plans.map((p) => p.algorithm).reduce(costlier),
    rebuild: plans.some((p) => p.rebuild),
    concurrentDml: plans.every((p) => p.concurrentDml),
  };
}
