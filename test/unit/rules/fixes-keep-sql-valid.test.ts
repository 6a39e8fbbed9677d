import assert from 'node:assert/strict';
import { resolveConfig, type ConfigFile } from '../../../src/core/config';
import type { Finding } from '../../../src/core/rules/types';
import { applyEdits, sharedLinter } from '../../helpers/rule-cases';

/**
 * Fixes are text edits on the user's file: applied, the file must still parse and the
 * finding must be gone, whatever surrounds the statement (a missing last semicolon, a
 * statement on the same line, a DO block, names that need quoting).
 */
async function lint(sql: string, config: ConfigFile, fileName?: string): Promise<Finding[]> {
  const linter = await sharedLinter();
  return linter.lint(sql, { config: resolveConfig(config), ...(fileName ? { fileName } : {}) }).findings;
}

async function fixOf(sql: string, ruleId: string, config: ConfigFile, fileName?: string): Promise<{ fixed: string; before: Finding[] }> {
  const before = await lint(sql, config, fileName);
  const finding = before.find((f) => f.ruleId === ruleId && f.fix);
  assert.ok(finding, `${ruleId} offers a fix: ${before.map((f) => f.ruleId).join(', ')}`);
  return { fixed: applyEdits(sql, finding.fix!.edits), before };
}

async function assertFixHolds(sql: string, ruleId: string, config: ConfigFile = {}, fileName?: string): Promise<string> {
  const { fixed, before } = await fixOf(sql, ruleId, config, fileName);
  const after = await lint(fixed, config, fileName);
  assert.deepEqual(
    after.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message),
    [],
    `fixed SQL must parse:\n${fixed}`,
  );
  const count = (fs: Finding[]): number => fs.filter((f) => f.ruleId === ruleId).length;
  assert.ok(count(after) < count(before), `the fix must remove its finding:\n${fixed}`);
  return fixed;
}

describe('fixes keep the SQL valid', () => {
  const big = { tables: { users: { rows: 1_000_000 } } };

  it('no fix is offered for a constraint found inside a DO block (it would land after END $$)', async () => {
    const sql = 'DO $$ BEGIN ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); END $$;';
    const findings = await lint(sql, {});
    const finding = findings.find((f) => f.ruleId === 'constraint-without-not-valid');
    assert.ok(finding, 'the constraint is still reported');
    assert.equal(finding.fix, undefined);
  });

  it('a last statement without a semicolon gets one before the statements a fix adds', async () => {
    const fixed = await assertFixHolds('ALTER TABLE users ADD COLUMN plan int NOT NULL', 'add-column-not-null-without-default', big);
    assert.match(fixed, /^ALTER TABLE users ADD COLUMN plan int;\n/);
  });

  it('NOT VALID and the VALIDATE after an unterminated last statement', async () => {
    const fixed = await assertFixHolds(
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)',
      'constraint-without-not-valid',
    );
    assert.match(fixed, /REFERENCES users \(id\) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;/);
  });

  it('VALIDATE after a COMMIT without a semicolon', async () => {
    await assertFixHolds(
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nCOMMIT',
      'constraint-without-not-valid',
    );
  });

  it('an inserted comment does not comment out the next statement on the same line (Prisma runs in a transaction)', async () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); CREATE TABLE audit (id int);';
    const fixed = await assertFixHolds(sql, 'constraint-without-not-valid', {}, 'prisma/migrations/20240101000000_x/migration.sql');
    assert.match(fixed, /\nCREATE TABLE audit \(id int\);$/, fixed);
    const linter = await sharedLinter();
    assert.equal(linter.parse(fixed, 'postgresql').statements.length, 2, 'the CREATE TABLE is still a statement');
  });

  it('SQLite: the unique-index fix quotes keywords and names with spaces', async () => {
    const sql =
      'CREATE TABLE "group" (id INTEGER PRIMARY KEY, "group" TEXT, "my col" TEXT);\nALTER TABLE "group" ADD CONSTRAINT g_u UNIQUE ("group", "my col");';
    const fixed = await assertFixHolds(sql, 'sqlite-requires-rebuild', { dialect: 'sqlite', targetVersion: '3.45.0' });
    assert.match(fixed, /CREATE UNIQUE INDEX g_u ON "group" \("group", "my col"\)/);
  });

  it('SQLite: adding a UNIQUE column to a schema-qualified table indexes it the way SQLite accepts', async () => {
    const fixed = await assertFixHolds('ALTER TABLE main.users ADD COLUMN email TEXT UNIQUE;', 'sqlite-add-column-restriction', { dialect: 'sqlite' });
    assert.match(fixed, /CREATE UNIQUE INDEX main\.users_email_key ON users \(email\);/);
  });

  for (const dialect of ['mysql', 'mariadb'] as const) {
    it(`${dialect}: ALGORITHM and LOCK added to DROP INDEX are read back (the finding goes)`, async () => {
      const fixed = await assertFixHolds('DROP INDEX i ON t;', 'mysql-require-explicit-algorithm', { dialect });
      assert.equal(fixed, 'DROP INDEX i ON t ALGORITHM=INPLACE LOCK=NONE;');
    });
  }
  // A quoted name may hold a line break; the comment that quotes it must stay a comment.
  // (Prisma sends a file of several statements as one transaction, hence the CREATE TABLE.)
  for (const [where, sql] of [
    [
      'table',
      'ALTER TABLE "Trig\nALTER TABLE users ALTER COLUMN a SET NOT NULL;\ngerSource" ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (id);\nCREATE TABLE audit (id int);',
    ],
    ['constraint (CRLF)', 'ALTER TABLE "Job" ADD CONSTRAINT "J\r\n\r\nx" FOREIGN KEY (a) REFERENCES b (id);\nCREATE TABLE audit (id int);'],
    ['constraint (CR)', 'ALTER TABLE "Job" ADD CONSTRAINT "J\r\rx" FOREIGN KEY (a) REFERENCES b (id);\nCREATE TABLE audit (id int);'],
  ] as const) {
    it(`Prisma: the VALIDATE comment stays a comment when the ${where} name holds a line break`, async () => {
      const fixed = await assertFixHolds(sql, 'constraint-without-not-valid', {}, 'app/prisma/migrations/20240101000000_x/migration.sql');
      const linter = await sharedLinter();
      assert.equal(linter.parse(fixed, 'postgresql').statements.length, 2, `only the ALTER and the CREATE are SQL:\n${fixed}`);
      assert.match(fixed, /\n-- In a later migration/);
    });
  }

  it('no fix for a statement holding a NUL character (PostgreSQL reads a statement up to it)', async () => {
    const sql = 'ALTER TABLE "TaskSchedule" ADD CONSTRAINT fk FOREIGN KEY ("projectId") REFERENCES "Project"\u0000("id") ON DELETE CASCADE;';
    const finding = (await lint(sql, {})).find((f) => f.ruleId === 'constraint-without-not-valid');
    assert.ok(finding, 'the constraint is still reported');
    assert.equal(finding.fix, undefined);
  });

  for (const dialect of ['mysql', 'mariadb'] as const) {
    it(`${dialect}: ALTER COLUMN … SET DEFAULT with an unclosed string is a syntax error, not a fixable finding`, async () => {
      const findings = await lint("ALTER TABLE v1_payload_wal ALTER COLUMN operation SET DEFAULT 'CREAT", { dialect });
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.message]),
        [
          [
            'syntax-error',
            `${dialect === 'mysql' ? 'MySQL' : 'MariaDB'} cannot parse this statement: this string is not closed. The other statements were still checked.`,
          ],
        ],
      );
    });

    it(`${dialect}: ALGORITHM added to ALTER COLUMN … SET DEFAULT is read back`, async () => {
      const fixed = await assertFixHolds("ALTER TABLE t ALTER COLUMN c SET DEFAULT 'it\\'s (x'", 'mysql-require-explicit-algorithm', { dialect });
      assert.equal(fixed, "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'it\\'s (x', ALGORITHM=INSTANT");
    });
  }
});
