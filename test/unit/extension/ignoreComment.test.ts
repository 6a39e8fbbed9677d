import { strict as assert } from 'node:assert';
import { ignoreCommentEdit, ignoreFileEdit, REASON_PLACEHOLDER } from '../../../src/extension/ignoreComment';

function apply(text: string, e: { start: number; end: number; text: string }): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

describe('extension: ignore-comment quick fix', () => {
  it('inserts the comment on its own line above the statement, with the statement indentation', () => {
    const text = 'BEGIN;\n  CREATE INDEX i ON t (c);\nCOMMIT;\n';
    const start = text.indexOf('CREATE');
    const r = ignoreCommentEdit(text, start, 'require-concurrent-index');
    const out = apply(text, r.edit);
    assert.equal(out, `BEGIN;\n  -- lockstep-ignore require-concurrent-index: ${REASON_PLACEHOLDER}\n  CREATE INDEX i ON t (c);\nCOMMIT;\n`);
    assert.equal(out.slice(r.placeholder!.start, r.placeholder!.end), REASON_PLACEHOLDER);
  });

  it('works on the first line of a file and keeps CRLF line ends', () => {
    const text = 'CREATE INDEX i ON t (c);\r\n';
    const out = apply(text, ignoreCommentEdit(text, 0, 'x').edit);
    assert.equal(out, `-- lockstep-ignore x: ${REASON_PLACEHOLDER}\r\nCREATE INDEX i ON t (c);\r\n`);
  });

  it('adds the id to an ignore comment already above the statement', () => {
    const text = '-- lockstep-ignore a: small table\nALTER TABLE t ADD COLUMN c int;\n';
    const r = ignoreCommentEdit(text, text.indexOf('ALTER'), 'b');
    assert.equal(apply(text, r.edit), '-- lockstep-ignore a, b: small table\nALTER TABLE t ADD COLUMN c int;\n');
    assert.equal(r.placeholder, undefined);
  });

  it('changes nothing when the id is already ignored there', () => {
    const text = '-- lockstep-ignore a, b: ok\nALTER TABLE t ADD COLUMN c int;\n';
    const r = ignoreCommentEdit(text, text.indexOf('ALTER'), 'b');
    assert.equal(apply(text, r.edit), text);
  });
});

describe('extension: the ignore-for-this-file quick fix', () => {
  it('puts a file-wide directive first, with the reason placeholder selected', () => {
    const text = 'CREATE INDEX a ON t (c);\r\nCREATE INDEX b ON t (d);\r\n';
    const { edit, placeholder } = ignoreFileEdit(text, 'create-index-non-concurrently');
    const after = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    assert.ok(after.startsWith('-- lockstep-ignore-file create-index-non-concurrently: <reason>\r\nCREATE INDEX a'));
    assert.equal(after.slice(placeholder!.start, placeholder!.end), '<reason>');
  });
});
