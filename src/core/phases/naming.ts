/**
 * File naming that follows a folder's existing migrations: the next number with the same
 * width and separator, or timestamps later than any existing one.
 */

/** `YYYYMMDDHHMMSS` in UTC. */
export function compactTimestamp(date: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

function parseCompactTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * Successive timestamps for new files: from `now`, or one second after the latest existing
 * one when that is later (clocks differ; order must not).
 */
export function timestampSequence(now: Date, existing: readonly string[], stepMs = 1000): () => Date {
  let latest = now.getTime();
  for (const e of existing) {
    const d = /^\d{14}$/.test(e) ? parseCompactTimestamp(e) : /^\d{13}$/.test(e) ? new Date(Number(e)) : undefined;
    if (d && d.getTime() + stepMs > latest) latest = d.getTime() + stepMs;
  }
  let next = Math.floor(latest / stepMs) * stepMs;
  if (next < latest) next += stepMs;
  return () => {
    const d = new Date(next);
    next += stepMs;
    return d;
  };
}

/** The next sequence number after the existing ones, zero-padded like them. */
export function numberSequence(numbers: readonly string[], defaultWidth: number): () => string {
  const width = numbers.length > 0 ? Math.max(...numbers.map((n) => n.length)) : defaultWidth;
  let next = numbers.length > 0 ? Math.max(...numbers.map(Number)) + 1 : 1;
  return () => String(next++).padStart(width, '0');
}

/**
 * Keeps the `replacing` migration out of the numbering so the new files can take its place:
 * its companions too (the golang-migrate `.down.sql`, the Prisma folder).
 */
export function others(existing: readonly string[], replacing?: string): string[] {
  if (!replacing) return [...existing];
  const gone = stem(replacing);
  return existing.filter((e) => stem(e) !== gone && !e.startsWith(`${gone}/`));
}

function stem(name: string): string {
  return name
    .replace(/\/migration\.sql$/, '')
    .replace(/\.(?:up|down)\.sql$/, '')
    .replace(/\.[^./]+$/, '');
}

/** `add_users_email` → `AddUsersEmail`. */
export function pascal(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `0003_`, `V12__`, `20250101120000_`, `1735689600000-`: the version that orders a migration. */
const VERSION_PREFIX = /^V?\d+(?:[._]\d+)*(?:__|[_-])/;

/**
 * A generated path with the version of each segment set aside: what stays the same when
 * the same migration is planned again (its description and phase), whatever the numbering.
 */
export function unversioned(name: string): string {
  return name
    .split('/')
    .map((segment) => segment.replace(VERSION_PREFIX, ''))
    .join('/');
}
