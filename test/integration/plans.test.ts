import assert from 'node:assert/strict';
import Mocha from 'mocha';
import { resolveConfig, type ConfigFile } from '../../src/core/config';
import { planMigration, upSection, type PlanMigrationResult } from '../../src/core/phases';
import { BATCH_SIZE, corpusCandidates, corpusCase, mariadbCases, postgresCases, SEED_ROWS, sqliteCases, type CaseDialect, type PlanCase } from './plans/cases';
import { differences, isVolatileExpression, type Allowances, type EngineState } from './plans/compare';
import { KNOWN_PLAN_DEFECTS } from './plans/known-defects';
import { applyPlanFiles, clientStatements, connectMariadb, mariadbServerUrl, recordMariadb, runStatements, seedMariadb } from './plans/mariadb';
import { applyOriginal, applyPlan, PostgresServer, recordPostgres } from './plans/postgres';
import { applySqlitePlan, copySqlite, freshSqlite, recordSqlite } from './plans/sqlite';
import { testServerUrl } from './server';

/**
 * Every generated plan must do on a real engine what the migration it replaces does: the
 * original runs on one fresh database, the phased files (as the convention's runner applies
 * them, backfill included) on another seeded with the same rows, and the two must end with
 * the same schema and the same values in every row, except where the plan documents a
 * difference. PostgreSQL 15 and MariaDB are Debian's servers (scripts/pg-test-server.sh,
 * scripts/mariadb-test-server.sh); SQLite is sql.js.
 */

/** Risky corpus migrations (plans with more than an expand phase) taken, in path order. */
const CORPUS_CASES = 40;
const NOW = new Date(Date.UTC(2025, 0, 1));

type Outcome = 'passed' | 'skipped' | 'known defect';
const tally = new Map<CaseDialect, Record<Outcome, number>>();
function count(dialect: CaseDialect, outcome: Outcome): void {
  const t = tally.get(dialect) ?? { passed: 0, skipped: 0, 'known defect': 0 };
  t[outcome]++;
  tally.set(dialect, t);
}

/** A case the engine cannot run for a reason outside the plan (reported, not failed). */
class CaseSkipped extends Error {}

/** Planning configuration: every table holds the seeded rows, so batch counts cover them. */
function planConfig(c: PlanCase): ConfigFile {
  const tables: Record<string, { rows: number }> = {};
  for (const t of [...Object.keys(c.config.tables ?? {}), 'users', 'orders', 'sessions', 'accounts']) tables[t] = { rows: SEED_ROWS };
  return { ...c.config, tables };
}

async function plan(c: PlanCase): Promise<PlanMigrationResult> {
  return planMigration(c.sql, {
    config: resolveConfig(planConfig(c)),
    ...(c.fileName ? { fileName: c.fileName } : {}),
    ...(c.convention ? { convention: c.convention } : {}),
    batchSize: BATCH_SIZE,
    pauseMs: 0,
    now: NOW,
    ...c.options,
  });
}

/** The original as run: with the DEFAULT it needs for existing rows where the case gives one. */
function originalSql(c: PlanCase): string {
  // dbmate keeps the rollback after `-- migrate:down`; its runner applies only the up section.
  let sql = upSection(c.sql);
  for (const [key, value] of Object.entries(c.originalDefaults ?? {})) {
    const column = key.split('.').pop()!;
    sql = sql.replace(new RegExp(`(ADD\\s+COLUMN\\s+"?${column}"?\\s[^;]*?NOT\\s+NULL)`, 'i'), `$1 DEFAULT ${value}`);
  }
  return sql;
}

function allowances(c: PlanCase, result: PlanMigrationResult): Allowances {
  const volatileColumns = new Set<string>();
  for (const phase of result.phases) {
    for (const step of phase.steps) {
      if (step.kind !== 'backfill') continue;
      const t = step.backfill.table;
      const table = t.schema && t.schema !== 'public' ? `${t.schema}.${t.name}` : t.name;
      for (const a of step.backfill.assignments) if (isVolatileExpression(a.value)) volatileColumns.add(`${table}.${a.column}`);
    }
  }
  return {
    volatileColumns,
    ...(c.originalDefaults ? { strippedDefaults: c.originalDefaults } : {}),
    // MySQL: the plan's note says the column is added last because AFTER/FIRST would copy the
    // table. PostgreSQL cannot reorder columns: a plan that replaces a column (rename, type
    // change: new column, copy, drop the old one in its contract phase) leaves the new one last.
    columnOrder: result.notes.some((n) => /is added last/.test(n)) || (c.dialect === 'postgresql' && result.phases.some((p) => p.kind === 'contract')),
  };
}

function compare(expected: EngineState, actual: EngineState, allow: Allowances): void {
  const diffs = differences(expected, actual, allow);
  if (diffs.length > 0) assert.fail(`the plan does not reach what the original did:\n  ${diffs.join('\n  ')}`);
}

/**
 * Runs one case as a mocha test body: a known defect that fails is reported as skipped with
 * its reason, and one that passes fails until its entry is removed.
 */
function caseTest(c: PlanCase, run: () => Promise<void>): (this: Mocha.Context) => Promise<void> {
  return async function () {
    const known = KNOWN_PLAN_DEFECTS[c.id];
    try {
      await run();
    } catch (err) {
      if (err instanceof CaseSkipped) {
        count(c.dialect, 'skipped');
        console.log(`      skipped: ${err.message}`);
        this.skip();
      }
      if (known) {
        count(c.dialect, 'known defect');
        console.log(`      known defect (KNOWN_PLAN_DEFECTS): ${known}\n      ${(err as Error).message.split('\n')[0]}`);
        this.skip();
      }
      throw err;
    }
    if (known) assert.fail(`${c.id} passes now: delete its entry from KNOWN_PLAN_DEFECTS (test/integration/plans/known-defects.ts)`);
    count(c.dialect, 'passed');
  };
}

// ---------------------------------------------------------------------------------------

async function runPostgres(server: PostgresServer, c: PlanCase, result: PlanMigrationResult): Promise<void> {
  const base = await server.base(c.earlier, SEED_ROWS);
  const original = await server.copy(base.name, 'original');
  const phased = await server.copy(base.name, 'phased');
  try {
    const o = await server.open(original);
    let expected: EngineState;
    try {
      await applyOriginal(o, originalSql(c));
      expected = await recordPostgres(o);
    } catch (err) {
      throw new CaseSkipped(`the original migration fails on the seeded rows (${(err as Error).message}); nothing to compare with`);
    } finally {
      await o.close();
    }
    const p = await server.open(phased);
    try {
      await applyPlan(p, result.convention, result.files);
      compare(expected, await recordPostgres(p), allowances(c, result));
    } finally {
      await p.close();
    }
  } finally {
    await server.drop(original, phased);
  }
}

describe('phased plans on real engines: each plan ends where the original migration does', function () {
  this.timeout(600_000);

  after(() => {
    for (const [dialect, t] of tally) console.log(`  ${dialect}: ${t.passed} passed, ${t.skipped} skipped, ${t['known defect']} known defects`);
  });

  describe('PostgreSQL (Debian server)', () => {
    let server: PostgresServer;
    before(async () => {
      server = await PostgresServer.connect(testServerUrl());
      console.log(`    ${server.versionText}`);
      // Only the server scripts/pg-test-server.sh started is ours to reconfigure.
      if (!process.env['LOCKSTEP_PG_URL']) await server.relaxDurability();
    });
    after(async () => {
      await server?.close();
    });

    for (const c of postgresCases()) {
      it(
        c.id.replace(/^postgresql:/, ''),
        caseTest(c, async () => {
          const result = await plan(c);
          if (result.files.length === 0) {
            // Only the rule pages' examples may have nothing to plan (a safe form, a finding without a plan): that is their answer.
            if (c.source === 'docs') return;
            assert.fail(`${c.id}: no plan`);
          }
          await runPostgres(server, c, result);
        }),
      );
    }

    describe('risky migrations of the shared corpus', function () {
      const selected: { c: PlanCase; result: PlanMigrationResult }[] = [];
      before(async function () {
        const candidates = corpusCandidates();
        if (candidates.length === 0) {
          console.log('      the shared corpus is absent (../shared/corpus): corpus cases skipped');
          this.skip();
        }
        for (const file of candidates) {
          if (selected.length >= CORPUS_CASES) break;
          const c = corpusCase(file);
          let result: PlanMigrationResult;
          try {
            result = await plan(c);
          } catch {
            continue;
          }
          const risky = result.phases.some((p) => p.kind !== 'expand');
          // A backfill whose value could not be derived refuses to run until someone writes it.
          const placeholder = result.phases.some((p) => p.steps.some((s) => s.kind === 'backfill' && s.backfill.placeholder));
          if (result.files.length > 0 && risky && !placeholder) selected.push({ c, result });
        }
        const suite = this.test!.parent!;
        for (const { c, result } of selected) {
          suite.addTest(
            new Mocha.Test(
              c.id.replace(/^postgresql:corpus\//, ''),
              caseTest(c, () => runPostgres(server, c, result)),
            ),
          );
        }
      });
      it(`selects ${CORPUS_CASES} risky migrations that plan`, () => {
        assert.equal(selected.length, CORPUS_CASES);
      });
    });
  });

  describe('MariaDB (Debian server)', () => {
    let url: string | undefined;
    let admin: Awaited<ReturnType<typeof connectMariadb>> | undefined;
    let n = 0;
    before(async function () {
      url = mariadbServerUrl();
      if (!url) {
        console.log('    no MariaDB test server: run `bash scripts/mariadb-test-server.sh start` (or set LOCKSTEP_MARIADB_URL)');
        this.skip();
      }
      admin = await connectMariadb(url);
      const [rows] = await admin.query('SELECT VERSION() AS v');
      console.log(`    MariaDB ${(rows as { v: string }[])[0]!.v}`);
    });
    after(async () => {
      await admin?.end();
    });

    for (const c of mariadbCases()) {
      it(
        c.id.replace(/^mariadb:/, ''),
        caseTest(c, async () => {
          const result = await plan(c);
          if (result.files.length === 0) {
            if (c.source === 'docs') return;
            assert.fail(`${c.id}: no plan`);
          }
          const names = ['original', 'phased'].map((k) => `lockstep_plans_${process.pid}_${++n}_${k}`);
          const states: EngineState[] = [];
          try {
            for (const [i, db] of names.entries()) {
              await admin!.query(`CREATE DATABASE \`${db}\``);
              const conn = await connectMariadb(url!, db);
              try {
                for (const text of c.earlier) await runStatements(conn, clientStatements(text));
                await seedMariadb(conn, db, SEED_ROWS);
                if (i === 0) {
                  try {
                    await runStatements(conn, clientStatements(originalSql(c)));
                  } catch (err) {
                    throw new CaseSkipped(
                      `the original migration fails on the seeded rows (${(err as Error).message.split('\n')[0]}); nothing to compare with`,
                    );
                  }
                } else await applyPlanFiles(conn, result.files);
                states.push(await recordMariadb(conn, db));
              } finally {
                await conn.end();
              }
            }
            compare(states[0]!, states[1]!, allowances(c, result));
          } finally {
            for (const db of names) await admin!.query(`DROP DATABASE IF EXISTS \`${db}\``);
          }
        }),
      );
    }
  });

  describe('SQLite (sql.js)', () => {
    before(async () => {
      const db = await freshSqlite([], 0);
      console.log(`    SQLite ${String(db.exec('SELECT sqlite_version()')[0]!.values[0]![0])} (sql.js)`);
      db.close();
    });

    for (const c of sqliteCases()) {
      it(
        c.id.replace(/^sqlite:/, ''),
        caseTest(c, async () => {
          const result = await plan(c);
          if (result.files.length === 0) {
            if (c.source === 'docs') return;
            assert.fail(`${c.id}: no plan`);
          }
          const original = await freshSqlite(c.earlier, SEED_ROWS);
          const phased = await copySqlite(original);
          try {
            try {
              original.exec(originalSql(c));
            } catch (err) {
              throw new CaseSkipped(`the original migration fails on the seeded rows (${(err as Error).message}); nothing to compare with`);
            }
            applySqlitePlan(phased, result.files);
            compare(recordSqlite(original), recordSqlite(phased), allowances(c, result));
          } finally {
            original.close();
            phased.close();
          }
        }),
      );
    }
  });
});
