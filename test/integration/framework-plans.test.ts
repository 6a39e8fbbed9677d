import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../src/core/config';
import { planMigration } from '../../src/core/phases';
import { connectServer, type ServerSession } from '../../src/core/simulate/engine/server';
import { differences, type EngineState } from './plans/compare';
import { recordPostgres } from './plans/postgres';
import { ALEMBIC, DJANGO, LARAVEL, RAILS, type FrameworkProject } from './frameworks/projects';
import { testServerUrl } from './server';

/**
 * The phased migrations written for a framework migration, run by the real framework: a
 * project migrated with the original and the same project migrated with the phased files
 * instead (the same rows seeded before) must end with the same schema and rows, and the
 * phased files' own `down` code must bring the project back to where it was before them.
 */
const PROJECTS: readonly FrameworkProject[] = [RAILS, DJANGO, ALEMBIC, LARAVEL];
const NOW = new Date(Date.UTC(2025, 0, 1));

describe('framework plans run by the real framework', function () {
  let url: string;
  let admin: ServerSession;
  const made: string[] = [];
  let n = 0;

  before(async function () {
    url = testServerUrl();
    admin = await connectServer(url);
  });
  after(async function () {
    for (const d of made) await admin.exec(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await admin?.close();
  });

  async function database(): Promise<string> {
    const name = `lockstep_fwplans_${process.pid}_${++n}`;
    await admin.exec(`CREATE DATABASE ${name}`);
    made.push(name);
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** The state of a database, recorded on a copy: the framework's bookkeeping tables stay for its next run. */
  async function record(dbUrl: string, p: FrameworkProject): Promise<EngineState> {
    const copy = `lockstep_fwplans_${process.pid}_${++n}`;
    await admin.exec(`CREATE DATABASE ${copy} TEMPLATE ${new URL(dbUrl).pathname.slice(1)}`);
    made.push(copy);
    const u = new URL(dbUrl);
    u.pathname = `/${copy}`;
    const s = await connectServer(u.toString());
    try {
      for (const t of p.bookkeeping) await s.exec(`DROP TABLE IF EXISTS ${t}`);
      return await recordPostgres(s);
    } finally {
      await s.close();
    }
  }

  async function exec(dbUrl: string, sql: string): Promise<void> {
    const s = await connectServer(dbUrl);
    try {
      await s.exec(sql);
    } finally {
      await s.close();
    }
  }

  function project(p: FrameworkProject, extra: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-${p.id}-`));
    for (const [name, text] of Object.entries({ ...p.files, ...extra })) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  for (const p of PROJECTS) {
    it(`${p.id}: the phased migrations do what the original does, and roll back`, async function () {
      const missing = p.missing();
      if (missing) {
        console.log(`      skipped: ${missing}`);
        this.skip();
      }
      const original = `${p.migrations}/${p.original}`;
      const plain = project(p, { [original]: p.originalText });
      const phased = project(p, { [original]: p.originalText });
      const result = await planMigration(p.originalText, {
        fileName: path.join(phased, original),
        config: resolveConfig({}),
        now: NOW,
        pauseMs: 0,
        batchSize: 25,
      });
      assert.equal(result.refused, undefined, result.refused);
      assert.equal(result.convention, p.id);
      assert.ok(result.files.length > 1, 'a risky migration gets several phases');
      fs.rmSync(path.join(phased, original));
      for (const f of result.files) fs.writeFileSync(path.join(phased, p.migrations, f.path), f.content);

      const a = await database();
      p.migrate(plain, a, 'earlier');
      await exec(a, p.seed);
      p.migrate(plain, a);
      const b = await database();
      p.migrate(phased, b, 'earlier');
      await exec(b, p.seed);
      const before = await record(b, p);
      p.migrate(phased, b);
      assert.deepEqual(differences(await record(a, p), await record(b, p)), []);
      p.rollback(phased, b);
      assert.deepEqual(differences(before, await record(b, p)), []);
    });
  }
});
