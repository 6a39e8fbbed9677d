import { compactTimestamp, others, timestampSequence } from '../naming';
import type { ConventionWriter } from '../types';
import { blockComment, indent, writeScripts, type ScriptApi } from './script';

/**
 * Kysely migrations: modules exporting `up(db)` and `down(db)`, run by Kysely's Migrator in
 * name order. Names follow `<YYYYMMDDHHMMSS>_<desc>.ts` (`.js` in a JavaScript folder), so
 * they sort after the folder's files whatever their prefix. The Migrator wraps every
 * migration in a transaction on PostgreSQL and has no per-migration opt-out, so the files
 * open their own transactions where statements belong together and a phase that must run
 * outside one (CREATE INDEX CONCURRENTLY, batched backfills) says in its header that the
 * Migrator needs `disableTransactions: true`. SQL runs through `CompiledQuery.raw`, with
 * `$n` parameters for the backfill's batches.
 */
export const kyselyWriter: ConventionWriter = {
  id: 'kysely',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing);
    const stamps = existing.map((e) => /^(\d{14})_/.exec(e.split('/').pop()!)?.[1]).filter((v): v is string => v !== undefined);
    const scripts = existing.filter((e) => /\.(?:[cm]?js|[cm]?ts)$/.test(e) && !e.endsWith('.d.ts'));
    const javascript = scripts.length > 0 && scripts.every((e) => /\.m?js$/.test(e));
    const ext = javascript ? (scripts.every((e) => e.endsWith('.mjs')) ? 'mjs' : 'js') : 'ts';
    return writeScripts(kyselyApi(!javascript), plan, ctx, timestampSequence(ctx.now, stamps), ext);
  },
};

function kyselyApi(typescript: boolean): ScriptApi {
  const param = typescript ? 'db: Kysely<any>' : 'db';
  const exec = (handle: string, lit: string, params: readonly string[] = []): string =>
    `${handle}.executeQuery(CompiledQuery.raw(${lit}${params.length ? `, [${params.join(', ')}]` : ''}))`;
  return {
    commentStyle: 'js',
    pooled: true,
    // Written for a Migrator without transactions: every step that needs one opens it.
    runnerTransactions: false,
    marker: (n) => `$${n}`,
    run: (lit) => `await ${exec('db', lit)};`,
    transaction: (body) => ['await db.transaction().execute(async (trx) => {', ...indent(body((lit) => `await ${exec('trx', lit)};`)), '});'],
    select: (lit, params) => `(await ${exec('db', lit, params)}).rows${typescript ? ' as any[]' : ''}`,
    batchUpdate: (lit, params, lockTimeout) => [
      'const result = await db.transaction().execute(async (trx) => {',
      `  await ${exec('trx', lockTimeout)};`,
      `  return ${exec('trx', lit, params)};`,
      '});',
      'done += Number(result.numAffectedRows ?? 0);',
    ],
    fileName: ({ stamp, slug, ext }) => `${compactTimestamp(stamp)}_${slug}.${ext}`,
    module: (m) => {
      const fn = (name: string, lines: readonly string[]): string[] => [
        `export async function ${name}(${param})${typescript ? ': Promise<void>' : ''} {`,
        ...indent(lines),
        '}',
      ];
      const header = m.transactional
        ? m.header
        : [...m.header, '', "Run with Kysely's Migrator created with `disableTransactions: true`: this migration manages its own transactions."];
      return [
        blockComment(header),
        typescript ? "import { CompiledQuery, type Kysely } from 'kysely';" : "import { CompiledQuery } from 'kysely';",
        '',
        ...fn('up', m.up),
        '',
        ...fn('down', m.down),
        '',
      ].join('\n');
    },
  };
}
