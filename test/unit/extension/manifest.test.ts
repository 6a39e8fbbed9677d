import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, PALETTE_COMMANDS } from '../../../src/extension/commandIds';
import { wantsLens } from '../../../src/extension/lens';
import { MIGRATION_GLOBS } from '../../../src/extension/migrationFiles';

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
