import type { ResolvedConfig } from '../config/types';
import { lookupByTable } from '../config/tables';
import { classify } from '../engines/postgres/classify';
import { estimateMs } from '../engines/postgres/estimate';
import type { CostProfile } from '../engines/postgres/cost-model';
import { OPERATION_FACTS } from '../engines/postgres/facts';
import type { StatementPlan } from '../engines/mysql/classify';
import { mysqlOperationCost, mysqlStatementPlan } from '../engines/mysql/lint';
import { blocks, isLockMode, LOCK_MODES } from '../engines/postgres/locks';
import { sqliteOperationCost } from '../engines/sqlite/cost';
import { displayName, targetTable, type Operation, type QualifiedName } from '../operations';
import { RULES, ruleById } from '../rules';
import { docsUrl, type AnyRule, type Cost, type Finding, type Report, type RuleContext } from '../rules/types';
import type { ParsedFile, ParsedStatement } from '../sql/statement';
import { DIALECT_NAMES, type Dialect, type Range, type Severity } from '../types';
import { checkDeadline, type Deadline } from '../deadline';
import type { Catalog } from './catalog';
import { FileStateTracker } from './file-state';
import { isPlaceholderReason, parseSuppressions, type Suppression } from './suppressions';

/** Findings the linter itself raises; they are not rules and cannot be turned off. */
export const BUILTIN_IDS = ['syntax-error', 'invalid-ignore', 'not-analysed'] as const;

export interface StatementSummary {
  readonly index: number;
  readonly range: Range;
  readonly text: string;
  /** The costliest thing the statement does, when it touches a table. */
  readonly verdict?: Cost;
}

export interface LintResult {
  readonly file: ParsedFile;
  readonly findings: Finding[];
  readonly statements: StatementSummary[];
}

export interface LintOptions {
  readonly config: ResolvedConfig;
  readonly profile?: CostProfile;
  /**
   * Tables created where no SQL is seen (a schema-builder `createTable` call), with the
   * offset of that call: statements after it work on a new, empty table.
   */
  readonly newTables?: readonly { readonly table: QualifiedName; readonly offset: number }[];
  /** Give up with `AnalysisTimeout` once this passes (checked between statements). */
  readonly deadline?: Deadline;
  /** The schema before this file runs (earlier migrations or a schema dump); copied, never changed. */
  readonly catalog?: Catalog;
}

/** Runs every enabled rule over a parsed file, then applies suppressions. */
export function lintParsedFile(file: ParsedFile, options: LintOptions): LintResult {
  const { config } = options;
  const rules = RULES.filter((r) => r.meta.dialects.includes(file.dialect) && severityOf(r, config) !== 'off');
  const tracker = new FileStateTracker(file, config, config.pgVersion, options.catalog);
  const seen = new Set<string>();
  const raw: Finding[] = [];
  const statements: StatementSummary[] = [];

  const pendingNew = [...(options.newTables ?? [])].sort((a, b) => a.offset - b.offset);
  for (const statement of file.statements) {
    while (pendingNew.length > 0 && pendingNew[0]!.offset < statement.start) tracker.markNew(pendingNew.shift()!.table);
    checkDeadline(options.deadline);
    if (statement.error) {
      raw.push(syntaxError(file, statement));
      statements.push(summary(statement));
      continue;
    }
    if (statement.notAnalysed !== undefined) {
      raw.push(notAnalysed(statement));
      statements.push(summary(statement));
      continue;
    }
    const ctx = ruleContext(file, statement, tracker, options, seen);
    for (const op of statement.operations) {
      for (const rule of rules) {
        if (!(rule.on as readonly string[]).includes(op.kind)) continue;
        for (const report of rule.check(op, ctx)) raw.push(toFinding(rule, report, statement, config));
      }
    }
    statements.push(summary(statement, worstCost(statement.operations.map((op) => ctx.cost(op)))));
    tracker.apply(statement);
  }

  const suppressions = parseSuppressions(file.comments, file.statements, file.lines);
  const findings = applySuppressions(raw, suppressions, file.dialect).sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId),
  );
  return { file, findings, statements };
}

function ruleContext(file: ParsedFile, statement: ParsedStatement, tracker: FileStateTracker, options: LintOptions, seen: Set<string>): RuleContext {
  const { config } = options;
  const state = tracker.snapshot();
  const rows = (table: QualifiedName): number | undefined => (state.isNewTable(table) ? 0 : lookupByTable(config.tables, table)?.rows);
  let plan: { readonly value: StatementPlan | undefined } | undefined;
  const mysqlPlan = (): StatementPlan | undefined => {
    if (file.dialect !== 'mysql' && file.dialect !== 'mariadb') return undefined;
    plan ??= { value: mysqlStatementPlan(file, statement, config, state) };
    return plan.value;
  };
  return {
    config,
    dialect: file.dialect,
    pgVersion: config.pgVersion,
    file,
    statement,
    state,
    catalog: tracker.schema,
    rows,
    mysqlPlan,
    cost: (op: Operation) => dialectCost(file, op, tracker, rows, options, mysqlPlan),
    firstInFile: (key: string) => !seen.has(key) && seen.add(key) !== undefined,
  };
}

/** MySQL/MariaDB and SQLite price operations from their own engine facts; PostgreSQL from its lock table. */
function dialectCost(
  file: ParsedFile,
  op: Operation,
  tracker: FileStateTracker,
  rows: (t: QualifiedName) => number | undefined,
  options: LintOptions,
  mysqlPlan: () => StatementPlan | undefined,
): Cost | undefined {
  switch (file.dialect) {
    case 'mysql':
    case 'mariadb':
      return mysqlOperationCost(op, mysqlPlan(), rows);
    case 'sqlite':
      return sqliteOperationCost(op, rows);
    default:
      return operationCost(op, options.config, tracker, rows, options.profile);
  }
}

function operationCost(
  op: Operation,
  config: ResolvedConfig,
  tracker: FileStateTracker,
  rows: (t: QualifiedName) => number | undefined,
  profile?: CostProfile,
): Cost | undefined {
  const table = targetTable(op);
  const cls = table && classify(op, config.pgVersion, tracker);
  if (!table || !cls) return undefined;
  const fact = OPERATION_FACTS[cls];
  const n = rows(table);
  const rowBytes = lookupByTable(config.tables, table)?.rowBytes;
  return {
    table: displayName(table),
    lock: fact.lock,
    blocks: blocks(fact.lock),
    rewrite: fact.rewrite,
    scans: fact.scans,
    ...(n !== undefined ? { rows: n, estimateMs: estimateMs(cls, n, rowBytes !== undefined ? { rowBytes } : {}, profile) } : {}),
  };
}

/** Strength of a lock; other engines' lock names rank by what they block. */
function lockRank(cost: Pick<Cost, 'lock' | 'blocks'>): number {
  if (isLockMode(cost.lock)) return LOCK_MODES.indexOf(cost.lock);
  return cost.blocks === 'reads+writes' ? LOCK_MODES.length - 1 : cost.blocks === 'writes' ? LOCK_MODES.indexOf('ShareLock') : 0;
}

/** The cost that hurts most: strongest lock first, then longest estimate. */
export function worstCost<C extends Pick<Cost, 'lock' | 'blocks' | 'estimateMs'>>(costs: readonly (C | undefined)[]): C | undefined {
  let worst: C | undefined;
  for (const c of costs) {
    if (!c) continue;
    const rank = lockRank(c);
    if (!worst || rank > lockRank(worst) || (rank === lockRank(worst) && (c.estimateMs ?? 0) > (worst.estimateMs ?? 0))) worst = c;
  }
  return worst;
}

function summary(statement: ParsedStatement, verdict?: Cost): StatementSummary {
  return { index: statement.index, range: statement.range, text: statement.text, ...(verdict ? { verdict } : {}) };
}

function severityOf(rule: AnyRule, config: ResolvedConfig): Severity | 'off' {
  return config.rules[rule.meta.id] ?? (rule.meta.optIn ? 'off' : rule.meta.defaultSeverity);
}

function render(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function toFinding(rule: AnyRule, report: Report, statement: ParsedStatement, config: ResolvedConfig): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
  const severity = severityOf(rule, config);
  return {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    severity: severity === 'off' ? rule.meta.defaultSeverity : severity,
    message: render(template, report.data),
    help: report.help,
    range: report.range ?? statement.range,
    statementIndex: statement.index,
    docsUrl: docsUrl(rule.meta.id),
    // A fix rewrites the statement's own text; for SQL found inside a DO body that text is the wrapper.
    // PostgreSQL's parser reads a statement up to a NUL character, so an edit past one would
    // be invisible to it (and to the server): such a statement gets no fix.
    ...(report.fix && !statement.procedural && !statement.text.includes('\u0000')
      ? { fix: { ...report.fix, safety: rule.meta.fixable === 'safe' ? 'safe' : 'unsafe' } }
      : {}),
    ...(report.cost ? { cost: report.cost } : {}),
  };
}

function notAnalysed(statement: ParsedStatement): Finding {
  return {
    ruleId: 'not-analysed',
    messageId: 'notAnalysed',
    severity: 'info',
    message: `not analysed: ${statement.notAnalysed!}. The other statements were still checked.`,
    help: 'Split the statement into smaller ones to have it checked.',
    range: statement.range,
    statementIndex: statement.index,
    docsUrl: docsUrl('not-analysed'),
  };
}

function syntaxError(file: ParsedFile, statement: ParsedStatement): Finding {
  // An error at the very end of the text (a truncated file) marks its last character, so the
  // range is never empty and never past the text.
  const at = Math.max(0, Math.min(statement.error!.offset, file.text.length - 1));
  const end = Math.min(statement.end, at + Math.max(1, /^\S*/.exec(file.text.slice(at, at + 256))![0].length));
  return {
    ruleId: 'syntax-error',
    messageId: 'syntaxError',
    severity: 'error',
    message: `${DIALECT_NAMES[file.dialect]} cannot parse this statement: ${statement.error!.message}. The other statements were still checked.`,
    help: 'Fix the syntax, or check that the configured dialect matches this file.',
    range: file.lines.range(at, Math.max(end, at + 1)),
    statementIndex: statement.index,
    docsUrl: docsUrl('syntax-error'),
  };
}

/**
 * Drops findings covered by an ignore directive and reports directives that are
 * malformed (no reason, unknown rule id) or that suppressed nothing.
 */
function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], dialect: Dialect): Finding[] {
  const used = new Set<Suppression>();
  const by = suppressionLookup(suppressions);
  const kept = findings.filter((f) => {
    if (f.ruleId === 'syntax-error') return true;
    const s = by(f);
    if (s) used.add(s);
    // A placeholder reason is refused: the finding stays and the directive is reported.
    if (s && isPlaceholderReason(s.reason)) return true;
    return s === undefined;
  });
  for (const s of suppressions) {
    const problem = suppressionProblem(s, used.has(s), dialect);
    if (problem) {
      kept.push({
        ruleId: 'invalid-ignore',
        messageId: problem.messageId,
        severity: 'warning',
        message: problem.message,
        help: 'Write `-- lockstep-ignore <rule-id>: <why this is safe here>` on the line above the statement.',
        range: s.range,
        statementIndex: s.statementIndex ?? -1,
        docsUrl: docsUrl('invalid-ignore'),
      });
    }
  }
  return kept;
}

/**
 * The first directive (in file order) covering a finding. Directives are indexed by
 * statement and by rule id, so thousands of them cost no more than one pass each.
 */
function suppressionLookup(suppressions: readonly Suppression[]): (f: Finding) => Suppression | undefined {
  const order = new Map<Suppression, number>(suppressions.map((s, i) => [s, i]));
  const byStatement = new Map<number, Suppression[]>();
  const fileByRule = new Map<string, Suppression>();
  let fileAll: Suppression | undefined;
  for (const s of suppressions) {
    if (s.scope === 'file') {
      if (s.ruleIds.length === 0) fileAll ??= s;
      for (const id of s.ruleIds) if (!fileByRule.has(id)) fileByRule.set(id, s);
    } else if (s.statementIndex !== undefined) {
      const list = byStatement.get(s.statementIndex) ?? [];
      list.push(s);
      byStatement.set(s.statementIndex, list);
    }
  }
  return (f) => {
    const candidates = [
      fileAll,
      fileByRule.get(f.ruleId),
      byStatement.get(f.statementIndex)?.find((s) => s.ruleIds.length === 0 || s.ruleIds.includes(f.ruleId)),
    ].filter((s): s is Suppression => s !== undefined);
    return candidates.sort((a, b) => order.get(a)! - order.get(b)!)[0];
  };
}

function suppressionProblem(s: Suppression, used: boolean, dialect: Dialect): { messageId: string; message: string } | undefined {
  const unknown = s.ruleIds.filter((id) => !ruleById(id));
  if (unknown.length > 0) return { messageId: 'unknownRule', message: `Unknown rule id in lockstep-ignore: ${unknown.join(', ')}.` };
  if (s.reason === '')
    return { messageId: 'missingReason', message: 'lockstep-ignore needs a reason after a colon, so reviewers know why the risk is acceptable.' };
  if (isPlaceholderReason(s.reason)) {
    return {
      messageId: 'placeholderReason',
      message: `"${s.reason}" is a placeholder, not a reason: replace it with why the risk is acceptable here. Until then the finding is reported.`,
    };
  }
  if (s.scope === 'statement' && s.statementIndex === undefined) {
    return { messageId: 'noStatement', message: 'This lockstep-ignore is not followed by a statement.' };
  }
  const applicable = s.ruleIds.every((id) => ruleById(id)?.meta.dialects.includes(dialect));
  if (!used && s.scope === 'statement' && applicable) {
    return { messageId: 'unused', message: `This lockstep-ignore suppresses nothing: ${s.ruleIds.join(', ') || 'no rule'} does not report this statement.` };
  }
  return undefined;
}
