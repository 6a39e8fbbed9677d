import { displayName } from '../operations';
import { ident, replaceStatement, tableSql } from './fixes';
import { defineRule } from './types';
import { costSentence } from './wording';

/**
 * ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds its index while holding ACCESS EXCLUSIVE.
 * Building the index CONCURRENTLY first and attaching it with USING INDEX keeps the
 * exclusive lock to a catalog update.
 */
export default defineRule({
  meta: {
    id: 'unique-constraint-builds-index',
    description: 'Build the unique index CONCURRENTLY, then add the constraint USING INDEX.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    fixable: 'unsafe',
    messages: {
      builds: 'Adding {kind} {name} builds a unique index on {table} while holding ACCESS EXCLUSIVE, which blocks reads and writes for the whole build.{cost}',
    },
  },
  on: ['add-constraint'],
  check(op, ctx) {
    if (op.constraint !== 'unique' && op.constraint !== 'primary-key') return [];
    if (op.usingIndex || ctx.state.isNewTable(op.table) || op.columns.length === 0) return [];
    const cost = ctx.cost(op);
    const t = tableSql(op.table);
    // PostgreSQL's own default names: <table>_<columns>_key and <table>_pkey.
    const name = op.name ?? (op.constraint === 'unique' ? `${op.table.name}_${op.columns.join('_')}_key` : `${op.table.name}_pkey`);
    const kind = op.constraint === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
    const cols = op.columns.map(ident).join(', ');
    const single = ctx.statement.operations.length === 1 && !ctx.state.inTransaction;
    return [
      {
        messageId: 'builds',
        data: { kind: kind === 'UNIQUE' ? 'UNIQUE constraint' : 'PRIMARY KEY', name, table: displayName(op.table), cost: costSentence(cost) },
        help: `Run CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${cols}) outside a transaction, then ALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} ${kind} USING INDEX ${ident(name)}.`,
        ...(single
          ? {
              fix: {
                title: 'Build the index CONCURRENTLY, then attach it',
                edits: [
                  replaceStatement(
                    ctx.statement,
                    `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${t} (${cols});\nALTER TABLE ${t} ADD CONSTRAINT ${ident(name)} ${kind} USING INDEX ${ident(name)}`,
                  ),
                ],
              },
            }
          : {}),
        ...(cost ? { cost } : {}),
      },
    ];
  },
});
