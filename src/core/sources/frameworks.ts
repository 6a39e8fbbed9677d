import type { Convention } from '../config/types';
import type { Dialect } from '../types';

export type Framework = 'typeorm' | 'mikro-orm' | 'sequelize' | 'kysely' | 'node-pg-migrate' | 'knex';

/** How a framework's migration runner treats one migration file, with where that is documented. */
export interface FrameworkFacts {
  readonly framework: Framework;
  /** The Lockstep convention of the same name, when there is one. */
  readonly convention?: Convention;
  /** Signs in a migration file that it is written for this framework (any one suffices). */
  readonly signs: readonly RegExp[];
  /** Whether the runner wraps the migration in a transaction by default, per dialect. */
  readonly transactional: (dialect: Dialect) => boolean;
  /** An in-file opt-out of that transaction. */
  readonly optOut?: RegExp;
  readonly source: string;
}

const always = (): boolean => true;
const never = (): boolean => false;

/**
 * Checked in order: MikroORM before Knex, because MikroORM migrations may use Knex too.
 * The runners' defaults are configurable globally (TypeORM `migrationsTransactionMode`,
 * Kysely `disableTransactions`, MikroORM `transactional`); a config `transactional`
 * setting covers projects that change them.
 */
const FRAMEWORKS: readonly FrameworkFacts[] = [
  {
    framework: 'typeorm',
    convention: 'typeorm',
    signs: [/\bimplements\s+MigrationInterface\b/, /\bfrom\s+['"]typeorm['"]/, /\bqueryRunner\s*:\s*QueryRunner\b/],
    // Default mode "all" runs every pending migration in one transaction; a migration sets
    // `transaction = false` to run outside one (modes "each"/"none").
    transactional: always,
    optOut: /\btransaction\s*(?::\s*boolean\s*)?=\s*false\b/,
    source: 'https://typeorm.io/docs/migrations/faking#transaction-modes',
  },
  {
    framework: 'mikro-orm',
    signs: [/['"]@mikro-orm\/migrations['"]/, /\bthis\.addSql\s*\(/],
    transactional: always,
    optOut: /\bisTransactional\s*\(\s*\)\s*(?::\s*boolean\s*)?\{\s*return\s+false\b/,
    source: 'https://mikro-orm.io/docs/migrations',
  },
  {
    framework: 'sequelize',
    convention: 'sequelize',
    signs: [/\bqueryInterface\b/, /['"]sequelize(?:-cli)?['"]/],
    transactional: never,
    source: 'https://sequelize.org/docs/v6/other-topics/migrations/',
  },
  {
    framework: 'kysely',
    signs: [/\bKysely\s*</, /\bfrom\s+['"]kysely['"]/],
    // The Migrator wraps migrations in a transaction where the dialect has transactional DDL.
    transactional: (d) => d === 'postgresql' || d === 'sqlite',
    source: 'https://github.com/kysely-org/kysely/blob/master/src/migration/migrator.ts',
  },
  {
    framework: 'node-pg-migrate',
    signs: [/\bMigrationBuilder\b/, /['"]node-pg-migrate['"]/, /\bpgm\s*\.\s*(?:sql|createTable|addColumns?|createIndex|noTransaction)\s*\(/],
    transactional: always,
    optOut: /\bpgm\s*\.\s*noTransaction\s*\(/,
    source: 'https://salsita.github.io/node-pg-migrate/migrations/misc',
  },
  {
    framework: 'knex',
    convention: 'knex',
    signs: [/\bknex\s*\.\s*(?:schema|raw)\b/, /\bfrom\s+['"]knex['"]/, /\brequire\(\s*['"]knex['"]\s*\)/, /\bKnex\.\w+\b/, /\(\s*knex\s*(?::\s*Knex\s*)?\)/],
    // Each migration runs in its own transaction unless the file exports `config = { transaction: false }`.
    transactional: always,
    optOut: /\bconfig\s*=\s*\{[^}]*\btransaction\s*:\s*false\b/,
    source: 'https://knexjs.org/guide/migrations.html#transactions-in-migrations',
  },
];

/** The framework a migration file is written for, from its imports and idioms. */
export function detectFramework(text: string): FrameworkFacts | undefined {
  return FRAMEWORKS.find((f) => f.signs.some((s) => s.test(text)));
}
