/**
 * Durations for people, from microseconds to hours. The timeline spans both ends, so unlike
 * the lint wording (which stops at "<1 ms") this keeps sub-millisecond precision.
 */

const UNITS: readonly { readonly limitMs: number; readonly format: (ms: number) => string }[] = [
  { limitMs: 0.001, format: () => '<1 µs' },
  { limitMs: 1, format: (ms) => `${trim(ms * 1000)} µs` },
  { limitMs: 1000, format: (ms) => `${trim(ms)} ms` },
  { limitMs: 60_000, format: (ms) => `${trim(ms / 1000)} s` },
  { limitMs: 3_600_000, format: (ms) => minutes(ms) },
  { limitMs: Infinity, format: (ms) => hours(ms) },
];

/** Two or three significant digits: "350", "12.4", "1.85". */
function trim(v: number): string {
  if (v >= 100) return String(Math.round(v));
  if (v >= 10) return stripZero(v.toFixed(1));
  return stripZero(v.toFixed(2));
}

function stripZero(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function minutes(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total >= 3600) return hours(ms);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function hours(ms: number): string {
  const total = Math.round(ms / 60_000);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  const unit = UNITS.find((u) => ms < u.limitMs) ?? UNITS[UNITS.length - 1]!;
  return unit.format(ms);
}

/** Compact form for axis ticks: "350µs", "12ms", "4.2s", "38m", "1h16m". */
export function formatTick(ms: number): string {
  if (ms <= 0) return '0';
  if (ms < 1) return `${trim(ms * 1000)}µs`;
  if (ms < 1000) return `${trim(ms)}ms`;
  if (ms < 60_000) return `${trim(ms / 1000)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return s % 60 === 0 || s >= 600 ? `${Math.round(s / 60)}m` : `${Math.floor(s / 60)}m${s % 60}s`;
  const m = Math.round(ms / 60_000);
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h${m % 60}m`;
}

/** "5,000,000". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
