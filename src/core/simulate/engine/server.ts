import type { QueryResult, SqlSession } from './session';
import { SIMULATE_APPLICATION_NAME } from './server-policy';

/**
 * A session on a real PostgreSQL server through `pg`. Used by real database mode (every
 * transaction rolled back) and by calibration (on a scratch database the user points at).
 */

export interface ServerSession extends SqlSession {
  readonly kind: 'server';
  /** `PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu …` */
  readonly versionText: string;
  readonly majorVersion: number;
}

export class ServerRefusal extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'authentication' | 'rights' | 'version',
  ) {
    super(message);
    this.name = 'ServerRefusal';
  }
}

/** Hides the password of a connection string for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/**
 * Limits that bound what a simulation can do to a server, even when the client dies.
 * They go in the startup packet, so they are the session's defaults (RESET returns to
 * them) and are in force before the first query, including the catalog queries.
 */
export interface ServerGuards {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** A client that stops talking mid-transaction is disconnected after this long. */
  readonly idleInTransactionMs: number;
  /** PostgreSQL 17+: the whole transaction, however busy, ends after this long. */
  readonly transactionTimeoutMs?: number;
}

export interface GuardedSession extends ServerSession {
  /** The server process of this session, for pg_cancel_backend from another connection. */
  readonly pid: number;
  readonly guards: ServerGuards;
  /** Sets the guards again (before every statement). */
  reassertGuards(): Promise<void>;
  /**
   * One statement of a migration, by the extended protocol: the server itself refuses a
   * string holding more than one statement.
   */
  runStatement(sql: string): Promise<QueryResult<unknown>>;
  /** Cancels whatever this session is running, through a second connection. */
  cancel(): Promise<void>;
}

function ms(value: number): number {
  return Math.max(1, Math.round(value));
}

function guardOptions(g: ServerGuards): string {
  return [
    `-c lock_timeout=${ms(g.lockTimeoutMs)}`,
    `-c statement_timeout=${ms(g.statementTimeoutMs)}`,
    `-c idle_in_transaction_session_timeout=${ms(g.idleInTransactionMs)}`,
  ].join(' ');
}

function guardSql(g: ServerGuards, majorVersion: number): string {
  const out = [
    `SET lock_timeout = ${ms(g.lockTimeoutMs)}`,
    `SET statement_timeout = ${ms(g.statementTimeoutMs)}`,
    `SET idle_in_transaction_session_timeout = ${ms(g.idleInTransactionMs)}`,
  ];
  if (majorVersion >= 17 && g.transactionTimeoutMs !== undefined) out.push(`SET transaction_timeout = ${ms(g.transactionTimeoutMs)}`);
  // PostgreSQL 14+: a statement notices its client is gone instead of running to the end.
  if (majorVersion >= 14) out.push('SET client_connection_check_interval = 1000');
  return out.join('; ');
}

/** Asks the server to cancel the statement running in session `pid`, from a connection of its own. */
export async function cancelBackend(url: string, pid: number, timeoutMs = 5_000): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    application_name: `${SIMULATE_APPLICATION_NAME}-cancel`,
    options: `-c statement_timeout=${timeoutMs}`,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ ok: boolean }>('select pg_cancel_backend($1) as ok', [pid]);
    return r.rows[0]?.ok === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function connectServer(url: string, options: { connectTimeoutMs?: number } = {}): Promise<ServerSession> {
  return (await open(url, options.connectTimeoutMs ?? 10_000, undefined)).session;
}

/** A session for real database mode: its own application_name, the guards set at startup. */
export async function connectGuarded(url: string, guards: ServerGuards, options: { connectTimeoutMs?: number } = {}): Promise<GuardedSession> {
  const { session, client } = await open(url, options.connectTimeoutMs ?? 10_000, guards);
  const pidRow = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const pid = Number(pidRow.rows[0]!.pid);
  const reassert = guardSql(guards, session.majorVersion);
  try {
    await client.query(reassert);
  } catch (err) {
    await session.close();
    throw err;
  }
  let cancelled: Promise<void> | undefined;
  return {
    ...session,
    pid,
    guards,
    async reassertGuards(): Promise<void> {
      await client.query(reassert);
    },
    async runStatement(sql: string): Promise<QueryResult<unknown>> {
      const r = await client.query({ text: sql, queryMode: 'extended' } as import('pg').QueryConfig);
      return { rows: r.rows as unknown[], affectedRows: r.rowCount ?? undefined };
    },
    cancel(): Promise<void> {
      cancelled ??= cancelBackend(url, pid).then(() => undefined);
      return cancelled;
    },
  };
}

async function open(url: string, connectTimeoutMs: number, guards: ServerGuards | undefined): Promise<{ session: ServerSession; client: import('pg').Client }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: guards ? SIMULATE_APPLICATION_NAME : 'lockstep',
    ...(guards ? { options: guardOptions(guards) } : {}),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const auth = e.code === '28P01' || e.code === '28000';
    throw new ServerRefusal(
      `${auth ? 'cannot log in to' : 'cannot reach'} ${redactUrl(url)}: ${e.message ?? String(err)}`,
      auth ? 'authentication' : 'unreachable',
    );
  }
  const v = await client.query<{ v: string; n: string }>("select version() as v, current_setting('server_version_num') as n");
  const row = v.rows[0]!;
  let closed = false;
  const session: ServerSession = {
    kind: 'server',
    versionText: row.v,
    majorVersion: Math.floor(Number(row.n) / 10000),
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await client.query(sql, params ? [...params] : undefined);
      return { rows: r.rows as T[], affectedRows: r.rowCount ?? undefined };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end().catch(() => undefined);
    },
  };
  return { session, client };
}
