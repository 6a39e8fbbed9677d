import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from 'sql.js';
import { resolveConfig } from '../../../src/core/config';
import { loadSqlJs } from '../../../src/core/engines/sqlite/engine';
import { createLinter, type Linter } from '../../../src/core/lint';
import { planMigration, type GeneratedFile } from '../../../src/core/phases';
import { seedTable } from '../../../src/core/simulate/sqlite/seed';

/**
 * SQLite plans: every generated file lints clean under the SQLite rules for the target
 * version, and applied in order on sql.js to a table full of synthetic rows, the plan
 * reaches the schema the original migration meant (which only works on an empty table)
 * with every row kept and filled.
 */
const INIT = `CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX users_created_at ON users (created_at);
CREATE VIEW recent_users AS SELECT id, email FROM users WHERE created_at > '2024';
`;

interface Scenario {
  readonly name: string;
  readonly sql: string;
  readonly backfill?: Record<string, string>;
  /** What every existing row must hold afterwards. */
  readonly check: string;
  /** The schema meant, when SQLite refuses the original even on an empty table. */
  readonly intended?: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'NOT NULL column without a default, then an index',
    sql: 'ALTER TABLE users ADD COLUMN plan TEXT NOT NULL;\nCREATE INDEX users_plan ON users (plan);\n',
    backfill: { 'users.plan': "'free'" },
    check: "SELECT count(*) FROM users WHERE plan IS NOT 'free'",
  },
  {
    name: 'a non-constant default (CURRENT_TIMESTAMP)',
    sql: 'ALTER TABLE users ADD COLUMN seen_at TEXT DEFAULT CURRENT_TIMESTAMP;\n',
    check: 'SELECT count(*) FROM users WHERE seen_at IS NULL',
  },
  {
    name: 'an added column filled by an UPDATE in the same file',
    sql: "ALTER TABLE users ADD COLUMN domain TEXT;\nUPDATE users SET domain = substr(email, instr(email, '@') + 1);\n",
    check: "SELECT count(*) FROM users WHERE domain IS NOT substr(email, instr(email, '@') + 1)",
  },
  {
    name: 'a UNIQUE column',
    sql: 'ALTER TABLE users ADD COLUMN handle TEXT UNIQUE;\n',
    check: 'SELECT 0',
    intended: 'ALTER TABLE users ADD COLUMN handle TEXT;\nCREATE UNIQUE INDEX users_handle_key ON users (handle);\n',
  },
];

const TARGETS = ['3.45.0', '3.53.0'] as const;
const ROWS = 3000;

describe('phases: SQLite plans', () => {
  let dir: string;
  let linter: Linter;
  before(async () => {
    linter = await createLinter(['sqlite']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-sqlite-plan-'));
    fs.writeFileSync(path.join(dir, '0001_users.sql'), INIT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (target: string) => resolveConfig({ dialect: 'sqlite', targetVersion: target, tables: { users: { rows: ROWS } } });

  async function plan(s: Scenario, target: string): Promise<readonly GeneratedFile[]> {
    const file = path.join(dir, '0002_change.sql');
    fs.writeFileSync(file, s.sql);
    const result = await planMigration(s.sql, {
      fileName: file,
      config: config(target),
      batchSize: 500,
      ...(s.backfill ? { backfillValues: s.backfill } : {}),
    });
    assert.ok(result.files.length > 0, result.notes.join('\n'));
    assert.equal(result.convention, 'plain');
    return result.files;
  }

  const shape = (db: Database): unknown => ({
    columns: db.exec(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('users')`)[0]?.values,
    indexes: db.exec(
      `SELECT il.name LIKE 'sqlite_autoindex%' AS auto, il."unique", group_concat(ii.name) FROM pragma_index_list('users') il, pragma_index_info(il.name) ii GROUP BY il.name ORDER BY 3, 2`,
    )[0]?.values,
    views: db.exec(`SELECT name FROM sqlite_schema WHERE type = 'view'`)[0]?.values,
  });

  for (const target of TARGETS) {
    for (const s of SCENARIOS) {
      it(`${s.name} (target ${target}): lints clean, and reaches the intended schema with every row kept`, async () => {
        const files = await plan(s, target);
        for (const f of files) {
          for (const part of f.parts) {
            const findings = linter.lint(part.sql, { config: config(target) }).findings;
            assert.deepEqual(
              findings.map((x) => `${x.ruleId}: ${x.message}`),
              [],
              `${f.path} (${part.direction}):\n${part.sql}`,
            );
          }
        }

        const SQL = await loadSqlJs();
        const intended = new SQL.Database();
        const db = new SQL.Database();
        try {
          // The original migration only succeeds on an empty table: that is the schema it means.
          intended.exec(INIT);
          intended.exec(s.intended ?? s.sql);
          db.exec(INIT);
          seedTable(db, 'users', ROWS);
          const before = db.exec('SELECT count(*), sum(id), group_concat(email) FROM users')[0]?.values[0];
          for (const f of files) for (const part of f.parts.filter((p) => p.direction === 'up')) db.exec(part.sql);
          assert.deepEqual(shape(db), shape(intended));
          assert.deepEqual(db.exec('SELECT count(*), sum(id), group_concat(email) FROM users')[0]?.values[0], before, 'rows kept');
          assert.equal(db.exec(s.check)[0]?.values[0]?.[0], 0, 'every row filled');
          assert.deepEqual(db.exec('PRAGMA foreign_key_check')[0]?.values ?? [], []);
          assert.equal(db.exec("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'new_%'")[0]?.values[0]?.[0], 0, 'no rebuild leftovers');
        } finally {
          db.close();
          intended.close();
        }
      });
    }
  }

  it('before 3.53 NOT NULL is set by the 12-step rebuild; from 3.53 by ALTER COLUMN', async () => {
    const old = (await plan(SCENARIOS[0]!, '3.45.0')).map((f) => f.content).join('\n');
    assert.match(
      old,
      /PRAGMA foreign_keys = OFF;[\s\S]*CREATE TABLE new_users[\s\S]*INSERT INTO new_users[\s\S]*DROP TABLE users;[\s\S]*ALTER TABLE new_users RENAME TO users;[\s\S]*PRAGMA foreign_key_check;[\s\S]*COMMIT;/,
    );
    const current = (await plan(SCENARIOS[0]!, '3.53.0')).map((f) => f.content).join('\n');
    assert.match(current, /ALTER TABLE users ALTER COLUMN plan SET NOT NULL;/);
    assert.doesNotMatch(current, /new_users/);
  });

  it('the backfill is bounded batches, enough for the configured rows', async () => {
    const files = await plan(SCENARIOS[0]!, '3.45.0');
    const backfill = files.find((f) => f.phase === 'backfill')!;
    const updates =
      backfill.parts[0]!.sql.match(
        /^UPDATE users SET plan = 'free' WHERE rowid IN \(SELECT rowid FROM users WHERE plan IS NULL ORDER BY rowid LIMIT 500\);$/gm,
      ) ?? [];
    assert.ok(updates.length * 500 >= ROWS, `${updates.length} batches`);
  });
});
