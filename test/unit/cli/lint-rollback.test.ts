import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { cli } from '../../helpers/cli';
import { sharedLinter } from '../../helpers/rule-cases';

const GOOSE = [
  '-- +goose Up',
  'ALTER TABLE users ADD COLUMN plan text;',
  '',
  '-- +goose Down',
  'CREATE INDEX users_plan ON users (plan);',
  'ALTER TABLE users DROP COLUMN plan;',
  '',
].join('\n');

describe('lintRollback / --rollback: rollback code linted as rollback code', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-rollback-'));
    fs.writeFileSync(path.join(dir, '20240101000000_plan.sql'), GOOSE);
    fs.writeFileSync(path.join(dir, '0002_index.up.sql'), 'SELECT 1;\n');
    fs.writeFileSync(path.join(dir, '0002_index.down.sql'), 'CREATE INDEX users_email ON users (email);\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const json = (stdout: string): { file: string; line: number; rule: string; message: string }[] => JSON.parse(stdout) as never;

  it('off by default: nothing is reported in rollback code', async () => {
    const r = await cli('lint', dir, '--format', 'json');
    assert.deepEqual(
      json(r.stdout).filter((f) => f.line >= 4 || f.file.endsWith('.down.sql')),
      [],
    );
  });

  it('--rollback: the goose Down section and a .down.sql file get their own findings, marked as rollback code', async () => {
    const r = await cli('lint', dir, '--rollback', '--format', 'json');
    const findings = json(r.stdout);
    const down = findings.filter((f) => f.file.endsWith('20240101000000_plan.sql') && f.line >= 4);
    assert.ok(
      down.some((f) => f.rule === 'create-index-non-concurrently' && f.line === 5),
      JSON.stringify(findings),
    );
    assert.ok(down.every((f) => f.message.startsWith('In rollback code: ')));
    assert.ok(findings.some((f) => f.file.endsWith('0002_index.down.sql') && f.rule === 'create-index-non-concurrently'));
  });

  it('"lintRollback": true in the config does the same in the core linter', async () => {
    const linter = await sharedLinter();
    const on = linter.lint(GOOSE, { fileName: path.join(dir, '20240101000000_plan.sql'), config: resolveConfig({ lintRollback: true }) }).findings;
    const off = linter.lint(GOOSE, { fileName: path.join(dir, '20240101000000_plan.sql'), config: resolveConfig({}) }).findings;
    assert.ok(on.some((f) => f.range.start.line === 5 && f.message.startsWith('In rollback code: ')));
    assert.ok(!off.some((f) => f.range.start.line >= 4));
  });
});
