/**
 * The timeline as Markdown, for a pull request comment or a chat message ("Copy summary as
 * Markdown" in the timeline view).
 */
import { LOCK_SQL_NAMES } from '../engines/postgres/locks';
import type { Timeline, TimelineStatement } from '../simulate/timeline';
import { formatCount, formatDuration } from '../quantities';
import { verdictOf, type LockTimeoutOutcome, type Severity } from './verdict';

const SEVERITY_MARK: Readonly<Record<Severity, string>> = { ok: 'OK', caution: 'Caution', danger: 'Danger' };

/** First line of the statement, shortened, safe inside a Markdown table cell and code span. */
function sqlSnippet(sql: string, max = 80): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(text: string): string {
  // A code span cannot hold its own delimiter; a lookalike keeps the SQL readable.
  return `\`${cell(text.replace(/`/g, 'ˋ'))}\``;
}

function strongestLock(s: TimelineStatement): string {
  const order = ['nothing', 'writes', 'reads+writes'];
  const lock = [...s.locks].sort((a, b) => order.indexOf(b.blocks) - order.indexOf(a.blocks))[0];
  return lock ? `${LOCK_SQL_NAMES[lock.mode]} on ${lock.relation}` : '–';
}

function timeoutLine(t: LockTimeoutOutcome): string {
  switch (t.kind) {
    case 'unset':
      return 'not set (waits forever)';
    case 'not-fired':
      return `${formatDuration(t.timeoutMs)}, does not fire`;
    case 'retried':
      return `fires on statement ${t.statement + 1}; succeeds on attempt ${t.attempts}`;
    case 'gave-up':
      return `fires on statement ${t.statement + 1}; gives up after ${t.attempts} attempt(s)`;
  }
}

export function timelineMarkdown(timeline: Timeline): string {
  const v = verdictOf(timeline);
  const a = timeline.assumptions;
  const lines: string[] = [];
  lines.push(`### Lockstep simulation: ${cell(timeline.file)}`, '');
  lines.push(`**${SEVERITY_MARK[v.severity]}: ${cell(v.headline)}**`, '');
  lines.push(`- Total time: ${formatDuration(v.totalMs)}`);
  lines.push(
    `- Reads and writes blocked: ${v.readsWritesBlocked ? `${formatDuration(v.readsWritesBlocked.ms)} (statement ${v.readsWritesBlocked.statement + 1}, ${cell(v.readsWritesBlocked.relation)})` : 'never'}`,
  );
  lines.push(
    `- Writes blocked: ${v.writesBlocked ? `${formatDuration(v.writesBlocked.ms)} (statement ${v.writesBlocked.statement + 1}, ${cell(v.writesBlocked.relation)})` : 'never'}`,
  );
  lines.push(`- Queries queued: ${formatCount(v.queuedReads)} reads, ${formatCount(v.queuedWrites)} writes (peak ${formatCount(v.peakQueued)} at once)`);
  lines.push(`- lock_timeout: ${timeoutLine(v.lockTimeout)}`, '');
  lines.push('| # | Line | Statement | Strongest lock | Blocks | Lock wait | Time | Rewrite |', '|---|---|---|---|---|---|---|---|');
  for (const s of timeline.statements) {
    const blocks = s.locks.some((l) => l.blocks === 'reads+writes') ? 'reads+writes' : s.locks.some((l) => l.blocks === 'writes') ? 'writes' : 'nothing';
    lines.push(
      `| ${s.index + 1} | ${s.line} | ${code(sqlSnippet(s.sql))} | ${cell(strongestLock(s))} | ${blocks} | ${formatDuration(s.lockWaitMs)} | ${formatDuration(s.durationMs)}${s.error ? ' (fails)' : ''} | ${s.rewrite ? 'yes' : 'no'} |`,
    );
  }
  lines.push('');
  const rows = Object.entries(a.tables)
    .map(([t, x]) => `${cell(t)} ${formatCount(x.rows)}`)
    .join(', ');
  lines.push(
    `Assumptions: PostgreSQL ${a.targetVersion}; rows ${rows || 'none'}; sample ${formatCount(a.sampleRows)} rows; calibration profile "${cell(a.profile.name)}".`,
  );
  return `${lines.join('\n')}\n`;
}
