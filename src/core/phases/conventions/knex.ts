import { compactTimestamp, others, timestampSequence } from '../naming';
import type { ConventionWriter } from '../types';
import { blockComment, indent, writeScripts, type ScriptApi } from './script';

const MIGRATION = /^(\d{14})_.+\.(m?[jt]s|cjs)$/;

/**
 * Knex `<YYYYMMDDHHMMSS>_<desc>.js|ts` (knex's default timestamp names), CommonJS or
 * ES module/TypeScript like the folder's files. A migration that must not run in Knex's
 * transaction exports `config = { transaction: false }`.
 */
export const knexWriter: ConventionWriter = {
  id: 'knex',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing);
    const stamps = existing.map((e) => MIGRATION.exec(e.split('/').pop()!)?.[1]).filter((v): v is string => v !== undefined);
    const ext = existing.map((e) => MIGRATION.exec(e)?.[2]).find((x) => x !== undefined) ?? 'js';
    const esm = ext === 'ts' || ext === 'mjs' || existing.some((e) => /^export\s+(async\s+)?function\s+up\b/m.test(ctx.read(e) ?? ''));
    return writeScripts(knexApi(esm, ext === 'ts'), plan, ctx, timestampSequence(ctx.now, stamps), ext);
  },
};

function knexApi(esm: boolean, typescript: boolean): ScriptApi {
  const param = typescript ? 'knex: Knex' : 'knex';
  return {
    commentStyle: 'js',
    pooled: true,
    runnerTransactions: true,
    marker: () => '?',
    run: (lit) => `await knex.raw(${lit});`,
    transaction: (body) => ['await knex.transaction(async (trx) => {', ...indent(body((lit) => `await trx.raw(${lit});`)), '});'],
    select: (lit, params) => `(await knex.raw(${lit}${params.length ? `, [${params.join(', ')}]` : ''})).rows`,
    batchUpdate: (lit, params, lockTimeout) => [
      'const result = await knex.transaction(async (trx) => {',
      `  await trx.raw(${lockTimeout});`,
      `  return trx.raw(${lit}, [${params.join(', ')}]);`,
      '});',
      'done += result.rowCount;',
    ],
    fileName: ({ stamp, slug, ext }) => `${compactTimestamp(stamp)}_${slug}.${ext}`,
    module: (m) => {
      const fn = (name: string, lines: readonly string[]): string[] =>
        esm
          ? [`export async function ${name}(${param})${typescript ? ': Promise<void>' : ''} {`, ...indent(lines), '}']
          : [`exports.${name} = async function (knex) {`, ...indent(lines), '};'];
      const config = m.transactional ? [] : esm ? ['', 'export const config = { transaction: false };'] : ['', 'exports.config = { transaction: false };'];
      return [
        blockComment(m.header),
        ...(typescript ? ["import type { Knex } from 'knex';", ''] : esm ? [] : ["'use strict';", '', "/** @param {import('knex').Knex} knex */"]),
        ...fn('up', m.up),
        '',
        ...fn('down', m.down),
        ...config,
        '',
      ].join('\n');
    },
  };
}
