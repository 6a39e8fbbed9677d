import { others, pascal, timestampSequence } from '../naming';
import type { ConventionWriter } from '../types';
import { blockComment, indent, writeScripts, type ScriptApi } from './script';

const MIGRATION = /^(\d{13})-.+\.[jt]s$/;

/**
 * TypeORM `<ms timestamp>-<Name>.ts`, a class implementing MigrationInterface that runs
 * SQL through `queryRunner.query`. A migration that must not run in TypeORM's transaction
 * sets `transaction = false` (effective with `migrationsTransactionMode: 'each'`); it opens
 * its own transactions with `queryRunner.startTransaction()` where statements belong together.
 */
export const typeormWriter: ConventionWriter = {
  id: 'typeorm',
  hasDown: true,
  write(plan, ctx) {
    const stamps = others(ctx.existing, ctx.replacing)
      .map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1])
      .filter((v): v is string => v !== undefined);
    return writeScripts(typeormApi, plan, ctx, timestampSequence(ctx.now, stamps, 1), 'ts');
  },
};

const typeormApi: ScriptApi = {
  commentStyle: 'js',
  pooled: false,
  runnerTransactions: true,
  marker: (n) => `$${n}`,
  run: (lit) => `await queryRunner.query(${lit});`,
  transaction: (body) => [
    'await queryRunner.startTransaction();',
    'try {',
    ...indent(body((lit) => `await queryRunner.query(${lit});`)),
    '  await queryRunner.commitTransaction();',
    '} catch (err) {',
    '  await queryRunner.rollbackTransaction();',
    '  throw err;',
    '}',
  ],
  select: (lit, params) => `(await queryRunner.query(${lit}${params.length ? `, [${params.join(', ')}]` : ''}))`,
  batchUpdate: (lit, params, lockTimeout) => [
    'await queryRunner.startTransaction();',
    'try {',
    `  await queryRunner.query(${lockTimeout});`,
    `  // For UPDATE, TypeORM's PostgreSQL driver returns [rows, affected row count].`,
    `  const result = await queryRunner.query(${lit}, [${params.join(', ')}]);`,
    '  await queryRunner.commitTransaction();',
    "  done += Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;",
    '} catch (err) {',
    '  await queryRunner.rollbackTransaction();',
    '  throw err;',
    '}',
  ],
  fileName: ({ stamp, slug }) => `${stamp.getTime()}-${pascal(slug)}.ts`,
  module: (m) => {
    const name = pascal(m.className);
    return [
      "import { MigrationInterface, QueryRunner } from 'typeorm';",
      '',
      blockComment(m.header),
      `export class ${name} implements MigrationInterface {`,
      `  name = '${name}';`,
      ...(m.transactional
        ? []
        : ['', '  // Runs outside a transaction: needs migrationsTransactionMode "each" (or "none") in the data source.', '  transaction = false;']),
      '',
      '  public async up(queryRunner: QueryRunner): Promise<void> {',
      ...indent(m.up, '    '),
      '  }',
      '',
      '  public async down(queryRunner: QueryRunner): Promise<void> {',
      ...indent(m.down, '    '),
      '  }',
      '}',
      '',
    ].join('\n');
  },
};
