import { strict as assert } from 'node:assert';
import { formatCount, formatDuration, formatRows } from '../../src/core/quantities';

describe('quantities: durations and counts in words', () => {
  it('rounds row counts to short units', () => {
    assert.equal(formatRows(900), '900 rows');
    assert.equal(formatRows(5_000), '5000 rows');
    assert.equal(formatRows(48_000), '48k rows');
    assert.equal(formatRows(1_250_000), '1.3M rows');
    assert.equal(formatRows(5_000_000), '5M rows');
    assert.equal(formatRows(2_000_000_000), '2B rows');
    assert.equal(formatCount(5_000_000), '5,000,000');
  });

  it('words an estimate in whole units, one decimal below ten', () => {
    assert.equal(formatDuration(0.2, 'rough'), '<1 ms');
    assert.equal(formatDuration(850, 'rough'), '850 ms');
    assert.equal(formatDuration(2_340, 'rough'), '2.3 s');
    assert.equal(formatDuration(45_000, 'rough'), '45 s');
    assert.equal(formatDuration(240_000, 'rough'), '4 min');
    assert.equal(formatDuration(5_400_000, 'rough'), '1.5 h');
  });

  it('marks a standalone estimate with "~", but not "<1 ms"', () => {
    assert.equal(formatDuration(0.2, 'approx'), '<1 ms');
    assert.equal(formatDuration(40, 'approx'), '~40 ms');
    assert.equal(formatDuration(8_700, 'approx'), '~8.7 s');
    assert.equal(formatDuration(3 * 3_600_000, 'approx'), '~3 h');
  });

  it('keeps measured figures to two or three significant digits, from microseconds to hours', () => {
    assert.equal(formatDuration(0), '0');
    assert.equal(formatDuration(0.0005), '<1 µs');
    assert.equal(formatDuration(0.35), '350 µs');
    assert.equal(formatDuration(12.44), '12.4 ms');
    assert.equal(formatDuration(1_850), '1.85 s');
    assert.equal(formatDuration(1_450_000), '24 min 10 s');
    assert.equal(formatDuration(4_560_000), '1 h 16 min');
  });

  it('writes axis ticks without spaces', () => {
    assert.equal(formatDuration(0.35, 'tick'), '350µs');
    assert.equal(formatDuration(12, 'tick'), '12ms');
    assert.equal(formatDuration(4_200, 'tick'), '4.2s');
    assert.equal(formatDuration(38 * 60_000, 'tick'), '38m');
    assert.equal(formatDuration(76 * 60_000, 'tick'), '1h16m');
  });
});
