import { dirname, join, resolve } from 'node:path';
import { findUpwards } from './upwards';
import type { Dialect } from '../types';
import { scanJs } from './scan';

/** The database an ORM's own configuration names, and the file that names it. */
export interface OrmDialect {
  readonly dialect: Dialect;
  readonly path: string;
}

/** Knex `client`, Sequelize `dialect` and TypeORM `type` values, by engine. */
const DRIVER_DIALECTS: Readonly<Record<string, Dialect>> = {
  pg: 'postgresql',
  'pg-native': 'postgresql',
  pgnative: 'postgresql',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  cockroachdb: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
};

/** Configuration files, relative to a folder, and the key that names the driver in each. */
const CONFIG_FILES: readonly { readonly name: string; readonly key: string }[] = [
  { name: 'knexfile.js', key: 'client' },
  { name: 'knexfile.ts', key: 'client' },
  { name: 'knexfile.cjs', key: 'client' },
  { name: 'knexfile.mjs', key: 'client' },
  { name: join('config', 'config.json'), key: 'dialect' }, // sequelize-cli
  { name: 'ormconfig.json', key: 'type' }, // TypeORM
];

/** How many folders above the migration are searched; the search also stops at a package.json. */
const MAX_LEVELS = 5;

/**
 * The dialect the project's ORM configuration names, when every environment in it names
 * the same engine with a literal value (a `client: process.env.DB` decides nothing).
 * Searched from the migration's folder upwards to the package root.
 */
export function ormDialect(filePath: string, read: (path: string) => string | undefined): OrmDialect | undefined {
  return findUpwards(
    dirname(resolve(filePath)),
    (dir): OrmDialect | null | undefined => {
      for (const c of CONFIG_FILES) {
        const path = join(dir, c.name);
        const text = read(path);
        if (text === undefined) continue;
        const values = c.name.endsWith('.json') ? jsonValues(text, c.key) : scriptValues(text, c.key);
        const dialects = new Set(values.map((v) => DRIVER_DIALECTS[v.toLowerCase()]));
        const [only] = dialects;
        if (dialects.size === 1 && only) return { dialect: only, path };
      }
      // The package's own folder is as far as its configuration reaches.
      return read(join(dir, 'package.json')) !== undefined ? null : undefined;
    },
    MAX_LEVELS + 1,
  );
}

/** Every string value of `key` in a JSON document, at any depth (one per environment). */
function jsonValues(text: string, key: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 4 || typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      if (k === key && typeof child === 'string') out.push(child);
      else walk(child, depth + 1);
    }
  };
  walk(doc, 0);
  return out;
}

/**
 * The values of `key: …` properties in a JavaScript/TypeScript config, from its tokens. A
 * value that is not a plain string literal makes the answer unknown (an empty list).
 */
function scriptValues(text: string, key: string): string[] {
  const { tokens } = scanJs(text);
  const out: string[] = [];
  for (let k = 0; k + 2 < tokens.length; k++) {
    const t = tokens[k]!;
    const named = (t.kind === 'word' && t.value === key) || (t.literal && t.literal.holes.length === 0 && text.slice(t.start + 1, t.end - 1) === key);
    if (!named || tokens[k + 1]!.value !== ':' || ![',', '{'].includes(tokens[k - 1]?.value ?? '')) continue;
    const value = tokens[k + 2]!;
    const literal = value.literal;
    const after = tokens[k + 3]?.value;
    if (!literal || literal.holes.length > 0 || !literal.closed || (after !== ',' && after !== '}')) return [];
    out.push(text.slice(literal.parts[0]!.start, literal.parts[0]!.end));
  }
  return out;
}
