import assert from 'node:assert/strict';
import * as path from 'node:path';
import { resolveConfig, type Convention } from '../../../src/core/config';
import { planMigration, type GeneratedFile, type PlanMigrationResult } from '../../../src/core/phases';
import { splitStatements } from '../../../src/core/sql/split';
import * as fs from 'node:fs';

/**
 * Each convention against a fixture workspace that already holds migrations of that kind:
 * the convention is detected, names and numbers continue the folder's own, files land where
 * the folder keeps them, and transaction flags sit exactly where a statement needs them.
 */
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'conventions');
const NOW = new Date(Date.UTC(2025, 2, 4, 5, 6, 7));

async function planFixture(convention: string, migration: string, now = NOW): Promise<PlanMigrationResult> {
  const fileName = path.join(FIXTURES, convention, migration);
  return planMigration(fs.readFileSync(fileName, 'utf8'), { fileName, config: resolveConfig({ targetVersion: 16 }), now });
}

const paths = (files: readonly GeneratedFile[]): string[] => files.map((f) => f.path);

/** Parts that run outside a transaction hold exactly one statement for runners that send a file as one string. */
function assertSingleStatementOutsideTransactions(files: readonly GeneratedFile[]): void {
  for (const f of files) {
    for (const p of f.parts) {
      if (!p.transactional && p.sql.trim()) assert.equal(splitStatements(p.sql).statements.length, 1, `${f.path} ${p.direction}`);
    }
  }
}

describe('phases: conventions against fixture workspaces', () => {
  it('plain: numbered files continue the folder, one file per phase, down files beside them', async () => {
    const r = await planFixture('plain', 'migrations/0003_add_token.sql');
    assert.equal(r.convention, 'plain');
    assert.equal(r.conventionSource, 'detected');
    assert.deepEqual(paths(r.files), [
      '0003_add_users_token_expand.sql',
      '0003_add_users_token_expand.down.sql',
      '0004_add_users_token_backfill.sql',
      '0005_add_users_token_constrain.sql',
      '0005_add_users_token_constrain.down.sql',
    ]);
    assert.ok(
      r.files.every((f) => f.parts.every((p) => !p.transactional)),
      'psql -f runs in autocommit; the files open their own transactions',
    );
    assert.match(r.files[0]!.content, /^BEGIN;$/m);
    assert.match(r.files[2]!.content, /CREATE OR REPLACE PROCEDURE lockstep_backfill_users_token/);
    assert.match(r.files[2]!.content, /^CALL lockstep_backfill_users_token/m);
    assert.ok(
      r.notes.some((n) => n.includes('0003_add_token.sql')),
      'says which file the set replaces',
    );
  });

  it('flyway: V<n>__ versions, executeInTransaction=false in a script config file exactly where needed', async () => {
    const r = await planFixture('flyway', 'db/migration/V3__add_token.sql');
    assert.equal(r.convention, 'flyway');
    assert.deepEqual(paths(r.files), [
      'V3__add_users_token_1_expand.sql',
      'V4__add_users_token_2_backfill.sql',
      'V4__add_users_token_2_backfill.sql.conf',
      'V5__add_users_token_3_constrain_1.sql',
      'V6__add_users_token_3_constrain_2.sql',
      'V7__add_users_token_3_constrain_3.sql',
      'V8__add_users_token_3_constrain_4.sql',
      'V8__add_users_token_3_constrain_4.sql.conf',
    ]);
    for (const f of r.files.filter((x) => x.kind === 'migration')) {
      const conf = r.files.find((x) => x.path === `${f.path}.conf`);
      assert.equal(conf !== undefined, !f.parts[0]!.transactional, f.path);
      if (conf) assert.equal(conf.content, 'executeInTransaction=false\n');
    }
    assert.match(r.files.find((f) => f.path.startsWith('V8'))!.content, /CREATE INDEX CONCURRENTLY users_token_idx/);
    assertSingleStatementOutsideTransactions(r.files);
  });

  it('golang-migrate: padded sequence numbers, .up.sql/.down.sql pairs, one statement per non-transactional file', async () => {
    const r = await planFixture('golang-migrate', 'migrations/000002_add_token.up.sql');
    assert.equal(r.convention, 'golang-migrate');
    const ups = paths(r.files).filter((p) => p.endsWith('.up.sql'));
    assert.deepEqual(ups, [
      '000002_add_users_token_1_expand.up.sql',
      '000003_add_users_token_2_backfill.up.sql',
      '000004_add_users_token_3_constrain_1.up.sql',
      '000005_add_users_token_3_constrain_2.up.sql',
      '000006_add_users_token_3_constrain_3.up.sql',
      '000007_add_users_token_3_constrain_4.up.sql',
    ]);
    for (const up of ups) assert.ok(paths(r.files).includes(up.replace('.up.sql', '.down.sql')), `${up} has a down file`);
    assertSingleStatementOutsideTransactions(r.files);
    assert.match(r.files.find((f) => f.path.startsWith('000003'))!.content, /^DO \$lockstep\$/m);
  });

  it('dbmate: timestamps after the latest existing one, transaction:false on the sections that need it', async () => {
    const r = await planFixture('dbmate', 'db/migrations/20240215093000_add_token.sql', new Date(Date.UTC(2024, 0, 1)));
    assert.equal(r.convention, 'dbmate');
    assert.deepEqual(paths(r.files), [
      '20240101000001_add_users_token_1_expand.sql',
      '20240101000002_add_users_token_2_backfill.sql',
      '20240101000003_add_users_token_3_constrain_1.sql',
      '20240101000004_add_users_token_3_constrain_2.sql',
      '20240101000005_add_users_token_3_constrain_3.sql',
      '20240101000006_add_users_token_3_constrain_4.sql',
    ]);
    for (const f of r.files) {
      assert.match(f.content, /^-- migrate:up/, 'the up directive comes first');
      const [up, down] = f.parts;
      assert.equal(/^-- migrate:up transaction:false$/m.test(f.content), !up!.transactional, f.path);
      assert.equal(/^-- migrate:down transaction:false$/m.test(f.content), !down!.transactional, f.path);
    }
    assert.ok(/-- migrate:up transaction:false/.test(r.files[5]!.content), 'the concurrent index build runs outside a transaction');
    assertSingleStatementOutsideTransactions(r.files);
  });

  it('dbmate: with the clock ahead of the folder, timestamps come from the clock', async () => {
    const r = await planFixture('dbmate', 'db/migrations/20240215093000_add_token.sql');
    assert.equal(r.files[0]!.path, '20250304050607_add_users_token_1_expand.sql');
  });

  it('prisma: one folder per migration under prisma/migrations, no down migrations', async () => {
    const r = await planFixture('prisma', 'prisma/migrations/20240215093000_add_token/migration.sql', new Date(Date.UTC(2024, 0, 1)));
    assert.equal(r.convention, 'prisma');
    assert.equal(path.basename(r.folder!), 'migrations');
    assert.deepEqual(paths(r.files), [
      '20240101000001_add_users_token_1_expand/migration.sql',
      '20240101000002_add_users_token_2_backfill/migration.sql',
      '20240101000003_add_users_token_3_constrain_1/migration.sql',
      '20240101000004_add_users_token_3_constrain_2/migration.sql',
      '20240101000005_add_users_token_3_constrain_3/migration.sql',
      '20240101000006_add_users_token_3_constrain_4/migration.sql',
    ]);
    assert.ok(r.files.every((f) => f.parts.every((p) => p.direction === 'up')));
    assertSingleStatementOutsideTransactions(r.files);
  });

  it('an explicit convention overrides detection, and the configured one overrides detection too', async () => {
    const fileName = path.join(FIXTURES, 'flyway', 'db/migration/V3__add_token.sql');
    const text = fs.readFileSync(fileName, 'utf8');
    const byOption = await planMigration(text, { fileName, config: resolveConfig({}), convention: 'plain' as Convention, now: NOW });
    assert.equal(byOption.convention, 'plain');
    assert.equal(byOption.conventionSource, 'option');
    const byConfig = await planMigration(text, { fileName, config: resolveConfig({ convention: 'dbmate' }), now: NOW });
    assert.equal(byConfig.convention, 'dbmate');
    assert.equal(byConfig.conventionSource, 'config');
  });

  it('an empty folder falls back to plain numbered files', async () => {
    const r = await planMigration('ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT 1;', {
      config: resolveConfig({}),
      folder: { list: () => [], read: () => undefined },
    });
    assert.equal(r.convention, 'plain');
    assert.equal(r.conventionSource, 'default');
    assert.deepEqual(paths(r.files), ['0001_add_users_c_expand.sql', '0001_add_users_c_expand.down.sql']);
  });
});

describe('phases: ORM conventions against fixture workspaces', () => {
  /** The unsafe SQL sits beside the ORM's migration folder; the files go into that folder. */
  async function planInto(convention: string, folder: string): Promise<PlanMigrationResult> {
    const fileName = path.join(FIXTURES, convention, 'add_token.sql');
    return planMigration(fs.readFileSync(fileName, 'utf8'), {
      fileName,
      outDir: path.join(FIXTURES, convention, folder),
      config: resolveConfig({ targetVersion: 16 }),
      now: new Date(Date.UTC(2024, 0, 1)),
    });
  }

  it('knex: timestamped .js files after the existing ones; config.transaction = false where a phase leaves the transaction', async () => {
    const r = await planInto('knex', 'migrations');
    assert.equal(r.convention, 'knex');
    assert.deepEqual(paths(r.files), [
      '20240101000001_add_users_token_1_expand.js',
      '20240101000002_add_users_token_2_backfill.js',
      '20240101000003_add_users_token_3_constrain.js',
    ]);
    const optOut = r.files.map((f) => /^exports\.config = \{ transaction: false \};$/m.test(f.content));
    assert.deepEqual(optOut, [false, true, true]);
    assert.match(r.files[1]!.content, /await knex\.transaction\(async \(trx\) =>/);
    assert.match(r.files[0]!.content, /^exports\.down = async function \(knex\)/m);
  });

  it('typeorm: <ms>-<Name>.ts classes, transaction = false where needed', async () => {
    const r = await planInto('typeorm', 'src/migrations');
    assert.equal(r.convention, 'typeorm');
    assert.deepEqual(paths(r.files), [
      '1704067200001-AddUsersToken1Expand.ts',
      '1704067200002-AddUsersToken2Backfill.ts',
      '1704067200003-AddUsersToken3Constrain.ts',
    ]);
    assert.match(r.files[0]!.content, /export class AddUsersToken1Expand1704067200001 implements MigrationInterface/);
    assert.deepEqual(
      r.files.map((f) => /^ {2}transaction = false;$/m.test(f.content)),
      [false, true, true],
    );
    assert.match(r.files[2]!.content, /await queryRunner\.startTransaction\(\);/);
  });

  it('sequelize: <timestamp>-<desc>.js with up/down(queryInterface); own transactions, never the runner’s', async () => {
    const r = await planInto('sequelize', 'migrations');
    assert.equal(r.convention, 'sequelize');
    assert.deepEqual(paths(r.files), [
      '20240101000001-add-users-token-1-expand.js',
      '20240101000002-add-users-token-2-backfill.js',
      '20240101000003-add-users-token-3-constrain.js',
    ]);
    assert.match(r.files[0]!.content, /await queryInterface\.sequelize\.transaction\(async \(transaction\) =>/);
    assert.ok(r.files.every((f) => f.parts.every((p) => !p.transactional)));
  });
});
