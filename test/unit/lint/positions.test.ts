import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { artifactUri } from '../../../src/core/report/sarif';
import { splitStatements } from '../../../src/core/sql/split';
import type { Dialect } from '../../../src/core/types';
import { sharedLinter } from '../../helpers/rule-cases';

/** Every position a finding or statement reports lies inside the file, and points somewhere visible. */
describe('positions stay inside the file', () => {
  const lint = async (text: string, dialect: Dialect = 'postgresql') => (await sharedLinter()).lint(text, { config: resolveConfig({ dialect }) });

  for (const [dialect, text] of [
    ['postgresql', "SELECT E'abc\\"],
    ['mysql', "SELECT 'abc\\"],
    ['mariadb', "SELECT 1; SELECT '\\"],
  ] as const) {
    it(`a backslash ending the file inside a string (${dialect}: ${JSON.stringify(text)})`, async () => {
      for (const s of splitStatements(text, dialect).statements) assert.ok(s.end <= text.length, `statement end ${s.end} past ${text.length}`);
      const r = await lint(text, dialect);
      for (const f of r.findings) assert.ok(f.range.end.offset <= text.length);
    });
  }

  it('a syntax error at the end of a truncated file marks its last character, not an empty range', async () => {
    const text = 'CREATE INDEX i ON t (';
    const error = (await lint(text)).findings.find((f) => f.ruleId === 'syntax-error')!;
    assert.deepEqual([error.range.start.offset, error.range.end.offset], [text.length - 1, text.length]);
  });

  it('lone CR line endings count as line breaks', async () => {
    const text = 'SELECT 1;\rCREATE INDEX i ON t (a);\r\rALTER TABLE t ADD COLUMN c int NOT NULL;';
    const r = await lint(text);
    const index = r.findings.find((f) => f.ruleId === 'create-index-non-concurrently')!;
    assert.equal(index.range.start.line, 2);
    assert.equal(index.range.start.column, 1);
    assert.equal(r.statements[2]!.range.start.line, 4);
  });

  it('CRLF counts as one line break', async () => {
    const r = await lint('SELECT 1;\r\n\r\nCREATE INDEX i ON t (a);');
    assert.equal(r.findings.find((f) => f.ruleId === 'create-index-non-concurrently')!.range.start.line, 3);
  });
});

describe('SARIF artifact URIs', () => {
  it('percent-encodes each segment of a relative path', () => {
    assert.equal(artifactUri('db/migrations/0001 add #1 (100%).sql'), 'db/migrations/0001%20add%20%231%20(100%25).sql');
    assert.equal(artifactUri('db\\migrations\\a b.sql'), 'db/migrations/a%20b.sql');
    assert.equal(artifactUri('x:y.sql'), 'x%3Ay.sql');
  });
  it('gives absolute paths a file URI', () => {
    assert.equal(artifactUri('/srv/app/my migrations/1.sql'), 'file:///srv/app/my%20migrations/1.sql');
    assert.equal(artifactUri('C:\\app\\a b.sql'), 'file:///C:/app/a%20b.sql');
  });
});
