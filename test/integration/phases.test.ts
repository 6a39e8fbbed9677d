import assert from 'node:assert/strict';
import { runPhasesUnderLoad, type PhasesUnderLoad } from './workload';
import { testServerUrl } from './server';

/**
 * The phased plan on a real PostgreSQL server, under a read/write workload: the original
 * migration makes application queries wait for its locks, the phased files run in order
 * and end at the same schema with every row filled. How long queries waited is a timing
 * figure that depends on the machine: `npm run bench` prints it for 1,000,000 rows.
 */
const ROWS = 200_000;

describe(`phases on a real PostgreSQL server: ${ROWS.toLocaleString('en-US')} rows under a read/write workload`, function () {
  let run: PhasesUnderLoad;

  before(async function () {
    run = await runPhasesUnderLoad(testServerUrl(), ROWS);
  });

  it('the original migration makes workload queries wait for its lock', function () {
    const rewrite = run.original[0]!;
    assert.match(rewrite.label, /^ALTER TABLE users ADD COLUMN token/);
    assert.ok(rewrite.blockedSamples > 0, 'some workload query was seen waiting for a lock while the table was rewritten');
    assert.ok(run.originalLoad.queries > 0 && run.phasedLoad.queries > 0, 'the workload ran during both');
  });

  it('the phased files run in order: expand, backfill, constrain', function () {
    const at = (phase: string): number => run.files.findIndex((f) => f.endsWith(`_${phase}.sql`));
    assert.ok(at('expand') >= 0 && at('expand') < at('backfill') && at('backfill') < at('constrain'), run.files.join(', '));
    const order = run.phased.map((m) => run.files.findIndex((f) => m.label.startsWith(`${f}:`)));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.ok(run.phased.some((m) => /CREATE INDEX CONCURRENTLY users_token_idx/.test(m.label)));
  });

  it('both end at the same schema with every row filled', function () {
    assert.deepEqual(run.schemas.phased, run.schemas.original);
    assert.equal(run.nulls.phased['token'], 0);
    // The workload only touched score.
    assert.deepEqual({ ...run.nulls.phased, score: 0 }, { ...run.nulls.original, score: 0 });
  });
});
