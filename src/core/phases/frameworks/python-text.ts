/** A Python string literal holding `s` exactly (no `%` formatting or escapes are applied to it later). */
export function pyString(s: string): string {
  if (!/["\\\n]/.test(s)) return `"${s}"`;
  if (!/['\\\n]/.test(s)) return `'${s}'`;
  return `"""${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"""`;
}

/** A Python comment line for each line of text. */
export function pyComments(lines: readonly string[]): string[] {
  return lines.map((l) => (l ? `# ${l}` : '#'));
}
