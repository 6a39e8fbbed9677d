import type { ResolvedConfig } from '../config/types';
import type { Dialect } from '../types';
import { extractSql } from './extract';
import { detectFramework, type Framework } from './frameworks';

export { extractSql } from './extract';

/** Extensions of migration files written in JavaScript or TypeScript. */
const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** Whether a file is a JavaScript/TypeScript source whose SQL is found by `extractSql`. */
export function isScriptFile(fileName: string | undefined): boolean {
  const name = (fileName ?? '').toLowerCase();
  return SCRIPT_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** What a migration file's runner does, read from the file itself. */
export interface RunnerInference {
  readonly framework: Framework;
  readonly convention?: ResolvedConfig['convention'];
  readonly transactional: boolean;
}

/**
 * The migration framework and implicit transaction of a JavaScript/TypeScript migration
 * (`implements MigrationInterface` → TypeORM, in a transaction; `queryInterface` → Sequelize,
 * none; `pgm.noTransaction()` → none; …). Undefined when no framework is recognised.
 */
export function inferRunner(text: string, dialect: Dialect = 'postgresql'): RunnerInference | undefined {
  const facts = detectFramework(text);
  if (!facts) return undefined;
  const { transactional } = extractSql(text, { dialect });
  return {
    framework: facts.framework,
    ...(facts.convention ? { convention: facts.convention } : {}),
    transactional: transactional ?? facts.transactional(dialect),
  };
}

/**
 * The config to lint a file with: an explicit `transactional` setting wins; otherwise the
 * file's own framework decides its transaction, and names the convention when none is set.
 */
export function withRunner(config: ResolvedConfig, runner: Pick<RunnerInference, 'convention' | 'transactional'> | undefined): ResolvedConfig {
  if (!runner || config.transactional !== undefined) return config;
  const convention = config.convention ?? runner.convention;
  return { ...config, ...(convention ? { convention } : {}), transactional: runner.transactional };
}
