import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/core/config';
import { planMigration, writableConventions } from '../../src/core/phases';
import { startPglite, type PgliteSession } from '../../src/core/simulate/engine/pglite';
import { splitStatements } from '../../src/core/sql/split';
import { applyFiles, freshSchema, nullCounts, RUNNER_ONLY_CONVENTIONS, runScripts, SCRIPT_CONVENTIONS, snapshot } from '../unit/phases/apply';
import { BASE_SCHEMA, SCENARIOS, seedSql } from '../unit/phases/scenarios';

/**
 * Each generated set, applied in order on PGlite to a populated table, must reach the
 * schema the original migration meant, with every row filled, and leave no helper behind.
 */
describe('phases on PGlite: the phased files reach the schema the original meant', function () {
  this.timeout(120_000);
  const ROWS = 3_000;
  let pg: PgliteSession;
  before(async () => {
    pg = await startPglite();
  });
  after(async () => {
    await pg?.close();
  });

  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      let expected: Awaited<ReturnType<typeof snapshot>>;
      let expectedNulls: Record<string, number>;
      before(async () => {
        await freshSchema(pg, 'original', BASE_SCHEMA, seedSql(ROWS));
        // The original runs as one transaction, as most runners would apply it.
        const statements = splitStatements(scenario.sql).statements.map((s) => s.text);
        const withValue = scenario.options?.backfillValues
          ? statements.map((s) => s.replace(/ NOT NULL;?$/, ` NOT NULL DEFAULT ${Object.values(scenario.options!.backfillValues!)[0]}`))
          : statements;
        await pg.exec(`BEGIN;\n${withValue.join(';\n')};\nCOMMIT;`);
        if (scenario.options?.backfillValues) {
          // The unsafe form needs a default to succeed at all; the meaning is "no default".
          await pg.exec(`ALTER TABLE users ALTER COLUMN plan DROP DEFAULT`);
        }
        expected = await snapshot(pg, 'original');
        expectedNulls = await nullCounts(pg, 'original', 'users');
      });

      for (const convention of writableConventions().filter((c) => !RUNNER_ONLY_CONVENTIONS.includes(c))) {
        it(convention, async () => {
          const config = resolveConfig({ targetVersion: 16 });
          const result = await planMigration(scenario.sql, {
            config,
            convention,
            pauseMs: 0,
            batchSize: 700,
            now: new Date(Date.UTC(2025, 0, 1)),
            ...scenario.options,
          });
          const schema = `phased_${convention.replace(/-/g, '_')}`;
          await freshSchema(pg, schema, BASE_SCHEMA, seedSql(ROWS));
          const log: string[] = [];
          if (SCRIPT_CONVENTIONS.includes(convention)) await runScripts(pg, convention, result.files, 'up', log);
          else await applyFiles(pg, convention, result.files, 'up');
          assert.deepEqual(await snapshot(pg, schema), expected);
          if (SCRIPT_CONVENTIONS.includes(convention) && result.phases.some((p) => p.kind === 'backfill')) {
            assert.ok(
              log.some((l) => /lockstep backfill .*: finished, \d+ rows updated/.test(l)),
              `progress output: ${log.join('\n')}`,
            );
          }
          assert.deepEqual(await nullCounts(pg, schema, 'users'), expectedNulls);
        });
      }

      for (const convention of ['plain', 'golang-migrate', 'knex', 'typeorm'] as const) {
        it(`the down migrations undo the reversible phases (${convention})`, async () => {
          const config = resolveConfig({ targetVersion: 16 });
          const result = await planMigration(scenario.sql, { config, convention, pauseMs: 0, ...scenario.options });
          // A contract phase drops what the old code used and cannot be undone; the phases before it can.
          const contract = result.phases.findIndex((p) => p.kind === 'contract');
          const files = contract < 0 ? result.files : result.files.filter((f) => f.phaseNumber <= contract);
          assert.ok(files.length > 0, 'some phase runs before the contract');
          await freshSchema(pg, 'base', BASE_SCHEMA, seedSql(10));
          const base = await snapshot(pg, 'base');
          await freshSchema(pg, 'roundtrip', BASE_SCHEMA, seedSql(ROWS));
          const apply = SCRIPT_CONVENTIONS.includes(convention) ? runScripts : applyFiles;
          await apply(pg, convention, files, 'up');
          await apply(pg, convention, files, 'down');
          assert.deepEqual(await snapshot(pg, 'roundtrip'), base);
        });
      }
    });
  }
});

describe('phases on PGlite: a type change of a column the plan does not know', function () {
  this.timeout(120_000);
  let pg: PgliteSession;
  before(async () => {
    pg = await startPglite();
  });
  after(async () => {
    await pg?.close();
  });

  it('stops in the contract phase, naming what the drop would lose, and changes nothing', async () => {
    const config = resolveConfig({ targetVersion: 16 });
    const result = await planMigration('ALTER TABLE users ALTER COLUMN score TYPE bigint;', {
      config,
      convention: 'plain',
      pauseMs: 0,
      now: new Date(Date.UTC(2025, 0, 1)),
    });
    await freshSchema(pg, 'guarded', `${BASE_SCHEMA}\nCREATE INDEX users_score_idx ON users (score);`, seedSql(200));
    await applyFiles(
      pg,
      'plain',
      result.files.filter((f) => f.phase !== 'contract'),
      'up',
    );
    const before = await snapshot(pg, 'guarded');
    await assert.rejects(
      applyFiles(
        pg,
        'plain',
        result.files.filter((f) => f.phase === 'contract'),
        'up',
      ),
      /users\.score cannot be swapped out yet: dropping it would also drop index users_score_idx\./,
    );
    await pg.exec('ROLLBACK');
    assert.deepEqual(await snapshot(pg, 'guarded'), before);
  });
});
