/**
 * Durations and counts in words, for every place that shows one: rule messages, the editor,
 * the terminal, the reports and the timeline view. One module so that the same figure reads
 * the same everywhere; the registers differ only in how much precision the reader needs.
 */

/**
 * - `precise`: measured or simulated figures (the timeline, reports), from microseconds to
 *   hours with two or three significant digits: "350 µs", "12.4 s", "1 h 16 min".
 * - `rough`: estimates in prose ("takes about 12 s"): whole units, one decimal below 10 of a
 *   unit: "850 ms", "8.3 s", "4 min", "1.5 h".
 * - `approx`: the same estimate marked as one where it stands alone (the editor): "~8.3 s".
 * - `tick`: axis labels, without spaces: "350µs", "12ms", "4.2s", "38m", "1h16m".
 */
export type DurationRegister = 'precise' | 'rough' | 'approx' | 'tick';

export function formatDuration(ms: number, register: DurationRegister = 'precise'): string {
  switch (register) {
    case 'precise':
      return precise(ms);
    case 'rough':
      return rough(ms);
    case 'approx':
      return ms < 1 ? rough(ms) : `~${rough(ms)}`;
    case 'tick':
      return tick(ms);
  }
}

/** "5,000,000". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A table size in prose: "900 rows", "48k rows", "1.3M rows", "2B rows". */
export function formatRows(rows: number): string {
  const units: readonly [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e4, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (rows >= size) return `${oneDecimalBelowTen(rows / (suffix === 'k' ? 1e3 : size))}${suffix} rows`;
  }
  return `${Math.round(rows)} rows`;
}

const PRECISE_UNITS: readonly { readonly limitMs: number; readonly format: (ms: number) => string }[] = [
  { limitMs: 0.001, format: () => '<1 µs' },
  { limitMs: 1, format: (ms) => `${significant(ms * 1000)} µs` },
  { limitMs: 1000, format: (ms) => `${significant(ms)} ms` },
  { limitMs: 60_000, format: (ms) => `${significant(ms / 1000)} s` },
  { limitMs: 3_600_000, format: (ms) => minutesAndSeconds(ms) },
  { limitMs: Infinity, format: (ms) => hoursAndMinutes(ms) },
];

function precise(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  const unit = PRECISE_UNITS.find((u) => ms < u.limitMs) ?? PRECISE_UNITS[PRECISE_UNITS.length - 1]!;
  return unit.format(ms);
}

function rough(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${oneDecimalBelowTen(s)} s`;
  const min = s / 60;
  if (min < 90) return `${oneDecimalBelowTen(min)} min`;
  return `${oneDecimalBelowTen(min / 60)} h`;
}

function tick(ms: number): string {
  if (ms <= 0) return '0';
  if (ms < 1) return `${significant(ms * 1000)}µs`;
  if (ms < 1000) return `${significant(ms)}ms`;
  if (ms < 60_000) return `${significant(ms / 1000)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return s % 60 === 0 || s >= 600 ? `${Math.round(s / 60)}m` : `${Math.floor(s / 60)}m${s % 60}s`;
  const m = Math.round(ms / 60_000);
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h${m % 60}m`;
}

/** Two or three significant digits: "350", "12.4", "1.85". */
function significant(v: number): string {
  if (v >= 100) return String(Math.round(v));
  if (v >= 10) return stripZero(v.toFixed(1));
  return stripZero(v.toFixed(2));
}

/** "8.3", "45", "2" (not "2.0"). */
function oneDecimalBelowTen(v: number): string {
  return v < 10 ? String(Math.round(v * 10) / 10) : String(Math.round(v));
}

function stripZero(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function minutesAndSeconds(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total >= 3600) return hoursAndMinutes(ms);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function hoursAndMinutes(ms: number): string {
  const total = Math.round(ms / 60_000);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
