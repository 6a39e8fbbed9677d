import { strict as assert } from 'node:assert';
import { runSimulation } from '../../src/core/simulate/runner';
import { STOPPED_CODE } from '../../src/core/simulate/bounds';
import type { Timeline } from '../../src/core/simulate/timeline';
import { cli } from '../helpers/cli';
import { migrationFolder, schemaErrors } from './helpers';

/** Statements that never return are stopped at --statement-timeout on both embedded engines. */
describe('simulate: statement limit on the embedded engines', function () {
  this.timeout(240_000);

  it('PGlite: pg_sleep and an endless DO loop are stopped, the statements after them still run', async () => {
    const f = migrationFolder({
      '001.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
      '002.sql': ['SELECT pg_sleep(1000);', 'DO $$ BEGIN LOOP END LOOP; END $$;', 'ALTER TABLE users ADD COLUMN nickname text;', ''].join('\n'),
    });
    try {
      const t = await runSimulation({ file: f.file('002.sql'), sampleRows: 200, statementTimeoutMs: 4_000 });
      assert.deepEqual(schemaErrors(t), []);
      const [sleep, loop, add] = t.statements;
      assert.equal(sleep?.error?.code, STOPPED_CODE);
      assert.match(sleep?.error?.message ?? '', /^stopped after 4 s \(limit/);
      assert.equal(loop?.error?.code, STOPPED_CODE);
      assert.equal(add?.error, null);
      assert.deepEqual(
        add?.locks.map((l) => l.mode),
        ['AccessExclusiveLock'],
      );
    } finally {
      f.remove();
    }
  });

  it('PGlite: a stopped statement aborts the transaction around it', async () => {
    const f = migrationFolder({
      '001.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n',
      '002.sql': 'BEGIN;\nSELECT pg_sleep(1000);\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\n',
    });
    try {
      const t = await runSimulation({ file: f.file('002.sql'), sampleRows: 100, statementTimeoutMs: 4_000 });
      assert.equal(t.statements[1]?.error?.code, STOPPED_CODE);
      assert.match(t.statements[2]?.skipped ?? '', /statement 2 failed/);
    } finally {
      f.remove();
    }
  });

  it('sql.js: a recursive CTE that never ends is stopped (CLI, --statement-timeout)', async () => {
    const f = migrationFolder({
      'migrations/001.sql': 'CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);\n',
      'migrations/002.sql':
        'INSERT INTO t (v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;\nALTER TABLE t ADD COLUMN w INTEGER;\n',
    });
    try {
      const r = await cli(
        'simulate',
        f.file('migrations/002.sql'),
        '--dialect',
        'sqlite',
        '--sample',
        '100',
        '--statement-timeout',
        '4',
        '--format',
        'json',
        '--no-progress',
      );
      assert.equal(r.code, 1, r.stderr);
      const t = JSON.parse(r.stdout) as Timeline;
      assert.equal(t.statements[0]?.error?.code, STOPPED_CODE);
      assert.match(t.statements[0]?.error?.message ?? '', /stopped after 4 s/);
      // Not scaled from the sample to production: it ran for the limit, not for its work.
      assert.equal(t.statements[0]?.durationMs, 4_000);
      assert.equal(t.statements[1]?.error, null);
    } finally {
      f.remove();
    }
  });
});

describe('simulate: sample and scratch limits', function () {
  this.timeout(240_000);

  it('refuses a --sample above the limit with a clear message', async () => {
    const f = migrationFolder({ '001.sql': 'CREATE TABLE t (id int);\n', '002.sql': 'ALTER TABLE t ADD COLUMN v int;\n' });
    try {
      const r = await cli('simulate', f.file('002.sql'), '--sample', '1e12', '--no-progress');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--sample 1e12 is above the limit of 5,000,000 rows/);
      assert.equal(r.stdout, '');
    } finally {
      f.remove();
    }
  });

  it('stops seeding when the scratch folder outgrows its limit', async () => {
    const f = migrationFolder({
      '001.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text);\n',
      '002.sql': 'ALTER TABLE users ADD COLUMN nickname text;\n',
    });
    try {
      // The engine's own files take about 40 MiB; the first INSERT goes past 50.
      await assert.rejects(
        runSimulation({ file: f.file('002.sql'), sampleRows: 2_000_000, scratchLimitBytes: 50 * 1024 ** 2 }),
        (err: Error) => err.name === 'ScratchLimitError' && /seeding users stopped: .* above its limit of 50 MiB; use a smaller --sample/.test(err.message),
      );
    } finally {
      f.remove();
    }
  });
});

describe('simulate: COPY', function () {
  this.timeout(240_000);

  it('feeds the inline rows of COPY … FROM STDIN to PGlite and refuses COPY with programs or server files', async () => {
    const f = migrationFolder({
      '001.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      '002.sql': [
        'COPY public.users (id, email) FROM stdin;',
        "900001\ta;b'c@example.com",
        '900002\t\\N',
        '\\.',
        "COPY users FROM PROGRAM 'cat /etc/passwd';",
        "COPY users TO PROGRAM 'touch /tmp/lockstep-copy-probe';",
        "COPY users FROM '/etc/passwd';",
        "COPY users TO '/tmp/lockstep-copy-probe';",
        'ALTER TABLE users ADD COLUMN nickname text;',
        '',
      ].join('\n'),
    });
    try {
      const t = await runSimulation({ file: f.file('002.sql'), sampleRows: 100, statementTimeoutMs: 60_000 });
      assert.deepEqual(schemaErrors(t), []);
      assert.equal(t.statements.length, 6, t.statements.map((s) => s.sql).join(' | '));
      const [copyIn, ...rest] = t.statements;
      assert.equal(copyIn?.error, null);
      assert.equal(copyIn?.skipped, null);
      assert.equal(copyIn?.sample.rowsWritten, 2);
      assert.ok(copyIn?.locks.some((l) => l.relation === 'users' && l.mode === 'RowExclusiveLock'));
      const refused = rest.slice(0, 4);
      assert.deepEqual(
        refused.map((s) => /^not run: COPY (… PROGRAM runs a shell command|to or from a file)/.test(s.skipped ?? '')),
        [true, true, true, true],
      );
      assert.equal(rest[4]?.error, null);
    } finally {
      f.remove();
    }
  });
});
