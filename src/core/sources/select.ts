import type { JsToken, Literal, Span } from './scan';

/**
 * Why a piece of code was taken for SQL:
 * - `call`: the first argument of a call that runs SQL (`queryRunner.query(…)`, `this.addSql(…)`,
 *   `knex.raw(…)`, `pgm.sql(…)`, `queryInterface.sequelize.query(…)`, …);
 * - `tag`: a template tagged `sql` that is executed (Kysely's ``sql`…`.execute(db)``);
 * - `keyword`: any other literal that reads like a whole DDL/DML statement
 *   (`const sql = \`ALTER TABLE …\``, later passed to a runner).
 */
export type Origin = 'call' | 'tag' | 'keyword';

type Operand = { readonly kind: 'literal'; readonly literal: Literal } | { readonly kind: 'expression'; readonly span: Span };

/** A literal, or literals joined with `+`, that together make one piece of SQL. */
export interface Candidate extends Span {
  readonly origin: Origin;
  readonly operands: readonly Operand[];
  /** For `call`: the method name, and whether more arguments (bindings, replacements) follow. */
  readonly callee?: string;
  readonly bindings?: boolean;
}

/** Methods whose first argument is SQL text in the ORMs and drivers migrations use. */
const SQL_CALLS = new Set([
  'query', // TypeORM queryRunner, Sequelize, node-postgres, pgm.db
  'addSql', // MikroORM
  'raw', // Knex knex.raw / knex.schema.raw, Kysely sql.raw
  'sql', // node-pg-migrate pgm.sql
  'execute', // MikroORM this.execute, driver connections
  'unsafe', // postgres.js sql.unsafe
  'exec',
  'run',
  'none',
  'any',
  'one',
  'many',
  'oneOrNone',
  'manyOrNone',
  'multi',
  '$executeRawUnsafe',
  '$queryRawUnsafe',
]);

/** Template tags whose template is SQL: Kysely/Slonik/postgres.js `sql`, Prisma's raw tags. */
const SQL_TAGS = new Set(['sql', 'SQL', '$executeRaw', '$queryRaw']);

/** Tokens that end an operand of `+`. */
const OPERAND_STOP = new Set(['+', ',', ';', ':', '?', '=>', '=', '==', '===', '!=', '!==', '&&', '||', '??']);
const DEPTH: Readonly<Record<string, number>> = { '(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1 };
const MAX_OPERAND_TOKENS = 24;

/** Finds the literals (and `+` concatenations of them) that may hold SQL. */
export function candidates(tokens: readonly JsToken[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.literal) continue;
    const { operands, next } = concatenation(tokens, i);
    const last = operands[operands.length - 1]!;
    const end = last.kind === 'literal' ? last.literal.end : last.span.end;
    const origin = originOf(tokens, i, next);
    const callee = origin === 'call' && tokens[i - 1]?.value === '(' ? tokens[i - 2]!.value : undefined;
    out.push({ start: t.start, end, origin, operands, ...(callee ? { callee, bindings: tokens[next]?.value === ',' } : {}) });
    i = next - 1;
  }
  return out;
}

function originOf(tokens: readonly JsToken[], first: number, next: number): Origin {
  const prev = tokens[first - 1];
  const before = tokens[first - 2];
  if (prev?.value === '(' && before?.kind === 'word' && SQL_CALLS.has(before.value)) return 'call';
  if (prev?.kind === 'word' && SQL_TAGS.has(prev.value) && tokens[first]!.literal!.kind === 'template') {
    const executed = tokens[next]?.value === '.' && tokens[next + 1]?.value === 'execute';
    return executed ? 'call' : 'tag';
  }
  return 'keyword';
}

/** `'a' + b + 'c'`: the operands from the literal at `first`, and the index after them. */
function concatenation(tokens: readonly JsToken[], first: number): { operands: Operand[]; next: number } {
  const operands: Operand[] = [{ kind: 'literal', literal: tokens[first]!.literal! }];
  let j = first + 1;
  while (tokens[j]?.value === '+') {
    const t = tokens[j + 1];
    if (!t) break;
    if (t.literal) {
      operands.push({ kind: 'literal', literal: t.literal });
      j += 2;
      continue;
    }
    const end = operandEnd(tokens, j + 1);
    if (end === j + 1) break;
    operands.push({ kind: 'expression', span: { start: t.start, end: tokens[end - 1]!.end } });
    j = end;
  }
  // A trailing `+ expr` that no literal follows is still part of the SQL value.
  return { operands, next: j };
}

function operandEnd(tokens: readonly JsToken[], from: number): number {
  let depth = 0;
  let j = from;
  for (; j < tokens.length && j - from < MAX_OPERAND_TOKENS; j++) {
    const t = tokens[j]!;
    if (t.literal && depth === 0) break;
    if (t.kind === 'punct') {
      if (depth === 0 && OPERAND_STOP.has(t.value)) break;
      depth += DEPTH[t.value] ?? 0;
      if (depth < 0) break;
    }
  }
  return depth === 0 ? j : from;
}

/** Statements a runner call accepts: anything SQL may begin with. */
const STATEMENT_START =
  /^(?:SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|ALTER|CREATE|DROP|TRUNCATE|COMMENT|GRANT|REVOKE|SET|RESET|BEGIN|START|COMMIT|ROLLBACK|END|ABORT|SAVEPOINT|RELEASE|DO|ANALYZE|ANALYSE|VACUUM|REINDEX|CLUSTER|REFRESH|LOCK|NOTIFY|LISTEN|CALL|EXECUTE|COPY|VALUES|TABLE|EXPLAIN|DISCARD|RENAME|PRAGMA|SHOW|REPLACE|OPTIMIZE)\b/i;

const OBJECTS =
  'TABLE|INDEX|SEQUENCE|VIEW|MATERIALIZED\\s+VIEW|TYPE|SCHEMA|FUNCTION|PROCEDURE|DOMAIN|EXTENSION|TRIGGER|POLICY|RULE|AGGREGATE|ROLE|PUBLICATION|STATISTICS';

/**
 * A literal found by its content alone must read like a whole statement, so that strings
 * such as `'SET NULL'` (a Sequelize `onDelete` option) or `'Update the totals'` are left alone.
 */
const WHOLE_STATEMENT = new RegExp(
  '^(?:' +
    [
      `ALTER\\s+(?:${OBJECTS}|DATABASE|USER)\\b`,
      `CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|TEMP(?:ORARY)?\\s+|UNLOGGED\\s+|CONSTRAINT\\s+)?(?:${OBJECTS})\\b`,
      `DROP\\s+(?:${OBJECTS})\\b`,
      `UPDATE\\s+(?:ONLY\\s+)?[\\w".]+(?:\\s+(?:AS\\s+)?\\w+)?\\s+SET\\s+(?:[\\w".]+\\s*=|\\()`,
      `INSERT\\s+INTO\\s`,
      `DELETE\\s+FROM\\s`,
      `TRUNCATE\\s+(?:TABLE\\s+)?[\\w"]`,
      `SET\\s+(?:LOCAL\\s+|SESSION\\s+)?[\\w.]+\\s*(?:=|TO\\s)`,
      `COMMENT\\s+ON\\s`,
      `REFRESH\\s+MATERIALIZED\\s+VIEW\\s`,
      `REINDEX\\s+(?:\\(.*?\\)\\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE)\\s`,
      `LOCK\\s+TABLE\\s`,
      `DO\\s+(?:\\$|')`,
      `WITH\\s+(?:RECURSIVE\\s+)?[\\w"]+(?:\\s*\\([^)]*\\))?\\s+AS\\s*\\(`,
      `(?:BEGIN|COMMIT|ROLLBACK|START\\s+TRANSACTION)\\s*;?\\s*$`,
    ].join('|') +
    ')',
  'i',
);

/** Whether the mapped text of a candidate is SQL for its origin. */
export function readsAsSql(sql: string, origin: Origin): boolean {
  const body = stripLeadingComments(sql);
  return origin === 'call' ? STATEMENT_START.test(body) : WHOLE_STATEMENT.test(body);
}

function stripLeadingComments(sql: string): string {
  let s = sql.trimStart();
  for (;;) {
    if (s.startsWith('--')) {
      const nl = s.indexOf('\n');
      s = nl < 0 ? '' : s.slice(nl + 1).trimStart();
    } else if (s.startsWith('/*')) {
      const close = s.indexOf('*/');
      s = close < 0 ? '' : s.slice(close + 2).trimStart();
    } else return s;
  }
}
