import { strict as assert } from 'node:assert';
import type { Cost, Finding } from '../../../src/core/rules/types';
import { escapeMarkdown, hoverMarkdown, inlineText } from '../../../src/extension/hover';

const range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 10, line: 1, column: 11 } };
const finding: Finding = {
  ruleId: 'add-column-table-rewrite',
  messageId: 'volatileDefault',
  severity: 'error',
  message: 'Adding `token` with a volatile default rewrites `users`.',
  help: 'Add the column without a default, then backfill in batches.',
  range,
  statementIndex: 0,
  docsUrl: 'https://example.test/docs/rules/add-column-table-rewrite.md',
};
const rewrite: Cost = {
  table: 'users',
  lock: 'AccessExclusiveLock',
  blocks: 'reads+writes',
  rewrite: true,
  scans: 2,
  rows: 5_000_000,
  estimateMs: 8_300,
};

describe('extension: hover text', () => {
  it('shows the lock, what it blocks, the work, the estimate and the safe alternative', () => {
    const md = hoverMarkdown(rewrite, [finding])!;
    assert.match(md, /` ACCESS EXCLUSIVE ` on ` users `: blocks reads and writes while held/);
    assert.match(md, /\*\*Work:\*\* rewrites the table\./);
    assert.match(md, /\*\*Estimate:\*\* ~8\.3 s at 5M rows\./);
    assert.match(
      md,
      /\*\*Safe alternative\*\* \(\[add-column-table-rewrite\]\(command:lockstep\.openRuleDocumentation\?%5B%22add-column-table-rewrite%22%5D\)\): Add the column without a default, then backfill in batches\./,
    );
    // The editor shows the diagnostic message itself; the hover does not repeat it.
    assert.doesNotMatch(md, /volatile default rewrites/);
  });

  it('asks for a row count when the table size is unknown and the statement does work', () => {
    const md = hoverMarkdown({ ...rewrite, rows: undefined, estimateMs: undefined }, [])!;
    assert.match(md, /set ` tables\.users\.rows ` in lockstep\.config\.json/);
  });

  it('has nothing to say for a statement with no cost and no findings', () => {
    assert.equal(hoverMarkdown(undefined, []), undefined);
  });

  it('keeps code spans from rule messages and escapes the rest', () => {
    assert.equal(inlineText('use `CONCURRENTLY` [here](x)'), 'use `CONCURRENTLY` \\[here\\](x)');
    assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
  });

  it('cannot be broken out of by backticks in identifiers', () => {
    const md = hoverMarkdown({ ...rewrite, table: 'we`ird' }, [])!;
    assert.match(md, /`` we`ird ``/);
  });
});
