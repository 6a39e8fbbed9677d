/**
 * The little the simulator needs from a PostgreSQL connection, so the same trace code runs
 * on PGlite and on a real server through `pg`.
 */
export interface QueryResult<T> {
  readonly rows: T[];
  readonly affectedRows?: number;
}

export interface SqlSession {
  /** Which engine answers: PGlite in-process, or a real server. */
  readonly kind: 'pglite' | 'server';
  /** One statement, optionally with `$1…` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** One or more statements without parameters (simple protocol). */
  exec(sql: string): Promise<void>;
  /**
   * `COPY … FROM '/dev/blob'` fed with `data` (COPY's text format), for the inline rows of a
   * dump's `COPY … FROM STDIN`. Engines without it skip such statements.
   */
  copyFrom?(sql: string, data: string): Promise<void>;
  close(): Promise<void>;
}

/** An engine error reduced to what a report shows. */
export interface EngineError {
  readonly message: string;
  /** SQLSTATE, e.g. `23502` for a NOT NULL violation, `55P03` for a lock timeout. */
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
}

export function toEngineError(err: unknown): EngineError {
  if (err && typeof err === 'object') {
    const e = err as { message?: unknown; code?: unknown; detail?: unknown; hint?: unknown };
    const out: { message: string; code?: string; detail?: string; hint?: string } = {
      message: typeof e.message === 'string' ? e.message : String(err),
    };
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.detail === 'string' && e.detail) out.detail = e.detail;
    if (typeof e.hint === 'string' && e.hint) out.hint = e.hint;
    return out;
  }
  return { message: String(err) };
}
