import { acceptsAlgorithmClause, MYSQL_DDL_KINDS, targetOf } from '../engines/mysql/lint';
import { supportsInstantKeyword } from '../engines/mysql/online-ddl';
import { targetTable } from '../operations';
import { defineRule } from './types';

/**
 * Without ALGORITHM, the server silently picks the best algorithm it can, which may be a
 * full table rebuild or copy when something keeps the fast path from applying. Writing the
 * algorithm you expect turns that surprise into an immediate error.
 */
export default defineRule({
  meta: {
    id: 'mysql-require-explicit-algorithm',
    description: 'State ALGORITHM (and LOCK) so an ALTER fails fast instead of silently falling back to a slower algorithm.',
    defaultSeverity: 'warning',
    dialects: ['mysql', 'mariadb'],
    fixable: 'safe',
    messages: {
      missing:
        'This statement names no ALGORITHM. It can run as {clauses} today, but if anything changes (server version, table format, another clause) the server falls back to a slower algorithm without a word.',
    },
  },
  on: MYSQL_DDL_KINDS,
  check(op, ctx) {
    if (ctx.dialect !== 'mysql' && ctx.dialect !== 'mariadb') return [];
    const table = targetTable(op);
    const kind = acceptsAlgorithmClause(ctx.statement);
    if (!kind || op.mysql?.algorithm || (table && ctx.state.isNewTable(table))) return [];
    if (!ctx.firstInFile(`mysql-require-explicit-algorithm:${ctx.statement.index}`)) return [];
    const plan = ctx.mysqlPlan();
    if (!plan || plan.algorithm === 'COPY') return [];
    const target = targetOf(ctx.config, ctx.dialect);
    const instant = plan.algorithm === 'INSTANT' && supportsInstantKeyword(target);
    const lockWritten = op.mysql?.lock !== undefined;
    const parts = instant ? ['ALGORITHM=INSTANT'] : ['ALGORITHM=INPLACE', ...(lockWritten ? [] : [plan.concurrentDml ? 'LOCK=NONE' : 'LOCK=SHARED'])];
    const clauses = kind === 'alter' ? parts.map((p) => `, ${p}`).join('') : parts.map((p) => ` ${p}`).join('');
    const at = ctx.statement.end;
    return [
      {
        messageId: 'missing',
        data: { clauses: parts.join(', ') },
        help: `Append ${parts.join(', ')} so the statement errors instead of running a slower algorithm than planned.`,
        fix: { title: `Add ${parts.join(', ')}`, edits: [{ start: at, end: at, text: clauses }] },
      },
    ];
  },
});
