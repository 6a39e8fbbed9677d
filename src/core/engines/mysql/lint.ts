import type { ResolvedConfig } from '../../config/types';
import { lookupByTable } from '../../config/tables';
import { displayName, tableKey, targetTable, type Operation, type QualifiedName } from '../../operations';
import type { Cost, FileState } from '../../rules/types';
import type { ParsedFile, ParsedStatement } from '../../sql/statement';
import { planStatement, type MysqlTableHints, type StatementPlan } from './classify';
import { mysqlBlocks, mysqlEstimateMs, mysqlLockLabel, workOf } from './cost';
import { countsRowVersions, mysqlTarget, type MysqlTarget } from './online-ddl';

/**
 * MySQL/MariaDB analysis shared by the linter and the rules: how each ALTER statement
 * runs on the configured target, and what it costs at the configured table size.
 */

const targets = new WeakMap<ResolvedConfig, Map<string, MysqlTarget>>();

/** The configured server (parsed once per configuration: every statement asks for it). */
export function targetOf(config: ResolvedConfig, dialect: 'mysql' | 'mariadb'): MysqlTarget {
  let byDialect = targets.get(config);
  if (!byDialect) targets.set(config, (byDialect = new Map()));
  let target = byDialect.get(dialect);
  if (!target) byDialect.set(dialect, (target = mysqlTarget(dialect, config.targetVersion)));
  return target;
}

/** Per-table hints from lockstep.config.json: `tables.<name>.mysql = { rowFormat, fulltextIndex, rowVersions }`. */
export function configuredHints(config: ResolvedConfig, table: QualifiedName): MysqlTableHints {
  return lookupByTable(config.tables, table)?.mysql ?? {};
}

/** What the file has done to one table up to and including a statement, folded from the start. */
interface TableHistory {
  readonly index: number;
  /** ROW_FORMAT of the latest rebuild that named one. */
  readonly rowFormat?: string;
  readonly rebuilt: boolean;
  /** Columns added or dropped since the latest rebuild. */
  readonly versionOps: number;
  readonly fulltextIndex: boolean;
}

const histories = new WeakMap<ParsedFile, Map<string, TableHistory[]>>();

/** Each table's history after every statement that touched it, built in one pass per file. */
function tableHistories(file: ParsedFile): Map<string, TableHistory[]> {
  const cached = histories.get(file);
  if (cached) return cached;
  const out = new Map<string, TableHistory[]>();
  for (const s of file.statements) {
    for (const op of s.operations) {
      const t = targetTable(op);
      if (!t) continue;
      const key = tableKey(t);
      const list = out.get(key) ?? [];
      if (list.length === 0) out.set(key, list);
      const last = list[list.length - 1];
      let h: TableHistory = last ? { ...last, index: s.index } : { index: s.index, rebuilt: false, versionOps: 0, fulltextIndex: false };
      if (op.kind === 'other' && op.tag.startsWith('mysql:rebuild')) {
        const m = /row_format=(\w+)/i.exec(op.tag);
        h = { ...h, ...(m ? { rowFormat: m[1]! } : {}), rebuilt: true, versionOps: 0 }; // a rebuild resets the row versions
      }
      if (op.kind === 'create-index' && op.mysql?.indexKind === 'fulltext') h = { ...h, fulltextIndex: true };
      if (op.kind === 'add-column' || op.kind === 'drop-column') h = { ...h, versionOps: h.versionOps + 1 };
      if (last && last.index === s.index) list[list.length - 1] = h;
      else list.push(h);
    }
  }
  histories.set(file, out);
  return out;
}

/** Configured hints, plus what earlier statements in the file did to the table. */
function tableHints(
  file: ParsedFile,
  beforeIndex: number,
  table: QualifiedName,
  config: ResolvedConfig,
  target: MysqlTarget,
): { hints: MysqlTableHints; versionsBefore: number } {
  const configured = configuredHints(config, table);
  const list = tableHistories(file).get(tableKey(table)) ?? [];
  // The latest entry before the statement (binary search: the list is in statement order).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.index < beforeIndex) lo = mid + 1;
    else hi = mid;
  }
  const h = list[lo - 1];
  const rowFormat = h?.rowFormat ?? configured.rowFormat;
  const fulltextIndex = (configured.fulltextIndex ?? false) || (h?.fulltextIndex ?? false);
  const counted = countsRowVersions(target) ? (h?.versionOps ?? 0) : 0;
  const versions = (h?.rebuilt ? 0 : (configured.rowVersions ?? 0)) + counted;
  return { hints: { ...(rowFormat ? { rowFormat } : {}), fulltextIndex, rowVersions: versions }, versionsBefore: versions };
}

/**
 * How the server runs the statement, undefined when it alters no table. The linter asks once
 * per statement and hands the plan to rules and costs through `RuleContext.mysqlPlan()`.
 */
export function mysqlStatementPlan(
  file: ParsedFile,
  statement: ParsedStatement,
  config: ResolvedConfig,
  state: Pick<FileState, 'columnType'>,
): StatementPlan | undefined {
  const dialect = file.dialect === 'mariadb' ? 'mariadb' : 'mysql';
  const target = targetOf(config, dialect);
  const table = statement.operations.map(targetTable).find((t) => t !== undefined);
  const { hints, versionsBefore } = table ? tableHints(file, statement.index, table, config, target) : { hints: {}, versionsBefore: 0 };
  return planStatement(statement.operations, target, state, hints, versionsBefore);
}

/** Cost of one operation: the statement's algorithm (the server runs the statement as one), priced at the configured size. */
export function mysqlOperationCost(op: Operation, plan: StatementPlan | undefined, rows: (t: QualifiedName) => number | undefined): Cost | undefined {
  const table = targetTable(op);
  if (!table) return undefined;
  if (op.kind === 'update' || op.kind === 'delete') {
    const n = rows(table);
    return {
      table: displayName(table),
      lock: 'row locks on every touched row',
      blocks: 'nothing',
      rewrite: false,
      scans: 1,
      ...(n !== undefined ? { rows: n, estimateMs: mysqlEstimateMs('update', n) } : {}),
    };
  }
  const own = plan?.operations.find((p) => p.op === op);
  if (!plan || !own) return undefined;
  const buildsIndex = plan.operations.some((p) => p.op.kind === 'create-index' || (p.op.kind === 'add-constraint' && p.op.constraint !== 'check'));
  const work = workOf(plan.algorithm, plan.rebuild, buildsIndex);
  const n = rows(table);
  return {
    table: displayName(table),
    lock: mysqlLockLabel(plan.algorithm, plan.concurrentDml),
    blocks: mysqlBlocks(plan.algorithm, plan.concurrentDml),
    rewrite: plan.rebuild,
    scans: work === 'metadata' ? 0 : 1,
    ...(n !== undefined ? { rows: n, estimateMs: mysqlEstimateMs(work, n) } : {}),
  };
}

/** Operation kinds that come from ALTER TABLE / CREATE INDEX / DROP INDEX statements. */
export const MYSQL_DDL_KINDS = [
  'add-column',
  'drop-column',
  'rename-column',
  'alter-column-type',
  'set-not-null',
  'drop-not-null',
  'set-default',
  'add-constraint',
  'drop-constraint',
  'create-index',
  'drop-index',
  'other',
] as const;

/** True for statements that accept ALGORITHM= / LOCK= clauses (ALTER TABLE, CREATE INDEX, DROP INDEX). */
export function acceptsAlgorithmClause(statement: ParsedStatement): 'alter' | 'index' | undefined {
  if (/^\s*ALTER\s+(ONLINE\s+|IGNORE\s+)*TABLE\b/i.test(statement.text)) return 'alter';
  if (/^\s*(CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX|DROP\s+INDEX)\b/i.test(statement.text)) return 'index';
  return undefined;
}
