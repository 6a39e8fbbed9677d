import * as fs from 'node:fs';
import type { Operation } from '../operations';
import { precedingMigrations, type FolderReader } from '../simulate/order';
import { forwardSql } from '../sources/migration-sql';
import { blankPsqlMetaCommands } from '../sql/psql-meta';
import type { DialectParser } from '../sql/statement';
import { Catalog } from './catalog';

/**
 * The schema a migration starts from, for lint: the earlier migrations of its folder in the
 * order `simulate` replays them (src/core/simulate/order.ts), or a schema dump, parsed and
 * folded into a {@link Catalog}. Nothing runs on an engine.
 *
 * Editors lint on every keystroke, so everything is cached: each earlier file's operations
 * (looked at again at most once a second, re-parsed only when its size, mtime and then its
 * text change) and the folded catalog of
 * each run of earlier files (keyed by a hash of their paths and revisions), so a keystroke in
 * a file whose predecessors did not change costs a directory listing and a few stats.
 */

/** Earlier migrations larger than this are skipped (a data dump is not schema history). */
const MAX_READ = 4 * 1024 * 1024;
/** Folded catalogs kept; one per linted file of a folder is plenty for an editor and a CLI run. */
const MAX_FOLDED = 256;

interface FileEntry {
  sig: string;
  /** When the size and mtime were last compared (ms since the epoch). */
  checked: number;
  text: string;
  ops: readonly Operation[];
  /** Bumped whenever the text changes, so catalogs folded from the old text are not reused. */
  rev: number;
}

export class SchemaHistory {
  private readonly files = new Map<string, FileEntry>();
  /** Folder listings and file texts as the ordering read them, trusted for `revalidateMs`. */
  private readonly seen = new Map<string, { at: number; value: unknown }>();
  private readonly reader: FolderReader = {
    list: (dir) => this.remembered(`list:${dir}`, () => listFolder(dir)),
    read: (file) => this.remembered(`read:${file}`, () => readText(file)),
    exists: (file) => this.remembered(`exists:${file}`, () => fs.existsSync(file)),
  };
  private readonly folded = new Map<string, Catalog>();
  private revs = 0;

  /**
   * @param revalidateMs how long a file's size and mtime (and a folder's listing) are trusted
   *   before they are looked at again: keystrokes within it cost no file system access.
   */
  constructor(
    private readonly parser: DialectParser,
    private readonly revalidateMs = 1000,
  ) {}

  /**
   * The schema before `fileName` runs: from `schemaFile` when given, otherwise from the
   * migrations that run before it. Undefined when the file is not on disk (an unsaved editor
   * buffer, standard input without a name): there is no folder to read.
   */
  catalogFor(fileName: string | undefined, schemaFile?: string): Catalog | undefined {
    if (schemaFile !== undefined) return this.fold([schemaFile]);
    if (fileName === undefined) return undefined;
    const before = this.before(fileName);
    return before ? this.fold(before) : undefined;
  }

  /** The migrations before the file, in the order `simulate` replays them. */
  private before(fileName: string): readonly string[] | undefined {
    if (!this.remembered(`file:${fileName}`, () => isFile(fileName))) return undefined;
    return precedingMigrations(fileName, this.reader).before;
  }

  private remembered<T>(key: string, compute: () => T): T {
    const now = Date.now();
    const hit = this.seen.get(key);
    if (hit && now - hit.at < this.revalidateMs) return hit.value as T;
    const value = compute();
    this.seen.set(key, { at: now, value });
    return value;
  }

  private fold(paths: readonly string[]): Catalog {
    const entries = paths.map((p) => this.entry(p));
    // Rolling key per prefix: the longest prefix already folded is the starting point.
    const keys: string[] = [];
    let h = 'schema';
    for (const [i, p] of paths.entries()) {
      h = hash(`${h}\n${p}@${entries[i]?.rev ?? -1}`);
      keys.push(h);
    }
    let start = paths.length;
    while (start > 0 && !this.folded.has(keys[start - 1]!)) start--;
    if (start === paths.length && start > 0) return this.touch(keys[start - 1]!);
    const catalog = start > 0 ? this.touch(keys[start - 1]!).clone() : new Catalog(paths.length > 0);
    catalog.hasHistory = paths.length > 0;
    for (let i = start; i < paths.length; i++) for (const op of entries[i]?.ops ?? []) catalog.apply(op);
    if (paths.length > 0) this.remember(keys[paths.length - 1]!, catalog);
    return catalog;
  }

  /** The file's operations, re-read only when its size or mtime changed and re-parsed only when its text did. */
  private entry(file: string): FileEntry | undefined {
    const now = Date.now();
    const known = this.files.get(file);
    if (known && now - known.checked < this.revalidateMs) return known;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.files.delete(file);
      return undefined;
    }
    if (!stat.isFile() || stat.size > MAX_READ) return undefined;
    const sig = `${stat.size}:${stat.mtimeMs}`;
    const old = known;
    if (old?.sig === sig) {
      old.checked = now;
      return old;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    if (old && old.text === text) {
      old.sig = sig;
      old.checked = now;
      return old;
    }
    const entry: FileEntry = { sig, checked: now, text, ops: this.operations(file, text), rev: ++this.revs };
    this.files.set(file, entry);
    return entry;
  }

  private operations(file: string, text: string): Operation[] {
    let sql: string;
    try {
      // Framework migrations (Rails, Django …) contribute the SQL their forward code emits.
      sql = blankPsqlMetaCommands(forwardSql(file, text, 'postgresql').sql);
    } catch {
      return [];
    }
    return this.parser.parse(sql).statements.flatMap((s) => s.operations);
  }

  private touch(key: string): Catalog {
    const c = this.folded.get(key)!;
    this.folded.delete(key);
    this.folded.set(key, c);
    return c;
  }

  private remember(key: string, catalog: Catalog): void {
    this.folded.set(key, catalog);
    while (this.folded.size > MAX_FOLDED) this.folded.delete(this.folded.keys().next().value!);
  }
}

function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

/** FNV-1a over the string, as two 32-bit halves: a cache key, not a security measure. */
function hash(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x85ebca6b) >>> 0;
  }
  return `${a.toString(36)}.${b.toString(36)}.${s.length}`;
}
