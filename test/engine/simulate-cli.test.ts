import assert from 'node:assert/strict';
import type { Timeline } from '../../src/core/simulate/timeline';
import { cli } from '../helpers/cli';
import { migrationFolder, schemaErrors } from './helpers';

/** `lockstep simulate` on PostgreSQL through the CLI: the flags pick PGlite, whatever the folder's config says. */
describe('lockstep simulate: PostgreSQL (CLI)', () => {
  const folder = migrationFolder({
    // The folder is configured for SQLite; --dialect postgresql (or --pg-version) wins.
    'lockstep.config.json': JSON.stringify({ dialect: 'sqlite', targetVersion: '3.45.0', tables: { users: { rows: 50000 } } }),
    'migrations/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
    'migrations/0002_plan.sql': "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n",
  });
  after(() => folder.remove());

  for (const flags of [
    ['--dialect', 'postgresql', '--target', '12'],
    ['--pg-version', '12'],
  ]) {
    it(`${flags.join(' ')} runs on PGlite for PostgreSQL 12`, async () => {
      const r = await cli('simulate', folder.file('migrations/0002_plan.sql'), ...flags, '--sample', '500', '--format', 'json', '--no-progress');
      assert.equal(r.code, 0, r.stderr);
      const t = JSON.parse(r.stdout) as Timeline;
      assert.deepEqual(schemaErrors(t), []);
      assert.equal(t.assumptions.engine.kind, 'pglite');
      assert.equal(t.assumptions.targetVersion, 12);
      assert.equal(t.assumptions.tables['users']?.rows, 50000);
      assert.equal(t.statements[0]?.locks[0]?.mode, 'AccessExclusiveLock');
    });
  }
});
