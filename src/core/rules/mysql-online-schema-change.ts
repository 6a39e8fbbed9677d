import { mysqlEstimateMs, workOf } from '../engines/mysql/cost';
import { onlineSchemaChangeCommands } from '../engines/mysql/osc';
import { acceptsAlgorithmClause, MYSQL_DDL_KINDS } from '../engines/mysql/lint';
import { formatDuration, formatRows } from '../quantities';
import { displayName, targetTable, type Operation } from '../operations';
import { tokenize } from '../sql/tokens';
import { defineRule, type RuleContext } from './types';
import { OSC_DEFAULT_MIN_ROWS as DEFAULT_MIN_ROWS } from '../engines/mysql/osc';

interface Options {
  readonly minRows: number;
}

function options(ctx: RuleContext): Options {
  const all = ctx.config.ruleOptions;
  const mine = all?.['mysql-online-schema-change'];
  const minRows = typeof mine?.['minRows'] === 'number' ? mine['minRows'] : DEFAULT_MIN_ROWS;
  return { minRows };
}

/**
 * On a big table, an ALTER that is not INSTANT runs for minutes to hours, replicas lag
 * behind it, and cancelling it means waiting for a rollback. gh-ost and
 * pt-online-schema-change copy the table in small chunks while the application runs,
 * throttle on load and cut over in a moment.
 */
export default defineRule({
  meta: {
    id: 'mysql-online-schema-change',
    description: 'A non-instant ALTER on a large table should run through gh-ost or pt-online-schema-change.',
    defaultSeverity: 'warning',
    dialects: ['mysql', 'mariadb'],
    messages: {
      large:
        '{table} has {rows} and this ALTER runs as {algorithm} for about {duration}; replicas lag behind it and it cannot be paused. Run it with an online schema change tool.',
    },
  },
  on: MYSQL_DDL_KINDS,
  check(op, ctx) {
    if (ctx.dialect !== 'mysql' && ctx.dialect !== 'mariadb') return [];
    const table = targetTable(op);
    if (!table || ctx.state.isNewTable(table) || !acceptsAlgorithmClause(ctx.statement)) return [];
    const rows = ctx.rows(table);
    if (rows === undefined || rows < options(ctx).minRows) return [];
    if (!ctx.firstInFile(`mysql-online-schema-change:${ctx.statement.index}`)) return [];
    const plan = ctx.mysqlPlan();
    if (!plan || plan.algorithm === 'INSTANT') return [];
    const buildsIndex = plan.operations.some((p) => p.op.kind === 'create-index');
    const work = workOf(plan.algorithm, plan.rebuild, buildsIndex);
    if (work === 'metadata') return [];
    const alter = alterClause(ctx.statement.text, op);
    const { ghost, ptosc } = onlineSchemaChangeCommands(table, alter);
    return [
      {
        messageId: 'large',
        data: { table: displayName(table), rows: formatRows(rows), algorithm: plan.algorithm, duration: formatDuration(mysqlEstimateMs(work, rows), 'rough') },
        help: `Take this statement out of the migration and run it online, e.g.\n${ghost}\nor\n${ptosc}`,
      },
    ];
  },
});

/** The ALTER's body for --alter: the clauses after the table name, without ALGORITHM/LOCK. */
function alterClause(text: string, op: Operation): string {
  if (op.kind === 'create-index') {
    const cols = op.columns.join(', ');
    return `ADD ${op.unique ? 'UNIQUE ' : ''}INDEX ${op.name ?? ''} (${cols})`.replace(/\s+/g, ' ');
  }
  const tokens = tokenize(text);
  const tableWord = tokens.findIndex((t) => t.upper === 'TABLE');
  let i = tableWord + 1;
  while (tokens[i] && (tokens[i + 1]?.text === '.' || tokens[i]!.text === '.')) i++;
  const bodyStart = tokens[i + 1]?.start ?? text.length;
  return text
    .slice(bodyStart)
    .split(/,(?![^(]*\))/)
    .map((c) => c.trim())
    .filter((c) => c && !/^(ALGORITHM|LOCK)\s*=/i.test(c))
    .join(', ')
    .replace(/\s+/g, ' ');
}
