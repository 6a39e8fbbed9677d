import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigFile, Convention } from '../../../src/core/config';
import type { PlanOptions } from '../../../src/core/phases';
import { upSection } from '../../../src/core/phases';
import { corpusAvailable, corpusFiles, isPostgresSqlFile } from '../../helpers/corpus';

/**
 * The migrations whose generated plans are applied to real engines: the README's examples,
 * the convention fixtures, the rule pages' "Incorrect" examples and risky files of the
 * shared corpus. Each case carries the schema the planner assumes (the earlier migrations
 * of its folder, or a stated base schema) and the configuration it is planned with.
 */

export type CaseDialect = 'postgresql' | 'mariadb' | 'sqlite';

export interface PlanCase {
  /** Stable identifier, also the key of KNOWN_DEFECTS: `<engine>:<path>[#n][@convention]`. */
  readonly id: string;
  readonly source: 'example' | 'fixture' | 'docs' | 'corpus';
  readonly dialect: CaseDialect;
  /** The migration as written (dbmate down sections are cut by the planner and the runner alike). */
  readonly sql: string;
  /** Where the migration lives: its folder decides the convention and file numbering. */
  readonly fileName?: string;
  /** Forces the convention (the README example is written in every one). */
  readonly convention?: Convention;
  /** SQL that builds the schema the migration runs against (earlier migrations or a base schema). */
  readonly earlier: readonly string[];
  readonly config: ConfigFile;
  readonly options?: PlanOptions;
  /**
   * Rows the original migration cannot fill by itself (ADD COLUMN … NOT NULL without a
   * default): the value the plan is given with `--backfill` is the DEFAULT the original is
   * run with, dropped again afterwards, so both sides mean the same thing.
   */
  readonly originalDefaults?: Readonly<Record<string, string>>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/');
const read = (p: string): string => fs.readFileSync(p, 'utf8');

/** Sibling migration files that sort before `file` in its folder (Prisma: sibling folders). */
function earlierMigrations(file: string, accept: (name: string) => boolean = (n) => n.endsWith('.sql')): string[] {
  if (path.basename(file) === 'migration.sql') {
    const dir = path.dirname(path.dirname(file));
    const own = path.basename(path.dirname(file));
    return fs
      .readdirSync(dir)
      .filter((d) => d < own && fs.existsSync(path.join(dir, d, 'migration.sql')))
      .sort()
      .map((d) => path.join(dir, d, 'migration.sql'));
  }
  const dir = path.dirname(file);
  const own = path.basename(file);
  return fs
    .readdirSync(dir)
    .filter((n) => n < own && accept(n) && fs.statSync(path.join(dir, n)).isFile())
    .sort(naturalOrder)
    .map((n) => path.join(dir, n));
}

/** Flyway orders V2 before V10. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

const readUp = (p: string): string => upSection(read(p));

// ---------------------------------------------------------------------------------------
// PostgreSQL

/** The tables the rule pages' examples name, with the columns they use. */
export const DOCS_BASE_SCHEMA: Readonly<Record<CaseDialect, string>> = {
  postgresql: `
CREATE TABLE users (id bigserial PRIMARY KEY, email text, name text, age integer, legacy_flag boolean, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint, status text);
CREATE TABLE sessions (id bigserial PRIMARY KEY, user_id bigint);
CREATE TABLE accounts (id bigint NOT NULL, name text);`,
  mariadb: `
CREATE TABLE users (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120), age INT) ENGINE=InnoDB;
CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, status VARCHAR(20)) ENGINE=InnoDB;`,
  sqlite: `
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);`,
};

/** The rule pages' "Incorrect:" blocks, in page order. */
export function docsExamples(): { page: string; n: number; sql: string; dialect: CaseDialect }[] {
  const dir = path.join(ROOT, 'docs', 'rules');
  const out: { page: string; n: number; sql: string; dialect: CaseDialect }[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name === 'README.md') continue;
    const dialect: CaseDialect = name.startsWith('mysql-') ? 'mariadb' : name.startsWith('sqlite-') ? 'sqlite' : 'postgresql';
    const lines = read(path.join(dir, name)).split('\n');
    let n = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== 'Incorrect:') continue;
      const start = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      const end = lines.findIndex((l, j) => j > start && l.startsWith('```'));
      if (start < 0 || end < 0) continue;
      out.push({ page: `docs/rules/${name}`, n: ++n, sql: lines.slice(start + 1, end).join('\n'), dialect });
    }
  }
  return out;
}

/** Rows the tests seed into every table: enough for several backfill batches. */
export const SEED_ROWS = 240;
/** Rows per backfill batch, so each backfill runs several batches. */
export const BATCH_SIZE = 64;

export function postgresCases(): PlanCase[] {
  const cases: PlanCase[] = [];
  const config = (p: string): ConfigFile => JSON.parse(read(p)) as ConfigFile;
  const pg = { targetVersion: 15 } satisfies ConfigFile;

  // README examples: the example change, in every convention a plan can be written in.
  const exampleDir = path.join(ROOT, 'examples', 'migrations');
  const example = path.join(exampleDir, '0002_add_user_plan.sql');
  const exampleConfig = { ...config(path.join(ROOT, 'examples', 'lockstep.config.json')), ...pg };
  const base = {
    source: 'example' as const,
    dialect: 'postgresql' as const,
    sql: read(example),
    earlier: earlierMigrations(example).map(readUp),
    config: exampleConfig,
  };
  for (const convention of ['plain', 'flyway', 'golang-migrate', 'dbmate', 'prisma', 'knex', 'typeorm', 'sequelize'] as const) {
    cases.push({ ...base, id: `postgresql:${rel(example)}@${convention}`, fileName: example, convention });
  }
  const byHand = path.join(ROOT, 'examples', 'phased', '0002_add_user_plan_by_hand.sql');
  cases.push({ ...base, id: `postgresql:${rel(byHand)}`, sql: read(byHand), fileName: byHand });

  // Convention fixtures: each migration folder plans its change in its own convention.
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'conventions');
  const sqlFixture = (convention: Convention, file: string, accept?: (n: string) => boolean): void => {
    const p = path.join(fixtures, convention, file);
    cases.push({
      id: `postgresql:${rel(p)}`,
      source: 'fixture',
      dialect: 'postgresql',
      sql: read(p),
      fileName: p,
      earlier: earlierMigrations(p, accept).map(readUp),
      config: pg,
    });
  };
  sqlFixture('plain', 'migrations/0003_add_token.sql');
  sqlFixture('flyway', 'db/migration/V3__add_token.sql');
  sqlFixture('golang-migrate', 'migrations/000002_add_token.up.sql', (n) => n.endsWith('.up.sql'));
  sqlFixture('dbmate', 'db/migrations/20240215093000_add_token.sql');
  sqlFixture('prisma', 'prisma/migrations/20240215093000_add_token/migration.sql');
  // The ORM fixtures create the same users table in their builder's language; its SQL form is the plain fixture's.
  const usersTable = read(path.join(fixtures, 'plain', 'migrations', '0001_create_users.sql'));
  for (const [convention, folder] of [
    ['knex', 'migrations'],
    ['sequelize', 'migrations'],
    ['typeorm', 'src/migrations'],
  ] as const) {
    const p = path.join(fixtures, convention, 'add_token.sql');
    cases.push({
      id: `postgresql:${rel(p)}`,
      source: 'fixture',
      dialect: 'postgresql',
      sql: read(p),
      fileName: path.join(fixtures, convention, folder, 'add_token.sql'),
      earlier: [usersTable],
      config: pg,
    });
  }

  // Rule pages.
  for (const ex of docsExamples().filter((e) => e.dialect === 'postgresql')) {
    // The planner is told the schema the example runs against, as a project's earlier migrations would tell it.
    const earlierSql = [DOCS_BASE_SCHEMA.postgresql];
    const c: PlanCase = {
      id: `postgresql:${ex.page}#${ex.n}`,
      source: 'docs',
      dialect: 'postgresql',
      sql: ex.sql,
      earlier: earlierSql,
      config: pg,
      options: { earlierSql },
    };
    // `ADD COLUMN status text NOT NULL` needs a value for existing rows: given on both sides.
    if (/ADD COLUMN status text NOT NULL;/.test(ex.sql))
      cases.push({ ...c, options: { earlierSql, backfillValues: { 'users.status': `'active'` } }, originalDefaults: { 'users.status': `'active'` } });
    else cases.push(c);
  }
  return cases;
}

/** Corpus files the project plans as plain PostgreSQL (goose files are read by a later source adapter). */
export function corpusCandidates(): string[] {
  if (!corpusAvailable()) return [];
  return corpusFiles(isPostgresSqlFile).filter((f) => !/^--\s*\+goose\b/m.test(read(f)));
}

export function corpusCase(file: string): PlanCase {
  return {
    id: `postgresql:corpus/${path
      .relative(path.resolve(ROOT, '..', 'shared', 'corpus'), file)
      .split(path.sep)
      .join('/')}`,
    source: 'corpus',
    dialect: 'postgresql',
    sql: read(file),
    fileName: file,
    earlier: earlierMigrations(file).map(readUp),
    config: { targetVersion: 15 },
  };
}

// ---------------------------------------------------------------------------------------
// MariaDB and SQLite

export function mariadbCases(): PlanCase[] {
  const cases: PlanCase[] = [];
  const target = { dialect: 'mariadb', targetVersion: '10.11' } satisfies ConfigFile;
  const example = path.join(ROOT, 'examples', 'mysql', 'migrations', '0002_add_order_stage.sql');
  const config = JSON.parse(read(path.join(ROOT, 'examples', 'mysql', 'lockstep.config.json'))) as ConfigFile;
  // As configured (MySQL 8.0.28) and on the engine the test runs (MariaDB).
  cases.push({
    id: `mariadb:${rel(example)}`,
    source: 'example',
    dialect: 'mariadb',
    sql: read(example),
    fileName: example,
    earlier: earlierMigrations(example).map(read),
    config: { ...config },
  });
  cases.push({
    id: `mariadb:${rel(example)}@10.11`,
    source: 'example',
    dialect: 'mariadb',
    sql: read(example),
    fileName: example,
    earlier: earlierMigrations(example).map(read),
    config: { ...config, ...target },
  });
  for (const ex of docsExamples().filter((e) => e.dialect === 'mariadb')) {
    const c: PlanCase = {
      id: `mariadb:${ex.page}#${ex.n}`,
      source: 'docs',
      dialect: 'mariadb',
      sql: ex.sql,
      earlier: [DOCS_BASE_SCHEMA.mariadb],
      config: target,
    };
    // NOT NULL without a default: MySQL fills existing rows with the type's zero, which the plan is told to write.
    if (/ADD COLUMN visits int NOT NULL;/.test(ex.sql)) cases.push({ ...c, options: { backfillValues: { 'users.visits': '0' } } });
    else cases.push(c);
  }
  return cases;
}

export function sqliteCases(): PlanCase[] {
  const cases: PlanCase[] = [];
  const example = path.join(ROOT, 'examples', 'sqlite', 'migrations', '0002_add_user_plan.sql');
  const config = JSON.parse(read(path.join(ROOT, 'examples', 'sqlite', 'lockstep.config.json'))) as ConfigFile;
  const plan = { backfillValues: { 'users.plan': `'free'` } };
  const earlier = earlierMigrations(example).map(read);
  // The README's command (target 3.45: the 12-step rebuild) and a target with ALTER COLUMN SET NOT NULL.
  cases.push({
    id: `sqlite:${rel(example)}`,
    source: 'example',
    dialect: 'sqlite',
    sql: read(example),
    fileName: example,
    earlier,
    config,
    options: plan,
    originalDefaults: { 'users.plan': `'free'` },
  });
  cases.push({
    id: `sqlite:${rel(example)}@3.53`,
    source: 'example',
    dialect: 'sqlite',
    sql: read(example),
    fileName: example,
    earlier,
    config: { ...config, targetVersion: '3.53.0' },
    options: plan,
    originalDefaults: { 'users.plan': `'free'` },
  });
  for (const ex of docsExamples().filter((e) => e.dialect === 'sqlite')) {
    cases.push({
      id: `sqlite:${ex.page}#${ex.n}`,
      source: 'docs',
      dialect: 'sqlite',
      sql: ex.sql,
      earlier: [DOCS_BASE_SCHEMA.sqlite],
      config: { dialect: 'sqlite', targetVersion: '3.45.0' },
    });
  }
  return cases;
}
