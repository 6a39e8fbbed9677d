import type { QueryResult, SqlSession } from './session';

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

export async function connectServer(url: string, options: { connectTimeoutMs?: number } = {}): Promise<ServerSession> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, application_name: 'lockstep' });
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
  return {
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
}
