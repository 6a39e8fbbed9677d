import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { configForFile, flagOverrides } from '../../../src/cli/dialect';
import { loadConfig, type ConfigFile } from '../../../src/core/config';
import { withScriptConfigOf } from '../../../src/core/lint/transactions';
import type { Dialect } from '../../../src/core/types';
import { ConfigCache } from '../../../src/extension/configCache';
import { DialectOverrides } from '../../../src/extension/dialectOverrides';
import { sharedLinter } from '../../helpers/rule-cases';

/**
 * The CLI (`--dialect`) and the editor (the per-file dialect pick) decide a file's settings
 * through the same function, so the same file and settings give the same findings.
 */
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** The migrations of the examples: SQL files and the Rails ones. */
function migrationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return migrationFiles(p);
    return /\.(sql|rb)$/.test(p) ? [p] : [];
  });
}

const COMBINATIONS: readonly { name: string; config: ConfigFile; fileDialect?: Dialect }[] = [
  { name: 'the examples as shipped', config: {} },
  {
    name: 'dialect postgresql + targetVersion 16 in config, the file set to SQLite',
    config: { dialect: 'postgresql', targetVersion: 16 },
    fileDialect: 'sqlite',
  },
  {
    name: 'targetVersion 11 and a large users table in config, the file set to MySQL',
    config: { targetVersion: 11, tables: { users: { rows: 5_000_000 }, orders: { rows: 5_000_000 } } },
    fileDialect: 'mysql',
  },
];

const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, show: () => {} };

describe('settings for a file: the CLI and the editor agree', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-for-file-'));
    cpSync(EXAMPLES, dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const combo of COMBINATIONS) {
    it(combo.name, async () => {
      const linter = await sharedLinter();
      const files = migrationFiles(dir);
      assert.ok(files.length >= 5, 'the README examples are there');
      // Each example folder's own config, with the combination's settings laid over it.
      for (const cfg of readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('lockstep.config.json'))) {
        const path = join(dir, cfg);
        const original = JSON.parse(readFileSync(join(EXAMPLES, cfg), 'utf8')) as ConfigFile;
        writeFileSync(path, JSON.stringify({ ...original, ...combo.config }));
      }
      let seen = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const flags = combo.fileDialect ? { dialect: combo.fileDialect } : {};
        const overrides = flagOverrides(flags);
        // As src/cli/commands/lint.ts and src/extension/lintController.ts each build it.
        const cli = withScriptConfigOf(configForFile(loadConfig(join(file, '..'), overrides, 'overrides-win'), file, text, flags, overrides).config, file);

        const picks = new DialectOverrides();
        if (combo.fileDialect) await picks.set(file, combo.fileDialect);
        const editor = withScriptConfigOf(new ConfigCache(quietLog, {}, picks).forDocument(file, undefined, text).config, file);

        const at = relative(dir, file);
        assert.equal(editor.dialect, cli.dialect, `${at}: dialect`);
        assert.equal(editor.targetVersion, cli.targetVersion, `${at}: target version`);
        const findings = (config: typeof cli) => linter.lint(text, { fileName: file, config }).findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
        const fromCli = findings(cli);
        assert.deepEqual(findings(editor), fromCli, `${at}: findings`);
        seen += fromCli.length;
        if (combo.fileDialect === 'sqlite') assert.notEqual(cli.targetVersion, '16', `${at}: a PostgreSQL version is not a SQLite one`);
      }
      assert.ok(seen > 0, 'some example has findings, so the comparison means something');
    });
  }
});
