import { mysqlIdent, mysqlTable } from '../engines/mysql/sql';
import { displayName, type QualifiedName } from '../operations';
import { objectName } from './sql-text';
import type { PlanStatement } from './types';

/**
 * The MySQL/MariaDB backfill as one loop: a stored procedure with a `WHILE` (MySQL 5.7+,
 * MariaDB 10.3+), created, called and dropped by the backfill file. Each batch is the next
 * `batch_size` keys still missing a value, updated in its own transaction, with a progress
 * line; a batch that waits past innodb_lock_wait_timeout (or loses a deadlock) is rolled
 * back and retried. Rows already done are skipped, so a rerun resumes where values are
 * missing, and the walk moves forward by key, so it ends even when a value cannot satisfy
 * the pending test.
 *
 * The procedure body holds semicolons, so the file switches the mysql client's statement
 * delimiter around it (`DELIMITER //` … `DELIMITER ;`): a client command, not SQL.
 */
export interface MysqlBackfill {
  readonly table: QualifiedName;
  readonly key: string;
  /** `col = value, …` */
  readonly set: string;
  /** Rows that still need the batch's write. */
  readonly pending: string;
  readonly batchSize: number;
  readonly pauseMs: number;
  readonly lockTimeoutSeconds: number;
  /** `orders.stage`: names the procedure and its progress lines. */
  readonly label: string;
  readonly slug: string;
  /** The value is not known: the procedure refuses to run until it is edited. */
  readonly placeholder?: string;
}

export function procedureName(b: MysqlBackfill): string {
  return objectName('lockstep_backfill', b.slug).slice(0, 64);
}

/** The statements of the backfill file, in order; the procedure's text carries its DELIMITER lines. */
export function mysqlBackfillStatements(b: MysqlBackfill): PlanStatement[] {
  const name = procedureName(b);
  const t = mysqlTable(b.table);
  const k = mysqlIdent(b.key);
  const label = b.label.replace(/'/g, "''");
  const say = (...parts: string[]): string => `SELECT CONCAT(${[`'lockstep backfill ${label}: '`, ...parts].join(', ')}) AS progress;`;
  const body = [
    `CREATE PROCEDURE ${name}(IN batch_size INT, IN pause_seconds DECIMAL(10,3))`,
    'BEGIN',
    '  DECLARE updated BIGINT DEFAULT 0;',
    '  DECLARE total BIGINT DEFAULT 0;',
    '  DECLARE lock_failed INT DEFAULT 0;',
    '  -- 1205: waited past innodb_lock_wait_timeout; 1213: chosen as a deadlock victim. Retry the batch.',
    '  DECLARE CONTINUE HANDLER FOR 1205, 1213 SET lock_failed = 1;',
    ...(b.placeholder
      ? [
          `  -- EDIT FIRST: ${b.placeholder}; replace NULL in the UPDATE below, then delete the next line.`,
          `  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'lockstep backfill ${label}: edit the value existing rows get first';`,
        ]
      : []),
    // User variables keep the key's own type, whatever it is.
    `  SET @lockstep_lo = NULL, @lockstep_hi = NULL;`,
    `  SELECT MIN(${k}) INTO @lockstep_lo FROM ${t} WHERE ${b.pending};`,
    '  WHILE @lockstep_lo IS NOT NULL DO',
    `    SELECT MAX(${k}) INTO @lockstep_hi FROM (SELECT ${k} FROM ${t} WHERE ${k} >= @lockstep_lo AND (${b.pending}) ORDER BY ${k} LIMIT batch_size) AS batch;`,
    '    IF @lockstep_hi IS NULL THEN SET @lockstep_hi = @lockstep_lo; END IF;',
    '    SET lock_failed = 0;',
    '    START TRANSACTION;',
    `    UPDATE ${t} SET ${b.set} WHERE ${k} >= @lockstep_lo AND ${k} <= @lockstep_hi AND (${b.pending});`,
    '    SET updated = ROW_COUNT();',
    '    IF lock_failed = 1 THEN',
    '      ROLLBACK;',
    `      ${say(`'batch from ${b.key} ', @lockstep_lo, ' waited for a row lock; retrying'`)}`,
    '      DO SLEEP(1);',
    '    ELSE',
    '      COMMIT;',
    '      SET total = total + updated;',
    `      ${say(`total, ' rows updated, through ${b.key} ', @lockstep_hi`)}`,
    `      SELECT MIN(${k}) INTO @lockstep_lo FROM ${t} WHERE ${k} > @lockstep_hi AND (${b.pending});`,
    '      DO SLEEP(pause_seconds);',
    '    END IF;',
    '  END WHILE;',
    `  ${say(`'finished, ', total, ' rows updated'`)}`,
    'END //',
  ].join('\n');
  const seconds = (b.pauseMs / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
  return [
    { sql: `DROP PROCEDURE IF EXISTS ${name}` },
    // The renderer ends every statement with `;`, which completes `DELIMITER ;`.
    { sql: `DELIMITER //\n${body}\nDELIMITER ` },
    // Row-lock waits of one batch stay short; the procedure retries a batch that times out.
    { sql: `SET SESSION innodb_lock_wait_timeout = ${b.lockTimeoutSeconds}` },
    { sql: `CALL ${name}(${b.batchSize}, ${seconds})` },
    { sql: `DROP PROCEDURE IF EXISTS ${name}` },
  ];
}

/** The header's description of the loop. */
export function mysqlBackfillWhat(b: MysqlBackfill): string {
  return `Fills ${b.label} with a stored procedure that loops (WHILE) over ${displayName(b.table)} in ${b.key} order, ${b.batchSize.toLocaleString('en-US')} rows per batch, each batch its own transaction with a progress line, touching only rows where ${b.pending}; created, called and dropped by this file.`;
}
