import type { InstantBlocker } from '../engines/mysql/classify';
import { mysqlEstimateMs } from '../engines/mysql/cost';
import { targetOf } from '../engines/mysql/lint';
import { INSTANT_ROW_VERSION_LIMIT, ONLINE_DDL_FACTS } from '../engines/mysql/online-ddl';
import { serverName } from '../engines/mysql/sql';
import { formatDuration, formatRows } from '../quantities';
import { displayName } from '../operations';
import { tokenize } from '../sql/tokens';
import { defineRule } from './types';

/**
 * InnoDB can add a column by changing only the data dictionary (ALGORITHM=INSTANT), but
 * only on recent servers and only when nothing else in the statement or the table stands
 * in the way. Otherwise the server quietly rebuilds the whole table in place.
 */
export default defineRule({
  meta: {
    id: 'mysql-add-column-not-instant',
    description: 'Adding a column that cannot be INSTANT rebuilds the whole table.',
    defaultSeverity: 'warning',
    dialects: ['mysql', 'mariadb'],
    fixable: 'unsafe',
    messages: {
      version: 'Adding {column} to {table} is not INSTANT on {server} (INSTANT ADD COLUMN arrived in {since}): the table is rebuilt.{cost}',
      kind: 'Adding {column} ({what}) to {table} can never be INSTANT: the table is {how}.{cost}',
      position: 'Adding {column} with {placement} is not INSTANT on {server}: before {since} only a column added last is. The table is rebuilt.{cost}',
      compressed: 'Adding {column} to {table} is not INSTANT because the table uses ROW_FORMAT=COMPRESSED: the table is rebuilt.{cost}',
      fulltext: 'Adding {column} to {table} is not INSTANT because the table has a FULLTEXT index: the table is rebuilt.{cost}',
      index: 'Adding {column} as UNIQUE also builds an index, so the statement is not INSTANT: the table is rebuilt.{cost}',
      combined: 'Adding {column} is combined with an operation that is not INSTANT ({other}), so the whole statement runs in place and rebuilds {table}.{cost}',
      rowVersions: '{table} already has {versions} instant row versions; at {limit} MySQL refuses INSTANT and the table is rebuilt.{cost}',
      lockClause: 'LOCK={lock} rules out INSTANT (which accepts only LOCK=DEFAULT), so adding {column} rebuilds {table}.{cost}',
      requested: 'ALGORITHM={algorithm} forces the slower path: adding {column} to {table} could be INSTANT on {server}.{cost}',
      instantFails:
        'ALGORITHM=INSTANT is written but this ADD COLUMN cannot be INSTANT here ({reason}): the statement fails with ER_ALTER_OPERATION_NOT_SUPPORTED.',
    },
  },
  on: ['add-column'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table) || (ctx.dialect !== 'mysql' && ctx.dialect !== 'mariadb')) return [];
    const plan = ctx.mysqlPlan();
    const own = plan?.operations.find((p) => p.op === op);
    if (!plan || !own) return [];
    const target = targetOf(ctx.config, ctx.dialect);
    const server = serverName(target.flavor, target.version);
    const rows = ctx.rows(op.table);
    const cost =
      rows !== undefined && rows > 0
        ? ` On ${displayName(op.table)} (${formatRows(rows)}) that is about ${formatDuration(mysqlEstimateMs(plan.algorithm === 'COPY' ? 'copy' : 'rebuild', rows), 'rough')} of rebuilding.`
        : '';
    const base = { column: op.column.name, table: displayName(op.table), server, cost };
    const help =
      'Add the column alone in its own ALTER, last in the table, with ALGORITHM=INSTANT so the server refuses rather than rebuilds; if INSTANT is impossible, run the change with gh-ost or pt-online-schema-change.';
    const firstInstant = ONLINE_DDL_FACTS.find((f) => f.op === own.classification.cls && f.flavor === target.flavor && f.algorithm === 'INSTANT');
    if (own.fact.algorithm !== 'INSTANT') {
      if (op.mysql?.algorithm === 'INSTANT') return [{ messageId: 'instantFails', data: { reason: `not supported on ${server}` }, help }];
      if (firstInstant) return [{ messageId: 'version', data: { ...base, since: serverName(target.flavor, firstInstant.since.split('.').map(Number)) }, help }];
      const kinds: Record<string, { what: string; how: string }> = {
        'add-column-stored-generated': { what: 'a STORED generated column', how: 'copied' },
        'add-column-auto-increment': { what: 'AUTO_INCREMENT', how: 'rebuilt with writes blocked' },
        'add-primary-key': { what: 'PRIMARY KEY', how: 'rebuilt' },
      };
      const k = kinds[own.classification.cls] ?? { what: own.classification.cls, how: 'rebuilt' };
      return [{ messageId: 'kind', data: { ...base, ...k }, help }];
    }
    const blocker = own.blockers[0];
    if (!blocker) return [];
    if (op.mysql?.algorithm === 'INSTANT' && blocker.kind !== 'requested') {
      return [{ messageId: 'instantFails', data: { reason: describe(blocker) }, help }];
    }
    const since = ONLINE_DDL_FACTS.find((f) => f.op === own.classification.cls && f.flavor === target.flavor && f.instantPosition === 'any')?.since ?? '';
    switch (blocker.kind) {
      case 'position': {
        const placement = op.column.position && 'after' in op.column.position ? `AFTER ${op.column.position.after}` : 'FIRST';
        const fix = removePlacement(ctx.statement.text, ctx.statement.start, op.column.name);
        return [
          {
            messageId: 'position',
            data: { ...base, placement, since: serverName(target.flavor, since.split('.').map(Number)) },
            help: `Drop ${placement} so the column is added last (column order rarely matters to applications), or upgrade to ${serverName(target.flavor, since.split('.').map(Number))}.`,
            ...(fix ? { fix: { title: `Add ${op.column.name} as the last column (INSTANT)`, edits: [fix] } } : {}),
          },
        ];
      }
      case 'combined':
        return [{ messageId: 'combined', data: { ...base, other: blocker.with }, help }];
      case 'row-versions':
        return [
          {
            messageId: 'rowVersions',
            data: { ...base, versions: blocker.versions, limit: INSTANT_ROW_VERSION_LIMIT },
            help: 'Rebuild the table in a quiet window (OPTIMIZE TABLE or ALTER TABLE … FORCE with gh-ost) to reset the row versions, or add the column with an online schema change tool.',
          },
        ];
      case 'lock-clause':
        return [{ messageId: 'lockClause', data: { ...base, lock: blocker.lock }, help: 'Write ALGORITHM=INSTANT without a LOCK clause.' }];
      case 'requested':
        return [{ messageId: 'requested', data: { ...base, algorithm: blocker.algorithm }, help: 'Use ALGORITHM=INSTANT.' }];
      default:
        return [{ messageId: blocker.kind, data: base, help }];
    }
  },
});

function describe(b: InstantBlocker): string {
  switch (b.kind) {
    case 'position':
      return 'FIRST/AFTER before instant support for any position';
    case 'compressed':
      return 'ROW_FORMAT=COMPRESSED';
    case 'fulltext':
      return 'the table has a FULLTEXT index';
    case 'index':
      return 'UNIQUE builds an index';
    case 'combined':
      return `combined with ${b.with}`;
    case 'row-versions':
      return `the table reached ${INSTANT_ROW_VERSION_LIMIT} row versions`;
    case 'lock-clause':
      return `LOCK=${b.lock}`;
    case 'requested':
      return `ALGORITHM=${b.algorithm}`;
  }
}

/** The edit removing ` FIRST` or ` AFTER col` from the column's definition. */
function removePlacement(text: string, offset: number, column: string): { start: number; end: number; text: string } | undefined {
  const tokens = tokenize(text);
  const name = tokens.findIndex((t) => (t.kind === 'word' || t.kind === 'quoted') && t.text.replace(/^[`"]|[`"]$/g, '').toLowerCase() === column.toLowerCase());
  if (name < 0) return undefined;
  for (let i = name + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === ',' && t.depth === tokens[name]!.depth) return undefined;
    if (t.kind === 'word' && (t.upper === 'FIRST' || t.upper === 'AFTER')) {
      const end = t.upper === 'AFTER' ? (tokens[i + 1]?.end ?? t.end) : t.end;
      const start = tokens[i - 1]!.end;
      return { start: offset + start, end: offset + end, text: '' };
    }
  }
  return undefined;
}
