import { LOCK_MODES } from '../engines/postgres/locks';
import { formatCount, formatDuration } from '../quantities';
import type { Dialect } from '../types';
import type { Timeline, TimelineLock, TimelineStatement } from './timeline';

/**
 * A compact terminal rendering of a timeline: one block per statement with its strongest
 * lock, wait, run time and queued traffic, and a bar placing it on the migration's time axis
 * (`░` waiting for the lock, `█` running).
 */

function oneLine(sql: string, width: number): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function mainLock(s: TimelineStatement): TimelineLock | undefined {
  let best: TimelineLock | undefined;
  for (const l of s.locks) {
    if (l.relationKind !== 'table') continue;
    if (!best || LOCK_MODES.indexOf(l.mode) > LOCK_MODES.indexOf(best.mode)) best = l;
  }
  return best;
}

function bar(s: TimelineStatement, total: number, width: number): string {
  if (total <= 0) return '';
  const cell = total / width;
  const start = Math.min(width, Math.floor(s.startMs / cell));
  let wait = Math.round(s.lockWaitMs / cell);
  let run = Math.round(s.durationMs / cell);
  if (s.lockWaitMs > 0 && wait === 0) wait = 1;
  if (s.durationMs > 0 && run === 0) run = 1;
  wait = Math.min(wait, width - start);
  run = Math.min(run, width - start - wait);
  return `|${' '.repeat(start)}${'░'.repeat(wait)}${'█'.repeat(run)}${' '.repeat(Math.max(0, width - start - wait - run))}|`;
}

/** What the prediction is for and what produced it: an engine that ran the statements, or facts alone. */
function headline(t: Timeline): string {
  const a = t.assumptions;
  const version = a.targetVersionText ?? String(a.targetVersion);
  switch (a.dialect ?? 'postgresql') {
    case 'sqlite':
      return `predicted on SQLite ${version} (run on sql.js, SQLite ${a.engine.version})`;
    case 'mysql':
    case 'mariadb':
      return `predicted on ${a.engine.version} (rule-derived from versioned facts: nothing ran)`;
    default:
      return `predicted on PostgreSQL ${a.targetVersion} (traced on ${a.engine.kind === 'pglite' ? 'PGlite' : 'server'} ${a.engine.version})`;
  }
}

/**
 * The timeline records PostgreSQL's lock names for every engine; in text, MySQL and SQLite
 * locks are named as those engines name them.
 */
function lockName(lock: TimelineLock, dialect: Dialect | undefined): string {
  if (dialect === 'sqlite') return 'database write lock';
  if (dialect === 'mysql' || dialect === 'mariadb') {
    switch (lock.mode) {
      case 'AccessExclusiveLock':
        return 'exclusive metadata lock';
      case 'ExclusiveLock':
        return 'LOCK=SHARED';
      case 'RowExclusiveLock':
        return 'row locks';
      default:
        return 'LOCK=NONE';
    }
  }
  return lock.mode;
}

/** Notes worth a line under the statement (the cost model's source is printed once at the end). */
function isStatementNote(note: string): boolean {
  return !note.startsWith('duration from ') && !note.startsWith("SQLite's write lock covers");
}

export function renderTimelineText(t: Timeline, options: { width?: number } = {}): string {
  const width = Math.max(20, Math.min(options.width ?? 80, 160) - 12);
  const out: string[] = [];
  const a = t.assumptions;
  out.push(`${t.file}: ${formatDuration(t.totalMs)} ${headline(t)}`);
  for (const [name, table] of Object.entries(a.tables)) {
    const sample =
      a.engine.kind === 'facts' ? '' : `, sample ${formatCount(table.sampleRows)}, ~${Math.round(table.rowBytes)} B/row, ${table.indexes} index(es)`;
    out.push(`  ${name}: ${formatCount(table.rows)} rows (${table.rowsSource})${sample}`);
  }
  out.push('');
  for (const s of t.statements) {
    if (s.transaction === 'control' && !s.error) {
      out.push(`${String(s.index + 1).padStart(3)} L${String(s.line).padEnd(4)} ${oneLine(s.sql, width)}`);
      continue;
    }
    out.push(`${String(s.index + 1).padStart(3)} L${String(s.line).padEnd(4)} ${oneLine(s.sql, width)}`);
    const facts: string[] = [];
    const lock = mainLock(s);
    if (s.skipped) facts.push(s.skipped);
    else {
      if (lock)
        facts.push(
          `${lockName(lock, a.dialect)} on ${lock.relation} (${lock.blocks === 'nothing' ? 'blocks nothing' : `blocks ${lock.blocks}`}${lock.source === 'rule' ? ', from engine facts' : ''})`,
        );
      if (s.lockWaitMs > 0) facts.push(`waits ${formatDuration(s.lockWaitMs)}`);
      facts.push(`runs ${formatDuration(s.durationMs)}`);
      if (s.rewrite) facts.push('rewrites the table');
      else if (s.scan) facts.push(`reads ${formatCount(s.rowsRead)} rows`);
      if (s.rowsWritten > 0 && !s.rewrite) facts.push(`writes ${formatCount(s.rowsWritten)} rows`);
    }
    out.push(`           ${facts.join(' · ')}`);
    if (s.error) out.push(`           ERROR ${s.error.code ? `${s.error.code} ` : ''}${s.error.message}`);
    if (s.blocked && s.blocked.reads + s.blocked.writes > 0) {
      const b = s.blocked;
      const timeout =
        b.lockTimeoutMs !== null ? ` · lock_timeout ${formatDuration(b.lockTimeoutMs)}, ${b.attempts} attempt(s)${b.gaveUp ? ', gave up' : ''}` : '';
      out.push(
        `           queues ${formatCount(b.reads)} reads and ${formatCount(b.writes)} writes, up to ${formatDuration(b.maxWaitMs)} each, ${formatCount(b.peakQueued)} at once${timeout}`,
      );
    }
    if (s.backfill && s.costClass === 'backfill') {
      const f = s.backfill;
      out.push(
        `           in batches of ${formatCount(f.batchSize)}: ${f.batches} × ${formatDuration(f.msPerBatch)} instead of one ${formatDuration(f.singleStatementMs)} statement`,
      );
    }
    if (a.dialect !== undefined && a.dialect !== 'postgresql') for (const n of s.notes.filter(isStatementNote)) out.push(`           ${n}`);
    out.push(`           ${bar(s, t.totalMs, width)}`);
  }
  if (t.replay.failures.length) {
    out.push('', 'Schema statements that failed to replay (skipped):');
    for (const f of t.replay.failures) out.push(`  ${f.file}:${f.line}: ${f.message}`);
  }
  if (t.warnings.length) {
    out.push('');
    for (const w of t.warnings) out.push(`note: ${w}`);
  }
  out.push(
    a.engine.kind === 'pglite' || a.engine.kind === 'server'
      ? `calibration: ${a.profile.name} (${a.profile.server}, ${a.profile.createdAt.slice(0, 10)})`
      : `durations: ${a.engine.kind === 'sqljs' ? `measured on ${a.profile.server}` : `${a.profile.name}, rule-derived for ${a.profile.server}`}`,
  );
  return out.join('\n') + '\n';
}
