import * as os from 'node:os';
import { fitClass, PRICED_CLASSES, type ClassCost, type CostProfile, type PricedClass, type Sample } from '../engines/postgres/cost-model';
import type { ServerSession } from './engine/server';

/**
 * Measures the cost model's constants on a real PostgreSQL server. It builds scratch tables
 * of a few sizes, widths and index counts, times one statement of each operation class on
 * them, fits the constants, and drops the tables. It needs a database where it may create
 * tables (never point it at production).
 */

export interface CalibrateOptions {
  /** Table sizes to measure; two or more spread sizes give the best fit. */
  readonly sizes?: readonly number[];
  readonly batchSize?: number;
  /** Timings per statement; the median is kept (a shared machine is noisy). */
  readonly runs?: number;
  readonly name?: string;
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface CalibrationResult {
  readonly profile: CostProfile;
  readonly samples: Readonly<Record<PricedClass, readonly Sample[]>>;
}

const TABLE = 'lockstep_calibration';
const WIDTHS = [8, 200] as const;
const INDEX_COUNTS = [1, 3] as const;

export const DEFAULT_CALIBRATION_SIZES = [250_000, 1_000_000] as const;

async function timed(session: ServerSession, sql: string): Promise<number> {
  const t0 = performance.now();
  await session.exec(sql);
  return performance.now() - t0;
}

function middle(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median time of `runs` runs, each inside a transaction that is rolled back (then `after`). */
async function medianOfRolledBack(session: ServerSession, sql: string, runs: number, after?: string): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    await session.exec('BEGIN');
    try {
      times.push(await timed(session, sql));
    } finally {
      await session.exec('ROLLBACK');
    }
    if (after) await session.exec(after);
  }
  return middle(times);
}

async function rowBytes(session: ServerSession): Promise<number> {
  const r = await session.query<{ b: string }>(
    `select pg_relation_size('${TABLE}'::regclass, 'main')::float8 / greatest(reltuples, 1) as b from pg_class where oid = '${TABLE}'::regclass`,
  );
  return Number(r.rows[0]?.b ?? 0);
}

async function buildTable(session: ServerSession, rows: number, width: number, indexes: number): Promise<void> {
  await session.exec(`DROP TABLE IF EXISTS ${TABLE}`);
  await session.exec(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, a int NOT NULL, b int, c int, k text, pad text)`);
  await session.exec(
    `INSERT INTO ${TABLE} (a, b, c, k, pad) SELECT i % 1000, i, (i::bigint * 7919) % ${rows}, md5(i::text), left(repeat(md5(i::text), ${Math.ceil(width / 32) + 1}), ${width}) FROM generate_series(1, ${rows}) g(i)`,
  );
  // Real secondary indexes (e-mail addresses, UUIDs, foreign keys) take keys in random order,
  // which costs far more per row than an append-only key: measure with those.
  const extra = [`(k)`, `(a, b)`];
  for (let n = 1; n < indexes; n++) await session.exec(`CREATE INDEX ${TABLE}_extra_${n} ON ${TABLE} ${extra[(n - 1) % extra.length]}`);
  await session.exec(`VACUUM ANALYZE ${TABLE}`);
}

export async function calibrate(session: ServerSession, options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const sizes = options.sizes ?? DEFAULT_CALIBRATION_SIZES;
  const batchSize = options.batchSize ?? 10_000;
  const runs = Math.max(1, options.runs ?? 3);
  const samples = Object.fromEntries(PRICED_CLASSES.map((c) => [c, [] as Sample[]])) as Record<PricedClass, Sample[]>;
  const progress = options.onProgress ?? (() => undefined);
  const batchOverheads: number[] = [];

  try {
    for (const rows of sizes) {
      for (const width of WIDTHS) {
        for (const indexes of INDEX_COUNTS) {
          options.signal?.throwIfAborted();
          progress(`table of ${rows} rows, ${width}-byte text, ${indexes} index(es)`);
          await buildTable(session, rows, width, indexes);
          const bytes = await rowBytes(session);
          const input = { rows, rowBytes: bytes, indexes };
          const add = (cls: PricedClass, ms: number): void => void samples[cls].push({ ...input, ms });
          const median = (sql: string, after?: string): Promise<number> => medianOfRolledBack(session, sql, runs, after);

          add('metadata', await median(`ALTER TABLE ${TABLE} ADD COLUMN m0 int`));
          await session.exec(`ALTER TABLE ${TABLE} ADD COLUMN m int`);
          add('scan', await median(`ALTER TABLE ${TABLE} ALTER COLUMN b SET NOT NULL`));
          await session.exec(`ALTER TABLE ${TABLE} ADD CONSTRAINT ${TABLE}_a_check CHECK (a >= 0) NOT VALID`);
          add('validation', await median(`ALTER TABLE ${TABLE} VALIDATE CONSTRAINT ${TABLE}_a_check`));
          await session.exec(`ALTER TABLE ${TABLE} DROP CONSTRAINT ${TABLE}_a_check`);
          // Keys arrive in no particular order and are nearly all distinct, like most indexed columns.
          add('index-build', await median(`CREATE INDEX ${TABLE}_c ON ${TABLE} (c)`));
          const concurrent: number[] = [];
          for (let r = 0; r < runs; r++) {
            concurrent.push(await timed(session, `CREATE INDEX CONCURRENTLY ${TABLE}_c ON ${TABLE} (c)`));
            await session.exec(`DROP INDEX ${TABLE}_c`);
          }
          add('concurrent-index-build', middle(concurrent));
          add('rewrite', await median(`ALTER TABLE ${TABLE} ADD COLUMN r uuid DEFAULT gen_random_uuid()`));
          // An undone UPDATE leaves dead rows whose free space would make the next run cheaper.
          add('backfill', await median(`UPDATE ${TABLE} SET m = b`, `VACUUM FULL ${TABLE}`));
          await session.exec(`ANALYZE ${TABLE}`);
          let batched = 0;
          for (let lo = 0; lo < rows; lo += batchSize) {
            batched += await timed(session, `UPDATE ${TABLE} SET m = b + 1 WHERE id > ${lo} AND id <= ${lo + batchSize}`);
          }
          add('batched-backfill', batched);
          batchOverheads.push(await timed(session, `UPDATE ${TABLE} SET m = 0 WHERE id = -1`));
        }
      }
    }
  } finally {
    await session.exec(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
  }

  const classes = Object.fromEntries(PRICED_CLASSES.map((c) => [c, fitClass(c, samples[c])])) as Record<PricedClass, ClassCost>;
  const overhead = batchOverheads.length ? batchOverheads.sort((a, b) => a - b)[Math.floor(batchOverheads.length / 2)]! : 0;
  const profile: CostProfile = {
    version: 1,
    name: options.name ?? 'calibrated',
    server: `${session.versionText.split(',')[0]}; ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}; ${os.hostname()}`,
    createdAt: new Date().toISOString(),
    method: `lockstep calibrate: tables of ${sizes.join(' and ')} rows × text widths ${WIDTHS.join('/')} bytes × ${INDEX_COUNTS.join('/')} indexes; median of ${runs} rolled-back runs per class, timed from the client`,
    classes,
    batchOverheadMs: overhead,
    batchSize,
  };
  return { profile, samples };
}
