import { displayName } from '../operations';
import { durationLiteral, ident, literal, objectName, tableSql } from './sql-text';
import type { Backfill } from './types';

/**
 * The batched backfill as PL/pgSQL. Batches are cut on the primary key (any orderable
 * type, through `%TYPE`), each batch is one UPDATE of the rows in a key range that still
 * need a value, committed on its own (PostgreSQL 11+ allows COMMIT in procedures and in DO
 * blocks run outside a transaction block). Rerunning skips rows already done; a lock
 * timeout on a batch waits and retries that batch instead of failing the run.
 */

function setClause(b: Backfill): string {
  return b.assignments.map((a) => `${ident(a.column)} = ${a.value}`).join(', ');
}

/** The loop body shared by the procedure and the DO block; `resume_from` holds the key to resume after. */
function loopBody(b: Backfill): string {
  const t = tableSql(b.table);
  const k = ident(b.key);
  const label = `${displayName(b.table)}.${b.assignments.map((a) => a.column).join(', ')}`;
  const guard = b.placeholder ? `  RAISE EXCEPTION 'lockstep backfill: edit this migration first (%)', ${literal(b.placeholder)};\n` : '';
  return `${guard}  SELECT max(${k}) INTO last_key FROM ${t};
  IF resume_from IS NULL THEN
    SELECT min(${k}) INTO lo FROM ${t};
  ELSE
    SELECT min(${k}) INTO lo FROM ${t} WHERE ${k} > resume_from;
  END IF;
  WHILE lo IS NOT NULL LOOP
    SELECT max(${k}) INTO hi FROM (SELECT ${k} FROM ${t} WHERE ${k} >= lo ORDER BY ${k} LIMIT batch_size) AS batch;
    -- Each batch is its own transaction: bound its wait for row locks held by the application.
    PERFORM set_config('lock_timeout', ${durationLiteral(b.lockTimeoutMs)}, true);
    BEGIN
      UPDATE ${t} SET ${setClause(b)}
       WHERE ${k} >= lo AND ${k} <= hi AND (${b.pending});
      GET DIAGNOSTICS n = ROW_COUNT;
    EXCEPTION WHEN lock_not_available THEN
      RAISE NOTICE 'lockstep backfill ${esc(label)}: batch from % waited past lock_timeout; retrying', lo;
      PERFORM pg_sleep(1);
      CONTINUE;
    END;
    COMMIT;
    done := done + n;
    RAISE NOTICE 'lockstep backfill ${esc(label)}: % rows updated, through ${esc(b.key)} % of %', done, hi, last_key;
    SELECT min(${k}) INTO lo FROM ${t} WHERE ${k} > hi;
    PERFORM pg_sleep(pause_ms / 1000.0);
  END LOOP;
  RAISE NOTICE 'lockstep backfill ${esc(label)}: finished, % rows updated', done;`;
}

/** The key column's own type, so any orderable primary key works. */
function keyTypeRef(b: Backfill): string {
  return `${tableSql(b.table)}.${ident(b.key)}%TYPE`;
}

function declarations(b: Backfill): string {
  const ref = keyTypeRef(b);
  return `  lo ${ref};\n  hi ${ref};\n  last_key ${ref};\n  n bigint := 0;\n  done bigint := 0;`;
}

function esc(text: string): string {
  return text.replace(/'/g, "''").replace(/%/g, '%%');
}

function procedureName(b: Backfill): string {
  return objectName('lockstep_backfill', b.slug);
}

/**
 * CREATE PROCEDURE … ; CALL …; DROP PROCEDURE … — for runners that send statements one at
 * a time outside a transaction (psql, Flyway with executeInTransaction=false).
 */
export function procedureStatements(b: Backfill): { create: string; call: string; drop: string } {
  const name = ident(procedureName(b));
  const body = loopBody(b);
  const create = `CREATE OR REPLACE PROCEDURE ${name}(batch_size integer DEFAULT ${b.batchSize}, pause_ms integer DEFAULT ${b.pauseMs}, resume_after text DEFAULT NULL)
LANGUAGE plpgsql AS $lockstep$
DECLARE
${declarations(b)}
  resume_from ${keyTypeRef(b)} := resume_after;
BEGIN
${body}
END
$lockstep$`;
  return {
    create,
    call: `CALL ${name}(batch_size => ${b.batchSize}, pause_ms => ${b.pauseMs})`,
    drop: `DROP PROCEDURE IF EXISTS ${name}(integer, integer, text)`,
  };
}

/**
 * One DO statement that does the same: for runners that send a whole file as one query
 * string, where a CALL could not COMMIT (PostgreSQL runs a multi-statement string as one
 * transaction block), so the file must hold exactly this statement.
 */
export function doBlockStatement(b: Backfill): string {
  const body = loopBody(b);
  return `DO $lockstep$
DECLARE
  -- Settings: rows per batch, pause between batches, and a key to resume after (NULL: from the start).
  batch_size integer := ${b.batchSize};
  pause_ms integer := ${b.pauseMs};
  resume_after text := NULL;
${declarations(b)}
  resume_from ${keyTypeRef(b)} := resume_after;
BEGIN
${body}
END
$lockstep$`;
}

/** The single batch UPDATE a script runs, with `$1`/`$2` (or `?`) for the key range. */
export function batchUpdateSql(b: Backfill, placeholders: readonly [string, string]): string {
  const k = ident(b.key);
  return `UPDATE ${tableSql(b.table)} SET ${setClause(b)} WHERE ${k} >= ${placeholders[0]} AND ${k} <= ${placeholders[1]} AND (${b.pending})`;
}

export function firstKeySql(b: Backfill): string {
  return `SELECT min(${ident(b.key)}) AS lo, max(${ident(b.key)}) AS last_key FROM ${tableSql(b.table)}`;
}
