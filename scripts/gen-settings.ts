/**
 * Writes the rule-dependent parts of package.json's `contributes.configuration`: the
 * `lockstep.rules` setting lists every rule id with its severities. Run after adding or
 * removing a rule:
 *
 *   npm run gen:settings
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleSettingsSchema } from '../src/core/rules/settings-schema';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes.configuration.properties['lockstep.rules'] = ruleSettingsSchema();
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: lockstep.rules lists ${Object.keys(ruleSettingsSchema().properties as object).length} ids`);
