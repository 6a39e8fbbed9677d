import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { planMigration, type PhaseKind } from '../../../src/core/phases';

/**
 * Where the PostgreSQL planner puts each statement, and what it keeps of it: the cases the
 * differential test of plans on a real server found wrong.
 */
async function plan(sql: string): Promise<Awaited<ReturnType<typeof planMigration>>> {
  return planMigration(sql, { config: resolveConfig({ targetVersion: 15 }), convention: 'plain', now: new Date(Date.UTC(2025, 0, 1)) });
}

/** Every statement of the plan, in the order it runs, with its phase. */
async function statements(sql: string): Promise<{ phase: PhaseKind; sql: string }[]> {
  const out: { phase: PhaseKind; sql: string }[] = [];
  for (const phase of (await plan(sql)).phases) {
    for (const step of phase.steps) {
      if (step.kind === 'transaction') for (const s of step.statements) out.push({ phase: phase.kind, sql: s.sql });
      else if (step.kind === 'alone') out.push({ phase: phase.kind, sql: step.statement.sql });
      else out.push({ phase: phase.kind, sql: `backfill ${step.backfill.table.name}` });
    }
  }
  return out;
}

/** A migration folder whose first migration is `init`, for the suite it is declared in. */
function migrationFolder(init: string): { dir: string } {
  const folder = { dir: '' };
  before(() => {
    folder.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-plan-'));
    fs.writeFileSync(path.join(folder.dir, '0001_init.sql'), init);
  });
  after(() => fs.rmSync(folder.dir, { recursive: true, force: true }));
  return folder;
}

describe('phases: PostgreSQL planner', () => {
  it('keeps the ON DELETE / ON UPDATE actions, MATCH and DEFERRABLE of a foreign key it rebuilds', async () => {
    const all = await statements(
      'ALTER TABLE a DROP CONSTRAINT f, ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c (id) MATCH FULL ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;',
    );
    const add = all.find((s) => /ADD CONSTRAINT f FOREIGN KEY/.test(s.sql));
    assert.ok(add, 'the foreign key is added');
    assert.match(add.sql, /REFERENCES c \(id\) MATCH FULL ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID$/);
  });

  it('drops a type in the contract phase, after the columns that use it', async () => {
    const all = await statements('ALTER TABLE jobs DROP COLUMN state, ADD COLUMN note text;\nDROP TYPE job_state;');
    const drop = all.findIndex((s) => /^DROP TYPE job_state/.test(s.sql));
    const column = all.findIndex((s) => /DROP COLUMN IF EXISTS state/.test(s.sql));
    assert.equal(all[drop]?.phase, 'contract');
    assert.ok(column >= 0 && column < drop, 'the column goes first');
  });

  it('drops an index before building a new one under the same name', async () => {
    const all = await statements('DROP INDEX IF EXISTS topics_name_idx;\nALTER TABLE topics ADD CONSTRAINT topics_name_idx UNIQUE (module_id, name);');
    const drop = all.findIndex((s) => /^DROP INDEX CONCURRENTLY IF EXISTS topics_name_idx/.test(s.sql));
    const build = all.findIndex((s) => /^CREATE UNIQUE INDEX CONCURRENTLY topics_name_idx/.test(s.sql));
    assert.ok(drop >= 0 && build > drop, `the old index goes first:\n${all.map((s) => s.sql).join('\n')}`);
    assert.equal(all[drop]!.phase, 'constrain');
  });

  it('drops an index no longer needed in the contract phase', async () => {
    const all = await statements('DROP INDEX topics_old_idx;\nCREATE INDEX topics_new_idx ON topics (name);');
    assert.equal(all.find((s) => /DROP INDEX CONCURRENTLY IF EXISTS topics_old_idx/.test(s.sql))?.phase, 'contract');
  });

  it('replaces a column dropped and added again in one statement: dropped, then added, never dropped after', async () => {
    const all = await statements('ALTER TABLE "APIConnection" DROP COLUMN "externalId", ADD COLUMN "externalId" INTEGER;');
    assert.deepEqual(
      all.map((s) => `${s.phase}: ${s.sql}`),
      [
        'expand: ALTER TABLE "APIConnection" DROP COLUMN IF EXISTS "externalId"',
        'expand: ALTER TABLE "APIConnection" ADD COLUMN IF NOT EXISTS "externalId" INTEGER',
      ],
    );
  });

  it('plans UPDATE t SET c = c (run for its triggers) as a backfill of every row it names', async () => {
    const result = await plan('UPDATE "UserRequest" SET request = request WHERE request IS NOT NULL;');
    const backfill = result.phases.flatMap((p) => p.steps).find((s) => s.kind === 'backfill');
    assert.ok(backfill?.kind === 'backfill');
    assert.equal(backfill.backfill.pending, 'request IS NOT NULL');
    const all = await plan('UPDATE t SET "c" = "c";');
    const every = all.phases.flatMap((p) => p.steps).find((s) => s.kind === 'backfill');
    assert.ok(every?.kind === 'backfill');
    assert.equal(every.backfill.pending, 'true');
  });

  it('still skips rows that already hold the value of an UPDATE that changes values', async () => {
    const result = await plan('UPDATE t SET c = "C";');
    const backfill = result.phases.flatMap((p) => p.steps).find((s) => s.kind === 'backfill');
    assert.ok(backfill?.kind === 'backfill');
    assert.equal(backfill.backfill.pending, 'c IS DISTINCT FROM ("C")');
  });

  it('swaps an enum in order: the type renames, its drop and the column default follow the column swap', async () => {
    const all = await statements(`CREATE TYPE "Status_new" AS ENUM ('PENDING', 'DISPATCHED');
ALTER TABLE "Event" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Event" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Event" ALTER COLUMN "status" SET DEFAULT 'PENDING';`);
    const at = (re: RegExp): number => all.findIndex((s) => re.test(s.sql));
    const swap = at(/RENAME COLUMN status_new TO status/);
    assert.ok(swap >= 0, 'the shadow column is swapped in');
    for (const re of [/^ALTER TYPE "Status" RENAME/, /^ALTER TYPE "Status_new" RENAME/, /^DROP TYPE "Status_old"/, /SET DEFAULT 'PENDING'/]) {
      const i = at(re);
      assert.ok(i > swap, `${re} runs after the swap:\n${all.map((s) => `${s.phase}: ${s.sql}`).join('\n')}`);
      assert.equal(all[i]!.phase, 'contract');
    }
    assert.ok(at(/^ALTER TYPE "Status" RENAME/) < at(/^ALTER TYPE "Status_new" RENAME/) && at(/^ALTER TYPE "Status_new" RENAME/) < at(/^DROP TYPE/));
  });

  describe('the key a backfill batches on', () => {
    const folder = migrationFolder(
      'CREATE TABLE "InvitedUsers" ("adminUid" TEXT NOT NULL, "invitedOn" TIMESTAMP(3) NOT NULL);\nCREATE TABLE accounts (id bigserial PRIMARY KEY, seen timestamp);\n',
    );

    const planIn = (sql: string, primaryKeys?: Record<string, string>) => {
      const fileName = path.join(folder.dir, '0002_change.sql');
      return planMigration(sql, {
        config: resolveConfig({ targetVersion: 15 }),
        convention: 'plain',
        fileName,
        folder: { list: () => [], read: () => undefined },
        ...(primaryKeys ? { primaryKeys } : {}),
      });
    };
    const retype = 'ALTER TABLE "InvitedUsers" ALTER COLUMN "invitedOn" SET DATA TYPE TIMESTAMPTZ(3) USING "invitedOn" AT TIME ZONE \'UTC\';';

    it('refuses, naming the table, when the earlier migrations build it without an "id" column', async () => {
      const result = await planIn(retype);
      assert.equal(result.files.length, 0);
      assert.match(result.refused ?? '', /InvitedUsers has no "id" column/);
      assert.match(result.refused ?? '', /--key InvitedUsers=<column>/);
    });

    it('plans with the key given by --key', async () => {
      const result = await planIn(retype, { invitedusers: 'adminUid' });
      assert.equal(result.refused, undefined);
      const backfill = result.phases.flatMap((p) => p.steps).find((s) => s.kind === 'backfill');
      assert.equal(backfill?.kind === 'backfill' ? backfill.backfill.key : undefined, 'adminUid');
    });

    it('batches on "id" when the table has one', async () => {
      const result = await planIn('ALTER TABLE accounts ALTER COLUMN seen TYPE timestamptz;');
      assert.equal(result.refused, undefined);
      assert.ok(result.files.length > 0);
    });
  });

  describe('a column PostgreSQL fills for every row as it adds it', () => {
    for (const [what, sql, rewrites] of [
      ['a STORED generated column', 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;', /generated/],
      ['an identity column', 'ALTER TABLE users ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY;', /identity/],
    ] as const) {
      it(`keeps ${what} as written, alone in its step, and says it rewrites the table`, async () => {
        const result = await plan(sql);
        const steps = result.phases.flatMap((p) => p.steps);
        assert.equal(steps.length, 1);
        const step = steps[0]!;
        assert.ok(step.kind === 'transaction');
        assert.deepEqual(
          step.statements.map((s) => s.sql),
          [sql.slice(0, -1)],
        );
        const note = result.notes.join('\n');
        assert.match(note, /rewrite of the whole table under ACCESS EXCLUSIVE/);
        assert.match(note, rewrites);
        assert.match(result.phases[0]!.title, /rewrites its table/);
      });
    }
  });

  describe('a type change through a shadow column keeps what the earlier migrations gave the column', () => {
    const folder = migrationFolder(
      'CREATE TABLE items (id serial, qty int NOT NULL DEFAULT 0, note text, CONSTRAINT items_pk PRIMARY KEY (id));\nCREATE INDEX items_note_idx ON items (note);\n',
    );

    const planIn = async (sql: string) => {
      const result = await planMigration(sql, {
        config: resolveConfig({ targetVersion: 15 }),
        convention: 'plain',
        fileName: path.join(folder.dir, '0002_change.sql'),
        folder: { list: () => [], read: () => undefined },
      });
      const all = result.phases.flatMap((p) =>
        p.steps.flatMap((s) =>
          s.kind === 'transaction'
            ? s.statements.map((x) => `${p.kind}: ${x.sql}`)
            : s.kind === 'alone'
              ? [`${p.kind}: ${s.statement.sql}`]
              : [`${p.kind}: backfill`],
        ),
      );
      return { result, all };
    };

    it('recreates NOT NULL (validated CHECK, then SET NOT NULL) and the DEFAULT', async () => {
      const { result, all } = await planIn('ALTER TABLE items ALTER COLUMN qty TYPE bigint;');
      const at = (re: RegExp): number => all.findIndex((s) => re.test(s));
      assert.ok(at(/^constrain: ALTER TABLE items ADD CONSTRAINT items_qty_new_not_null_check CHECK \(qty_new IS NOT NULL\) NOT VALID$/) >= 0, all.join('\n'));
      assert.ok(at(/^constrain: ALTER TABLE items VALIDATE CONSTRAINT items_qty_new_not_null_check$/) >= 0);
      assert.ok(at(/^constrain: ALTER TABLE items ALTER COLUMN qty_new SET NOT NULL$/) >= 0);
      const rename = at(/^contract: ALTER TABLE items RENAME COLUMN qty_new TO qty$/);
      assert.ok(rename >= 0 && at(/^contract: ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0$/) > rename, all.join('\n'));
      // NOT NULL and the default are recreated, so the catalog check before the drop lets them through.
      const guard = all.find((s) => s.includes('cannot be swapped out yet'))!;
      assert.ok(guard && !guard.includes("'NOT NULL'") && guard.includes("d.classid <> 'pg_attrdef'::regclass"), guard);
      assert.equal(result.notes.filter((n) => /not known/.test(n)).length, 0, result.notes.join('\n'));
    });

    it('moves a serial primary key: its sequence, DEFAULT nextval(…) and the PRIMARY KEY by its name', async () => {
      const { all } = await planIn('ALTER TABLE items ALTER COLUMN id TYPE bigint;');
      const at = (re: RegExp): number => all.findIndex((s) => re.test(s));
      assert.ok(at(/^constrain: CREATE UNIQUE INDEX CONCURRENTLY items_id_new_key ON items \(id_new\)$/) >= 0, all.join('\n'));
      const move = at(/ALTER SEQUENCE %s OWNED BY/);
      const drop = at(/^contract: ALTER TABLE items DROP COLUMN id$/);
      assert.ok(move >= 0 && move < drop, 'the sequence is moved before the old column (its owner) is dropped');
      assert.match(all[move]!, /SET DEFAULT nextval\(%L::regclass\)/);
      assert.ok(at(/^contract: ALTER TABLE items ADD CONSTRAINT items_pk PRIMARY KEY USING INDEX items_id_new_key$/) > drop, all.join('\n'));
    });

    it('names what it does not recreate (an index on the column); the contract phase refuses until it exists', async () => {
      const { result, all } = await planIn('ALTER TABLE items ALTER COLUMN note TYPE varchar(200);');
      assert.ok(
        result.notes.some((n) => n.includes('index items_note_idx') && /refuses to drop note/.test(n)),
        result.notes.join('\n'),
      );
      assert.ok(all.some((s) => s.includes('cannot be swapped out yet')));
    });

    it('says so when the column is not known, and the contract phase checks the catalog for everything', async () => {
      const result = await plan('ALTER TABLE elsewhere ALTER COLUMN n TYPE bigint;');
      assert.ok(
        result.notes.some((n) => /definition of elsewhere\.n is not known/.test(n)),
        result.notes.join('\n'),
      );
      const swap = result.phases.find((p) => p.kind === 'contract')!.steps[0]!;
      assert.ok(swap.kind === 'transaction');
      const guard = swap.statements.find((s) => s.sql.includes('cannot be swapped out yet'))!.sql;
      assert.match(guard, /SELECT 'NOT NULL' AS what/);
      assert.doesNotMatch(guard, /pg_attrdef/);
    });

    it('keeps the type change of an identity column as written', async () => {
      const result = await planMigration('ALTER TABLE counters ALTER COLUMN n TYPE bigint;', {
        config: resolveConfig({ targetVersion: 15 }),
        convention: 'plain',
        earlierSql: ['CREATE TABLE counters (n int GENERATED ALWAYS AS IDENTITY, label text);'],
      });
      const steps = result.phases.flatMap((p) => p.steps);
      assert.equal(steps.length, 1);
      const step = steps[0]!;
      assert.ok(step.kind === 'transaction');
      assert.equal(step.statements[0]!.sql, 'ALTER TABLE counters ALTER COLUMN n TYPE bigint');
      assert.ok(result.notes.some((n) => /identity column/.test(n)));
    });
  });
});
