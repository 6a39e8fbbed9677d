import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import type { Finding } from '../../../src/core/rules/types';
import { sharedLinter } from '../../helpers/rule-cases';

async function lint(sql: string): Promise<Finding[]> {
  return (await sharedLinter()).lint(sql, { config: resolveConfig({}) }).findings;
}

const at = (f: Finding): string => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`;

describe('syntax-error', () => {
  it('points at the token where the parser stopped', async () => {
    const findings = await lint("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN d intt x;\n");
    const error = findings.find((f) => f.ruleId === 'syntax-error')!;
    assert.equal(at(error), 'syntax-error@2:37');
    assert.equal(error.range.end.column, 38, 'the range covers the offending token');
    assert.equal(error.severity, 'error');
    assert.match(error.message, /^PostgreSQL cannot parse this statement: syntax error at or near "x"\./);
    assert.equal(error.docsUrl.endsWith('/docs/rules/syntax-error.md'), true);
  });

  it('reports an error at the end of the statement when input ends early', async () => {
    const findings = await lint('ALTER TABLE users ADD COLUMN d int DEFAULT;\n');
    const error = findings.find((f) => f.ruleId === 'syntax-error')!;
    assert.equal(at(error), 'syntax-error@1:43', 'just past the last token');
    assert.match(error.message, /at end of input/);
  });

  it('still lints the statements before and after the broken one', async () => {
    const sql = ['ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', 'SELEC 1;', 'CREATE INDEX users_email_idx ON users (email);'].join('\n');
    const findings = await lint(sql);
    assert.deepEqual(findings.map(at), ['add-column-table-rewrite@1:1', 'require-lock-timeout@1:1', 'syntax-error@2:1', 'create-index-non-concurrently@3:1']);
  });

  it('keeps the file state of statements around it (a table created before the error is still new)', async () => {
    const sql = 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN ??;\nCREATE INDEX t_id_idx ON t (id);';
    assert.deepEqual((await lint(sql)).map(at), ['syntax-error@2:26']);
  });

  it('cannot be suppressed, and naming it in an ignore is reported', async () => {
    const findings = await lint('-- lockstep-ignore syntax-error: generated file\nSELEC 1;');
    assert.deepEqual(
      findings.map((f) => `${at(f)} ${f.messageId}`),
      ['invalid-ignore@1:1 unknownRule', 'syntax-error@2:1 syntaxError'],
    );
  });

  it('a file-wide ignore does not hide it', async () => {
    const findings = await lint('-- lockstep-ignore-file: legacy file\nSELEC 1;');
    assert.deepEqual(findings.map(at), ['syntax-error@2:1']);
  });
});
