import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { adapterGlobs } from '../core/sources/registry';

/** File kinds the linter reads: SQL, and JS/TS migration sources whose SQL strings it extracts. */
const SOURCE_EXTENSIONS = ['sql', 'ts', 'mts', 'cts', 'js', 'mjs', 'cjs'] as const;
// EF Core keeps generated model metadata beside its migrations; those files are not migrations.
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/*.d.ts', '**/Migrations/*.Designer.cs', '**/Migrations/*ModelSnapshot.cs'];

export class UsageError extends Error {}

/**
 * Expands the command line's files, directories and globs into a sorted list of files.
 * A path that matches nothing is a usage error, so a typo never passes CI silently.
 */
export async function expandInputs(inputs: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const found = new Set<string>();
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      found.add(abs);
      continue;
    }
    // Loaded only when a directory or glob needs expanding: it is most of the start-up cost.
    const fg = (await import('fast-glob')).default;
    const base = fg.convertPathToPattern(abs);
    const pattern = stat?.isDirectory()
      ? [`${base}/**/*.{${SOURCE_EXTENSIONS.join(',')}}`, ...frameworkPatterns(base)]
      : fg.convertPathToPattern(cwd) + '/' + input;
    const matches = await fg(pattern, { absolute: true, onlyFiles: true, ignore: IGNORE, dot: false });
    if (matches.length === 0)
      throw new UsageError(stat?.isDirectory() ? `no SQL or migration source files under ${input}` : `no such file or no match: ${input}`);
    for (const m of matches) found.add(resolve(m));
  }
  return [...found].sort();
}

/**
 * Framework migrations inside a directory (`**\/db/migrate/*.rb`), and directly inside it
 * when the directory is the migrations folder itself (`lockstep lint db/migrate`).
 */
function frameworkPatterns(base: string): string[] {
  return adapterGlobs().flatMap((glob) => {
    const rest = glob.replace(/^\*\*\//, '');
    const slash = rest.lastIndexOf('/');
    const folder = slash < 0 ? '' : rest.slice(0, slash);
    const inside = folder !== '' && base.toLowerCase().endsWith('/' + folder.toLowerCase()) ? [`${base}/${rest.slice(slash + 1)}`] : [];
    return [`${base}/${glob}`, ...inside];
  });
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = relative(cwd, abs);
  return rel.startsWith('..') ? abs : rel;
}

export function readBytes(path: string): Buffer {
  return readFileSync(path);
}

/** All of standard input (a piped migration, `alembic upgrade --sql`, `prisma migrate diff --script`). */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
