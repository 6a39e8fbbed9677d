import { addColumnRewriteReason, type RewriteReason } from '../engines/postgres/classify';
import { VERSION_FACTS } from '../engines/postgres/facts';
import { displayName, type OperationOf } from '../operations';
import { ident, insertLinesAfter, replaceStatement, tableSql } from './fixes';
import { defineRule, type Fix, type RuleContext } from './types';
import { costSentence } from './wording';

const REASONS: Readonly<Record<RewriteReason, string>> = {
  'volatile-default': 'its default {default} is volatile, so PostgreSQL must compute and store a value for every existing row',
  'default-before-11': `any non-null default rewrites the table before PostgreSQL ${VERSION_FACTS.nonVolatileDefaultWithoutRewrite.since} (target is {version})`,
  'stored-generated': 'a STORED generated column is computed and written for every existing row',
  serial: 'a serial column fills every existing row from its sequence',
  identity: 'an identity column fills every existing row from its sequence',
  'constrained-domain': 'its type {type} is a domain with constraints, which PostgreSQL checks by computing and storing the value of every existing row',
};

/**
 * ADD COLUMN normally only touches the catalog. These forms instead rewrite the whole
 * table under ACCESS EXCLUSIVE, blocking reads and writes for the duration.
 */
export default defineRule({
  meta: {
    id: 'add-column-table-rewrite',
    description:
      'Adding a column with a volatile default, a STORED generated value, serial/identity, a constrained domain type, or any default before PG 11 rewrites the table.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'unsafe',
    messages: {
      rewrite: 'Adding {column} rewrites all of {table} under ACCESS EXCLUSIVE because {reason}.{cost}',
      unknownVolatility:
        'Adding {column} with default {default} may rewrite {table}: {functions} is not a built-in function, so its volatility is unknown. A VOLATILE function forces a full rewrite under ACCESS EXCLUSIVE.{cost}',
    },
  },
  on: ['add-column'],
  check(op, ctx) {
    if (ctx.state.isNewTable(op.table)) return [];
    const c = op.column;
    const cost = ctx.cost(op);
    const base = { column: c.name, table: displayName(op.table), default: c.default?.sql ?? '', version: ctx.pgVersion, cost: costSentence(cost) };
    const reason = addColumnRewriteReason(c, ctx.pgVersion, ctx.state.isConstrainedDomain(c.type));
    if (reason) {
      const fix = reason === 'volatile-default' || reason === 'default-before-11' ? splitDefault(op, ctx) : undefined;
      return [
        {
          messageId: 'rewrite',
          data: {
            ...base,
            reason: REASONS[reason]
              .replace('{default}', c.default?.sql ?? '')
              .replace('{version}', String(ctx.pgVersion))
              .replace('{type}', c.type.sql),
          },
          help: 'Add the column without the default (nullable), set the default for new rows with ALTER COLUMN … SET DEFAULT, and backfill existing rows in batches.',
          ...(fix ? { fix } : {}),
          ...(cost ? { cost: { ...cost, rewrite: true } } : {}),
        },
      ];
    }
    if (c.default && c.default.volatility === 'unknown' && c.default.unknownFunctions.length > 0) {
      return [
        {
          messageId: 'unknownVolatility',
          data: { ...base, functions: c.default.unknownFunctions.join(', ') },
          help: 'If the function is VOLATILE, add the column without a default and backfill it in batches; if it is IMMUTABLE or STABLE, ignore this finding with a reason.',
        },
      ];
    }
    return [];
  },
});

/** Rewrite `ADD COLUMN c t DEFAULT f()` as a nullable add, a default for new rows, and a backfill note. */
function splitDefault(op: OperationOf<'add-column'>, ctx: RuleContext): Fix | undefined {
  const c = op.column;
  if (ctx.statement.operations.length !== 1 || !c.default) return undefined;
  // Rewriting the statement would drop these clauses; leave such columns to the user.
  if (c.primaryKey || c.unique || c.references || c.checks.length > 0) return undefined;
  const t = tableSql(op.table);
  const col = ident(c.name);
  const check = ident(`${op.table.name}_${c.name}_not_null`);
  const notNull = c.notNull
    ? [
        `-- Then enforce NOT NULL without a long scan under ACCESS EXCLUSIVE:`,
        `-- ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
        `-- ALTER TABLE ${t} VALIDATE CONSTRAINT ${check};`,
        `-- ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`,
      ]
    : [];
  return {
    title: 'Add the column without the default, then set it for new rows',
    edits: [
      replaceStatement(ctx.statement, `ALTER TABLE ${t} ADD COLUMN ${col} ${c.type.sql}`),
      insertLinesAfter(ctx.file, ctx.statement, [
        `ALTER TABLE ${t} ALTER COLUMN ${col} SET DEFAULT ${c.default.sql};`,
        `-- Backfill existing rows in batches (outside this transaction), e.g. by primary-key ranges:`,
        `-- UPDATE ${t} SET ${col} = ${c.default.sql} WHERE id BETWEEN $1 AND $2 AND ${col} IS NULL;`,
        ...notNull,
      ]),
    ],
  };
}
