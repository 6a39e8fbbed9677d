import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, resolveConfig } from '../../../src/core/config';
import { formatCompact } from '../../../src/core/report/compact';
import { ruleSettingsSchema } from '../../../src/core/rules/settings-schema';
import { COMMANDS, PALETTE_COMMANDS } from '../../../src/extension/commandIds';
import { sharedLinter } from '../../helpers/rule-cases';
import { wantsLens } from '../../../src/extension/lens';
import { MIGRATION_GLOBS, workspaceLintGlob } from '../../../src/extension/migrationFiles';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

describe('extension: package.json contributions', () => {
  it('contributes every command the code registers, titled "Lockstep: …" in the palette', () => {
    const contributed = new Map<string, string>(
      pkg.contributes.commands.map((c: { command: string; title: string; category?: string }) => [
        c.command,
        c.category ? `${c.category}: ${c.title}` : c.title,
      ]),
    );
    assert.deepEqual([...contributed.keys()].sort(), Object.values(COMMANDS).sort());
    for (const { id, title } of PALETTE_COMMANDS) assert.equal(contributed.get(id), title);
  });

  it('activates on SQL and on the known migration folders, never on start-up', () => {
    const events: string[] = pkg.activationEvents;
    assert.ok(events.includes('onLanguage:sql'));
    for (const glob of MIGRATION_GLOBS) assert.ok(events.includes(`workspaceContains:${glob}`), glob);
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  });

  it('says in the settings UI that lockstep.config.json wins', () => {
    const props = pkg.contributes.configuration.properties;
    for (const key of ['dialect', 'targetVersion', 'tables', 'rules', 'maxFileBytes']) {
      assert.match(props[`lockstep.${key}`].markdownDescription, /lockstep\.config\.json` takes? precedence/, key);
    }
  });
});

describe('extension: CodeLens placement', () => {
  it('marks ALTER TABLE and CREATE INDEX statements', () => {
    assert.ok(wantsLens('ALTER TABLE users ADD COLUMN c int'));
    assert.ok(wantsLens('create unique index i on t (c)'));
    assert.ok(wantsLens('-- add the column\nALTER TABLE t ADD COLUMN c int'));
    assert.ok(!wantsLens('UPDATE t SET c = 1'));
    assert.ok(!wantsLens('CREATE TABLE t (id int)'));
  });
});

describe('extension: settings and schemas a user sees', () => {
  const props = pkg.contributes.configuration.properties;

  it('lists every rule id in lockstep.rules, so a typo is underlined (npm run gen:settings)', () => {
    assert.deepEqual(props['lockstep.rules'], ruleSettingsSchema());
    assert.equal(props['lockstep.rules'].additionalProperties, false);
  });

  it('gives defaults that the settings page accepts', () => {
    for (const [key, p] of Object.entries<Record<string, unknown>>(props)) {
      if (!('default' in p)) continue;
      const v = p.default;
      if (p.enum) assert.ok((p.enum as unknown[]).includes(v), key);
      if (p.type === 'number') {
        assert.equal(typeof v, 'number', key);
        if (typeof p.minimum === 'number') assert.ok((v as number) >= p.minimum, key);
        if (typeof p.maximum === 'number') assert.ok((v as number) <= p.maximum, key);
      }
    }
    assert.equal(props['lockstep.maxFileBytes'].default, DEFAULT_MAX_FILE_BYTES);
    assert.equal(props['lockstep.dialect'].default, 'postgresql');
  });

  it('validates lockstep.config.json with the schema the package ships', () => {
    const [entry] = pkg.contributes.jsonValidation;
    assert.equal(entry.fileMatch, 'lockstep.config.json');
    const schema = join(__dirname, '../../../', entry.url);
    assert.ok(existsSync(schema), entry.url);
    const shipped = readFileSync(join(__dirname, '../../../.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes(`!${entry.url.replace(/^\.\//, '')}`), 'the schema is packaged');
  });

  it('reads `lint --format compact` with the $lockstep problem matcher', async () => {
    const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'lockstep');
    const re = new RegExp(matcher.pattern.regexp);
    const file = join(__dirname, '../../../examples/migrations/0002_add_user_plan.sql');
    const findings = (await sharedLinter()).lint(readFileSync(file, 'utf8'), { config: resolveConfig({ tables: { users: { rows: 5_000_000 } } }) }).findings;
    assert.ok(findings.length > 3);
    const lines = formatCompact([{ path: 'examples/migrations/0002_add_user_plan.sql', findings }])
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, findings.length);
    lines.forEach((line, i) => {
      const m = re.exec(line);
      assert.ok(m, line);
      const f = findings[i]!;
      assert.deepEqual(
        [m[matcher.pattern.file], Number(m[matcher.pattern.line]), Number(m[matcher.pattern.column]), m[matcher.pattern.severity], m[matcher.pattern.code]],
        ['examples/migrations/0002_add_user_plan.sql', f.range.start.line, f.range.start.column, f.severity, f.ruleId],
      );
    });
  });
});

describe('extension: the workspace lint search', () => {
  it('is one flat brace group (VS Code refuses a group nested in another) covering every format', () => {
    const glob = workspaceLintGlob();
    assert.ok(glob.startsWith('{') && glob.endsWith('}'));
    assert.ok(!/[{}]/.test(glob.slice(1, -1)), glob);
    for (const part of ['**/*.sql', '**/db/migrate/*.rb', '**/database/migrations/*.php', '**/changelog/**/*.xml', '**/priv/repo/migrations/*.exs']) {
      assert.ok(glob.slice(1, -1).split(',').includes(part), part);
    }
  });
});
