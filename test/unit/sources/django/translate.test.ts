import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { djangoAdapter } from '../../../../src/core/sources/django/adapter';

const MIGRATIONS = join(__dirname, '..', '..', '..', 'fixtures', 'frameworks', 'django', 'shop', 'migrations');

/** The statements as one text, blind to layout; Django prints some pairs on one line. */
function norm(statements: readonly string[]): string {
  return statements.map((s) => s.replace(/\s+/g, ' ').trim().replace(/;?$/, ';')).join(' ');
}

describe('Django adapter: translation matches what Django 3.2 emits for PostgreSQL', () => {
  before(() => djangoAdapter.prepare!());

  for (const name of readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.*\.py$/.test(f))) {
    it(name, () => {
      const path = join(MIGRATIONS, name);
      const recorded = JSON.parse(readFileSync(path.replace(/\.py$/, '.json'), 'utf8')) as { statements: string[]; atomic: boolean };
      const source = djangoAdapter.read({ path, text: readFileSync(path, 'utf8') }, { dialect: 'postgresql' });
      assert.deepEqual(source.errors, []);
      const notes = source.notes.map((n) => n.message);
      assert.deepEqual(
        notes.filter((n) => !/RunPython/.test(n)),
        [],
      );
      assert.equal(source.transactional, recorded.atomic);
      assert.equal(norm(source.statements.map((s) => s.sql)), norm(recorded.statements));
    });
  }

  it('reports RunPython as not analysed, at the operation', () => {
    const path = join(MIGRATIONS, '0005_renames.py');
    const text = readFileSync(path, 'utf8');
    const source = djangoAdapter.read({ path, text }, { dialect: 'postgresql' });
    const note = source.notes.find((n) => /RunPython/.test(n.message))!;
    assert.match(text.slice(note.range.start, note.range.end), /^migrations\.RunPython\(fill/);
  });

  it('without the earlier migrations, says the model is unknown rather than guessing', () => {
    const text = readFileSync(join(MIGRATIONS, '0003_alter_fields.py'), 'utf8');
    const source = djangoAdapter.read({ text }, { dialect: 'postgresql' });
    assert.equal(source.statements.length, 0);
    assert.match(source.notes[0]!.message, /not analysed: AlterField: model shop\.customer|not analysed: AlterField: model app\.customer/);
  });
});
