/**
 * `lockstep.*` editor settings. The config-shaped ones become a partial `ConfigFile` that
 * sits *under* lockstep.config.json (`loadConfig` merges them so a key set in the file wins).
 * Values are checked here because settings.json is hand-edited and may hold anything.
 */
import type { ConfigFile, RuleSetting, TableSetting } from '../core/config/types';
import type { Dialect } from '../core/types';
import { closest } from '../core/config/suggest';
import type * as RulesModule from '../core/rules';

/** Loaded only when a rules setting is present: the rule modules are not needed to activate. */
function ruleIds(): string[] {
  const { RULES } = require('../core/rules') as typeof RulesModule;
  return RULES.map((r) => r.meta.id);
}

const DIALECTS: readonly Dialect[] = ['postgresql', 'mysql', 'mariadb', 'sqlite'];
const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

/** Reads one explicitly set value (user, workspace or folder), or undefined when unset. */
export type SettingReader = (key: string) => unknown;

export interface EditorOptions {
  readonly enable: boolean;
  readonly lintOnType: boolean;
  readonly debounceMs: number;
  readonly codeLens: boolean;
}

const DEFAULT_EDITOR_OPTIONS: EditorOptions = { enable: true, lintOnType: true, debounceMs: 150, codeLens: true };

export interface SettingsRead {
  /** Config-shaped settings; the project's lockstep.config.json overrides each key. */
  readonly config: Partial<ConfigFile>;
  readonly editor: EditorOptions;
  /** One line per ignored value, for the output channel. */
  readonly problems: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readSettings(get: SettingReader): SettingsRead {
  const problems: string[] = [];
  const config: { -readonly [K in keyof ConfigFile]?: ConfigFile[K] } = {};
  const bad = (key: string, want: string) => problems.push(`setting lockstep.${key} ignored: expected ${want}`);

  const dialect = get('dialect');
  if (dialect !== undefined) {
    if (DIALECTS.includes(dialect as Dialect)) config.dialect = dialect as Dialect;
    else bad('dialect', DIALECTS.join(' | '));
  }

  const version = get('targetVersion');
  if (version !== undefined && version !== '') {
    if (typeof version === 'string' || typeof version === 'number') config.targetVersion = String(version);
    else bad('targetVersion', 'a version such as "16"');
  }

  const tables = get('tables');
  if (tables !== undefined) {
    if (!isRecord(tables)) bad('tables', 'an object of table name → { "rows": number }');
    else {
      const out: Record<string, TableSetting> = {};
      for (const [name, v] of Object.entries(tables)) {
        const rows = typeof v === 'number' ? v : isRecord(v) ? v.rows : undefined;
        if (typeof rows === 'number' && Number.isFinite(rows) && rows >= 0) {
          out[name] = isRecord(v) ? ({ ...v, rows } as TableSetting) : { rows };
        } else bad(`tables.${name}`, 'a row count');
      }
      config.tables = out;
    }
  }

  const rules = get('rules');
  if (rules !== undefined) {
    if (!isRecord(rules)) bad('rules', 'an object of rule id → off | error | warning | info');
    else {
      const out: Record<string, RuleSetting> = {};
      const known = ruleIds();
      for (const [id, v] of Object.entries(rules)) {
        if (!known.includes(id)) {
          const near = closest(id, known);
          problems.push(`setting lockstep.rules: unknown rule "${id}" ignored${near ? ` (did you mean "${near}"?)` : ''}`);
        } else if (RULE_SETTINGS.includes(v as RuleSetting)) out[id] = v as RuleSetting;
        else bad(`rules.${id}`, RULE_SETTINGS.join(' | '));
      }
      config.rules = out;
    }
  }

  const maxFileBytes = get('maxFileBytes');
  if (maxFileBytes !== undefined) {
    if (typeof maxFileBytes === 'number' && maxFileBytes > 0) config.maxFileBytes = maxFileBytes;
    else bad('maxFileBytes', 'a positive number');
  }

  const bool = (key: keyof EditorOptions & string, fallback: boolean): boolean => {
    const v = get(key);
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    bad(key, 'true or false');
    return fallback;
  };
  const debounce = get('debounceMs');
  let debounceMs = DEFAULT_EDITOR_OPTIONS.debounceMs;
  if (debounce !== undefined) {
    if (typeof debounce === 'number' && debounce >= 0 && debounce <= 10_000) debounceMs = debounce;
    else bad('debounceMs', 'a number of milliseconds between 0 and 10000');
  }

  return {
    config,
    editor: {
      enable: bool('enable', DEFAULT_EDITOR_OPTIONS.enable),
      lintOnType: bool('lintOnType', DEFAULT_EDITOR_OPTIONS.lintOnType),
      debounceMs,
      codeLens: bool('codeLens', DEFAULT_EDITOR_OPTIONS.codeLens),
    },
    problems,
  };
}
