import { RULES } from './index';

const SEVERITIES = ['off', 'error', 'warning', 'info'] as const;

/**
 * The JSON Schema of the `lockstep.rules` setting: one property per rule id, so the settings
 * editor offers the ids and underlines a typo instead of ignoring it. Written into
 * package.json by `npm run gen:settings`; a unit test keeps the two equal.
 */
export function ruleSettingsSchema(): Record<string, unknown> {
  const entries = RULES.map((r) => ({ id: r.meta.id, description: `${r.meta.description} (default: ${r.meta.defaultSeverity})` }));
  const properties = Object.fromEntries(
    entries.sort((a, b) => a.id.localeCompare(b.id)).map((e) => [e.id, { type: 'string', enum: [...SEVERITIES], description: e.description }]),
  );
  return {
    type: 'object',
    scope: 'resource',
    properties,
    additionalProperties: false,
    default: {},
    markdownDescription:
      'Severity overrides by rule id, e.g. `{ "require-lock-timeout": "warning" }`. Entries in the `rules` of `lockstep.config.json` take precedence, rule by rule.',
  };
}
