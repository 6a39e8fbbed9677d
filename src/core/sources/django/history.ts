import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The migrations Django applies before a given one: its app's migrations and those of the
 * apps it depends on, in dependency order. Read from disk (an editor's unsaved buffer of an
 * earlier migration is rare), each file cached by path and modification time so that a
 * keystroke in the newest migration does not re-read the whole folder.
 */
export interface MigrationFile {
  readonly path: string;
  readonly app: string;
  readonly name: string;
  readonly text: string;
}

const cache = new Map<string, { mtimeMs: number; file: MigrationFile }>();

/** `…/shop/migrations/0002_x.py` → app `shop`, name `0002_x`. */
export function migrationKey(path: string): { app: string; name: string } | undefined {
  const dir = dirname(path);
  if (basename(dir) !== 'migrations' || !path.endsWith('.py')) return undefined;
  return { app: basename(dirname(dir)), name: basename(path, '.py') };
}

function readMigration(path: string): MigrationFile | undefined {
  try {
    const { mtimeMs } = statSync(path);
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return hit.file;
    const key = migrationKey(path);
    if (!key) return undefined;
    const file = { path, ...key, text: readFileSync(path, 'utf8') };
    cache.set(path, { mtimeMs, file });
    return file;
  } catch {
    return undefined;
  }
}

/** Every migration of an app folder (`…/app/migrations`), by file name. */
export function appMigrations(dir: string): MigrationFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /^\d{4}_.*\.py$/.test(n))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const f = readMigration(join(dir, n));
    return f ? [f] : [];
  });
}

/**
 * Migration folders near an app: its siblings (`…/<other>/migrations`), their children
 * (`contrib/<app>/migrations`) and its parent's siblings, where Django projects keep apps.
 */
export function nearbyMigrationDirs(appDir: string): string[] {
  const appRoot = dirname(appDir);
  const roots = [dirname(appRoot), dirname(dirname(appRoot))];
  const out = new Set<string>();
  const scan = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.') || e === 'node_modules') continue;
      const sub = join(dir, e);
      if (e === 'migrations') out.add(sub);
      else if (depth > 0) scan(sub, depth - 1);
    }
  };
  for (const r of roots) scan(r, 2);
  return [...out];
}
