import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { SIMULATE_APPLICATION_NAME } from '../../src/core/simulate/engine/server-policy';
import { simulate } from '../../src/core/simulate/simulate';
import { testServerUrl } from './server';

/**
 * A simulation stopped mid-statement must not leave the server running it: the CLI killed by
 * SIGINT or SIGTERM (and even SIGKILL, through the server's own client check), or an abort
 * in-process, leaves no lock held by the simulation's session within two seconds.
 */

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/lockstep.js');
/** The bound a released lock must meet, not a timing measurement. */
const RELEASE_DEADLINE_MS = 2_000;

async function poll<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function locksHeldBySimulation(admin: ServerSession): Promise<number> {
  const r = await admin.query<{ n: number }>(
    `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where a.application_name = $1`,
    [SIMULATE_APPLICATION_NAME],
  );
  return r.rows[0]!.n;
}

/** Waits until the simulation's session is running the long statement. */
async function waitForSleep(admin: ServerSession, child?: ChildProcess): Promise<void> {
  let out = '';
  child?.stderr?.on('data', (d) => (out += String(d)));
  await poll(`the simulation reaching pg_sleep (${out})`, 60_000, async () => {
    const r = await admin.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where application_name = $1 and state = 'active' and query like '%pg_sleep%'",
      [SIMULATE_APPLICATION_NAME],
    );
    return r.rows[0]!.n > 0 ? true : undefined;
  });
}

describe('real database mode: cancellation reaches the server', function () {
  let admin: ServerSession;
  let dir: string;
  let file: string;

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('build the CLI first (npm run build)');
    admin = await connectServer(testServerUrl());
    await admin.exec('DROP TABLE IF EXISTS cancel_items');
    await admin.exec('CREATE TABLE cancel_items (id bigserial PRIMARY KEY, name text)');
    await admin.exec("INSERT INTO cancel_items (name) SELECT 'n' || i FROM generate_series(1, 1000) i");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cancel-'));
    file = path.join(dir, '001_slow.sql');
    // The ALTER takes ACCESS EXCLUSIVE and holds it, in the one transaction, while the sleep runs.
    fs.writeFileSync(file, 'ALTER TABLE cancel_items ADD COLUMN note text;\nSELECT pg_sleep(50);\n');
  });

  after(async function () {
    await admin?.exec('DROP TABLE IF EXISTS cancel_items');
    await admin?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`the CLI killed by ${signal} mid-statement leaves no lock behind`, async function () {
      const child = spawn(process.execPath, [CLI, 'simulate', file, '--url', testServerUrl(), '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await waitForSleep(admin, child);
        assert.ok((await locksHeldBySimulation(admin)) > 0, 'the simulation holds its locks while running');
        child.kill(signal);
        await poll('no lock held by the simulation', RELEASE_DEADLINE_MS, async () => ((await locksHeldBySimulation(admin)) === 0 ? true : undefined));
        const code = await exited;
        if (signal !== 'SIGKILL') assert.equal(code, signal === 'SIGINT' ? 130 : 143);
        await admin.exec('BEGIN; LOCK TABLE cancel_items IN ACCESS EXCLUSIVE MODE NOWAIT; ROLLBACK');
        const cols = await admin.query<{ n: number }>("select count(*)::int as n from information_schema.columns where table_name = 'cancel_items'");
        assert.equal(cols.rows[0]!.n, 2, 'the added column was rolled back');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }

  it('an abort in-process cancels the running statement', async function () {
    const controller = new AbortController();
    const run = simulate({ file, url: testServerUrl() }, { signal: controller.signal });
    const settled = run.then(
      () => 'resolved',
      (err: unknown) => (err as Error).name,
    );
    await waitForSleep(admin);
    controller.abort();
    await poll('no lock held by the simulation', RELEASE_DEADLINE_MS, async () => ((await locksHeldBySimulation(admin)) === 0 ? true : undefined));
    assert.equal(await settled, 'AbortError');
  });
});
