import type * as MysqlModule from './mysql/simulate';
import type * as PostgresModule from './simulate';
import type { SimulationHooks, SimulationRequest } from './simulate';
import type * as SqliteModule from './sqlite/simulate';
import type { Timeline } from './timeline';

/**
 * One entry for every engine: PostgreSQL runs on PGlite (or a real server), SQLite on
 * sql.js with synthetic rows, MySQL and MariaDB on versioned facts (nothing runs). Each
 * simulator is loaded only when its dialect asks for it, so a SQLite run never starts PGlite.
 */
export async function simulateForDialect(req: SimulationRequest, hooks: SimulationHooks = {}): Promise<Timeline> {
  const dialect = req.dialect ?? 'postgresql';
  if (dialect === 'postgresql') {
    const { simulate } = require('./simulate') as typeof PostgresModule;
    return simulate(req, hooks);
  }
  if (req.url !== undefined) throw new Error(`real database mode (--url) traces on PostgreSQL only, not ${dialect}`);
  hooks.signal?.throwIfAborted();
  hooks.onProgress?.({ stage: 'starting' });
  if (dialect === 'sqlite') {
    const { simulateSqlite } = require('./sqlite/simulate') as typeof SqliteModule;
    const timeline = await simulateSqlite(
      {
        file: req.file,
        ...(req.sql !== undefined ? { sql: req.sql } : {}),
        ...(req.schemaFile ? { schemaFile: req.schemaFile } : {}),
        ...(req.replayPreceding !== undefined ? { replayPreceding: req.replayPreceding } : {}),
        ...(req.rows ? { rows: req.rows } : {}),
        ...(req.tables ? { tables: req.tables } : {}),
        ...(req.sampleRows !== undefined ? { sampleRows: req.sampleRows } : {}),
        ...(req.targetVersionText ? { targetVersion: req.targetVersionText } : {}),
        ...(req.transactional !== undefined ? { transactional: req.transactional } : {}),
        ...(req.statementTimeoutMs !== undefined ? { statementTimeoutMs: req.statementTimeoutMs } : {}),
        ...(req.stopped ? { stopped: req.stopped } : {}),
      },
      hooks,
    );
    return timeline;
  }
  const { simulateMysql } = require('./mysql/simulate') as typeof MysqlModule;
  return simulateMysql({
    file: req.file,
    dialect,
    ...(req.sql !== undefined ? { sql: req.sql } : {}),
    ...(req.targetVersionText ? { targetVersion: req.targetVersionText } : {}),
    ...(req.rows ? { rows: req.rows } : {}),
    ...(req.tables ? { tables: req.tables } : {}),
    ...(req.transactional !== undefined ? { transactional: req.transactional } : {}),
  });
}
