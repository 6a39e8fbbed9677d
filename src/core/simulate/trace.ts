import { quotePostgresIdent as quote } from '../engines/postgres/identifiers';
import { isLockMode, type LockMode } from '../engines/postgres/locks';
import { DEFAULT_PG_VERSION, OPERATION_FACTS } from '../engines/postgres/facts';
import { classify, type ClassifyState } from '../engines/postgres/classify';
import type { Operation, QualifiedName } from '../operations';
import type { ParsedStatement } from '../sql/statement';
import { copyDataBlock } from '../sql/split';
import type { SqlSession } from './engine/session';
import { toEngineError } from './engine/session';
import type { EngineErrorInfo, EvidenceSource, TransactionMode } from './timeline';
import { DEFAULT_STATEMENT_TIMEOUT_MS, STOPPED_CODE, stoppedMessage, watched, type WatchHooks } from './bounds';

/**
 * Runs a migration's statements on an engine the way the migration would run them and
 * records what each one did: the relation locks its transaction holds (pg_locks), whether a
 * table's file was replaced (pg_relation_filenode), rows read and written (the transaction's
 * statistics), time, and the engine's error.
 *
 * Statements outside any transaction are wrapped in BEGIN … COMMIT so their locks can be
 * read before they are released; that is what autocommit does too. Statements that refuse a
 * transaction block (CONCURRENTLY) run bare, and their locks come from engine facts.
 */

export interface ObservedLock {
  readonly oid: number;
  readonly relation: string;
  readonly relationKind: 'table' | 'index';
  readonly mode: LockMode;
  readonly source: EvidenceSource;
  readonly acquired: boolean;
}

export interface TableActivity {
  readonly oid: number;
  readonly relation: string;
  /** Live rows before the statement (planner estimate after ANALYZE). */
  readonly rowsBefore: number;
  /** Indexes on the table before the statement. */
  readonly indexes: number;
  /** Heap bytes before the statement (with earlier statements' new columns and dead rows). */
  readonly heapBytes: number;
  readonly seqScans: number;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rewritten: boolean;
}

export interface TracedStatement {
  readonly index: number;
  readonly transaction: TransactionMode;
  readonly locks: readonly ObservedLock[];
  readonly tables: readonly TableActivity[];
  readonly elapsedMs: number;
  readonly error: EngineErrorInfo | null;
  readonly skipped: string | null;
  /** lock_timeout in effect when the statement ran (from SET statements in the file). */
  readonly lockTimeoutMs: number | null;
  readonly notes: readonly string[];
}

export interface TraceOptions {
  /** The runner wraps the whole file in one transaction. */
  readonly transactional: boolean;
  /**
   * Never leave changes behind: every transaction is rolled back and statements that cannot
   * run inside one are not run (real database mode).
   */
  readonly rollbackOnly?: boolean;
  readonly onStatement?: (k: number, n: number) => void;
  readonly signal?: AbortSignal;
  /** Announces each statement so a runner can stop one that never returns (embedded engine). */
  readonly watch?: WatchHooks | undefined;
  /** Statements a previous attempt stopped at the limit (`trace:<index>` keys). */
  readonly stopped?: ReadonlySet<string>;
  readonly limitMs?: number;
  /** The file's text, where the inline rows of `COPY … FROM STDIN` are read from. */
  readonly text?: string;
}

export interface Snapshot {
  readonly locks: Map<string, { oid: number; relation: string; kind: 'table' | 'index'; mode: LockMode }>;
  readonly files: Map<number, { relation: string; filenode: number | null; reltuples: number; indexes: number; heapBytes: number }>;
  readonly stats: Map<number, { seqScan: number; seqRead: number; idxFetch: number; written: number }>;
}

const LOCKS_SQL = `
  select c.oid, c.oid::regclass::text as relation, c.relkind, l.mode
    from pg_locks l
    join pg_class c on c.oid = l.relation
    join pg_namespace n on n.oid = c.relnamespace
   where l.locktype = 'relation' and l.pid = pg_backend_pid() and l.granted
     and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
     and c.relkind in ('r', 'p', 'm', 'i', 'I')`;

const FILES_SQL = `
  select c.oid, c.oid::regclass::text as relation, pg_relation_filenode(c.oid) as filenode, c.reltuples,
         (select count(*) from pg_index i where i.indrelid = c.oid)::int as indexes,
         pg_relation_size(c.oid, 'main')::float8 as heap_bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`;

const STATS_SQL = `
  select relid as oid, seq_scan, seq_tup_read, coalesce(idx_tup_fetch, 0) as idx_tup_fetch,
         n_tup_ins + n_tup_upd + n_tup_del as written
    from pg_stat_xact_user_tables`;

export async function snapshot(session: SqlSession, withLocks: boolean): Promise<Snapshot> {
  const locks: Snapshot['locks'] = new Map();
  if (withLocks) {
    const r = await session.query<{ oid: number; relation: string; relkind: string; mode: string }>(LOCKS_SQL);
    for (const row of r.rows) {
      if (!isLockMode(row.mode)) continue;
      const kind = row.relkind === 'i' || row.relkind === 'I' ? 'index' : 'table';
      locks.set(`${row.oid}:${row.mode}`, { oid: Number(row.oid), relation: row.relation, kind, mode: row.mode });
    }
  }
  const files: Snapshot['files'] = new Map();
  for (const row of (
    await session.query<{ oid: number; relation: string; filenode: number | null; reltuples: number; indexes: number; heap_bytes: number }>(FILES_SQL)
  ).rows) {
    files.set(Number(row.oid), {
      relation: row.relation,
      filenode: row.filenode === null ? null : Number(row.filenode),
      reltuples: Number(row.reltuples),
      indexes: Number(row.indexes),
      heapBytes: Number(row.heap_bytes),
    });
  }
  const stats: Snapshot['stats'] = new Map();
  for (const row of (await session.query<{ oid: number; seq_scan: number; seq_tup_read: number; idx_tup_fetch: number; written: number }>(STATS_SQL)).rows) {
    stats.set(Number(row.oid), {
      seqScan: Number(row.seq_scan),
      seqRead: Number(row.seq_tup_read),
      idxFetch: Number(row.idx_tup_fetch),
      written: Number(row.written),
    });
  }
  return { locks, files, stats };
}

export function activity(before: Snapshot, after: Snapshot): TableActivity[] {
  const out: TableActivity[] = [];
  for (const [oid, file] of before.files) {
    const now = after.files.get(oid);
    const s0 = before.stats.get(oid);
    const s1 = after.stats.get(oid);
    const seqScans = (s1?.seqScan ?? 0) - (s0?.seqScan ?? 0);
    const rowsRead = (s1?.seqRead ?? 0) - (s0?.seqRead ?? 0) + ((s1?.idxFetch ?? 0) - (s0?.idxFetch ?? 0));
    const rowsWritten = (s1?.written ?? 0) - (s0?.written ?? 0);
    const rewritten = !!now && file.filenode !== null && now.filenode !== null && now.filenode !== file.filenode;
    if (seqScans > 0 || rowsRead > 0 || rowsWritten > 0 || rewritten) {
      out.push({
        oid,
        relation: file.relation,
        rowsBefore: Math.max(0, file.reltuples),
        indexes: file.indexes,
        heapBytes: file.heapBytes,
        seqScans,
        rowsRead,
        rowsWritten,
        rewritten,
      });
    }
  }
  return out;
}

export function heldLocks(before: Snapshot, after: Snapshot): ObservedLock[] {
  return [...after.locks.entries()].map(([key, l]) => ({
    oid: l.oid,
    relation: l.relation,
    relationKind: l.kind,
    mode: l.mode,
    source: 'observed' as const,
    acquired: !before.locks.has(key),
  }));
}

/** Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001). */
function refusesTransaction(stmt: ParsedStatement): boolean {
  for (const op of stmt.operations) {
    if ((op.kind === 'create-index' || op.kind === 'drop-index') && op.concurrently) return true;
  }
  const head = stmt.text.replace(/\s+/g, ' ').trim().toUpperCase();
  return (
    /^(VACUUM|CREATE DATABASE|DROP DATABASE|ALTER SYSTEM|CREATE TABLESPACE|DROP TABLESPACE)\b/.test(head) ||
    /^REINDEX\b.*\bCONCURRENTLY\b/.test(head) ||
    /\bDETACH PARTITION\b.*\bCONCURRENTLY\b/.test(head)
  );
}

type Control = { kind: 'begin' } | { kind: 'end'; commit: boolean } | { kind: 'set-lock-timeout'; ms: number | null; local: boolean } | { kind: 'none' };

function control(stmt: ParsedStatement): Control {
  for (const op of stmt.operations) {
    if (op.kind === 'transaction') return op.action === 'begin' ? { kind: 'begin' } : { kind: 'end', commit: op.action === 'commit' };
    if (op.kind === 'set-timeout' && op.setting === 'lock_timeout') return { kind: 'set-lock-timeout', ms: op.ms, local: op.local };
  }
  const head = stmt.text.trim().toUpperCase();
  if (/^(BEGIN|START\s+TRANSACTION)\b/.test(head)) return { kind: 'begin' };
  if (/^(COMMIT|END)\b/.test(head)) return { kind: 'end', commit: true };
  if (/^(ROLLBACK|ABORT)\b(?!\s+TO)/.test(head)) return { kind: 'end', commit: false };
  return { kind: 'none' };
}

function isSessionSetting(stmt: ParsedStatement): boolean {
  return /^(SET|RESET)\b/i.test(stmt.text.trim()) && !/^SET\s+(CONSTRAINTS|TRANSACTION|SESSION\s+CHARACTERISTICS)\b/i.test(stmt.text.trim());
}

/** Locks a no-transaction statement takes, from engine facts (it cannot be observed in one session). */
export async function ruleLocks(session: SqlSession, ops: readonly Operation[]): Promise<ObservedLock[]> {
  const out: ObservedLock[] = [];
  for (const op of ops) {
    const fact =
      op.kind === 'create-index' && op.concurrently
        ? OPERATION_FACTS['create-index-concurrently']
        : op.kind === 'drop-index' && op.concurrently
          ? OPERATION_FACTS['drop-index-concurrently']
          : undefined;
    if (!fact) continue;
    const names = op.kind === 'create-index' ? [op.table] : op.kind === 'drop-index' ? op.names : [];
    for (const n of names) {
      const written = n.schema ? `${quote(n.schema)}.${quote(n.name)}` : quote(n.name);
      const r = await session.query<{ oid: number | null; relation: string | null; relkind: string | null }>(
        'select c.oid, c.oid::regclass::text as relation, c.relkind from pg_class c where c.oid = to_regclass($1)',
        [written],
      );
      const row = r.rows[0];
      if (!row || row.oid === null) continue;
      const kind = row.relkind === 'i' || row.relkind === 'I' ? 'index' : 'table';
      out.push({ oid: Number(row.oid), relation: row.relation ?? n.name, relationKind: kind, mode: fact.lock, source: 'rule', acquired: true });
    }
  }
  return out;
}

export async function traceStatements(session: SqlSession, statements: readonly ParsedStatement[], options: TraceOptions): Promise<TracedStatement[]> {
  const out: TracedStatement[] = [];
  const rollbackOnly = options.rollbackOnly ?? false;
  let inTx = false;
  let aborted: number | null = null;
  let lockTimeoutMs: number | null = null;
  let localLockTimeout: number | null | undefined;

  const currentLockTimeout = (): number | null => (localLockTimeout !== undefined ? localLockTimeout : lockTimeoutMs);
  const endTransaction = async (commit: boolean): Promise<void> => {
    await session.exec(commit && aborted === null && !rollbackOnly ? 'COMMIT' : 'ROLLBACK');
    inTx = false;
    aborted = null;
    localLockTimeout = undefined;
  };

  if (options.transactional) {
    await session.exec('BEGIN');
    inTx = true;
  }

  const runnable = statements.filter((s) => !s.error || s.text.trim().length > 0);
  for (const [k, stmt] of runnable.entries()) {
    options.signal?.throwIfAborted();
    options.onStatement?.(k + 1, runnable.length);
    const base = { index: stmt.index, lockTimeoutMs: currentLockTimeout() };
    const ctl = control(stmt);
    const notes: string[] = [];

    if (ctl.kind === 'begin') {
      if (inTx) notes.push('BEGIN inside a transaction is ignored by PostgreSQL (warning 25001)');
      else {
        await session.exec('BEGIN');
        inTx = true;
      }
      out.push({ ...base, transaction: 'control', locks: [], tables: [], elapsedMs: 0, error: null, skipped: null, notes });
      continue;
    }
    if (ctl.kind === 'end') {
      if (inTx) {
        if (aborted !== null) notes.push(`the transaction was rolled back: statement ${aborted + 1} failed`);
        await endTransaction(ctl.commit);
      }
      out.push({ ...base, transaction: 'control', locks: [], tables: [], elapsedMs: 0, error: null, skipped: null, notes });
      continue;
    }
    if (aborted !== null) {
      out.push({
        ...base,
        transaction: 'transaction',
        locks: [],
        tables: [],
        elapsedMs: 0,
        error: null,
        skipped: `not run: statement ${aborted + 1} failed and aborted the transaction`,
        notes,
      });
      continue;
    }
    if (options.stopped?.has(`trace:${stmt.index}`)) {
      // What statement_timeout does on a server: the statement is cancelled, and a
      // transaction around it is aborted.
      const error: EngineErrorInfo = { message: stoppedMessage(options.limitMs ?? DEFAULT_STATEMENT_TIMEOUT_MS), code: STOPPED_CODE };
      if (inTx) aborted = stmt.index;
      const mode: TransactionMode = refusesTransaction(stmt) ? 'no-transaction' : inTx ? 'transaction' : 'autocommit';
      out.push({ ...base, transaction: mode, locks: [], tables: [], elapsedMs: options.limitMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, error, skipped: null, notes });
      continue;
    }
    const copy = copyDirection(stmt);
    const copyRefusal = copy ? refusedCopy(copy, session, options.text) : undefined;
    if (copyRefusal) {
      out.push({ ...base, transaction: inTx ? 'transaction' : 'autocommit', locks: [], tables: [], elapsedMs: 0, error: null, skipped: copyRefusal, notes });
      continue;
    }
    const run = (sql: string): Promise<void> =>
      watched(options.watch, `trace:${stmt.index}`, () => {
        if (copy === 'from-stdin' && session.copyFrom && options.text !== undefined) {
          const block = copyDataBlock(options.text, stmt.end);
          return session.copyFrom(toBlobSource(sql), options.text.slice(block.start, block.end));
        }
        return session.exec(sql);
      });
    if (ctl.kind === 'set-lock-timeout') {
      if (ctl.local) localLockTimeout = ctl.ms;
      else lockTimeoutMs = ctl.ms;
    }
    if (isSessionSetting(stmt)) {
      let error: EngineErrorInfo | null = null;
      if (rollbackOnly && /\b(lock_timeout|statement_timeout)\b/i.test(stmt.text)) {
        notes.push('not run: real database mode keeps its own lock_timeout and statement_timeout guards');
        out.push({ ...base, lockTimeoutMs: currentLockTimeout(), transaction: 'control', locks: [], tables: [], elapsedMs: 0, error, skipped: null, notes });
        continue;
      }
      try {
        await run(stmt.text);
      } catch (err) {
        error = toEngineError(err);
        if (inTx) aborted = stmt.index;
      }
      out.push({ ...base, lockTimeoutMs: currentLockTimeout(), transaction: 'control', locks: [], tables: [], elapsedMs: 0, error, skipped: null, notes });
      continue;
    }

    if (refusesTransaction(stmt)) {
      if (rollbackOnly) {
        out.push({
          ...base,
          transaction: 'no-transaction',
          locks: await ruleLocks(session, stmt.operations),
          tables: [],
          elapsedMs: 0,
          error: null,
          skipped: 'not run: real database mode only runs statements inside a transaction it rolls back',
          notes,
        });
        continue;
      }
      const before = await snapshot(session, false);
      const locks = await ruleLocks(session, stmt.operations);
      const t0 = performance.now();
      let error: EngineErrorInfo | null = null;
      try {
        await run(stmt.text);
      } catch (err) {
        error = toEngineError(err);
        if (inTx) aborted = stmt.index;
      }
      const elapsedMs = performance.now() - t0;
      if (!error) notes.push('locks from engine facts: the statement cannot run inside a transaction, where locks are read');
      out.push({
        ...base,
        transaction: 'no-transaction',
        locks: error ? [] : locks,
        tables: ruleActivity(before, stmt.operations),
        elapsedMs,
        error,
        skipped: null,
        notes,
      });
      continue;
    }

    const wrapped = !inTx;
    if (wrapped) await session.exec('BEGIN');
    const before = await snapshot(session, true);
    const t0 = performance.now();
    let error: EngineErrorInfo | null = null;
    // A savepoint keeps a failure inside the statement so the trace can still read state.
    if (!wrapped) await session.exec('SAVEPOINT lockstep_trace');
    try {
      await run(stmt.text);
    } catch (err) {
      error = toEngineError(err);
    }
    const elapsedMs = performance.now() - t0;
    let locks: ObservedLock[] = [];
    let tables: TableActivity[] = [];
    if (error) {
      if (wrapped) await session.exec('ROLLBACK');
      else {
        await session.exec('ROLLBACK TO SAVEPOINT lockstep_trace');
        aborted = stmt.index;
      }
      // pg_locks cannot be read in a failed transaction; PostgreSQL took its lock before it
      // failed, so the lock comes from engine facts (what pg_locks shows while it waits).
      locks = await requestedLocks(session, stmt.operations);
      if (locks.length) notes.push('locks from engine facts: the statement failed, and PostgreSQL requests them before it fails');
      if (failsOnSample(stmt.operations, error)) {
        error = { ...error, onSample: true };
        notes.push(`fails on the synthetic sample: ${error.message} (production data may differ)`);
      }
    } else {
      const after = await snapshot(session, true);
      locks = heldLocks(before, after);
      tables = activity(before, after);
      if (!wrapped) await session.exec('RELEASE SAVEPOINT lockstep_trace');
      if (wrapped) await session.exec(rollbackOnly ? 'ROLLBACK' : 'COMMIT');
    }
    out.push({ ...base, transaction: wrapped ? 'autocommit' : 'transaction', locks, tables, elapsedMs, error, skipped: null, notes });
  }
  if (inTx) await endTransaction(true);
  return out;
}

/** `from-stdin`, `to-program`, … for a COPY statement (from its parse tree), else undefined. */
function copyDirection(stmt: ParsedStatement): string | undefined {
  for (const op of stmt.operations) if (op.kind === 'other' && op.tag.startsWith('CopyStmt:')) return op.tag.slice('CopyStmt:'.length);
  return undefined;
}

/** Why a COPY is not run, or undefined when it runs. */
function refusedCopy(direction: string, session: SqlSession, text: string | undefined): string | undefined {
  if (direction.endsWith('-program')) return 'not run: COPY … PROGRAM runs a shell command on the database server; a simulation never runs it';
  if (direction.endsWith('-file')) return "not run: COPY to or from a file reads or writes the database server's files; a simulation never runs it";
  if (direction === 'from-stdin' && (!session.copyFrom || text === undefined)) return 'not run: the rows of COPY … FROM STDIN cannot be fed to this engine';
  return undefined;
}

/** The COPY's source rewritten from STDIN to PGlite's '/dev/blob' (the rows come with the query). */
function toBlobSource(sql: string): string {
  return sql.replace(/\bFROM(\s+)STDIN\b/i, "FROM$1'/dev/blob'");
}

/**
 * A failure that depends on the rows' values: a constraint the statement adds or validates,
 * or a cast, that meets a value of the synthetic sample (integrity 23xxx, data 22xxx).
 */
function failsOnSample(ops: readonly Operation[], error: EngineErrorInfo): boolean {
  if (!error.code || !/^2[23]/.test(error.code)) return false;
  return ops.some(
    (op) =>
      (op.kind === 'add-constraint' && !op.notValid) ||
      op.kind === 'validate-constraint' ||
      (op.kind === 'create-index' && op.unique) ||
      op.kind === 'set-not-null' ||
      op.kind === 'alter-column-type',
  );
}

/** The relation locks PostgreSQL requests for these operations, from engine facts. */
async function requestedLocks(session: SqlSession, ops: readonly Operation[]): Promise<ObservedLock[]> {
  const out: ObservedLock[] = [];
  const seen = new Set<string>();
  const state: ClassifyState = {
    hasValidatedNotNullCheck: () => false,
    columnType: () => undefined,
    constraintKind: () => undefined,
    isConstrainedDomain: () => false,
  };
  const add = async (n: QualifiedName | undefined, mode: LockMode | undefined): Promise<void> => {
    if (!n || !mode) return;
    const written = n.schema ? `${quote(n.schema)}.${quote(n.name)}` : quote(n.name);
    const r = await session.query<{ oid: number | null; relation: string | null; relkind: string | null }>(
      'select c.oid, c.oid::regclass::text as relation, c.relkind from pg_class c where c.oid = to_regclass($1)',
      [written],
    );
    const row = r.rows[0];
    if (!row || row.oid === null || seen.has(`${row.oid}:${mode}`)) return;
    seen.add(`${row.oid}:${mode}`);
    const kind = row.relkind === 'i' || row.relkind === 'I' ? 'index' : 'table';
    out.push({ oid: Number(row.oid), relation: row.relation ?? n.name, relationKind: kind, mode, source: 'rule', acquired: true });
  };
  for (const op of ops) {
    const cls = classify(op, DEFAULT_PG_VERSION, state);
    if (!cls) continue;
    const fact = OPERATION_FACTS[cls];
    if ('table' in op) await add(op.table, fact.lock);
    const referenced = op.kind === 'add-constraint' ? op.references?.table : op.kind === 'add-column' ? op.column.references?.table : undefined;
    await add(referenced, fact.referencedLock);
  }
  return out;
}

/** Rows a no-transaction statement reads, from the facts' scan count (statistics are per transaction). */
function ruleActivity(before: Snapshot, ops: readonly Operation[]): TableActivity[] {
  const out: TableActivity[] = [];
  for (const op of ops) {
    if (op.kind !== 'create-index' || !op.concurrently) continue;
    const wanted = op.table.name.toLowerCase();
    for (const [oid, f] of before.files) {
      const bare = f.relation.split('.').pop()!.replace(/"/g, '').toLowerCase();
      if (bare !== wanted) continue;
      const scans = OPERATION_FACTS['create-index-concurrently'].scans;
      out.push({
        oid,
        relation: f.relation,
        rowsBefore: Math.max(0, f.reltuples),
        indexes: f.indexes,
        heapBytes: f.heapBytes,
        seqScans: scans,
        rowsRead: scans * Math.max(0, f.reltuples),
        rowsWritten: 0,
        rewritten: false,
      });
    }
  }
  return out;
}
