import * as fs from 'node:fs';
import * as path from 'node:path';
import { adapterFor } from '../sources/registry';
import { compareVersions } from '../engines/version';
import { isScriptFile } from '../sources';
import { detectFramework } from '../sources/frameworks';

/**
 * Which migrations run before a given one, in the order the migration tool would run them.
 * Recognised layouts: Prisma (`migrations/<stamp>_<name>/migration.sql`), Diesel
 * (`migrations/<stamp>_<name>/up.sql`, by folder), sqitch (`deploy/<change>.sql`, in the
 * order of `sqitch.plan`), Flyway (`V<version>__<desc>.sql`), numbered or timestamped files
 * (goose and golang-migrate: `20240101120000_x.sql`, `0003_x.up.sql`, by version); anything
 * else runs in path order; JavaScript/TypeScript migrations run in name order. Rollback files (`*.down.sql`, Diesel's `down.sql`, sqitch's
 * `revert/` and `verify/`) are never part of the history.
 */

type OrderingConvention = 'prisma' | 'diesel' | 'sqitch' | 'flyway' | 'numbered' | 'framework' | 'path';

export interface MigrationSet {
  readonly convention: OrderingConvention;
  /** Absolute paths of the migrations that run before `file`, in run order. */
  readonly before: readonly string[];
}

const FLYWAY = /^V(\d+(?:[._]\d+)*)__.+\.sql$/i;
const NUMBERED = /^(\d+)[_\-.].*\.sql$/i;
const DOWN = /\.down\.sql$/i;

/** How the folder is read; lint passes a cached view so a keystroke does not re-read the folder. */
export interface FolderReader {
  /** Entry names of a folder ([] when it cannot be read). */
  list(dir: string): string[];
  /** A file's text ('' when it cannot be read). */
  read(file: string): string;
  exists(file: string): boolean;
}

const DISK: FolderReader = { list: safeList, read: safeRead, exists: (f) => fs.existsSync(f) };

export function precedingMigrations(file: string, io: FolderReader = DISK): MigrationSet {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const base = path.basename(abs);

  const adapter = adapterFor({ path: abs, text: io.read(abs) });
  const ownKey = adapter?.orderKey(abs);
  if (adapter && ownKey !== undefined) {
    // Framework migrations run in the framework's order (Rails: by version; Django: by name
    // within the app, the order its dependency chain almost always has).
    const earlier = io
      .list(dir)
      .filter((n) => n !== base && adapter.recognises({ path: path.join(dir, n), text: io.read(path.join(dir, n)) }))
      .map((n) => ({ n, k: adapter.orderKey(path.join(dir, n)) }))
      .filter((x): x is { n: string; k: string } => x.k !== undefined && x.k < ownKey)
      .sort((a, b) => comparePath(a.k, b.k) || comparePath(a.n, b.n));
    return { convention: 'framework', before: earlier.map((x) => path.join(dir, x.n)) };
  }

  if (isScriptFile(base) && detectFramework(safeRead(abs))) {
    // Knex, Sequelize, TypeORM, MikroORM, Kysely and node-pg-migrate run a folder's
    // migrations in name order (their names start with a timestamp or number).
    const earlier = safeList(dir)
      .filter((n) => isScriptFile(n) && !n.endsWith('.d.ts') && comparePath(n, base) < 0 && detectFramework(safeRead(path.join(dir, n))))
      .sort(comparePath);
    return { convention: 'framework', before: earlier.map((n) => path.join(dir, n)) };
  }

  if (base === 'migration.sql' || base === 'up.sql') {
    // One folder per migration, named so that name order is run order (Prisma, Diesel).
    const root = path.dirname(dir);
    const folders = io
      .list(root)
      .filter((name) => io.exists(path.join(root, name, base)))
      .sort(comparePath);
    const own = path.basename(dir);
    return {
      convention: base === 'up.sql' ? 'diesel' : 'prisma',
      before: folders.filter((f) => comparePath(f, own) < 0).map((f) => path.join(root, f, base)),
    };
  }

  const sqitch = sqitchOrder(dir, base);
  if (sqitch) return { convention: 'sqitch', before: sqitch };

  const siblings = io.list(dir).filter((n) => n.toLowerCase().endsWith('.sql') && !DOWN.test(n) && n !== base);
  if (FLYWAY.test(base)) {
    const own = flywayVersion(base)!;
    const earlier = siblings
      .map((n) => ({ n, v: flywayVersion(n) }))
      .filter((x): x is { n: string; v: number[] } => x.v !== undefined && compareVersions(x.v, own) < 0)
      .sort((a, b) => compareVersions(a.v, b.v));
    return { convention: 'flyway', before: earlier.map((x) => path.join(dir, x.n)) };
  }
  const ownNumber = NUMBERED.exec(base)?.[1];
  if (ownNumber !== undefined) {
    const earlier = siblings
      .map((n) => ({ n, k: NUMBERED.exec(n)?.[1] }))
      .filter((x): x is { n: string; k: string } => x.k !== undefined && compareNumeric(x.k, ownNumber, x.n, base) < 0)
      .sort((a, b) => compareNumeric(a.k, b.k, a.n, b.n));
    return { convention: 'numbered', before: earlier.map((x) => path.join(dir, x.n)) };
  }
  return {
    convention: 'path',
    before: siblings
      .filter((n) => comparePath(n, base) < 0)
      .sort(comparePath)
      .map((n) => path.join(dir, n)),
  };
}

/**
 * A sqitch deploy script's predecessors: the changes listed before it in `sqitch.plan`
 * (one change per line, its name first; `%` pragmas, `@` tags and `#` comments skipped).
 */
function sqitchOrder(dir: string, base: string): string[] | undefined {
  if (path.basename(dir) !== 'deploy' || !base.toLowerCase().endsWith('.sql')) return undefined;
  const root = path.dirname(dir);
  let plan: string;
  try {
    plan = fs.readFileSync(path.join(root, 'sqitch.plan'), 'utf8');
  } catch {
    return undefined;
  }
  const own = base.slice(0, -'.sql'.length);
  const before: string[] = [];
  const seen = new Set<string>();
  for (const line of plan.split(/\r?\n/)) {
    const name = /^\s*([^\s%@#][^\s]*)/.exec(line)?.[1];
    if (!name) continue;
    if (name === own) break;
    const file = path.join(dir, `${name}.sql`);
    if (!seen.has(name) && fs.existsSync(file)) before.push(file);
    seen.add(name);
  }
  return before;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function comparePath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function flywayVersion(name: string): number[] | undefined {
  const m = FLYWAY.exec(name);
  return m ? m[1]!.split(/[._]/).map(Number) : undefined;
}

/** Numbers of different widths compare by value (`9_x` before `10_x`), ties by name. */
function compareNumeric(a: string, b: string, nameA: string, nameB: string): number {
  const d = BigInt(a) - BigInt(b);
  if (d !== 0n) return d < 0n ? -1 : 1;
  return comparePath(nameA, nameB);
}

/** A file's text, or '' when it cannot be read (a folder, a broken link). */
function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
