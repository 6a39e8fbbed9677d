import { ADAPTERS } from '../core/sources/registry';

/**
 * Where migrations live in the layouts Lockstep knows. The same globs drive activation
 * (`workspaceContains:` in package.json; a unit test keeps the two in step), the documents
 * the extension lints beyond plain .sql files, and "Lint Workspace Migrations".
 */
export const MIGRATION_GLOBS: readonly string[] = [
  '**/prisma/migrations/*/migration.sql', // Prisma
  '**/db/migration/**/*.sql', // Flyway (V1__name.sql)
  '**/*.up.sql', // golang-migrate
  '**/db/migrations/*.sql', // dbmate
  '**/db/migrate/*.rb', // Rails
  '**/migrations/**/*.sql', // plain folders, knex/TypeORM raw SQL
  '**/migrations/**/*.{ts,js,mts,mjs,cts,cjs}', // Knex, TypeORM, Sequelize
];

/**
 * JavaScript/TypeScript files linted for the SQL they run: only inside migration folders,
 * where a string passed to `knex.raw` or `queryRunner.query` is a migration statement.
 */
export const SCRIPT_MIGRATION_GLOB = '**/{migrations,migration,migrate}/**/*.{ts,js,mts,mjs,cts,cjs}';

/**
 * Migrations written in a framework's language (Rails `db/migrate/*.rb`, …): the files of
 * each source adapter, in its language, linted like SQL files.
 */
export const FRAMEWORK_SELECTORS: readonly { readonly language: string; readonly pattern: string; readonly scheme: string }[] = ADAPTERS.flatMap((a) =>
  a.languageIds.flatMap((language) => a.globs.map((pattern) => ({ language, pattern, scheme: 'file' }))),
);

/**
 * `a/*.{x,y}` → `a/*.x`, `a/*.y`: VS Code's file search refuses a brace group nested in
 * another, so globs are expanded before several are joined into one `{…,…}` pattern.
 */
function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1]!.split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}

/** What "Lint Workspace Migrations" searches for: SQL files and every framework's migrations, as one flat `{…}` glob. */
export function workspaceLintGlob(): string {
  const globs = [...MIGRATION_GLOBS.filter((g) => g.endsWith('.sql')), '**/*.sql', ...FRAMEWORK_SELECTORS.map((s) => s.pattern)];
  return `{${[...new Set(globs.flatMap(expandBraces))].join(',')}}`;
}

/** Folders never searched by the workspace lint. */
export const EXCLUDED_GLOB = '**/{node_modules,.git,dist,out,vendor,.e2e}/**';

/** The SQL language id VS Code assigns to .sql files. */
export const SQL_LANGUAGE_ID = 'sql';

/** File extensions whose text the linter reads as SQL. */
export function isSqlFileName(fileName: string): boolean {
  return /\.sql$/i.test(fileName);
}
