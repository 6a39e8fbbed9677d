import { forwardSql } from '../../sources/migration-sql';
import { prepareAdapters } from '../../sources/registry';
import * as fs from 'node:fs';
import { resolveConfig } from '../../config';
import { MYSQL_ROUGH_THROUGHPUT, mysqlEstimateMs, workOf, type MysqlWork } from '../../engines/mysql/cost';
import { mysqlStatementPlan } from '../../engines/mysql/lint';
import { mysqlTarget } from '../../engines/mysql/online-ddl';
import { serverName } from '../../engines/mysql/sql';
import type { Blocks, LockMode } from '../../engines/postgres/locks';
import { displayName, tableKey, targetTable, type ColumnType, type QualifiedName } from '../../operations';
import { loadParser } from '../../sql/parsers';
import type { CostClass, TableAssumption, Timeline, TimelineLock, TimelineStatement } from '../timeline';
import { TIMELINE_VERSION } from '../timeline';
import { lookupByTable } from '../../config/tables';
import { DEFAULT_WORKLOAD } from '../workload';
import type { MigrationUnderTest } from '../request';
import { forwardText } from '../../sql/runner-sections';

/**
 * MySQL/MariaDB "simulation": no embedded engine runs InnoDB's online DDL, so each
 * statement's algorithm and locking come from the versioned facts and its duration from
 * the rule-derived cost model. Every figure on this timeline is marked `source: 'rule'`.
 */
export interface MysqlSimulationRequest extends MigrationUnderTest {
  readonly dialect: 'mysql' | 'mariadb';
  /** `8.0.28`, `10.4`, `mariadb-10.6`… */
  readonly targetVersion?: string;
}

/** How each algorithm shows on the timeline, in the lock vocabulary the timeline uses. */
function locksFor(table: string, work: MysqlWork | 'instant', concurrentDml: boolean): TimelineLock[] {
  const lock = (mode: LockMode, blocks: Blocks): TimelineLock => ({ relation: table, relationKind: 'table', mode, blocks, source: 'rule', acquired: true });
  if (work === 'update') return [lock('RowExclusiveLock', 'nothing')];
  if (work === 'instant' || work === 'metadata') return [lock('AccessExclusiveLock', 'reads+writes')];
  if (!concurrentDml) return [lock('ExclusiveLock', 'writes')];
  return [lock('ShareUpdateExclusiveLock', 'nothing')];
}

export async function simulateMysql(req: MysqlSimulationRequest): Promise<Timeline> {
  await prepareAdapters();
  const started = performance.now();
  const parser = await loadParser(req.dialect);
  const text = forwardSql(req.file, req.sql ?? fs.readFileSync(req.file, 'utf8'), req.dialect).sql;
  const file = parser.parse(text);
  const config = resolveConfig({
    dialect: req.dialect,
    ...(req.targetVersion ? { targetVersion: req.targetVersion } : {}),
    ...(req.tables ? { tables: req.tables } : {}),
  });
  const target = mysqlTarget(req.dialect, config.targetVersion);
  const types = new Map<string, ColumnType>();
  const newTables = new Set<string>();
  const state = { columnType: (t: QualifiedName, c: string) => types.get(`${tableKey(t)}.${c.toLowerCase()}`) };
  const productionRows = (t: QualifiedName): number | undefined => {
    if (newTables.has(tableKey(t))) return 0;
    const cli = lookupByTable(req.rows, displayName(t));
    return typeof cli === 'number' ? cli : lookupByTable(config.tables, displayName(t))?.rows;
  };
  const tables: Record<string, TableAssumption> = {};
  const statements: TimelineStatement[] = [];
  let clock = 0;
  for (const s of file.statements) {
    const table = s.operations.map(targetTable).find((t) => t !== undefined);
    const rows = table ? productionRows(table) : undefined;
    if (table && rows !== undefined && !newTables.has(tableKey(table))) {
      tables[displayName(table)] = {
        rows,
        rowsSource: lookupByTable(req.rows, displayName(table)) !== undefined ? 'cli' : 'config',
        sampleRows: 0,
        rowBytes: 0,
        indexes: 0,
      };
    }
    const isDml = s.operations.some((o) => o.kind === 'update' || o.kind === 'delete');
    const plan = !s.error && table && !newTables.has(tableKey(table)) ? mysqlStatementPlan(file, s, config, state) : undefined;
    const n = rows ?? 0;
    let costClass: CostClass = 'other';
    let durationMs = 0;
    let locks: TimelineLock[] = [];
    const notes: string[] = [];
    let rewrite = false;
    if (plan && table) {
      const buildsIndex = plan.operations.some((p) => p.op.kind === 'create-index' || (p.op.kind === 'add-constraint' && p.op.constraint !== 'check'));
      const work = workOf(plan.algorithm, plan.rebuild, buildsIndex);
      durationMs = mysqlEstimateMs(work, n);
      costClass = work === 'copy' || work === 'rebuild' ? 'rewrite' : work === 'index-build' ? 'index-build' : 'metadata';
      rewrite = plan.rebuild;
      locks = locksFor(displayName(table), plan.algorithm === 'INSTANT' ? 'instant' : work, plan.concurrentDml);
      notes.push(
        `ALGORITHM=${plan.algorithm}${plan.algorithm === 'INSTANT' ? '' : `, ${plan.concurrentDml ? 'LOCK=NONE' : 'LOCK=SHARED'}`} on ${serverName(target.flavor, target.version)} (versioned facts)`,
      );
      for (const p of plan.operations) for (const b of p.blockers) notes.push(`not INSTANT: ${b.kind}`);
      if (plan.algorithm !== 'INSTANT') notes.push('an exclusive metadata lock is taken briefly at the start and the end');
    } else if (isDml && table) {
      costClass = s.operations.some((o) => o.kind === 'update' && o.filter === 'bounded') ? 'batched-backfill' : 'backfill';
      durationMs = newTables.has(tableKey(table)) ? 0 : mysqlEstimateMs('update', n);
      locks = locksFor(displayName(table), 'update', true);
    }
    if (durationMs > 0) notes.push(`duration from ${MYSQL_ROUGH_THROUGHPUT.name}: ${MYSQL_ROUGH_THROUGHPUT.source}`);
    statements.push({
      index: s.index,
      line: s.range.start.line,
      sql: s.text,
      startMs: clock,
      lockWaitMs: 0,
      durationMs,
      locks,
      rewrite,
      scan: costClass !== 'metadata' && costClass !== 'other',
      rowsRead: costClass === 'metadata' || costClass === 'other' ? 0 : n,
      rowsWritten: costClass === 'rewrite' || costClass === 'backfill' || costClass === 'batched-backfill' ? n : 0,
      error: s.error ? { message: s.error.message } : null,
      transaction: s.operations.every((o) => o.kind === 'transaction' || o.kind === 'set-timeout' || o.kind === 'other') ? 'control' : 'autocommit',
      costClass,
      table: table ? displayName(table) : null,
      rewriteSource: 'rule',
      sample: { rows: 0, rowsRead: 0, rowsWritten: 0, elapsedMs: 0 },
      backfill: null,
      blocked: null,
      skipped: null,
      notes,
    });
    clock += durationMs;
    for (const op of s.operations) {
      if (op.kind === 'create-table') {
        newTables.add(tableKey(op.table));
        for (const c of op.columns) types.set(`${tableKey(op.table)}.${c.name.toLowerCase()}`, c.type);
      }
      if (op.kind === 'add-column') types.set(`${tableKey(op.table)}.${op.column.name.toLowerCase()}`, op.column.type);
      if (op.kind === 'alter-column-type') types.set(`${tableKey(op.table)}.${op.column.toLowerCase()}`, op.type);
    }
  }
  const traceMs = performance.now() - started;
  return {
    version: TIMELINE_VERSION,
    file: req.file,
    createdAt: new Date().toISOString(),
    totalMs: clock,
    statements,
    replay: { files: [], statements: 0, failures: [] },
    seeding: [],
    assumptions: {
      tables,
      sampleRows: 0,
      profile: { name: MYSQL_ROUGH_THROUGHPUT.name, server: serverName(target.flavor, target.version), createdAt: new Date().toISOString() },
      targetVersion: target.version[0] ?? 8,
      targetVersionText: target.version.join('.'),
      dialect: req.dialect,
      engine: { kind: 'facts', version: serverName(target.flavor, target.version) },
      workload: { default: DEFAULT_WORKLOAD, tables: {} },
      lockTimeoutMs: null,
      lockTimeoutRetries: 0,
      retryDelayMs: 0,
      transactional: false,
    },
    warnings: [
      `Nothing ran: ${req.dialect === 'mysql' ? 'MySQL' : 'MariaDB'} has no embedded engine here, so algorithms and locks come from versioned facts and durations from a rule-derived cost model.`,
      'MySQL commits implicitly before and after each DDL statement, so schema changes never share a transaction.',
    ],
    timings: { engineStartMs: 0, replayMs: 0, seedMs: 0, traceMs },
  };
}
