import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A half-open span of the file, in UTF-16 offsets. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** SQL migration runners whose files hold or sit beside rollback code. */
type SqlRunner = 'goose' | 'dbmate' | 'golang-migrate' | 'diesel' | 'sqitch' | 'liquibase';

/**
 * What of a SQL migration file runs when migrating forward. Rollback code (goose's
 * `-- +goose Down` section, dbmate's `-- migrate:down`, golang-migrate's `*.down.sql`,
 * Diesel's `down.sql`, sqitch's `revert/` and `verify/` scripts) runs only when a
 * migration is undone or checked: it is not linted as a forward change, never replayed as
 * history and never turned into phases.
 */
export interface RunnerSections {
  readonly runner?: SqlRunner;
  /** The text with rollback code blanked to spaces (line breaks kept), so offsets stay the file's. */
  readonly forward: string;
  /** The rollback sections inside the file. */
  readonly rollback: readonly Span[];
  /** Set when the whole file is rollback code: why, in words. */
  readonly rollbackFile?: string;
  /**
   * Whether the runner wraps the forward section in a transaction, when the file says:
   * goose does unless `-- +goose NO TRANSACTION`; dbmate does unless `transaction:false`.
   */
  readonly transactional?: boolean;
}

const GOOSE_UP = /^--\s*\+goose\s+Up\b.*$/gim;
const GOOSE_DOWN = /^--\s*\+goose\s+Down\b.*$/gim;
const GOOSE_NO_TRANSACTION = /^--\s*\+goose\s+NO\s+TRANSACTION\b/im;
const DBMATE_UP = /^--\s*migrate:up\b.*$/gm;
const DBMATE_DOWN = /^--\s*migrate:down\b.*$/gm;
const LIQUIBASE_FORMATTED = /^\s*--\s*liquibase\s+formatted\s+sql\b/i;
const LIQUIBASE_ROLLBACK = /^--\s*rollback\b.*$/gim;
const LIQUIBASE_NO_TRANSACTION = /^--\s*changeset\s.*\brunInTransaction:false\b/im;

export function runnerSections(fileName: string | undefined, text: string, exists: (path: string) => boolean = existsSync): RunnerSections {
  const whole = fileName ? rollbackFile(fileName, exists) : undefined;
  if (whole)
    return {
      runner: whole.runner,
      forward: blank(text, [{ start: 0, end: text.length }]),
      rollback: [{ start: 0, end: text.length }],
      rollbackFile: whole.reason,
    };
  if (hasLine(text, GOOSE_UP) || hasLine(text, GOOSE_DOWN)) {
    const rollback = sections(text, GOOSE_DOWN, GOOSE_UP);
    return { runner: 'goose', forward: blank(text, rollback), rollback, transactional: !GOOSE_NO_TRANSACTION.test(text) };
  }
  if (hasLine(text, DBMATE_UP) || hasLine(text, DBMATE_DOWN)) {
    const rollback = sections(text, DBMATE_DOWN, DBMATE_UP);
    const up = new RegExp(DBMATE_UP.source, 'm').exec(text)?.[0] ?? '';
    return { runner: 'dbmate', forward: blank(text, rollback), rollback, transactional: !/\btransaction:false\b/.test(up) };
  }
  if (LIQUIBASE_FORMATTED.test(text)) {
    // Liquibase's formatted SQL: `--rollback …` lines are rollback code (comments to PostgreSQL
    // as well); a `--changeset … runInTransaction:false` runs outside a transaction.
    const rollback = [...text.matchAll(LIQUIBASE_ROLLBACK)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    return { runner: 'liquibase', forward: blank(text, rollback), rollback, transactional: !LIQUIBASE_NO_TRANSACTION.test(text) };
  }
  return { forward: text, rollback: [] };
}

/** Files that hold only rollback or verification code, by their runner's layout. */
function rollbackFile(fileName: string, exists: (path: string) => boolean): { runner: SqlRunner; reason: string } | undefined {
  const path = fileName.replace(/\\/g, '/');
  const base = basename(path);
  const dir = dirname(path);
  if (/\.down\.sql$/i.test(base)) return { runner: 'golang-migrate', reason: 'rollback code (a .down.sql file) is not linted as a forward change' };
  if (base.toLowerCase() === 'down.sql' && exists(join(dir, 'up.sql')))
    return { runner: 'diesel', reason: "rollback code (Diesel's down.sql) is not linted as a forward change" };
  const segments = path.split('/');
  for (let i = segments.length - 2; i >= 1; i--) {
    const folder = segments[i]!;
    if (folder !== 'revert' && folder !== 'verify') continue;
    const root = segments.slice(0, i).join('/') || '/';
    if (exists(join(root, 'sqitch.plan')))
      return {
        runner: 'sqitch',
        reason: `sqitch ${folder} script: ${folder === 'revert' ? 'rollback code' : 'a check run after deploying'}, not a forward change`,
      };
  }
  return undefined;
}

function hasLine(text: string, pattern: RegExp): boolean {
  return new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text);
}

/** Spans from each `start` marker line to the next `end` marker line (or the end of the file). */
function sections(text: string, start: RegExp, end: RegExp): Span[] {
  const ends = [...text.matchAll(new RegExp(end.source, end.flags))].map((m) => m.index);
  const out: Span[] = [];
  for (const m of text.matchAll(new RegExp(start.source, start.flags))) {
    if (out.length > 0 && m.index < out[out.length - 1]!.end) continue;
    const next = ends.find((e) => e > m.index) ?? text.length;
    out.push({ start: m.index, end: next });
  }
  return out;
}

function blank(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const out = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  return out.join('');
}

/** The forward part of a migration's text (`text`, or the file read from disk). */
export function forwardText(fileName: string | undefined, text?: string): string {
  return runnerSections(fileName, text ?? readFileSync(fileName!, 'utf8')).forward;
}
