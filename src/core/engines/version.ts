/**
 * Dotted engine versions (`8.0.28`, `10.4`, `3.45.0`) compared numerically, so version
 * thresholds in the engine fact tables can be written as they appear in release notes.
 */
export type VersionParts = readonly number[];

/** `"8.0.28"` → [8, 0, 28]; a `mysql-` / `mariadb-` / `sqlite-` prefix and any suffix are ignored. */
export function parseVersion(text: string | number): VersionParts | undefined {
  const m = /(\d+(?:\.\d+)*)/.exec(String(text).replace(/^[a-z]+[-_ ]?/i, ''));
  return m ? m[1]!.split('.').map(Number) : undefined;
}

/** Negative when a < b, zero when equal, positive when a > b; missing parts count as 0. */
export function compareVersions(a: VersionParts, b: VersionParts): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function atLeast(version: VersionParts, since: string): boolean {
  return compareVersions(version, parseVersion(since)!) >= 0;
}
