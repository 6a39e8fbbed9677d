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

const FUNCTIONS_OF = (where: string): string => `
  coalesce((select array_agg(distinct pn.nspname || '.' || p.proname)
     from pg_depend d
     join pg_proc p on p.oid = d.refobjid
     join pg_namespace pn on pn.oid = p.pronamespace
    where d.refclassid = 'pg_proc'::regclass and pn.nspname <> 'pg_catalog' and (${where})), '{}')`;

/**
 * What runs code on a table: triggers, rules, and functions outside pg_catalog used by its
 * defaults (run by writes), and by its generated columns, constraints and index expressions
 * (run by writes and by rewrites, validation and index builds).
 */
const TARGETS_SQL = `
  select t.name, c.oid, n.nspname as schema,
         coalesce((select bool_or(not g.tgisinternal) from pg_trigger g where g.tgrelid = c.oid), false) as triggers,
         exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.rulename <> '_RETURN') as rules,
         -- Tables a write reaches through ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT.
         (with recursive reached(oid) as (
             select k.conrelid from pg_constraint k
              where k.contype = 'f' and k.confrelid = c.oid and (k.confdeltype in ('c', 'n', 'd') or k.confupdtype in ('c', 'n', 'd'))
             union
             select k.conrelid from pg_constraint k join reached on k.confrelid = reached.oid
              where k.contype = 'f' and (k.confdeltype in ('c', 'n', 'd') or k.confupdtype in ('c', 'n', 'd')))
          select string_agg(x.oid::regclass::text, ', ') from reached x
           where exists (select 1 from pg_trigger g where g.tgrelid = x.oid and not g.tgisinternal)
              or exists (select 1 from pg_rewrite r where r.ev_class = x.oid and r.rulename <> '_RETURN')) as cascades_to,
         ${FUNCTIONS_OF(`d.classid = 'pg_attrdef'::regclass and d.objid in (
            select a.oid from pg_attrdef a join pg_attribute att on att.attrelid = a.adrelid and att.attnum = a.adnum
             where a.adrelid = c.oid and att.attgenerated = '')`)} as default_functions,
         ${FUNCTIONS_OF(`(d.classid = 'pg_attrdef'::regclass and d.objid in (
              select a.oid from pg_attrdef a join pg_attribute att on att.attrelid = a.adrelid and att.attnum = a.adnum
               where a.adrelid = c.oid and att.attgenerated <> ''))
            or (d.classid = 'pg_constraint'::regclass and d.objid in (select k.oid from pg_constraint k where k.conrelid = c.oid))
            or (d.classid = 'pg_class'::regclass and d.objid in (select i.indexrelid from pg_index i where i.indrelid = c.oid))`)} as other_functions
    from unnest($1::text[]) as t(name)
    left join pg_class c on c.oid = to_regclass(t.name)
    left join pg_namespace n on n.oid = c.relnamespace`;

interface TargetCheck {
  /** Why the statement must not run on these tables, if it must not. */
  readonly refused?: string;
  /** The tables it writes that exist already. */
  readonly oids: ReadonlySet<number>;
}

/** Checks on the server what the parse tree cannot see: what the written tables run. */
async function checkTargets(session: GuardedSession, verdict: Extract<ServerVerdict, { kind: 'run' }>): Promise<TargetCheck> {
  if (!verdict.targets.length) return { oids: new Set() };
  const r = await session.query<{
    name: string;
    oid: number | null;
    schema: string | null;
    triggers: boolean;
    rules: boolean;
    cascades_to: string | null;
    default_functions: string[];
    other_functions: string[];
  }>(TARGETS_SQL, [verdict.targets]);
  const oids = new Set(r.rows.filter((row) => row.oid !== null).map((row) => Number(row.oid)));
  for (const t of r.rows) {
    if (t.schema && ['pg_catalog', 'information_schema'].includes(t.schema)) return { oids, refused: `${t.name} is a system catalog, which is not changed` };
    // Triggers and rules run code on every row written; the simulation cannot check it.
    if (verdict.dml && (t.triggers || t.rules))
      return { oids, refused: `${t.name} has ${t.triggers ? 'triggers' : 'rules'}, whose code the simulation does not check` };
    if (verdict.dml && t.cascades_to)
      return { oids, refused: `a write to ${t.name} cascades to ${t.cascades_to}, whose triggers or rules the simulation does not check` };
    const used = [...(verdict.dml ? t.default_functions : []), ...t.other_functions].map((f) => f.split('.'));
    const fn = used.find((f) => !functionVerdict(f).ok);
    if (fn) return { oids, refused: `${t.name} uses ${fn.join('.')}() in a default, constraint or index, whose body the simulation does not check` };
  }
  return { oids };
}

/**
 * In one transaction a lock taken by an earlier statement is already held, so pg_locks shows
 * nothing new when a later statement takes it again. A migration that runs in autocommit
 * takes it again for real, so for such a statement the held locks on the relations it
 * writes count as taken by it: the row-write lock for INSERT/UPDATE/DELETE, else all of them.
 */
function retakenLocks(locks: readonly ObservedLock[], targets: ReadonlySet<number>, verdict: Extract<ServerVerdict, { kind: 'run' }>): ObservedLock[] {
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

      await session.reassertGuards();
      await session.exec(`SAVEPOINT ${STATEMENT}`);
      let check: TargetCheck;
      try {
        check = await checkTargets(session, verdict);
      } catch (err) {
        check = { oids: new Set(), refused: `the tables it writes could not be checked (${toEngineError(err).message})` };
      }
      if (check.refused) {
        await session.exec(`ROLLBACK TO SAVEPOINT ${STATEMENT}`);
        await session.exec(`RELEASE SAVEPOINT ${STATEMENT}`);
        out.push({ ...base, transaction: mode, error: null, skipped: `not run: ${check.refused}`, notes });
        continue;
      }
      if (inMigrationTx && failedAt !== null) {
        notes.push(`in the migration’s transaction this would not run (statement ${failedAt + 1} failed first); run here so its own result shows`);
      }
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
        // Outside the migration's transaction nothing from earlier statements is held.
        if (!inMigrationTx) locks = retakenLocks(locks, check.oids, verdict).filter((l) => l.acquired);
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
