/**
 * What real database mode (`simulate --url`) lets a migration do on a user's server, as data.
 * The classifier in `server-classify.ts` reads these lists; anything not allowed here is
 * skipped with a message that names it. Whatever runs, runs inside one transaction that is
 * always rolled back, so the lists only have to keep out what a rollback cannot undo.
 */

/**
 * Volatile built-ins that are allowed anyway. Stable and immutable built-ins (from the
 * catalog's provolatile, `function-volatility.json`) cannot change the database and are
 * allowed without being listed; every other volatile function is refused.
 */
export const ALLOWED_VOLATILE_FUNCTIONS: Readonly<Record<string, string>> = {
  random: 'pure computation',
  random_normal: 'pure computation',
  gen_random_uuid: 'pure computation; common column default',
  uuidv4: 'pure computation; common column default (PostgreSQL 18)',
  uuidv7: 'pure computation; common column default (PostgreSQL 18)',
  uuid_generate_v1: 'uuid-ossp: pure computation',
  uuid_generate_v1mc: 'uuid-ossp: pure computation',
  uuid_generate_v4: 'uuid-ossp: pure computation; common column default',
  gen_random_bytes: 'pgcrypto: pure computation',
  gen_salt: 'pgcrypto: pure computation',
  clock_timestamp: 'reads the clock',
  timeofday: 'reads the clock',
  // Sequences are not transactional: each call advances the real sequence and a rollback
  // does not give the numbers back. Serial and identity columns need it; the README and
  // the command's output say so.
  nextval: 'serial and identity defaults; advances the sequence (not undone by the rollback)',
  currval: 'reads the session state of a sequence',
  lastval: 'reads the session state of a sequence',
  txid_current: 'assigns a transaction id, undone with the transaction',
  pg_current_xact_id: 'assigns a transaction id, undone with the transaction',
  // Transaction-level advisory locks end with the rollback (migration tools take them).
  pg_advisory_xact_lock: 'released by the rollback',
  pg_advisory_xact_lock_shared: 'released by the rollback',
  pg_try_advisory_xact_lock: 'released by the rollback',
  pg_try_advisory_xact_lock_shared: 'released by the rollback',
  // Bounded by statement_timeout, which the migration cannot lift (set_config and RESET ALL
  // are refused and the guard is re-set before every statement).
  pg_sleep: 'bounded by the statement_timeout guard',
  pg_sleep_for: 'bounded by the statement_timeout guard',
  pg_sleep_until: 'bounded by the statement_timeout guard',
  pg_relation_size: 'reads a size',
  pg_total_relation_size: 'reads a size',
  pg_table_size: 'reads a size',
  pg_indexes_size: 'reads a size',
};

/**
 * Functions that extensions install in a schema of the user's choosing (often `public` or
 * `extensions`), so a schema-qualified call is allowed for these names too. Every other
 * qualified name outside pg_catalog is the user's own function, whose body is not checked.
 */
export const EXTENSION_FUNCTIONS: ReadonlySet<string> = new Set([
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'gen_salt',
  'digest',
  'hmac',
  'crypt',
]);

/**
 * Why well-known dangerous functions are refused, for the message (they are refused
 * because they are volatile and unlisted; these only give the reason).
 */
export const REFUSED_FUNCTION_REASONS: readonly { readonly match: RegExp; readonly why: string }[] = [
  { match: /^dblink/, why: 'opens another connection whose work the rollback cannot undo' },
  { match: /replication_slot/, why: 'a replication slot outlives the transaction and retains WAL' },
  { match: /^pg_switch_wal$|^pg_create_restore_point$|^pg_backup_/, why: 'acts on the server’s WAL' },
  { match: /^pg_(terminate|cancel)_backend$/, why: 'acts on other sessions' },
  { match: /^pg_stat_reset/, why: 'statistics resets are not transactional' },
  { match: /^lo_|^lowrite$|^loread$/, why: 'large-object file access on the server' },
  { match: /^set_config$/, why: 'would lift the guards (statement_timeout, lock_timeout)' },
  { match: /^setval$/, why: 'sequence changes are not undone by the rollback' },
  { match: /^pg_(read|ls|stat)_|^pg_file_/, why: 'reads files on the server' },
  { match: /^pg_reload_conf$|^pg_rotate_logfile$|^pg_promote$|^pg_log_/, why: 'acts on the server process' },
  { match: /^pg_advisory_(un)?lock|^pg_try_advisory_lock|^pg_advisory_unlock/, why: 'session advisory locks outlive the rollback' },
  { match: /^pg_notify$/, why: 'notifications reach other sessions' },
  { match: /_to_xml|^ts_stat$|^ts_rewrite$/, why: 'runs the SQL text it is given' },
];

/**
 * Parameters a migration may SET (or SET LOCAL, or RESET one by one): formatting, planner
 * and memory settings that change how statements run but nothing on the server.
 */
export const ALLOWED_SETTINGS: ReadonlySet<string> = new Set([
  'search_path',
  'timezone',
  'datestyle',
  'intervalstyle',
  'client_min_messages',
  'client_encoding',
  'standard_conforming_strings',
  'escape_string_warning',
  'check_function_bodies',
  'bytea_output',
  'xmloption',
  'extra_float_digits',
  'maintenance_work_mem',
  'work_mem',
  'temp_buffers',
  'max_parallel_maintenance_workers',
  'max_parallel_workers_per_gather',
  'default_table_access_method',
  'default_toast_compression',
  'constraint_exclusion',
  'row_security',
  'synchronous_commit',
  'jit',
  'random_page_cost',
  'seq_page_cost',
  'effective_cache_size',
  'plan_cache_mode',
]);

/** Planner switches (`enable_seqscan`, …) are allowed as a family. */
export const ALLOWED_SETTING_PREFIXES: readonly string[] = ['enable_'];

/**
 * Settings the simulation owns. lock_timeout and statement_timeout in a migration are
 * modelled (the timeline uses them) but not sent; the rest are refused.
 */
export const MODELLED_SETTINGS: ReadonlySet<string> = new Set(['lock_timeout', 'statement_timeout']);
export const GUARD_SETTINGS: ReadonlySet<string> = new Set([
  'idle_in_transaction_session_timeout',
  'transaction_timeout',
  'client_connection_check_interval',
  'application_name',
]);

/** Schemas a migration may not write into. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** The connection's application_name: lets a DBA find (and end) the session. */
export const SIMULATE_APPLICATION_NAME = 'lockstep-simulate';
