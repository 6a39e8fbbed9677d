import { strict as assert } from 'node:assert';
import { connectServer } from '../../src/core/simulate/engine/server';
import type { Timeline } from '../../src/core/simulate/timeline';
import { predict, runOnServer, type ServerRun } from './accuracy-scenario';
import { testServerUrl } from './server';

/**
 * What a prediction from a PGlite sample shares with the same migration on a real
 * PostgreSQL server: statement order, which statements rewrite the table, the rows they
 * touch, and a finite duration for each. How close the predicted durations come to the
 * server's is a timing figure and depends on the machine: `npm run bench` prints it.
 */
const PRODUCTION_ROWS = 200_000;
const SAMPLE_ROWS = 20_000;

describe(`prediction for ${PRODUCTION_ROWS.toLocaleString('en-US')} rows from a ${SAMPLE_ROWS.toLocaleString('en-US')}-row sample, against a real server`, function () {
  let predicted: Timeline;
  let server: ServerRun[];

  before(async function () {
    predicted = await predict(PRODUCTION_ROWS, SAMPLE_ROWS);
    const session = await connectServer(testServerUrl());
    try {
      server = await runOnServer(session, PRODUCTION_ROWS);
    } finally {
      await session.close();
    }
  });

  it('predicts the statements in the order the server runs them', function () {
    assert.deepEqual(
      predicted.statements.map((s) => s.sql.trim().replace(/;$/, '')),
      server.map((s) => s.sql.trim().replace(/;$/, '')),
    );
  });

  it('classifies each statement by its cost', function () {
    assert.deepEqual(
      predicted.statements.map((s) => s.costClass),
      ['rewrite', 'metadata', 'validation', 'index-build', 'metadata', 'backfill'],
    );
  });

  it('rewrites the table exactly where the server does', function () {
    assert.deepEqual(
      predicted.statements.map((s) => s.rewrite),
      server.map((s) => s.rewrite),
    );
  });

  it('scales the rows written to production size, as many as the server updates', function () {
    const i = predicted.statements.findIndex((s) => s.costClass === 'backfill');
    assert.equal(server[i]!.rowCount, PRODUCTION_ROWS);
    assert.equal(predicted.statements[i]!.rowsWritten, PRODUCTION_ROWS);
    const rewrite = predicted.statements.find((s) => s.costClass === 'rewrite')!;
    assert.equal(rewrite.rowsWritten, PRODUCTION_ROWS);
  });

  it('produces a finite, positive duration for every statement that touches rows', function () {
    for (const s of predicted.statements) {
      assert.ok(Number.isFinite(s.durationMs) && s.durationMs >= 0, `${s.sql}: ${s.durationMs}`);
      if (s.costClass !== 'metadata') assert.ok(s.durationMs > 0, `${s.costClass}: ${s.durationMs}`);
    }
    assert.ok(Number.isFinite(predicted.totalMs) && predicted.totalMs > 0);
  });
});
