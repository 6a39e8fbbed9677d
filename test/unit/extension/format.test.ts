import { strict as assert } from 'node:assert';
import type { Cost } from '../../../src/core/rules/types';
import { formatDuration, formatRows, lockName, verdictLine, worstCost } from '../../../src/extension/format';

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

  it('rounds row counts to short units', () => {
    assert.equal(formatRows(900), '900');
    assert.equal(formatRows(48_000), '48k');
    assert.equal(formatRows(1_250_000), '1.3M');
    assert.equal(formatRows(5_000_000), '5M');
    assert.equal(formatRows(2_000_000_000), '2B');
  });

  it('rounds durations to a unit a person reads at a glance', () => {
    assert.equal(formatDuration(0.2), '<1 ms');
    assert.equal(formatDuration(40), '~40 ms');
    assert.equal(formatDuration(2_340), '~2.3 s');
    assert.equal(formatDuration(8_700), '~8.7 s');
    assert.equal(formatDuration(45_000), '~45 s');
    assert.equal(formatDuration(240_000), '~4 min');
    assert.equal(formatDuration(3 * 3_600_000), '~3 h');
  });

  it('says "metadata only" for statements that touch no rows', () => {
    assert.equal(verdictLine(cost({ rows: 5_000_000, estimateMs: 5 })), 'ACCESS EXCLUSIVE · metadata only');
    assert.equal(verdictLine(cost({})), 'ACCESS EXCLUSIVE · metadata only');
  });

  it('gives the estimate at the configured size for scans and rewrites', () => {
    assert.equal(
      verdictLine(cost({ lock: 'ShareLock', blocks: 'writes', scans: 1, rows: 5_000_000, estimateMs: 9_000 })),
      'SHARE · ~9 s at 5M rows',
    );
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
