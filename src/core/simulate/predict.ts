import { blocks as blocksOf, LOCK_MODES } from '../engines/postgres/locks';
import { hasFact, VERSION_FACTS } from '../engines/postgres/facts';
import type { Operation } from '../operations';
import type { ParsedStatement } from '../sql/statement';
import { predictMs, type CostProfile, type PricedClass } from '../engines/postgres/cost-model';
import { blockedQueries, modelLockWait, type LockRequest } from './lock-queue';
import type { TableActivity, TracedStatement } from './trace';
import type {
  BackfillEstimate,
  CostClass,
  EngineErrorInfo,
  EvidenceSource,
  TableAssumption,
  TimelineLock,
  TimelineStatement,
  WorkloadAssumption,
} from './timeline';
import { lookupByTable } from '../config/tables';

/**
 * From what the engine did on the sample to what the migration will do in production:
 * version rules for the target PostgreSQL, durations from the cost profile, and waits and
 * queues from the lock-queue model.
 */

export interface PredictContext {
  readonly profile: CostProfile;
  readonly targetVersion: number;
  /** By display name. */
  readonly tables: Readonly<Record<string, TableAssumption>>;
  readonly workloadFor: (table: string) => WorkloadAssumption;
  readonly lockTimeoutMs: number | null;
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Real database mode: elapsed time is the production time. */
  readonly measuredIsProduction: boolean;
}

function displayOf(relation: string): string {
  return relation.replace(/^public\./, '').replace(/"/g, '');
}

function tableFor(ctx: PredictContext, relation: string): TableAssumption | undefined {
  return ctx.tables[displayOf(relation)] ?? lookupByTable(ctx.tables, displayOf(relation));
}

function scaleOf(ctx: PredictContext, a: TableActivity): number {
  const t = tableFor(ctx, a.relation);
  if (!t || t.sampleRows <= 0) return 1;
  return t.rows / t.sampleRows;
}

function opTableName(op: Operation): string | undefined {
  return 'table' in op && op.table ? (op.table.schema && op.table.schema !== 'public' ? `${op.table.schema}.${op.table.name}` : op.table.name) : undefined;
}

interface Verdict {
  readonly costClass: CostClass;
  readonly table: string | null;
  readonly rewrite: boolean;
  readonly rewriteSource: EvidenceSource;
  readonly scan: boolean;
  /** Mutable: the lock-queue model can turn a success into a lock timeout. */
  error: EngineErrorInfo | null;
  readonly notes: string[];
}

/** Classifies the statement and applies the target version's rules where they differ from PGlite's 18. */
function verdict(stmt: ParsedStatement, traced: TracedStatement, ctx: PredictContext): Verdict {
  const notes: string[] = [];
  const ops = stmt.operations;
  const main = traced.tables.reduce<TableActivity | undefined>(
    (best, a) => (!best || a.rowsRead + a.rowsWritten > best.rowsRead + best.rowsWritten ? a : best),
    undefined,
  );
  let rewrite = traced.tables.some((a) => a.rewritten);
  let rewriteSource: EvidenceSource = traced.transaction === 'no-transaction' ? 'rule' : 'observed';
  let scan = traced.tables.some((a) => a.seqScans > 0 && a.rowsBefore > 0 && a.rowsRead >= 0.5 * a.rowsBefore);
  let error = traced.error;
  let table: string | null = main ? displayOf(main.relation) : null;

  for (const op of ops) {
    table ??= opTableName(op) ?? null;
    if (
      op.kind === 'add-column' &&
      op.column.default &&
      !op.column.default.isNull &&
      op.column.default.volatility !== 'volatile' &&
      !hasFact(ctx.targetVersion, 'nonVolatileDefaultWithoutRewrite')
    ) {
      rewrite = true;
      rewriteSource = 'rule';
      notes.push(
        `PostgreSQL ${ctx.targetVersion} rewrites the table for ADD COLUMN with a default (metadata-only from ${VERSION_FACTS.nonVolatileDefaultWithoutRewrite.since}): ${VERSION_FACTS.nonVolatileDefaultWithoutRewrite.source}`,
      );
    }
    if (op.kind === 'set-not-null' && !scan && !hasFact(ctx.targetVersion, 'setNotNullUsesValidatedCheck')) {
      scan = true;
      notes.push(
        `PostgreSQL ${ctx.targetVersion} scans the table for SET NOT NULL even with a validated CHECK (skipped from ${VERSION_FACTS.setNotNullUsesValidatedCheck.since}): ${VERSION_FACTS.setNotNullUsesValidatedCheck.source}`,
      );
    }
  }
  if (!error && !hasFact(ctx.targetVersion, 'notNullNotValid') && /\bADD\s+CONSTRAINT\s+("[^"]+"|\S+)\s+NOT\s+NULL\b[^;]*\bNOT\s+VALID\b/i.test(stmt.text)) {
    error = { message: `NOT NULL … NOT VALID constraints do not exist before PostgreSQL ${VERSION_FACTS.notNullNotValid.since}`, code: '42601' };
    notes.push(`rule: ${VERSION_FACTS.notNullNotValid.source}`);
  }

  let costClass: CostClass = 'metadata';
  const has = (pred: (op: Operation) => boolean): boolean => ops.some(pred);
  if (traced.skipped || (error && !traced.error)) costClass = 'other';
  else if (has((op) => op.kind === 'create-index' && op.concurrently)) costClass = 'concurrent-index-build';
  else if (rewrite) costClass = 'rewrite';
  else if (
    has(
      (op) => op.kind === 'create-index' || (op.kind === 'add-constraint' && (op.constraint === 'unique' || op.constraint === 'primary-key') && !op.usingIndex),
    )
  )
    costClass = 'index-build';
  else if (has((op) => op.kind === 'update')) {
    const bounded = ops.some((op) => op.kind === 'update' && op.filter === 'bounded');
    costClass = bounded ? 'batched-backfill' : 'backfill';
  } else if (
    has(
      (op) =>
        op.kind === 'validate-constraint' || (op.kind === 'add-constraint' && !op.notValid && (op.constraint === 'check' || op.constraint === 'foreign-key')),
    ) &&
    scan
  )
    costClass = 'validation';
  else if (scan) costClass = 'scan';
  else if (traced.transaction === 'control') costClass = 'other';
  return { costClass, table, rewrite, rewriteSource, scan, error, notes };
}

function strongestLock(locks: readonly TimelineLock[]): TimelineLock | undefined {
  let best: TimelineLock | undefined;
  for (const l of locks) {
    if (l.relationKind !== 'table' || !l.acquired) continue;
    if (!best || LOCK_MODES.indexOf(l.mode) > LOCK_MODES.indexOf(best.mode)) best = l;
  }
  return best;
}

/** Only the strongest mode per relation matters for blocking; weaker ones are listed after it. */
function timelineLocks(traced: TracedStatement): TimelineLock[] {
  return [...traced.locks]
    .sort((a, b) => (a.relation === b.relation ? LOCK_MODES.indexOf(b.mode) - LOCK_MODES.indexOf(a.mode) : a.relation < b.relation ? -1 : 1))
    .map((l) => ({
      relation: displayOf(l.relation),
      relationKind: l.relationKind,
      mode: l.mode,
      blocks: blocksOf(l.mode),
      source: l.source,
      acquired: l.acquired,
    }));
}

interface Draft {
  stmt: ParsedStatement;
  traced: TracedStatement;
  verdict: Verdict;
  locks: TimelineLock[];
  durationMs: number;
  rowsRead: number;
  rowsWritten: number;
  backfill: BackfillEstimate | null;
  lockRequest?: LockRequest;
  lockWaitMs: number;
  attempts: ReturnType<typeof modelLockWait> | undefined;
  startMs: number;
  /** Index into drafts of the statement that ends this statement's transaction. */
  txEnd: number;
}

function productionCost(
  d: Pick<Draft, 'stmt' | 'traced' | 'verdict'>,
  ctx: PredictContext,
): { durationMs: number; rowsRead: number; rowsWritten: number; backfill: BackfillEstimate | null } {
  let rowsRead = 0;
  let rowsWritten = 0;
  for (const a of d.traced.tables) {
    const s = scaleOf(ctx, a);
    rowsRead += a.rowsRead * s;
    rowsWritten += (a.rewritten ? Math.max(a.rowsWritten, a.rowsBefore) : a.rowsWritten) * s;
  }
  const cls = d.verdict.costClass;
  const t = d.verdict.table ? tableFor(ctx, d.verdict.table) : undefined;
  // Index count as it stands when the statement runs (earlier statements may have added some).
  const activity = d.traced.tables.find((a) => d.verdict.table !== null && displayOf(a.relation) === d.verdict.table);
  // Row width likewise: columns added by earlier statements widen the rows this one reads.
  const widthNow = activity && activity.rowsBefore > 0 ? activity.heapBytes / activity.rowsBefore : undefined;
  const input = { rows: t?.rows ?? 0, rowBytes: widthNow ?? t?.rowBytes ?? 100, indexes: activity?.indexes ?? t?.indexes ?? 1 };
  if (d.verdict.rewrite && rowsWritten === 0) rowsWritten = input.rows;
  if (d.verdict.scan && rowsRead === 0) rowsRead = input.rows;

  let backfill: BackfillEstimate | null = null;
  let durationMs: number;
  if (cls === 'other') durationMs = 0;
  else if (cls === 'backfill' || cls === 'batched-backfill') {
    const rows = Math.round(rowsWritten || input.rows);
    const single = predictMs(ctx.profile, 'backfill', { ...input, rows });
    const batchSize = ctx.profile.batchSize;
    const batches = Math.max(1, Math.ceil(rows / batchSize));
    const batchedTotal = predictMs(ctx.profile, 'batched-backfill', { ...input, rows }) + batches * ctx.profile.batchOverheadMs;
    backfill = { rows, singleStatementMs: single, batchSize, batches, msPerBatch: batchedTotal / batches, batchedTotalMs: batchedTotal };
    durationMs = cls === 'backfill' ? single : predictMs(ctx.profile, 'batched-backfill', { ...input, rows }) + ctx.profile.batchOverheadMs;
  } else {
    const rows = cls === 'metadata' ? 0 : input.rows;
    durationMs = predictMs(ctx.profile, cls as PricedClass, { ...input, rows });
  }
  if (d.verdict.error) durationMs = Math.min(durationMs, predictMs(ctx.profile, 'metadata', input));
  if (ctx.measuredIsProduction && !d.traced.error && !d.traced.skipped) durationMs = d.traced.elapsedMs;
  return { durationMs, rowsRead: Math.round(rowsRead), rowsWritten: Math.round(rowsWritten), backfill };
}

export function predictTimeline(statements: readonly ParsedStatement[], traced: readonly TracedStatement[], ctx: PredictContext): TimelineStatement[] {
  const byIndex = new Map(statements.map((s) => [s.index, s]));
  const drafts: Draft[] = [];
  for (const t of traced) {
    const stmt = byIndex.get(t.index)!;
    const v = verdict(stmt, t, ctx);
    const cost = productionCost({ stmt, traced: t, verdict: v }, ctx);
    drafts.push({ stmt, traced: t, verdict: v, locks: timelineLocks(t), ...cost, lockWaitMs: 0, attempts: undefined, startMs: 0, txEnd: drafts.length });
  }

  // Which statement ends each statement's transaction: locks are held until then.
  let open: number[] = [];
  drafts.forEach((d, i) => {
    if (d.traced.transaction === 'transaction' || (d.traced.transaction === 'control' && /^\s*(BEGIN|START)/i.test(d.stmt.text))) {
      open.push(i);
    } else if (d.traced.transaction === 'control' && /^\s*(COMMIT|END|ROLLBACK|ABORT)/i.test(d.stmt.text)) {
      for (const k of open) drafts[k]!.txEnd = i;
      open = [];
    }
  });
  for (const k of open) drafts[k]!.txEnd = drafts.length - 1;

  // Start times and lock waits, in order.
  let clock = 0;
  for (const d of drafts) {
    d.startMs = clock;
    const lock = strongestLock(d.locks);
    if (lock && !d.traced.skipped && !d.verdict.error) {
      const req: LockRequest = {
        relation: lock.relation,
        mode: lock.mode,
        atMs: clock,
        workload: ctx.workloadFor(lock.relation),
        lockTimeoutMs: d.traced.lockTimeoutMs ?? ctx.lockTimeoutMs,
        retries: ctx.retries,
        retryDelayMs: ctx.retryDelayMs,
      };
      const wait = modelLockWait(req);
      d.lockRequest = req;
      d.attempts = wait;
      d.lockWaitMs = wait.waitMs;
      if (wait.gaveUp) {
        d.verdict.error = { message: 'canceling statement due to lock timeout', code: '55P03' };
        d.verdict.notes.push(`lock_timeout ${req.lockTimeoutMs} ms fired on every one of ${wait.attempts} attempt(s) (modelled from the workload)`);
        d.durationMs = 0;
      }
    }
    clock += d.lockWaitMs + d.durationMs;
  }

  return drafts.map((d) => {
    const end = drafts[d.txEnd]!;
    const releaseAt = d.txEnd === drafts.indexOf(d) ? d.startMs + d.lockWaitMs + d.durationMs : end.startMs + end.lockWaitMs + end.durationMs;
    const holdMs = Math.max(0, releaseAt - (d.startMs + d.lockWaitMs));
    const blocked = d.lockRequest && d.attempts ? blockedQueries(d.lockRequest, d.attempts, holdMs) : null;
    return {
      index: d.stmt.index,
      line: d.stmt.range.start.line,
      sql: d.stmt.text,
      startMs: round(d.startMs),
      lockWaitMs: round(d.lockWaitMs),
      durationMs: round(d.durationMs),
      locks: d.locks,
      rewrite: d.verdict.rewrite,
      scan: d.verdict.scan,
      rowsRead: d.rowsRead,
      rowsWritten: d.rowsWritten,
      error: d.verdict.error,
      transaction: d.traced.transaction,
      costClass: d.verdict.costClass,
      table: d.verdict.table,
      rewriteSource: d.verdict.rewriteSource,
      sample: {
        rows: d.traced.tables.reduce((s, a) => s + a.rowsBefore, 0),
        rowsRead: d.traced.tables.reduce((s, a) => s + a.rowsRead, 0),
        rowsWritten: d.traced.tables.reduce((s, a) => s + a.rowsWritten, 0),
        elapsedMs: round(d.traced.elapsedMs),
      },
      backfill: d.backfill && roundBackfill(d.backfill),
      blocked: blocked && { ...blocked, maxWaitMs: round(blocked.maxWaitMs), holdMs: round(blocked.holdMs) },
      skipped: d.traced.skipped,
      notes: [...d.traced.notes, ...d.verdict.notes],
    };
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function roundBackfill(b: BackfillEstimate): BackfillEstimate {
  return { ...b, singleStatementMs: round(b.singleStatementMs), msPerBatch: round(b.msPerBatch), batchedTotalMs: round(b.batchedTotalMs) };
}
