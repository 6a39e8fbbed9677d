import { strict as assert } from 'node:assert';
import type { Cost, Finding } from '../../../src/core/rules/types';
import { guarded, guardedCommand } from '../../../src/extension/safely';
import { statusSummary } from '../../../src/extension/status';

const range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
const finding = (severity: Finding['severity']): Finding => ({
  ruleId: 'r',
  messageId: 'm',
  severity,
  message: 'm',
  range,
  statementIndex: 0,
  docsUrl: 'https://example.test',
});
const share: Cost = { table: 'users', lock: 'ShareLock', blocks: 'writes', rewrite: false, scans: 1 };
const exclusive: Cost = { table: 'orders', lock: 'AccessExclusiveLock', blocks: 'reads+writes', rewrite: false, scans: 0 };

describe('extension: status bar summary', () => {
  it('counts findings and names the strongest lock in the file', () => {
    const s = statusSummary([finding('warning'), finding('error')], [share, exclusive, undefined], 'Dialect: postgresql 16.');
    assert.equal(s.text, '$(error) Lockstep: 2 · ACCESS EXCLUSIVE');
    assert.equal(s.severity, 'error');
    assert.match(s.tooltip, /2 findings/);
    assert.match(s.tooltip, /ACCESS EXCLUSIVE on orders \(blocks reads and writes\)\.\nDialect: postgresql 16\.\nClick/);
  });

  it('shows a clean file', () => {
    const s = statusSummary([], []);
    assert.equal(s.text, '$(check) Lockstep: 0');
    assert.equal(s.severity, 'ok');
  });
});

describe('extension: no exception reaches the user', () => {
  const log = () => {
    const lines: string[] = [];
    return {
      lines,
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (m: string) => void lines.push(m),
      show: () => void lines.push('shown'),
    };
  };

  it('logs a throwing handler and returns the fallback', async () => {
    const l = log();
    const sync = guarded(l, 'hover', 'fallback', () => {
      throw new Error('boom');
    });
    assert.equal(sync(), 'fallback');
    const async = guarded(l, 'lenses', Promise.resolve([] as number[]), async (): Promise<number[]> => {
      throw new Error('boom');
    });
    assert.deepEqual(await async(), []);
    assert.deepEqual(l.lines, ['hover failed', 'lenses failed']);
  });

  it('turns a failing command into one short message with a way to the output', async () => {
    const l = log();
    const shown: string[] = [];
    const cmd = guardedCommand(l, { error: async (m) => (shown.push(m), 'Show Output') }, 'Lint Workspace Migrations', () => {
      throw new Error('disk gone\n    at stack frame');
    });
    assert.equal(await cmd(), undefined);
    assert.deepEqual(shown, ['Lint Workspace Migrations failed: disk gone']);
    assert.deepEqual(l.lines, ['Lint Workspace Migrations failed', 'shown']);
  });
});
