import type { Dialect } from '../types';
import type { HostComment, MigrationSource, SourceNote, SourceStatement } from './adapter';
import type { BuilderCall } from './builders';
import { extractSql, type ExtractedSql } from './extract';
import { parseJs, type JsTree } from './js-builders/translate';
import { functionRegions, within } from './regions';
import { scanJs } from './scan';

/*
 * A JavaScript/TypeScript migration as the one model lint, simulate and plan read: the SQL
 * written in runner calls (`queryRunner.query`, `this.addSql`, `knex.raw`, `sql\`…\``) and
 * the SQL the schema-builder calls emit, in source order, each tied to its host range.
 */

export interface ScriptSource extends MigrationSource {
  /** Builder calls that were not translated, with why (also in `notes`). */
  readonly untranslated: readonly { readonly call: BuilderCall; readonly reason: string }[];
  /** Whether at least one builder call was translated. */
  readonly translated: boolean;
  readonly extracted: ExtractedSql;
}

/**
 * Reads a script migration. Builder calls are translated for PostgreSQL only (the SQL the
 * libraries emit for other engines is not recorded yet); elsewhere they are notes.
 */
export function readScript(text: string, dialect: Dialect, extracted: ExtractedSql = extractSql(text, { dialect })): ScriptSource {
  const tree = dialect === 'postgresql' && extracted.builders.length > 0 ? parseJs(text) : undefined;
  const statements: SourceStatement[] = extracted.sources.map((s) => ({
    sql: extracted.sql.slice(s.start, s.end),
    kind: 'raw',
    range: { start: s.start, end: s.end },
    // The extracted text keeps the host's offsets, so each SQL character maps onto itself.
    offsets: Array.from({ length: s.end - s.start + 1 }, (_, i) => s.start + i),
    ...(s.exact && s.origin === 'call' ? {} : { inexact: true }),
    direction: 'forward',
    call: 'sql',
  }));
  const untranslated: { call: BuilderCall; reason: string }[] = [];
  let translated = false;
  for (const call of extracted.builders) {
    const t = tree?.translate(call) ?? {
      reason: dialect === 'postgresql' ? 'the TypeScript grammar is not loaded' : `builder calls are translated for PostgreSQL only, not ${dialect}`,
    };
    if ('reason' in t) {
      untranslated.push({ call, reason: t.reason });
      continue;
    }
    translated = true;
    for (const sql of t.sql) statements.push({ sql, kind: 'translated', range: { start: call.start, end: call.end }, direction: 'forward', call: call.call });
  }
  statements.sort((a, b) => a.range.start - b.range.start);
  const comments: HostComment[] = scanJs(text).comments.map((c) => ({
    range: { start: c.start, end: c.end },
    body: c.kind === 'line' ? text.slice(c.start + 2, c.end) : text.slice(c.start + 2, c.end - 2),
  }));
  return {
    framework: extracted.framework?.framework ?? 'script',
    statements,
    transactional: extracted.transactional ?? false,
    annotations: [],
    notes: untranslated.map(({ call, reason }) => ({ range: { start: call.start, end: call.end }, message: `not analysed: ${call.call}: ${reason}` })),
    comments,
    errors: [],
    untranslated,
    translated,
    extracted,
  };
}

/** Methods whose first argument is the SQL a migration runs. */
const RUNNER_METHODS = new Set(['addSql', 'query', 'raw', 'sql', 'unsafe', 'execute', '$executeRawUnsafe']);

/**
 * What a phased plan of this script would leave out: builder calls not translated, SQL
 * with substitutions or bind parameters (its text is not what runs), and runner calls
 * whose SQL is built at run time (`this.addSql(statement)`). A plan without them would
 * silently lose part of the change.
 */
function unreadForPlan(text: string, source: ScriptSource): SourceNote[] {
  const out: SourceNote[] = [...source.notes];
  for (const s of source.extracted.sources) {
    if (!s.exact) out.push({ range: s, message: 'its SQL has substitutions or bind parameters, so the text is not exactly what runs' });
  }
  const tree = parseJs(text);
  if (tree) {
    const down = functionRegions(scanJs(text).tokens, 'down');
    const covered = source.statements.map((s) => s.range);
    const overlaps = (a: { start: number; end: number }): boolean => covered.some((r) => a.start < r.end && r.start < a.end);
    // `const sql = \`…\`; this.addSql(sql)`: the name stands for SQL that was read.
    const readNames = new Set(
      tree
        .literalBindings()
        .filter((b) => overlaps(b.value))
        .map((b) => b.name),
    );
    for (const call of runnerCalls(tree)) {
      if (within(down, call.start)) continue;
      if (call.bound) {
        out.push({ range: { start: call.start, end: call.end }, message: `${call.method}(…) runs its SQL with values bound at run time` });
        continue;
      }
      if (overlaps(call.argument) || (call.name !== undefined && readNames.has(call.name))) continue;
      out.push({ range: { start: call.start, end: call.end }, message: `${call.method}(…) runs SQL built at run time, which Lockstep cannot read` });
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

interface RunnerCall {
  readonly start: number;
  readonly end: number;
  readonly method: string;
  readonly argument: { readonly start: number; readonly end: number };
  /** The argument's name when it is a plain identifier. */
  readonly name?: string;
  /** Values are bound to the SQL (`query(sql, [a, b])`, Sequelize `{ replacements }`): each run differs. */
  readonly bound: boolean;
}

/** `x.addSql(arg)`, `queryRunner.query(arg)`, … with their first argument; `.execute()` of Kysely builders takes no SQL. */
function runnerCalls(tree: JsTree): RunnerCall[] {
  return tree.memberCalls().flatMap((c) => {
    if (!RUNNER_METHODS.has(c.method) || !c.firstArgument) return [];
    if (c.method === 'execute' && c.receiver !== 'this') return [];
    if (c.firstArgument.type === 'arrow_function' || c.firstArgument.type === 'function_expression' || c.firstArgument.type === 'object') return [];
    return [
      {
        start: c.start,
        end: c.end,
        method: c.method,
        argument: { start: c.firstArgument.start, end: c.firstArgument.end },
        ...(c.firstArgument.text ? { name: c.firstArgument.text } : {}),
        bound: boundValues(c.secondArgument),
      },
    ];
  });
}

/** A script migration as a plan reads it: its forward SQL, or why it cannot be planned. */
export interface ScriptPlanInput {
  readonly sql: string;
  readonly transactional: boolean;
  /** Calls a plan would leave out; the plan is refused when there are any. */
  readonly unread: readonly SourceNote[];
}

export function scriptPlanInput(text: string, dialect: Dialect): ScriptPlanInput {
  const source = readScript(text, dialect);
  const sql = source.statements.map((s) => (s.sql.trim().endsWith(';') ? s.sql.trim() : `${s.sql.trim()};`)).join('\n');
  return { sql: sql === '' ? '' : `${sql}\n`, transactional: source.transactional, unread: unreadForPlan(text, source) };
}

function boundValues(arg: { readonly type: string; readonly keys: readonly string[] } | undefined): boolean {
  return arg !== undefined && (arg.type === 'array' || arg.keys.includes('replacements') || arg.keys.includes('bind'));
}
