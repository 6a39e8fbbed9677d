import type { LockMode } from '../engines/postgres/locks';
import type { GuardedSession } from './engine/server';
import { functionVerdict, type ServerVerdict } from './engine/server-classify';
import type { ServerStatement } from './engine/server-statements';
import { toEngineError } from './engine/session';
import type { EngineErrorInfo, TransactionMode } from './timeline';
import { activity, heldLocks, ruleLocks, snapshot, type ObservedLock, type TracedStatement } from './trace';

/**
 * Real database mode's trace: the whole migration runs in ONE transaction of ours that is
 * always rolled back, with a savepoint around each statement so that a failure is undone on
 * its own and the statements after it still run and report. The migration's own
 * transaction control is modelled, never sent: its BEGIN and COMMIT only change how the
 * timeline holds locks, and its ROLLBACK undoes its transaction's statements by rolling back
 * to a savepoint taken at its BEGIN. Only statements the classifier allows are sent, one at
 * a time, with the guards set again first.
 */

export interface ServerTraceOptions {
  /** The migration runner wraps the whole file in one transaction. */
  readonly transactional: boolean;
  readonly onStatement?: (k: number, n: number) => void;
  readonly signal?: AbortSignal;
}

const MIGRATION_TX = 'lockstep_migration_tx';
const STATEMENT = 'lockstep_statement';

interface TargetInfo {
  readonly name: string;
  readonly oid: number | null;
  readonly schema: string | null;
  readonly triggers: boolean;
  readonly rules: boolean;
  /** Non-built-in functions used by the table's defaults, constraints and index expressions. */
  readonly functions: readonly string[][];
}

const TARGETS_SQL = `
  select t.name, c.oid, n.nspname as schema,
         coalesce((select bool_or(not g.tgisinternal) from pg_trigger g where g.tgrelid = c.oid), false) as triggers,
         exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.rulename <> '_RETURN') as rules,
         coalesce((select array_agg(distinct pn.nspname || '.' || p.proname)
            from pg_depend d
            join pg_proc p on p.oid = d.refobjid
            join pg_namespace pn on pn.oid = p.pronamespace
           where d.refclassid = 'pg_proc'::regclass and pn.nspname <> 'pg_catalog'
             and ((d.classid = 'pg_attrdef'::regclass and d.objid in (select a.oid from pg_attrdef a where a.adrelid = c.oid))
               or (d.classid = 'pg_constraint'::regclass and d.objid in (select k.oid from pg_constraint k where k.conrelid = c.oid))
               or (d.classid = 'pg_class'::regclass and d.objid in (select i.indexrelid from pg_index i where i.indrelid = c.oid)))), '{}') as functions
    from unnest($1::text[]) as t(name)
    left join pg_class c on c.oid = to_regclass(t.name)
    left join pg_namespace n on n.oid = c.relnamespace`;

/** Why a statement that the parse tree allows must still not run on these tables, if it must not. */
async function refusedByTargets(session: GuardedSession, verdict: Extract<ServerVerdict, { kind: 'run' }>): Promise<string | undefined> {
  if (!verdict.targets.length) return undefined;
  const r = await session.query<{ name: string; oid: number | null; schema: string | null; triggers: boolean; rules: boolean; functions: string[] }>(TARGETS_SQL, [verdict.targets]);
  const infos: TargetInfo[] = r.rows.map((row) => ({ ...row, oid: row.oid === null ? null : Number(row.oid), functions: (row.functions ?? []).map((f) => f.split('.')) }));
  for (const t of infos) {
    if (t.schema && ['pg_catalog', 'information_schema'].includes(t.schema)) return `${t.name} is a system catalog, which is not changed`;
    // Triggers and rules run code on every row written; the simulation cannot check it.
    if (verdict.dml && (t.triggers || t.rules)) return `${t.name} has ${t.triggers ? 'triggers' : 'rules'}, whose code the simulation does not check`;
    const fn = t.functions.find((f) => !functionVerdict(f).ok);
    if (fn) return `${t.name} uses ${fn.join('.')}() in a default, constraint or index, whose body the simulation does not check`;
  }
  return undefined;
}

/**
 * In one transaction a lock taken by an earlier statement is already held, so pg_locks shows
 * nothing new when a later statement takes it again. A migration that runs in autocommit
 * takes it again for real, so for such a statement the held locks on the relations it
 * writes count as taken by it: the row-write lock for INSERT/UPDATE/DELETE, else all of them.
 */
async function retakenLocks(session: GuardedSession, locks: readonly ObservedLock[], verdict: Extract<ServerVerdict, { kind: 'run' }>): Promise<ObservedLock[]> {
  if (!verdict.targets.length) return [...locks];
  const r = await session.query<{ oid: number | null }>('select to_regclass(t)::oid as oid from unnest($1::text[]) as t', [verdict.targets]);
  const targets = new Set(r.rows.map((row) => (row.oid === null ? null : Number(row.oid))).filter((o): o is number => o !== null));
  const newOn = new Set(locks.filter((l) => l.acquired).map((l) => l.oid));
  const wanted = (mode: LockMode): boolean => !verdict.dml || mode === 'RowExclusiveLock';
  return locks.map((l) => (!l.acquired && targets.has(l.oid) && !newOn.has(l.oid) && wanted(l.mode) ? { ...l, acquired: true } : l));
}

export async function traceOnServer(session: GuardedSession, statements: readonly ServerStatement[], options: ServerTraceOptions): Promise<TracedStatement[]> {
  const out: TracedStatement[] = [];
  let inMigrationTx = false;
  /** The first statement that failed inside the migration's own transaction. */
  let failedAt: number | null = null;
  let lockTimeoutMs: number | null = null;
  let localLockTimeout: number | null | undefined;
  const currentLockTimeout = (): number | null => (localLockTimeout !== undefined ? localLockTimeout : lockTimeoutMs);

  const openMigrationTx = async (): Promise<void> => {
    await session.exec(`SAVEPOINT ${MIGRATION_TX}`);
    inMigrationTx = true;
    failedAt = null;
  };
  const closeMigrationTx = async (keep: boolean): Promise<void> => {
    if (!keep) await session.exec(`ROLLBACK TO SAVEPOINT ${MIGRATION_TX}`);
    await session.exec(`RELEASE SAVEPOINT ${MIGRATION_TX}`);
    inMigrationTx = false;
    failedAt = null;
    localLockTimeout = undefined;
  };

  await session.exec('BEGIN');
  try {
    if (options.transactional) await openMigrationTx();
    for (const [k, { stmt, verdict }] of statements.entries()) {
      options.signal?.throwIfAborted();
      options.onStatement?.(k + 1, statements.length);
      const mode: TransactionMode = inMigrationTx ? 'transaction' : 'autocommit';
      const base = { index: stmt.index, lockTimeoutMs: currentLockTimeout(), locks: [] as ObservedLock[], tables: [], elapsedMs: 0 };
      const notes: string[] = [];

      switch (verdict.kind) {
        case 'invalid': {
          notes.push('not sent: PostgreSQL’s parser rejects it');
          if (inMigrationTx) failedAt ??= stmt.index;
          out.push({ ...base, transaction: mode, error: { message: verdict.message, code: '42601' }, skipped: null, notes });
          continue;
        }
        case 'skip':
          out.push({ ...base, transaction: mode, error: null, skipped: `not run: ${verdict.what}: ${verdict.why}`, notes });
          continue;
        case 'setting': {
          for (const op of stmt.operations) {
            if (op.kind === 'set-timeout' && op.setting === 'lock_timeout') {
              if (op.local) localLockTimeout = op.ms;
              else lockTimeoutMs = op.ms;
            }
          }
          notes.push('not run: real database mode keeps its own lock_timeout and statement_timeout guards');
          out.push({ ...base, lockTimeoutMs: currentLockTimeout(), transaction: 'control', error: null, skipped: null, notes });
          continue;
        }
        case 'transaction': {
          notes.push(`${verdict.what} is modelled, not sent: the simulation keeps its own transaction and rolls it back`);
          const chain = verdict.action === 'commit-and-chain' || verdict.action === 'rollback-and-chain';
          switch (verdict.action) {
            case 'begin':
              if (inMigrationTx) notes.push('BEGIN inside a transaction is ignored by PostgreSQL (warning 25001)');
              else await openMigrationTx();
              break;
            case 'commit':
            case 'commit-and-chain':
            case 'prepare':
              if (verdict.action === 'prepare') notes.push('a prepared transaction would keep its locks until someone commits or rolls it back by hand');
              if (inMigrationTx) {
                if (failedAt !== null) notes.push(`the transaction was rolled back: statement ${failedAt + 1} failed`);
                await closeMigrationTx(failedAt === null);
              }
              if (chain) await openMigrationTx();
              break;
            case 'rollback':
            case 'rollback-and-chain':
              if (inMigrationTx) await closeMigrationTx(false);
              if (chain) await openMigrationTx();
              break;
            default:
              notes.push('its effect on earlier statements is not modelled');
          }
          out.push({ ...base, transaction: 'control', error: null, skipped: null, notes });
          continue;
        }
        case 'no-transaction':
          out.push({
            ...base,
            transaction: 'no-transaction',
            locks: await ruleLocks(session, stmt.operations),
            error: null,
            skipped: `not run: ${verdict.what} cannot run inside a transaction, and real database mode only runs statements inside a transaction it rolls back`,
            notes,
          });
          continue;
        case 'run':
          break;
      }

      const refused = await refusedByTargets(session, verdict);
      if (refused) {
        out.push({ ...base, transaction: mode, error: null, skipped: `not run: ${refused}`, notes });
        continue;
      }
      if (inMigrationTx && failedAt !== null) {
        notes.push(`in the migration’s transaction this would not run (statement ${failedAt + 1} failed first); run here so its own result shows`);
      }
      await session.reassertGuards();
      await session.exec(`SAVEPOINT ${STATEMENT}`);
      const before = await snapshot(session, true);
      const t0 = performance.now();
      let error: EngineErrorInfo | null = null;
      try {
        await session.runStatement(stmt.text);
      } catch (err) {
        error = toEngineError(err);
      }
      const elapsedMs = performance.now() - t0;
      let locks: ObservedLock[] = [];
      let tables: TracedStatement['tables'] = [];
      if (error) {
        await session.exec(`ROLLBACK TO SAVEPOINT ${STATEMENT}`);
        if (inMigrationTx) failedAt ??= stmt.index;
      } else {
        const after = await snapshot(session, true);
        locks = heldLocks(before, after);
        if (!inMigrationTx) locks = await retakenLocks(session, locks, verdict);
        tables = activity(before, after);
      }
      await session.exec(`RELEASE SAVEPOINT ${STATEMENT}`);
      // A cancelled statement fails like any other; the abort is what the caller hears.
      options.signal?.throwIfAborted();
      out.push({ ...base, transaction: mode, locks, tables, elapsedMs, error, skipped: null, notes });
    }
  } finally {
    // Always: nothing the migration did is kept. A broken connection rolls back by itself.
    await session.exec('ROLLBACK').catch(() => undefined);
  }
  return out;
}
