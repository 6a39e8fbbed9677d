import { compactTimestamp, others, timestampSequence } from '../naming';
import type { ConventionWriter } from '../types';
import { blockComment, indent, writeScripts, type ScriptApi } from './script';

const MIGRATION = /^(\d{14})-.+\.c?js$/;

/**
 * sequelize-cli `<YYYYMMDDHHMMSS>-<desc>.js` with `up`/`down(queryInterface, Sequelize)`.
 * Sequelize runs migrations without a transaction, so each phase opens its own with
 * `sequelize.transaction()` where statements belong together.
 */
export const sequelizeWriter: ConventionWriter = {
  id: 'sequelize',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing);
    const stamps = existing.map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1]).filter((v): v is string => v !== undefined);
    const ext = existing.some((e) => e.endsWith('.cjs')) ? 'cjs' : 'js';
    return writeScripts(sequelizeApi, plan, ctx, timestampSequence(ctx.now, stamps), ext);
  },
};

const sequelizeApi: ScriptApi = {
  commentStyle: 'js',
  pooled: true,
  runnerTransactions: false,
  marker: (n) => `$${n}`,
  run: (lit) => `await queryInterface.sequelize.query(${lit});`,
  transaction: (body) => [
    'await queryInterface.sequelize.transaction(async (transaction) => {',
    ...indent(body((lit) => `await queryInterface.sequelize.query(${lit}, { transaction });`)),
    '});',
  ],
  select: (lit, params) => `(await queryInterface.sequelize.query(${lit}${params.length ? `, { bind: [${params.join(', ')}] }` : ''}))[0]`,
  batchUpdate: (lit, params, lockTimeout) => [
    'const [, meta] = await queryInterface.sequelize.transaction(async (transaction) => {',
    `  await queryInterface.sequelize.query(${lockTimeout}, { transaction });`,
    `  return queryInterface.sequelize.query(${lit}, { bind: [${params.join(', ')}], transaction });`,
    '});',
    "done += meta && typeof meta.rowCount === 'number' ? meta.rowCount : 0;",
  ],
  fileName: ({ stamp, slug, ext }) => `${compactTimestamp(stamp)}-${slug.replace(/_/g, '-')}.${ext}`,
  module: (m) => {
    return [
      "'use strict';",
      '',
      blockComment(m.header),
      "/** @type {import('sequelize-cli').Migration} */",
      'module.exports = {',
      '  async up(queryInterface, Sequelize) {',
      ...indent(m.up, '    '),
      '  },',
      '',
      '  async down(queryInterface, Sequelize) {',
      ...indent(m.down, '    '),
      '  },',
      '};',
      '',
    ].join('\n');
  },
};
