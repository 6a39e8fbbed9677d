/**
 * Messages between the timeline panel (extension host) and its webview, typed once for both
 * sides. Everything that crosses is checked on arrival: the webview is a separate page and a
 * message is only data until it passes these guards. No `vscode` import here: the webview
 * bundle includes this file.
 */
import { LOCK_MODES } from '../../core/engines/postgres/locks';
import type { Timeline, WorkloadAssumption } from '../../core/simulate/timeline';

/** What the user changed in the assumptions panel before pressing Re-run. */
export interface RerunRequest {
  /** Production row counts by table. */
  readonly rows: Readonly<Record<string, number>>;
  readonly sampleRows: number;
  readonly targetVersion: number;
  readonly workload: WorkloadAssumption;
  readonly profile: string;
}

/** Where the timeline came from, so lanes can reveal their statement. */
export interface TimelineSource {
  /** The migration file's URI, as a string. */
  readonly uri: string;
  /** Shown in the header. */
  readonly label: string;
}

export type ToWebview =
  | { readonly type: 'timeline'; readonly timeline: Timeline; readonly source: TimelineSource | null }
  | { readonly type: 'progress'; readonly stage: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'notice'; readonly message: string };

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly statement: number; readonly line: number }
  | { readonly type: 'rerun'; readonly request: RerunRequest }
  | { readonly type: 'generatePhased' }
  | { readonly type: 'saveHtml' }
  | { readonly type: 'copyMarkdown' };

/** What the webview keeps across hide/show and reload (`getState`/`setState`). */
export interface PanelState {
  readonly timeline: Timeline | null;
  readonly source: TimelineSource | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => isNum(v) && v >= 0 && Number.isInteger(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isArr = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
const isNullOr = (v: unknown, item: (x: unknown) => boolean): boolean => v === null || item(v);

const BLOCKS = new Set(['nothing', 'writes', 'reads+writes']);
const MODES: ReadonlySet<string> = new Set(LOCK_MODES);

function isLock(v: unknown): boolean {
  return isObj(v) && isStr(v.relation) && isStr(v.mode) && MODES.has(v.mode) && isStr(v.blocks) && BLOCKS.has(v.blocks) && isBool(v.acquired);
}

function isBlocked(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.relation) &&
    isStr(v.mode) &&
    MODES.has(v.mode) &&
    isNum(v.reads) &&
    isNum(v.writes) &&
    isNum(v.maxWaitMs) &&
    isNum(v.peakQueued) &&
    isNum(v.holdMs) &&
    isNullOr(v.lockTimeoutMs, isNum) &&
    isNum(v.attempts) &&
    isBool(v.gaveUp)
  );
}

function isBackfill(v: unknown): boolean {
  return isObj(v) && isNum(v.rows) && isNum(v.batches) && isNum(v.batchSize) && isNum(v.msPerBatch) && isNum(v.batchedTotalMs) && isNum(v.singleStatementMs);
}

function isStatement(v: unknown): boolean {
  return (
    isObj(v) &&
    isCount(v.index) &&
    isCount(v.line) &&
    isStr(v.sql) &&
    isNum(v.startMs) &&
    isNum(v.lockWaitMs) &&
    isNum(v.durationMs) &&
    isArr(v.locks, isLock) &&
    isBool(v.rewrite) &&
    isBool(v.scan) &&
    isNum(v.rowsRead) &&
    isNum(v.rowsWritten) &&
    isNullOr(v.error, (e) => isObj(e) && isStr(e.message)) &&
    isStr(v.costClass) &&
    isNullOr(v.backfill, isBackfill) &&
    isNullOr(v.blocked, isBlocked) &&
    isArr(v.notes, isStr)
  );
}

function isWorkload(v: unknown): v is WorkloadAssumption {
  return isObj(v) && isNum(v.readsPerSecond) && isNum(v.writesPerSecond) && isNum(v.queryMs) && isNum(v.longestTransactionMs);
}

function isAssumptions(v: unknown): boolean {
  return (
    isObj(v) &&
    isObj(v.tables) &&
    Object.values(v.tables).every((t) => isObj(t) && isNum(t.rows) && isNum(t.sampleRows)) &&
    isNum(v.sampleRows) &&
    isObj(v.profile) &&
    isStr(v.profile.name) &&
    isNum(v.targetVersion) &&
    isObj(v.workload) &&
    isWorkload(v.workload.default)
  );
}

/** Checks the parts of a Timeline the view reads; anything else in it is ignored. */
function isTimeline(v: unknown): v is Timeline {
  return (
    isObj(v) &&
    v.version === 1 &&
    isStr(v.file) &&
    isNum(v.totalMs) &&
    isArr(v.statements, isStatement) &&
    isAssumptions(v.assumptions) &&
    isArr(v.warnings, isStr)
  );
}

function isSource(v: unknown): v is TimelineSource {
  return isObj(v) && isStr(v.uri) && isStr(v.label);
}

function isRerun(v: unknown): v is RerunRequest {
  return (
    isObj(v) &&
    isObj(v.rows) &&
    Object.values(v.rows).every(isCount) &&
    isCount(v.sampleRows) &&
    v.sampleRows > 0 &&
    isCount(v.targetVersion) &&
    isWorkload(v.workload) &&
    isStr(v.profile)
  );
}

export function parseToWebview(v: unknown): ToWebview | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'timeline':
      return isTimeline(v.timeline) && isNullOr(v.source, isSource) ? (v as unknown as ToWebview) : null;
    case 'progress':
      return isStr(v.stage) ? { type: 'progress', stage: v.stage } : null;
    case 'error':
    case 'notice':
      return isStr(v.message) ? { type: v.type, message: v.message } : null;
    default:
      return null;
  }
}

export function parseFromWebview(v: unknown): FromWebview | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'ready':
    case 'generatePhased':
    case 'saveHtml':
    case 'copyMarkdown':
      return { type: v.type };
    case 'reveal':
      return isCount(v.statement) && isCount(v.line) ? { type: 'reveal', statement: v.statement, line: v.line } : null;
    case 'rerun':
      return isRerun(v.request) ? { type: 'rerun', request: v.request } : null;
    default:
      return null;
  }
}

export function parsePanelState(v: unknown): PanelState {
  if (!isObj(v)) return { timeline: null, source: null };
  return { timeline: isTimeline(v.timeline) ? v.timeline : null, source: isSource(v.source) ? v.source : null };
}
