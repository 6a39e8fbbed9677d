import { strict as assert } from 'node:assert';
import { describeRefusal } from '../../../src/extension/guard';
import { refusal } from '../../../src/core/lint/input';

describe('files declined politely (CLI and extension)', () => {
  it('accepts ordinary SQL', () => {
    assert.equal(refusal('ALTER TABLE t ADD COLUMN c int;\n', 1000), undefined);
  });

  it('declines a file above the byte limit, counting UTF-8 bytes', () => {
    const r = refusal('é'.repeat(600), 1000);
    assert.deepEqual(r, { kind: 'too-large', bytes: 1200, limit: 1000 });
    assert.match(describeRefusal(r!), /1200 bytes, above the 1000 bytes limit/);
    assert.match(describeRefusal({ kind: 'too-large', bytes: 3_500_000, limit: 2_097_152 }), /3418 KB, above the 2048 KB limit/);
  });

  it('declines binary content', () => {
    assert.deepEqual(refusal('PK\u0003\u0004\u0000\u0000', 1000), { kind: 'binary' });
    assert.deepEqual(refusal('\uFFFD'.repeat(50) + 'abc', 1000), { kind: 'binary' });
  });
});
