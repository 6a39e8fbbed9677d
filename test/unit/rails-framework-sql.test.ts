import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { translateRails } from '../../src/core/sources/rails/translate';

/**
 * The Rails translation against what ActiveRecord itself ran for the same migrations
 * (recorded by scripts/record-framework-sql/rails.rb on a real PostgreSQL).
 */
const DIR = join(__dirname, '../fixtures/frameworks/rails/db/migrate');

interface Recorded {
  readonly activerecord: string;
  readonly transaction: boolean;
  readonly statements: readonly (string | { sql: string; binds: unknown[] })[];
}

/** Bound values written in as literals, the way the translation writes them. */
function inline(s: Recorded['statements'][number]): string {
  if (typeof s === 'string') return s;
  return s.sql.replace(/\$(\d+)/g, (_m, i: string) => {
    const v = s.binds[Number(i) - 1];
    return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  });
}

/** Whitespace is not significant: the adapter's heredoc templates break lines. */
function normalise(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\(\s/g, '(')
    .replace(/\s\)/g, ')')
    .replace(/\s*=\s*/g, ' = ')
    .trim();
}

describe('Rails translation matches the SQL ActiveRecord emits', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it('has recorded fixtures', () => assert.ok(files.length >= 10));
  for (const file of files) {
    it(file.replace(/\.json$/, '.rb'), () => {
      const recorded = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Recorded;
      const source = translateRails(readFileSync(join(DIR, file.replace(/\.json$/, '.rb')), 'utf8'));
      assert.deepEqual(source.errors, []);
      const forward = source.statements.filter((s) => s.direction === 'forward').map((s) => normalise(s.sql));
      assert.deepEqual(
        forward,
        recorded.statements.map((s) => normalise(inline(s))),
      );
      assert.equal(source.transactional, recorded.transaction);
      assert.deepEqual(source.notes, []);
    });
  }
});
