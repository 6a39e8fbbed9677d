import assert from 'node:assert/strict';
import { resolveConfig, type ConfigFile } from '../../../src/core/config';
import type { Finding } from '../../../src/core/rules/types';
import { sharedLinter } from '../../helpers/rule-cases';

async function lint(sql: string, config: ConfigFile = {}): Promise<Finding[]> {
  return (await sharedLinter()).lint(sql, { config: resolveConfig(config) }).findings;
}

/** "rule/messageId@line" for each finding, in report order. */
async function summary(sql: string, config?: ConfigFile): Promise<string[]> {
  return (await lint(sql, config)).map((f) => `${f.ruleId}/${f.messageId}@${f.range.start.line}`);
}

const timeout = "SET lock_timeout = '5s';\n";

describe('lockstep-ignore directives (invalid-ignore)', () => {
  it('suppresses the named rule for the statement on the next line', async () => {
    assert.deepEqual(
      await summary(`${timeout}-- lockstep-ignore create-index-non-concurrently: sessions has 200 rows\nCREATE INDEX s_idx ON sessions (user_id);`),
      [],
    );
  });

  it('suppresses several comma-separated rules', async () => {
    const sql = '-- lockstep-ignore create-index-non-concurrently, require-lock-timeout: tiny lookup table\nCREATE INDEX s_idx ON sessions (user_id);';
    assert.deepEqual(await summary(sql), []);
  });

  it('suppresses only the rules it names', async () => {
    const sql = '-- lockstep-ignore create-index-non-concurrently: tiny lookup table\nCREATE INDEX s_idx ON sessions (user_id);';
    assert.deepEqual(await summary(sql), ['require-lock-timeout/missing@2']);
  });

  it('applies across blank lines and other comments, but not across a statement', async () => {
    assert.deepEqual(
      await summary(`${timeout}-- lockstep-ignore create-index-non-concurrently: small\n\n-- build the index\nCREATE INDEX s_idx ON sessions (user_id);`),
      [],
    );
    assert.deepEqual(await summary(`${timeout}-- lockstep-ignore create-index-non-concurrently: small\nSELECT 1;\nCREATE INDEX s_idx ON sessions (user_id);`), [
      'invalid-ignore/unused@2',
      'create-index-non-concurrently/blocking@4',
    ]);
  });

  it('a directive trailing a statement applies to that statement', async () => {
    const sql = `${timeout}CREATE INDEX a_idx ON sessions (a); -- lockstep-ignore create-index-non-concurrently: small\nCREATE INDEX b_idx ON sessions (b);`;
    assert.deepEqual(await summary(sql), ['create-index-non-concurrently/blocking@3']);
  });

  it('a directive without a reason is reported, and still suppresses', async () => {
    for (const directive of ['-- lockstep-ignore create-index-non-concurrently', '-- lockstep-ignore create-index-non-concurrently:   ']) {
      const findings = await lint(`${timeout}${directive}\nCREATE INDEX s_idx ON sessions (user_id);`);
      assert.deepEqual(
        findings.map((f) => `${f.ruleId}/${f.messageId}@${f.range.start.line}:${f.range.start.column}`),
        ['invalid-ignore/missingReason@2:1'],
        directive,
      );
      assert.equal(findings[0]!.severity, 'warning');
      assert.match(findings[0]!.message, /needs a reason/);
    }
  });

  it('a placeholder reason is refused: the finding stays and the directive is reported', async () => {
    for (const reason of ['<reason>', '<why this is safe here>', 'TODO', '...']) {
      const findings = await lint(`${timeout}-- lockstep-ignore create-index-non-concurrently: ${reason}\nCREATE INDEX s_idx ON sessions (user_id);`);
      assert.deepEqual(
        findings.map((f) => `${f.ruleId}/${f.messageId}@${f.range.start.line}`).sort(),
        ['create-index-non-concurrently/blocking@3', 'invalid-ignore/placeholderReason@2'],
        reason,
      );
    }
  });

  it('a real reason that happens to contain angle brackets still suppresses', async () => {
    assert.deepEqual(
      await summary(`${timeout}-- lockstep-ignore create-index-non-concurrently: sessions has <200 rows\nCREATE INDEX s_idx ON sessions (user_id);`),
      [],
    );
  });

  it('an unknown rule id is reported and suppresses nothing', async () => {
    const findings = await lint(`${timeout}-- lockstep-ignore create-index-concurrently: typo\nCREATE INDEX s_idx ON sessions (user_id);`);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}/${f.messageId}@${f.range.start.line}`),
      ['invalid-ignore/unknownRule@2', 'create-index-non-concurrently/blocking@3'],
    );
    assert.match(findings[0]!.message, /create-index-concurrently/);
  });

  it('an ignore that suppresses nothing is reported as unused', async () => {
    const findings = await lint(`${timeout}-- lockstep-ignore breaking-drop: not needed\nCREATE INDEX CONCURRENTLY s_idx ON sessions (user_id);`);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}/${f.messageId}@${f.range.start.line}`),
      ['invalid-ignore/unused@2'],
    );
    assert.match(findings[0]!.message, /breaking-drop does not report this statement/);
  });

  it('an ignore for a rule turned off in the config is unused', async () => {
    const sql = '-- lockstep-ignore require-lock-timeout: set by the deploy tool\nALTER TABLE users ADD COLUMN c int;';
    assert.deepEqual(await summary(sql, { rules: { 'require-lock-timeout': 'off' } }), ['invalid-ignore/unused@1']);
  });

  it('an ignore at the end of the file with no statement below is reported', async () => {
    assert.deepEqual(await summary(`${timeout}CREATE INDEX CONCURRENTLY s_idx ON sessions (user_id);\n\n-- lockstep-ignore breaking-drop: later`), [
      'invalid-ignore/noStatement@4',
    ]);
  });

  it('lockstep-ignore-file with ids suppresses those rules everywhere', async () => {
    const sql =
      '-- lockstep-ignore-file require-lock-timeout: the deploy tool sets lock_timeout\nALTER TABLE users ADD COLUMN c int;\nCREATE INDEX users_c_idx ON users (c);';
    assert.deepEqual(await summary(sql), ['create-index-non-concurrently/blocking@3']);
  });

  it('lockstep-ignore-file without ids suppresses every rule', async () => {
    const sql =
      '-- lockstep-ignore-file: seed data for a table nobody uses yet\nALTER TABLE users ADD COLUMN c int NOT NULL;\nCREATE INDEX users_c_idx ON users (c);';
    assert.deepEqual(await summary(sql), []);
  });

  it('lockstep-ignore-file without a reason is reported', async () => {
    assert.deepEqual(await summary('-- lockstep-ignore-file\nCREATE INDEX users_c_idx ON users (c);'), ['invalid-ignore/missingReason@1']);
  });

  it('a file-wide ignore that matches nothing is not reported as unused', async () => {
    assert.deepEqual(await summary(`${timeout}-- lockstep-ignore-file breaking-drop: legacy\nCREATE INDEX CONCURRENTLY s_idx ON sessions (user_id);`), []);
  });

  it('keeps the reason out of the rule list: ids stop at the colon', async () => {
    const sql = `${timeout}-- lockstep-ignore create-index-non-concurrently: breaking-drop is irrelevant here\nCREATE INDEX s_idx ON sessions (user_id);`;
    assert.deepEqual(await summary(sql), []);
  });
});
