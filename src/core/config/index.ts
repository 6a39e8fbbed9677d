import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_PG_VERSION, SUPPORTED_PG_VERSIONS } from '../engines/postgres/facts';
import { targetVersionProblem } from '../engines/supported';
import { RULES } from '../rules';
import type { Dialect } from '../types';
import { closest } from './suggest';
import { CONVENTIONS, type ConfigFile, type ResolvedConfig } from './types';

export * from './types';

export const CONFIG_FILE_NAME = 'lockstep.config.json';
const DEFAULT_SAMPLE_ROWS = 100_000;
/** Files above this size are refused: migrations are small, and parsing a dump would stall the editor. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

const DIALECTS: readonly Dialect[] = ['postgresql', 'mysql', 'mariadb', 'sqlite'];
const DEFAULT_TARGETS: Readonly<Record<Dialect, string>> = {
  postgresql: String(DEFAULT_PG_VERSION),
  mysql: '8.0.36',
  mariadb: '10.11',
  sqlite: '3.45.0',
};

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** The file that supplied settings, when one was found. */
  readonly path?: string;
  /**
   * Problems found in the file, each naming the file and the setting. The parts that were
   * wrong are left out (defaults apply); the CLI refuses to run with any (exit 2).
   */
  readonly errors: readonly string[];
  /** The settings the file itself gave (validated, before defaults). */
  readonly file: ConfigFile;
}

/** Walks up from `startDir` to the nearest `lockstep.config.json`. */
function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Editor settings fill in what the file leaves out (`file-wins`); command-line flags are
 * explicit and replace what the file says (`overrides-win`).
 */
export type Precedence = 'file-wins' | 'overrides-win';

export function loadConfig(startDir: string, overrides: Partial<ConfigFile> = {}, precedence: Precedence = 'file-wins'): LoadedConfig {
  const path = findConfigFile(startDir);
  if (!path) return { config: resolveConfig({}, overrides), errors: [], file: {} };
  return loadConfigFile(path, overrides, precedence);
}

export function loadConfigFile(path: string, overrides: Partial<ConfigFile> = {}, precedence: Precedence = 'file-wins'): LoadedConfig {
  const fallback = (error: string): LoadedConfig => ({ config: resolveConfig({}, overrides), path, errors: [error], file: {} });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : err instanceof Error ? err.message : String(err);
    return fallback(`${path}: cannot read the configuration file: ${reason}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fallback(jsonError(path, text, err));
  }
  const { file, errors } = validateConfig(raw);
  return { config: { ...resolveConfig(file, overrides, precedence), configPath: path }, path, errors: errors.map((e) => `${path}: ${e}`), file };
}

/** `file:line:column: not valid JSON (…)`, the position taken from the parser's message. */
function jsonError(path: string, text: string, err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\(line \d+ column \d+\)$/, '');
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return `${path}: not valid JSON (${message})`;
  const before = text.slice(0, offset).split('\n');
  return `${path}:${before.length}:${before[before.length - 1]!.length + 1}: not valid JSON (${message.replace(/ in JSON at position \d+/, '')})`;
}

/**
 * Keeps the parts of a parsed config file that have the right shape and explains the rest.
 * Unknown keys are reported so a typo does not silently do nothing.
 */
export function validateConfig(raw: unknown): { file: ConfigFile; errors: string[] } {
  const errors: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { file: {}, errors: ['the configuration must be a JSON object'] };
  }
  const input = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const known = new Set([
    '$schema',
    'dialect',
    'targetVersion',
    'tables',
    'rules',
    'convention',
    'transactional',
    'lintRollback',
    'migrations',
    'workload',
    'simulation',
    'maxFileBytes',
    'ruleOptions',
  ]);
  for (const key of Object.keys(input)) if (!known.has(key)) errors.push(`unknown setting "${key}"`);
  const check = (key: string, ok: (v: unknown) => boolean, expected: string): void => {
    if (!(key in input)) return;
    if (ok(input[key])) out[key] = input[key];
    else errors.push(`"${key}" must be ${expected}`);
  };
  const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  check('dialect', (v) => DIALECTS.includes(v as Dialect), `one of ${DIALECTS.join(', ')}`);
  if ('targetVersion' in input) {
    const v = input['targetVersion'];
    // Checked against the dialect the file names, else PostgreSQL's (the default).
    const dialect = (out['dialect'] as Dialect | undefined) ?? 'postgresql';
    const problem = typeof v === 'string' || typeof v === 'number' ? targetVersionProblem(dialect, v) : 'it must be a version such as 16 or "8.0.28"';
    const otherEngine = dialect === 'postgresql' && !out['dialect'] && /not supported/.test(problem ?? '') ? '; set "dialect" for another engine' : '';
    if (problem) errors.push(`"targetVersion": ${problem}${otherEngine}`);
    else out['targetVersion'] = v;
  }
  check('convention', (v) => (CONVENTIONS as readonly unknown[]).includes(v), `one of ${CONVENTIONS.join(', ')}`);
  check('transactional', (v) => typeof v === 'boolean', 'true or false');
  check('lintRollback', (v) => typeof v === 'boolean', 'true or false');
  check('migrations', (v) => Array.isArray(v) && v.every((g) => typeof g === 'string'), 'an array of globs');
  check('maxFileBytes', (v) => typeof v === 'number' && v > 0, 'a positive number');
  check('simulation', isRecord, 'an object');
  check('workload', isRecord, 'an object');
  check('ruleOptions', (v) => isRecord(v) && Object.values(v as object).every(isRecord), 'an object mapping rule ids to option objects');
  if ('rules' in input) {
    const v = input['rules'];
    if (!isRecord(v)) errors.push('"rules" must be an object mapping rule ids to "off", "error", "warning" or "info"');
    else out['rules'] = validRules(v as Record<string, unknown>, errors);
  }
  if ('tables' in input) {
    const v = input['tables'];
    if (!isRecord(v)) errors.push('"tables" must be an object mapping table names to { "rows": <number> }');
    else out['tables'] = validTables(v as Record<string, unknown>, errors);
  }
  if (isRecord(out['simulation']) && 'sampleRows' in (out['simulation'] as object)) {
    const problem = rowCountProblem((out['simulation'] as { sampleRows: unknown }).sampleRows);
    if (problem) {
      errors.push(`"simulation.sampleRows" ${problem}`);
      const { sampleRows: _dropped, ...rest } = out['simulation'] as Record<string, unknown>;
      out['simulation'] = rest;
    }
  }
  return { file: out as ConfigFile, errors };
}

const SEVERITIES = ['off', 'error', 'warning', 'info'];

/** The entries naming a known rule and a known severity; the others explained in `errors`. */
function validRules(rules: Record<string, unknown>, errors: string[]): Record<string, unknown> {
  const ids = RULES.map((r) => r.meta.id);
  const out: Record<string, unknown> = {};
  for (const [id, setting] of Object.entries(rules)) {
    if (!ids.includes(id)) {
      const near = closest(id, ids);
      errors.push(`"rules": unknown rule "${id}"${near ? ` (did you mean "${near}"?)` : ''}; \`lockstep lint --list-rules\` lists them`);
    } else if (!SEVERITIES.includes(setting as string)) {
      errors.push(`"rules.${id}" must be "off", "error", "warning" or "info", not ${JSON.stringify(setting)}`);
    } else out[id] = setting;
  }
  return out;
}

/** Why `rows` is not a row count, or undefined when it is one. */
function rowCountProblem(rows: unknown): string | undefined {
  if (typeof rows !== 'number' || !Number.isFinite(rows)) return `must be a number of rows, not ${JSON.stringify(rows)}`;
  if (rows < 0) return `is ${rows}: a row count cannot be negative`;
  return undefined;
}

/** The tables with a valid row count; the others explained in `errors`. */
function validTables(tables: Record<string, unknown>, errors: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(tables)) {
    if (typeof setting !== 'object' || setting === null || Array.isArray(setting) || !('rows' in setting)) {
      errors.push(`"tables.${name}" must be an object with "rows", the table's row count in production, e.g. { "rows": 5000000 }`);
      continue;
    }
    const problem = rowCountProblem((setting as { rows: unknown }).rows);
    if (problem) errors.push(`"tables.${name}.rows" ${problem}`);
    else out[name] = setting;
  }
  return out;
}

/** Merges the file with overrides (see `Precedence`) and applies defaults. */
export function resolveConfig(file: ConfigFile, overrides: Partial<ConfigFile> = {}, precedence: Precedence = 'file-wins'): ResolvedConfig {
  const merged: ConfigFile =
    precedence === 'file-wins'
      ? { ...overrides, ...file, tables: { ...overrides.tables, ...file.tables }, rules: { ...overrides.rules, ...file.rules } }
      : { ...file, ...overrides, tables: { ...file.tables, ...overrides.tables }, rules: { ...file.rules, ...overrides.rules } };
  const dialect = merged.dialect ?? 'postgresql';
  const targetVersion = String(merged.targetVersion ?? DEFAULT_TARGETS[dialect]);
  return {
    dialect,
    targetVersion,
    pgVersion: dialect === 'postgresql' ? pgMajor(targetVersion) : DEFAULT_PG_VERSION,
    tables: lowerKeys(merged.tables ?? {}),
    rules: merged.rules ?? {},
    ...(merged.convention ? { convention: merged.convention } : {}),
    ...(merged.transactional !== undefined ? { transactional: merged.transactional } : {}),
    ...(merged.lintRollback ? { lintRollback: true } : {}),
    migrations: merged.migrations ?? [],
    workload: lowerKeys(merged.workload ?? {}),
    sampleRows: merged.simulation?.sampleRows ?? DEFAULT_SAMPLE_ROWS,
    maxFileBytes: merged.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    ruleOptions: { ...file.ruleOptions, ...overrides.ruleOptions },
  };
}

/** `"16"`, `"16.4"`, `16` → 16; out-of-range versions clamp to the supported span. */
export function pgMajor(version: string | number): number {
  const major = Math.trunc(Number(String(version).split('.')[0]));
  if (!Number.isFinite(major)) return DEFAULT_PG_VERSION;
  const lo = SUPPORTED_PG_VERSIONS[0];
  const hi = SUPPORTED_PG_VERSIONS[SUPPORTED_PG_VERSIONS.length - 1]!;
  return Math.min(hi, Math.max(lo, major));
}

function lowerKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}
