import { OPERATION_FACTS } from '../engines/postgres/facts';
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import { displayName } from '../operations';
import { ident, insertLinesAfter, tableSql } from './fixes';
import { defineRule } from './types';

/**
 * ALTER DOMAIN … ADD CONSTRAINT checks every column of that domain in every table, holding
 * SHARE on each of those tables (writes wait) until the check is done. NOT VALID adds the
 * constraint for new values only; VALIDATE CONSTRAINT checks old ones later, at a time you pick.
 */
const LOCK = LOCK_SQL_NAMES[OPERATION_FACTS['add-domain-constraint'].lock];

export default defineRule({
  meta: {
    id: 'domain-constraint-without-not-valid',
    description: 'Add CHECK constraints to a domain NOT VALID: otherwise every table using it is scanned with writes blocked.',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    // Existing values stay unchecked until the VALIDATE the fix leaves as a note.
    fixable: 'unsafe',
    messages: {
      check: `Adding constraint {name} to domain {domain} checks every column of type {domain} in every table, holding ${LOCK} on each table (writes wait) until its scan ends.`,
      notNull: `Making domain {domain} NOT NULL checks every column of type {domain} in every table, holding ${LOCK} on each table (writes wait) until its scan ends; a NOT NULL domain constraint cannot be added NOT VALID.`,
    },
  },
  on: ['add-domain-constraint'],
  check(op, ctx) {
    if (op.notValid) return [];
    const domain = displayName(op.domain);
    if (op.constraint === 'not-null') {
      return [
        {
          messageId: 'notNull',
          data: { domain },
          help: 'Use a CHECK (VALUE IS NOT NULL) constraint added NOT VALID instead, and validate it at a quiet time.',
        },
      ];
    }
    const name = op.name ?? '(unnamed)';
    const single = ctx.statement.operations.length === 1 && op.name !== undefined;
    return [
      {
        messageId: 'check',
        data: { name, domain },
        help: `Add it NOT VALID (new and updated values are checked at once), then run ALTER DOMAIN ${domain} VALIDATE CONSTRAINT ${name} at a quiet time: it checks the existing values.`,
        ...(single
          ? {
              fix: {
                title: 'Add NOT VALID; validate later',
                edits: [
                  { start: ctx.statement.end, end: ctx.statement.end, text: ' NOT VALID' },
                  insertLinesAfter(ctx.file, ctx.statement, [
                    `-- At a quiet time: ALTER DOMAIN ${tableSql(op.domain)} VALIDATE CONSTRAINT ${ident(op.name!)};`,
                  ]),
                ],
              },
            }
          : {}),
      },
    ];
  },
});
