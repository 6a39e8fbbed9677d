import { dirname } from 'node:path';

/**
 * Project settings (Rails' config/database.yml, alembic.ini, Laravel's .env, an ORM's config)
 * live in a folder above the migration. `probe` is asked for each folder from `start` up:
 * a value ends the search with it, `undefined` goes on to the parent, `null` ends it with
 * nothing (the project's root was reached, or its setting names no database Lockstep knows).
 */
export function findUpwards<T>(start: string, probe: (dir: string) => T | null | undefined, levels: number): T | undefined {
  let dir = start;
  for (let i = 0; i < levels; i++) {
    const found = probe(dir);
    if (found === null) return undefined;
    if (found !== undefined) return found;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The value of `key` in a file of `key = value` lines (INI, .env), without surrounding quotes. */
export function keyValue(text: string, key: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key)
      return line
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '');
  }
  return undefined;
}
