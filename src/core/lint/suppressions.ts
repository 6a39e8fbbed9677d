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

/**
 * A reason that only restates the template (`<reason>`, `TODO`, `…`): the quick fix inserts
 * `<reason>` for the author to replace, so accepting it would let an unreviewed ignore pass.
 */
const PLACEHOLDER_REASON = /^(?:<[^<>]*>|\[[^[\]]*\]|todo|tbd|fixme|xxx|reason|why|\.\.\.|…)\.?$/i;

export function isPlaceholderReason(reason: string): boolean {
  return PLACEHOLDER_REASON.test(reason.trim());
}

const DIRECTIVE = /^lockstep-ignore(-file)?\b\s*([^:]*)(?::\s*(.*))?$/s;

export function parseSuppressions(comments: readonly SourceComment[], statements: readonly ParsedStatement[], lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  let gaps: GapIndex | undefined;
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
    gaps ??= new GapIndex(lines);
    const target = statementBelow(comment, statements, lines, gaps);
    out.push({ scope: 'statement', ruleIds, reason, range, ...(target !== undefined ? { statementIndex: target } : {}) });
  }
  return out;
}

/**
 * The statement a directive applies to: the one it trails on the same line
 * (`CREATE INDEX …; -- lockstep-ignore …`), else the one that follows it with nothing but
 * blank lines and comments between. Binary searches and a per-file index keep this linear
 * overall when thousands of directives are stacked or each statement carries one.
 */
function statementBelow(comment: SourceComment, statements: readonly ParsedStatement[], lines: LineIndex, gaps: GapIndex): number | undefined {
  const line = lines.position(comment.start).line;
  // The statement ending last at or before the comment: if it does not end on this line, none does.
  const before = lastIndex(statements, (s) => s.end <= comment.start);
  const trailed = before >= 0 ? statements[before] : undefined;
  if (trailed && lines.position(trailed.end).line === line) return trailed.index;
  const after = lastIndex(statements, (s) => s.start < comment.end) + 1;
  const next = statements[after];
  if (!next) return undefined;
  return gaps.onlyComments(comment.end, next.start) ? next.index : undefined;
}

/** Largest index whose item satisfies `pred`, for a predicate that holds on a prefix; -1 when none. */
function lastIndex<T>(items: readonly T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Answers "is the text between two offsets only blank lines and `--` comments?" in
 * O(log n): a line passes when, after leading blanks, it is empty or starts with `--`.
 */
class GapIndex {
  /** For each offset, the next offset holding a line break or a character that is not white space. */
  private readonly nextInk: Int32Array;
  /** Prefix count of lines (by index, 1-based) that fail the test. */
  private readonly badLines: Int32Array;

  constructor(private readonly lines: LineIndex) {
    const text = lines.text;
    const n = text.length;
    this.nextInk = new Int32Array(n + 1);
    this.nextInk[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      const ch = text[i]!;
      this.nextInk[i] = ch !== '\n' && ch !== '\r' && /\s/.test(ch) ? this.nextInk[i + 1]! : i;
    }
    const count = lines.lineCount;
    this.badLines = new Int32Array(count + 1);
    for (let line = 1; line <= count; line++) {
      const start = lines.lineStart(line);
      this.badLines[line] = this.badLines[line - 1]! + (this.lineOk(start, n) ? 0 : 1);
    }
  }

  /** From `from`, the rest of its line up to `limit` is blank or a `--` comment. */
  private lineOk(from: number, limit: number): boolean {
    const at = this.nextInk[from]!;
    if (at >= limit) return true;
    const text = this.lines.text;
    return text[at] === '\n' || text[at] === '\r' || (text[at] === '-' && text[at + 1] === '-');
  }

  onlyComments(from: number, to: number): boolean {
    const first = this.lines.position(from).line;
    const last = this.lines.position(to).line;
    if (first === last) return this.lineOk(from, to);
    if (!this.lineOk(from, to)) return false;
    if (this.badLines[last - 1]! - this.badLines[first]! > 0) return false;
    return this.lineOk(this.lines.lineStart(last), to);
  }
}
