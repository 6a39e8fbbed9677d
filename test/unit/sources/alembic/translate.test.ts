import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alembicAdapter, orderRevisions, revisionLink } from '../../../../src/core/sources/alembic/adapter';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'frameworks', 'alembic', 'versions');

/** Statement text compared as the framework printed it, blind to layout and the trailing `;`. */
function norm(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;+\s*$/, '')
    .trim();
}

describe('Alembic adapter: translation matches what Alembic 1.8 emits for PostgreSQL', () => {
  before(() => alembicAdapter.prepare!());

  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.py'))) {
    it(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const recorded = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.py$/, '.json')), 'utf8')) as { statements: string[] };
      const source = alembicAdapter.read({ path: name, text }, { dialect: 'postgresql' });
      assert.deepEqual(source.errors, []);
      assert.deepEqual(source.notes, []);
      const forward = source.statements.filter((s) => s.direction === 'forward').map((s) => norm(s.sql));
      assert.deepEqual(forward, recorded.statements.map(norm));
    });
  }

  it('maps raw SQL into its string and ranges translated SQL on the op call', () => {
    const text = "revision = 'x'\ndown_revision = None\ndef upgrade():\n    op.execute('UPDATE t SET a = 1')\n    op.create_index('ix', 't', ['a'])\n";
    const s = alembicAdapter.read({ path: 'x.py', text }, { dialect: 'postgresql' });
    const [raw, idx] = s.statements;
    assert.equal(raw!.kind, 'raw');
    assert.equal(text.slice(raw!.offsets![0], raw!.offsets![6]), 'UPDATE');
    assert.equal(text.slice(idx!.range.start, idx!.range.end), "op.create_index('ix', 't', ['a'])");
  });

  it('keeps downgrade as rollback and notes calls it cannot translate', () => {
    const text =
      "revision = 'x'\ndown_revision = None\ndef upgrade():\n    op.add_column('t', sa.Column('c', MyType()))\ndef downgrade():\n    op.drop_column('t', 'c')\n";
    const s = alembicAdapter.read({ path: 'x.py', text }, { dialect: 'postgresql' });
    assert.deepEqual(
      s.statements.map((st) => [st.direction, st.sql]),
      [['rollback', 'ALTER TABLE t DROP COLUMN c']],
    );
    assert.equal(s.notes.length, 1);
    assert.match(s.notes[0]!.message, /not analysed: the SQL type of column c/);
  });

  it('orders revisions by their down_revision chain', () => {
    const files = [
      { path: 'a.py', link: revisionLink("revision = 'c3'\ndown_revision = 'b2'\n")! },
      { path: 'b.py', link: revisionLink("revision = 'a1'\ndown_revision = None\n")! },
      { path: 'c.py', link: revisionLink("revision = 'b2'\ndown_revision = 'a1'\n")! },
    ];
    assert.deepEqual(
      orderRevisions(files).map((f) => f.link.revision),
      ['a1', 'b2', 'c3'],
    );
  });
});
