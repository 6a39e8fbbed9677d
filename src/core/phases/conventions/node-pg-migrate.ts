import { others, timestampSequence } from '../naming';
import type { ConventionWriter } from '../types';
import { blockComment, indent, writeScripts, type ScriptApi } from './script';

/**
 * node-pg-migrate `<ms timestamp>_<desc>.js|ts` exporting `up(pgm)` / `down(pgm)`. Each
 * migration runs in a transaction unless it calls `pgm.noTransaction()`. Statements run at
 * once through `pgm.db.query` (SQL given to `pgm.sql` would only run after `up` returns,
 * out of order with the backfill loop); `pgm.db` is the runner's one connection, so a
 * phase outside the runner's transaction opens its own with BEGIN/COMMIT.
 */
export const pgMigrateWriter: ConventionWriter = {
  id: 'node-pg-migrate',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing);
    const stamps = existing.map((e) => /^(\d{13})_/.exec(e.split('/').pop()!)?.[1]).filter((v): v is string => v !== undefined);
    const typescript = existing.some((e) => /\.ts$/.test(e));
    return writeScripts(pgMigrateApi(typescript), plan, ctx, timestampSequence(ctx.now, stamps, 1), typescript ? 'ts' : 'js');
  },
};

function pgMigrateApi(typescript: boolean): ScriptApi {
  const query = (lit: string, params: readonly string[] = []): string => `pgm.db.query(${lit}${params.length ? `, [${params.join(', ')}]` : ''})`;
  const inTransaction = (body: readonly string[]): string[] => [
    "await pgm.db.query('BEGIN');",
    'try {',
    ...indent(body),
    "  await pgm.db.query('COMMIT');",
    '} catch (err) {',
    "  await pgm.db.query('ROLLBACK');",
    '  throw err;',
    '}',
  ];
  return {
    commentStyle: 'js',
    pooled: false,
    runnerTransactions: true,
    marker: (n) => `$${n}`,
    run: (lit) => `await ${query(lit)};`,
    transaction: (body) => inTransaction(body((lit) => `await ${query(lit)};`)),
    select: (lit, params) => `(await ${query(lit, params)}).rows`,
    batchUpdate: (lit, params, lockTimeout) =>
      inTransaction([`await ${query(lockTimeout)};`, `const result = await ${query(lit, params)};`, 'done += result.rowCount ?? 0;']),
    fileName: ({ stamp, slug, ext }) => `${stamp.getTime()}_${slug}.${ext}`,
    module: (m) => {
      const optOut = m.transactional ? [] : ["// Runs outside the runner's transaction: CONCURRENTLY and batched backfills need that.", 'pgm.noTransaction();'];
      const fn = (name: string, lines: readonly string[]): string[] =>
        typescript
          ? [`export async function ${name}(pgm: MigrationBuilder): Promise<void> {`, ...indent([...optOut, ...lines]), '}']
          : [`exports.${name} = async (pgm) => {`, ...indent([...optOut, ...lines]), '};'];
      return [
        blockComment(m.header),
        ...(typescript ? ["import type { MigrationBuilder } from 'node-pg-migrate';", ''] : []),
        ...fn('up', m.up),
        '',
        ...fn('down', m.down),
        '',
      ].join('\n');
    },
  };
}
