import type { LineIndex } from '../sql/positions';
import type { SourceComment } from '../sql/split';
import type { ParsedStatement } from '../sql/statement';
import type { Range } from '../types';

/**
 * `-- lockstep-ignore <rule-id>[, <rule-id>…]: <reason>` on the line(s) just above a
 * statement, or `-- lockstep-ignore-file [<rule-id>…]: <reason>` anywhere for the whole file
 * (no ids: every rule). Suppressions are applied after the rules run, so the rules never
 * need to know about them, and each one can be checked for being used.
 */
export interface Suppression {
  readonly scope: 'statement' | 'file';
  /** Empty for a file-wide ignore of every rule. */
  readonly ruleIds: readonly string[];
  readonly reason: string;
  readonly range: Range;
  /** The statement it applies to (scope `statement`). */
  readonly statementIndex?: number;
}

const DIRECTIVE = /^lockstep-ignore(-file)?\b\s*([^:]*)(?::\s*(.*))?$/s;

export function parseSuppressions(comments: readonly SourceComment[], statements: readonly ParsedStatement[], lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.body);
    if (!m) continue;
    const ruleIds = m[2]!
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const reason = (m[3] ?? '').trim();
    const range = lines.range(comment.start, comment.end);
    if (m[1]) {
      out.push({ scope: 'file', ruleIds, reason, range });
      continue;
    }
    const target = statementBelow(comment, statements, lines);
    out.push({ scope: 'statement', ruleIds, reason, range, ...(target !== undefined ? { statementIndex: target } : {}) });
  }
  return out;
}

/**
 * The statement a directive applies to: the one it trails on the same line
 * (`CREATE INDEX …; -- lockstep-ignore …`), else the one that follows it with nothing but
 * blank lines and comments between.
 */
function statementBelow(comment: SourceComment, statements: readonly ParsedStatement[], lines: LineIndex): number | undefined {
  const line = lines.position(comment.start).line;
  const trailed = [...statements].reverse().find((s) => s.end <= comment.start && lines.position(s.end).line === line);
  if (trailed) return trailed.index;
  const next = statements.find((s) => s.start >= comment.end);
  if (!next) return undefined;
  const between = lines.text.slice(comment.end, next.start);
  // Only blank space and other comments may separate the directive from its statement.
  const onlyComments = between
    .split('\n')
    .every((line) => /^\s*(--.*)?$/.test(line));
  return onlyComments ? next.index : undefined;
}
