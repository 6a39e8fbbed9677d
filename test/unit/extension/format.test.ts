import { strict as assert } from 'node:assert';
import type { Cost } from '../../../src/core/rules/types';
import { lockName, verdictLine, worstCost } from '../../../src/extension/format';

const cost = (over: Partial<Cost>): Cost => ({
  table: 'users',
  lock: 'AccessExclusiveLock',
  blocks: 'reads+writes',
  rewrite: false,
  scans: 0,
  ...over,
});

describe('extension: cost wording', () => {
  it('names PostgreSQL lock modes the way the documentation spells them', () => {
    assert.equal(lockName('AccessExclusiveLock'), 'ACCESS EXCLUSIVE');
    assert.equal(lockName('ShareUpdateExclusiveLock'), 'SHARE UPDATE EXCLUSIVE');
    assert.equal(lockName('metadata lock'), 'metadata lock');
  });

  it('says "metadata only" for statements that touch no rows', () => {
    assert.equal(verdictLine(cost({ rows: 5_000_000, estimateMs: 5 })), 'ACCESS EXCLUSIVE · metadata only');
    assert.equal(verdictLine(cost({})), 'ACCESS EXCLUSIVE · metadata only');
  });

  it('gives the estimate at the configured size for scans and rewrites', () => {
    assert.equal(verdictLine(cost({ lock: 'ShareLock', blocks: 'writes', scans: 1, rows: 5_000_000, estimateMs: 9_000 })), 'SHARE · ~9 s at 5M rows');
    assert.equal(
      verdictLine(cost({ rewrite: true, scans: 2, rows: 50_000_000, estimateMs: 120_000 })),
      'ACCESS EXCLUSIVE · rewrites the table · ~2 min at 50M rows',
    );
  });

  it('names the work when the table size is unknown', () => {
    assert.equal(verdictLine(cost({ lock: 'ShareLock', blocks: 'writes', scans: 1 })), 'SHARE · scans the table');
  });

  it('finds the strongest lock', () => {
    const weak = cost({ lock: 'ShareUpdateExclusiveLock', blocks: 'nothing' });
    const strong = cost({ lock: 'AccessExclusiveLock' });
    assert.equal(worstCost([weak, strong, weak]), strong);
    assert.equal(worstCost([]), undefined);
  });
});
