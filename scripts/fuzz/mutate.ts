/**
 * Deterministic mutations of migration files for the analyser fuzz target. A case is
 * fully determined by (seed, case number), so any reported input can be rebuilt with
 * `npm run fuzz -- --seed S --only N`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** mulberry32: small, fast and good enough to pick mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedFile {
  /** Path relative to its root, kept so file-name conventions (prisma, flyway…) still apply. */
  readonly name: string;
  readonly text: string;
}

export interface FuzzCase {
  readonly index: number;
  readonly name: string;
  readonly text: string;
  /** The mutations applied, in order, for the report. */
  readonly mutations: readonly string[];
}

const ROOT = resolve(__dirname, '..', '..');
const SOURCE = /\.(sql|ts|js|mts|cts|mjs|cjs)$/;

/** The shared corpus when present, else the repository's examples and test fixtures. */
export function seedFiles(corpusDir = resolve(ROOT, '..', 'shared', 'corpus')): { root: string; files: SeedFile[] } {
  const roots = existsSync(corpusDir) ? [corpusDir] : [join(ROOT, 'examples'), join(ROOT, 'test', 'fixtures')];
  const files: SeedFile[] = [];
  const walk = (root: string, dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(root, p);
      else if (SOURCE.test(name) && st.size < 256 * 1024) files.push({ name: relative(root, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const r of roots) if (existsSync(r)) walk(r, r);
  return { root: roots.join(', '), files };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
/** Sizes skewed towards small, reaching `max` now and then. */
const size = (r: Rand, max: number): number => Math.max(1, Math.floor(Math.pow(r(), 3) * max));
const at = (r: Rand, s: string): number => int(r, s.length + 1);
const insert = (s: string, i: number, x: string): string => s.slice(0, i) + x + s.slice(i);

const TOKENS = [
  ' NOT NULL',
  ' DEFAULT 0',
  ',',
  '(',
  ')',
  ';',
  "'",
  '"',
  '`',
  '$$',
  'BEGIN;',
  'COMMIT;',
  ' CONCURRENTLY',
  'ALTER TABLE t ADD COLUMN c int;',
  '\\',
  "E'",
  '/*',
  '*/',
  '--',
  '#',
  '[',
  ']',
  'END;',
];
const STATEMENTS = [
  'ALTER TABLE users ADD COLUMN c int NOT NULL;',
  'ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (id);',
  'CREATE INDEX users_a ON users (a);',
  'CREATE UNIQUE INDEX "u i" ON "group" ("group", "my col");',
  'ALTER TABLE users ALTER COLUMN a SET NOT NULL;',
  'ALTER TABLE users ADD COLUMN d int, ALGORITHM=COPY;',
  'UPDATE users SET a = 1;',
  'CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n;',
  'CREATE VIEW v AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n;',
  'PRAGMA foreign_keys = OFF;',
  'DO $$ BEGIN ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c (id); END $$;',
];

type Mutation = (r: Rand, s: string) => [string, string];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (r, s) => {
    const n = at(r, s);
    return [s.slice(0, n), `truncate@${n}`];
  },
  flip: (r, s) => {
    const n = 1 + int(r, 8);
    let out = s;
    for (let k = 0; k < n && out.length > 0; k++) {
      const i = int(r, out.length);
      out = out.slice(0, i) + String.fromCharCode(int(r, 256)) + out.slice(i + 1);
    }
    return [out, `flip×${n}`];
  },
  swap: (r, s) => {
    const parts = s.split(';');
    if (parts.length < 3) return [s, 'swap(none)'];
    const i = int(r, parts.length);
    const j = int(r, parts.length);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    return [parts.join(';'), `swap ${i}↔${j}`];
  },
  quote: (r, s) => {
    const q = pick(r, ["'", '"', '`', '$$', '$tag$', "E'\\", "E'", '/*', '[']);
    const i = pick(r, [at(r, s), s.length]);
    return [insert(s, i, q), `quote ${JSON.stringify(q)}@${i}`];
  },
  identifier: (r, s) => {
    const n = size(r, 200_000);
    const i = at(r, s);
    return [insert(s, i, ` ${'a'.repeat(n)} `), `identifier×${n}@${i}`];
  },
  nesting: (r, s) => {
    const n = size(r, 20_000);
    const close = r() < 0.5;
    const i = at(r, s);
    return [insert(s, i, '('.repeat(n) + '1' + (close ? ')'.repeat(n) : '')), `nesting×${n}${close ? '' : ' unclosed'}`];
  },
  nul: (r, s) => {
    const i = at(r, s);
    return [insert(s, i, '\u0000'.repeat(1 + int(r, 4))), `nul@${i}`];
  },
  utf8: (r, s) => {
    const bytes = Buffer.from(s, 'utf8');
    const i = int(r, bytes.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + int(r, 6) }, () => 0x80 + int(r, 128)));
    return [Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)]).toString('utf8'), `invalid-utf8@${i}`];
  },
  crlf: (_r, s) => [s.replace(/\r?\n/g, '\r\n'), 'crlf'],
  cr: (_r, s) => [s.replace(/\r?\n/g, '\r'), 'cr'],
  comment: (r, s) => {
    const n = size(r, 50_000);
    const i = at(r, s);
    const kind = pick(r, ['line', 'block', 'blank', 'ignore', 'crlf']);
    const text =
      kind === 'line'
        ? '-- comment\n'.repeat(n)
        : kind === 'block'
          ? `/* ${'x '.repeat(n * 4)} */`
          : kind === 'blank'
            ? '\n'.repeat(n * 4)
            : kind === 'crlf'
              ? '\r\n'.repeat(n)
              : '-- lockstep-ignore create-index-non-concurrently: reviewed\n'.repeat(n);
    return [insert(s, i, text), `${kind}-comment×${n}@${i}`];
  },
  repeat: (r, s) => {
    const token = pick(r, TOKENS);
    const n = size(r, 20_000);
    const i = at(r, s);
    return [insert(s, i, token.repeat(n)), `repeat ${JSON.stringify(token)}×${n}@${i}`];
  },
  statements: (r, s) => {
    const stmt = pick(r, STATEMENTS);
    const n = r() < 0.7 ? 1 : size(r, 4000);
    const sep = pick(r, ['\n', ' ', '']);
    const i = pick(r, [at(r, s), s.length, 0]);
    const body = Array.from({ length: n }, () => stmt).join(sep);
    // Without its last semicolon now and then: fixes must cope with an unterminated last statement.
    return [
      insert(s, i, sep + (r() < 0.3 && i === s.length ? body.replace(/;$/, '') : body) + sep),
      `statement ${JSON.stringify(stmt.slice(0, 30))}×${n}@${i}`,
    ];
  },
};

const NAMES = Object.keys(MUTATIONS);
const MAX_CHARS = 1_000_000;

/** Case `index` of run `seed`: a seed file with one to three mutations. */
export function fuzzCase(files: readonly SeedFile[], seed: number, index: number): FuzzCase {
  const r = rng((seed * 0x9e3779b1) ^ (index * 0x85ebca6b));
  const file = pick(r, files);
  let text = file.text;
  const mutations: string[] = [`${file.name}`];
  const count = 1 + int(r, 3);
  for (let k = 0; k < count; k++) {
    const name = pick(r, NAMES);
    const [out, what] = MUTATIONS[name]!(r, text);
    if (out.length > MAX_CHARS) continue;
    text = out;
    mutations.push(what);
  }
  return { index, name: file.name, text, mutations };
}
