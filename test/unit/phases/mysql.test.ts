import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { createLinter, type Linter } from '../../../src/core/lint';
import { planMigration, type PlanMigrationResult } from '../../../src/core/phases';
import { emptyFolder } from '../../../src/core/phases/workspace';
import type { Dialect } from '../../../src/core/types';
import { loadParser } from '../../../src/core/sql/parsers';
import { cli } from '../../helpers/cli';

/**
 * MySQL and MariaDB plans. No engine runs here, so they are checked structurally (the
 * algorithm each ALTER asks for, bounded batches, the online schema change commands) and
 * against Lockstep's own MySQL rules, which read the same versioned facts.
 */
const SCENARIOS = [
  {
    name: 'NOT NULL column without a default, placed AFTER another',
    sql: 'ALTER TABLE orders ADD COLUMN stage VARCHAR(20) NOT NULL AFTER id;\n',
    backfill: { 'orders.stage': "'new'" },
  },
  { name: 'a constant default NOT NULL', sql: "ALTER TABLE orders ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';\n" },
  {
    name: 'a column filled by an UPDATE, then an index',
    sql: 'ALTER TABLE orders ADD COLUMN paid TINYINT;\nUPDATE orders SET paid = 1 WHERE paid_at IS NOT NULL;\nCREATE INDEX orders_paid ON orders (paid);\n',
  },
  { name: 'a UNIQUE column', sql: 'ALTER TABLE orders ADD COLUMN ref VARCHAR(40) UNIQUE;\n' },
] as const;

const TARGETS: readonly { dialect: Dialect; version: string }[] = [
  { dialect: 'mysql', version: '5.7.44' },
  { dialect: 'mysql', version: '8.0.28' },
  { dialect: 'mysql', version: '8.0.29' },
  { dialect: 'mariadb', version: '10.3' },
  { dialect: 'mariadb', version: '10.4' },
];

const SIZES = { small: 50_000, big: 2_000_000 } as const;

describe('phases: MySQL and MariaDB plans', () => {
  let linter: Linter;
  before(async () => {
    linter = await createLinter(['mysql', 'mariadb']);
  });

  const config = (t: { dialect: Dialect; version: string }, rows: number) =>
    resolveConfig({ dialect: t.dialect, targetVersion: t.version, tables: { orders: { rows } } });
  const plan = (sql: string, t: { dialect: Dialect; version: string }, rows: number, backfill?: Record<string, string>): Promise<PlanMigrationResult> =>
    planMigration(sql, { config: config(t, rows), folder: emptyFolder, batchSize: 100_000, ...(backfill ? { backfillValues: backfill } : {}) });

  for (const t of TARGETS) {
    for (const [size, rows] of Object.entries(SIZES)) {
      for (const s of SCENARIOS) {
        it(`${s.name} on ${t.dialect} ${t.version}, ${size} table: lints clean; every ALTER names its algorithm; batches are bounded`, async () => {
          const result = await plan(s.sql, t, rows, 'backfill' in s ? s.backfill : undefined);
          assert.equal(result.plan.dialect, t.dialect);
          assert.ok(result.files.length > 0);
          for (const f of result.files) {
            for (const part of f.parts) {
              const findings = linter.lint(part.sql, { config: config(t, rows) }).findings;
              assert.deepEqual(
                findings.map((x) => `${x.ruleId}: ${x.message}`),
                [],
                `${f.path} (${part.direction}):\n${part.sql}`,
              );
              for (const stmt of part.sql
                .split(/;\n/)
                .map((x) => x.replace(/^(--.*\n)+/gm, '').trim())
                .filter(Boolean)) {
                if (/^ALTER TABLE/i.test(stmt)) assert.match(stmt, /ALGORITHM=(INSTANT|INPLACE, LOCK=(NONE|SHARED))$/, stmt);
                if (/^UPDATE/i.test(stmt)) assert.match(stmt, /WHERE id >= @lockstep_lo AND id <= @lockstep_hi AND \(.+\)$/, stmt);
              }
              if (f.phase === 'backfill') assert.equal(part.sql.match(/\bUPDATE\b/g)?.length, 1, 'one UPDATE, in the loop');
            }
          }
        });
      }
    }
  }

  it('INSTANT where the target allows it: AFTER kept from 8.0.29, dropped (column added last) on 8.0.28', async () => {
    const newer = await plan(SCENARIOS[0].sql, { dialect: 'mysql', version: '8.0.29' }, SIZES.big, SCENARIOS[0].backfill);
    assert.match(newer.files[0]!.parts[0]!.sql, /ALTER TABLE orders ADD COLUMN stage VARCHAR\(20\) NULL AFTER id, ALGORITHM=INSTANT;/);
    const older = await plan(SCENARIOS[0].sql, { dialect: 'mysql', version: '8.0.28' }, SIZES.big, SCENARIOS[0].backfill);
    assert.match(older.files[0]!.parts[0]!.sql, /ALTER TABLE orders ADD COLUMN stage VARCHAR\(20\) NULL, ALGORITHM=INSTANT;/);
    assert.ok(older.notes.some((n) => /added last in orders/.test(n)));
    assert.match(older.files[0]!.parts[0]!.sql, /^SET SESSION lock_wait_timeout = 5;/);
  });

  it('expand, backfill, then MODIFY … NOT NULL online on a table below the online-schema-change size', async () => {
    const r = await plan(SCENARIOS[0].sql, { dialect: 'mysql', version: '8.0.36' }, SIZES.small, SCENARIOS[0].backfill);
    assert.deepEqual(
      r.phases.map((p) => p.kind),
      ['expand', 'backfill', 'constrain'],
    );
    const constrain = r.files.find((f) => f.phase === 'constrain')!;
    assert.match(constrain.parts[0]!.sql, /ALTER TABLE orders MODIFY COLUMN stage VARCHAR\(20\) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;/);
    const backfill = r.files.find((f) => f.phase === 'backfill')!.parts[0]!.sql;
    assert.equal(backfill.match(/^ +UPDATE orders SET stage = 'new' WHERE id >= @lockstep_lo AND id <= @lockstep_hi AND \(stage IS NULL\);$/gm)?.length, 1);
  });

  it('the backfill is one stored procedure with a WHILE loop, created, called and dropped; it parses and resumes', async () => {
    for (const t of [TARGETS[1]!, TARGETS[3]!]) {
      const r = await plan(
        "ALTER TABLE orders ADD COLUMN stage VARCHAR(20) NOT NULL;\nUPDATE orders SET stage = 'paid' WHERE paid_at IS NOT NULL;\n",
        t,
        10_000_000,
      );
      const sql = r.files.find((f) => f.phase === 'backfill')!.parts[0]!.sql;
      const parser = await loadParser(t.dialect);
      const file = parser.parse(sql);
      assert.deepEqual(
        file.statements.filter((s) => s.error).map((s) => `${s.text}: ${s.error!.message}`),
        [],
      );
      const texts = file.statements.map((s) => s.text.split('\n')[0]);
      assert.deepEqual(texts, [
        'DROP PROCEDURE IF EXISTS lockstep_backfill_orders_stage',
        'CREATE PROCEDURE lockstep_backfill_orders_stage(IN batch_size INT, IN pause_seconds DECIMAL(10,3))',
        'SET SESSION innodb_lock_wait_timeout = 5',
        'CALL lockstep_backfill_orders_stage(100000, 0.05)',
        'DROP PROCEDURE IF EXISTS lockstep_backfill_orders_stage',
      ]);
      assert.match(sql, /^DELIMITER \/\/\nCREATE PROCEDURE/m);
      assert.match(sql, /^END \/\/\nDELIMITER ;$/m);
      const body = file.statements[1]!.text;
      assert.match(body, /WHILE @lockstep_lo IS NOT NULL DO[\s\S]*START TRANSACTION;[\s\S]*UPDATE[\s\S]*COMMIT;[\s\S]*progress[\s\S]*END WHILE;/);
      // Each statement of the loop is one the server's grammar accepts (the variables stand in for values).
      for (const line of body
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^(UPDATE|SELECT MIN|SELECT MAX)/.test(l))) {
        const one = parser.parse(
          line
            .replace(/ INTO @lockstep_\w+/, '')
            .replace(/@lockstep_\w+/g, '1')
            .replace(/LIMIT batch_size/, 'LIMIT 10'),
        );
        assert.equal(one.statements[0]!.error, undefined, line);
      }
      // Every existing row gets what the original gave it: 'paid' where paid_at is set, else
      // the implicit default of a NOT NULL VARCHAR (''); resumable because only NULLs are pending.
      assert.match(
        body,
        /UPDATE orders SET stage = CASE WHEN \(paid_at IS NOT NULL\) THEN \('paid'\) ELSE '' END WHERE id >= @lockstep_lo AND id <= @lockstep_hi AND \(stage IS NULL\);/,
      );
      assert.doesNotMatch(sql, /^UPDATE/m, 'no copied statements outside the loop');
    }
  });

  it('a fill with a WHERE on a column added with its constant default rewrites only the rows the UPDATE meant', async () => {
    const r = await plan(
      'ALTER TABLE orders ADD COLUMN tier INT NOT NULL DEFAULT 0;\nUPDATE orders SET tier = 2 WHERE total_cents > 10000;\n',
      TARGETS[2]!,
      50_000,
    );
    const sql = r.files.find((f) => f.phase === 'backfill')!.parts[0]!.sql;
    assert.match(sql, /UPDATE orders SET tier = 2 WHERE id >= @lockstep_lo AND id <= @lockstep_hi AND \(\(total_cents > 10000\) AND NOT \(tier <=> \(2\)\)\);/);
  });

  it('a constant default NOT NULL is one INSTANT statement: nothing to backfill', async () => {
    const r = await plan(SCENARIOS[1].sql, { dialect: 'mariadb', version: '10.4' }, SIZES.big);
    assert.deepEqual(
      r.phases.map((p) => p.kind),
      ['expand'],
    );
    assert.match(r.files[0]!.parts[0]!.sql, /ADD COLUMN currency CHAR\(3\) NOT NULL DEFAULT 'EUR', ALGORITHM=INSTANT;/);
  });

  it('a big table where the change cannot be INSTANT gets gh-ost and pt-online-schema-change command lines instead of SQL', async () => {
    const r = await plan(SCENARIOS[0].sql, { dialect: 'mysql', version: '5.7.44' }, SIZES.big, SCENARIOS[0].backfill);
    const expand = r.files.find((f) => f.phase === 'expand' && !f.path.includes('.down.'))!;
    assert.match(expand.content, /gh-ost --host=<host> --database=<database> --table=orders --alter="ADD COLUMN stage VARCHAR\(20\) NULL AFTER id"/);
    assert.match(expand.content, /pt-online-schema-change --alter "ADD COLUMN stage VARCHAR\(20\) NULL AFTER id" D=<database>,t=orders/);
    assert.doesNotMatch(expand.parts[0]!.sql, /ALTER TABLE/);
    const constrain = r.files.find((f) => f.phase === 'constrain')!;
    assert.match(constrain.content, /--alter="MODIFY COLUMN stage VARCHAR\(20\) NOT NULL"/);
  });

  it('the CLI plans MySQL with --dialect and --target, and refuses other conventions', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-mysql-plan-'));
    try {
      const file = path.join(dir, '0007_add_stage.sql');
      fs.writeFileSync(file, SCENARIOS[0].sql);
      const r = await cli('plan', file, '--dialect', 'mysql', '--target', '8.0.28', '--backfill', "orders.stage='new'", '--format', 'json');
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as { convention: string; phases: { kind: string }[]; files: { path: string; content: string }[] };
      assert.equal(json.convention, 'plain');
      assert.deepEqual(
        json.phases.map((p) => p.kind),
        ['expand', 'backfill', 'constrain'],
      );
      assert.ok(json.files.some((f) => f.content.includes('ALGORITHM=INSTANT')));
      const refused = await cli('plan', file, '--dialect', 'mysql', '--convention', 'flyway');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /plain convention only/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
