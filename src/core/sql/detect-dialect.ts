import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { extractSql } from '../sources/extract';
import { ormDialect } from '../sources/orm-config';
import { frameworkDatabase } from '../sources/project-database';
import type { Dialect } from '../types';

/** Which dialect a migration file is in, and why, so the editor can show and the user can override it. */
export interface DialectDetection {
  readonly dialect: Dialect;
  readonly source: 'override' | 'config' | 'prisma' | 'orm' | 'project' | 'path' | 'syntax' | 'default';
  /** One sentence for the status bar tooltip or `--verbose` output. */
  readonly reason: string;
}

export interface DetectInput {
  /** The file's text, for syntax cues. */
  readonly text?: string;
  /** Absolute or relative path of the file, for Prisma's lock file, ORM configuration and path hints. */
  readonly filePath?: string;
  /** The file's name when there is no path on disk (an unsaved editor): tells SQL from JS/TS. */
  readonly fileName?: string;
  /** A per-file choice (editor override or CLI `--dialect`): always wins. */
  readonly override?: Dialect;
  /** `dialect` from lockstep.config.json, when the file sets it. */
  readonly configDialect?: Dialect;
  /** Reads a file or returns undefined; defaults to the file system (tests pass a map). */
  readonly readFile?: (path: string) => string | undefined;
}

const PRISMA_PROVIDERS: Readonly<Record<string, Dialect>> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  cockroachdb: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
};

/** Path segments that name an engine: `db/mysql/migrations`, `sqlite/`, `pg_migrations`. */
const PATH_HINTS: readonly { readonly pattern: RegExp; readonly dialect: Dialect }[] = [
  { pattern: /(^|[\\/_.-])mariadb([\\/_.-]|$)/i, dialect: 'mariadb' },
  { pattern: /(^|[\\/_.-])mysql([\\/_.-]|$)/i, dialect: 'mysql' },
  { pattern: /(^|[\\/_.-])(sqlite3?|libsql|d1)([\\/_.-]|$)/i, dialect: 'sqlite' },
  { pattern: /(^|[\\/_.-])(postgres(ql)?|pg)([\\/_.-]|$)/i, dialect: 'postgresql' },
];

/** Text that only one engine's SQL contains; each match is one vote. */
const SYNTAX_CUES: readonly { readonly pattern: RegExp; readonly dialect: Dialect; readonly cue: string }[] = [
  { pattern: /`[^`\n]+`/, dialect: 'mysql', cue: 'backtick-quoted names' },
  { pattern: /\bAUTO_INCREMENT\b/i, dialect: 'mysql', cue: 'AUTO_INCREMENT' },
  { pattern: /\bENGINE\s*=/i, dialect: 'mysql', cue: 'ENGINE=' },
  { pattern: /\bMODIFY\s+(COLUMN\s+)?[`\w]/i, dialect: 'mysql', cue: 'MODIFY COLUMN' },
  { pattern: /\bALGORITHM\s*=\s*(INSTANT|INPLACE|COPY)\b/i, dialect: 'mysql', cue: 'ALGORITHM=' },
  { pattern: /\bUNSIGNED\b/i, dialect: 'mysql', cue: 'UNSIGNED' },
  { pattern: /^\s*PRAGMA\b/im, dialect: 'sqlite', cue: 'PRAGMA' },
  { pattern: /\bAUTOINCREMENT\b/i, dialect: 'sqlite', cue: 'AUTOINCREMENT' },
  { pattern: /\bWITHOUT\s+ROWID\b/i, dialect: 'sqlite', cue: 'WITHOUT ROWID' },
  { pattern: /\)\s*STRICT\s*(,|;|$)/im, dialect: 'sqlite', cue: 'STRICT tables' },
  { pattern: /::\s*[a-z_]+/i, dialect: 'postgresql', cue: ':: casts' },
  { pattern: /\$\$/, dialect: 'postgresql', cue: 'dollar quoting' },
  { pattern: /\bCONCURRENTLY\b/i, dialect: 'postgresql', cue: 'CONCURRENTLY' },
  { pattern: /\b(TIMESTAMPTZ|JSONB|BIGSERIAL|SERIAL)\b/i, dialect: 'postgresql', cue: 'PostgreSQL types' },
  { pattern: /\bCREATE\s+EXTENSION\b/i, dialect: 'postgresql', cue: 'CREATE EXTENSION' },
];

function defaultRead(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Prisma keeps the provider in `migrations/migration_lock.toml`; look in the file's folder and up to three above. */
function prismaProvider(filePath: string, read: (p: string) => string | undefined): { dialect: Dialect; path: string } | undefined {
  let dir = dirname(resolve(filePath));
  for (let i = 0; i < 4; i++) {
    const path = join(dir, 'migration_lock.toml');
    const content = read(path);
    const m = content && /^\s*provider\s*=\s*"([^"]+)"/m.exec(content);
    if (m) {
      const dialect = PRISMA_PROVIDERS[m[1]!.toLowerCase()];
      if (dialect) return { dialect, path };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Extensions of migrations written in JavaScript/TypeScript, whose SQL is inside string literals. */
const SCRIPT_FILE = /\.[cm]?[jt]s$/i;

/**
 * The SQL a file runs, as the cues should see it: for a JS/TS migration the SQL found in its
 * literals (never the host code, where template backticks would look like MySQL quoting);
 * in both cases with comments and quoted text blanked, since a backtick or `ENGINE=` in a
 * comment or a string says nothing about the engine.
 */
function sqlForCues(text: string, fileName?: string): string {
  const sql = fileName && SCRIPT_FILE.test(fileName) ? extractSql(text).sql : text;
  return blankCommentsAndStrings(sql);
}

/**
 * Blanks `--` and `/* *\/` comments and the contents of '…' and "…" (doubled quotes stay
 * inside). Dollar-quoted bodies are kept: they are code, and `$$` is itself a cue.
 */
function blankCommentsAndStrings(sql: string): string {
  const out = sql.split('');
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        const close = sql.indexOf(c, j);
        if (close < 0) {
          j = sql.length;
          break;
        }
        if (sql[close + 1] === c) j = close + 2;
        else {
          j = close;
          break;
        }
      }
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return out.join('');
}

/** Votes of the engine-specific syntax in SQL text (already cleaned by `sqlForCues`). */
function syntaxCues(text: string): { dialect: Dialect; cues: string[] } | undefined {
  const votes = new Map<Dialect, string[]>();
  for (const c of SYNTAX_CUES) {
    if (c.pattern.test(text)) votes.set(c.dialect, [...(votes.get(c.dialect) ?? []), c.cue]);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].length - a[1].length);
  const best = ranked[0];
  if (!best || (ranked[1] && ranked[1][1].length === best[1].length)) return undefined;
  return { dialect: best[0], cues: best[1] };
}

/**
 * Override, then the project's own signals (lockstep.config.json, Prisma's lock file, the
 * ORM's configured driver), then the path, then the SQL itself.
 */
export function detectDialect(input: DetectInput): DialectDetection {
  if (input.override) return { dialect: input.override, source: 'override', reason: `${input.override} chosen for this file` };
  if (input.configDialect) return { dialect: input.configDialect, source: 'config', reason: `dialect "${input.configDialect}" in lockstep.config.json` };
  if (input.filePath) {
    // Framework migrations (Rails …): the project's own database setting, never cues in the host code.
    const framework = frameworkDatabase(input.filePath, input.text ?? '', input.readFile ?? defaultRead);
    if (framework) return framework;
    const prisma = prismaProvider(input.filePath, input.readFile ?? defaultRead);
    if (prisma) return { dialect: prisma.dialect, source: 'prisma', reason: `provider in Prisma's ${prisma.path}` };
    const orm = ormDialect(input.filePath, input.readFile ?? defaultRead);
    if (orm) return { dialect: orm.dialect, source: 'orm', reason: `the database configured in ${orm.path}` };
    const hint = PATH_HINTS.find((h) => h.pattern.test(input.filePath!));
    if (hint) return { dialect: hint.dialect, source: 'path', reason: `the file's path mentions ${hint.dialect}` };
  }
  if (input.text) {
    const cues = syntaxCues(sqlForCues(input.text, input.filePath ?? input.fileName));
    if (cues) return { dialect: cues.dialect, source: 'syntax', reason: `the SQL uses ${cues.cues.join(', ')}` };
  }
  return { dialect: 'postgresql', source: 'default', reason: 'no configuration or cue: PostgreSQL by default' };
}
