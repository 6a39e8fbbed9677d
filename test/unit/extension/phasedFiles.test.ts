import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { planMigration, type MigrationFolder } from '../../../src/core/phases';
import {
  confirmation,
  previewExtension,
  previewText,
  proposeFiles,
  statementAtOffset,
  statementLabel,
  type PhasedScope,
} from '../../../src/extension/phased/phasedFiles';

const FOLDER = path.resolve('/work/app/migrations');
const UNSAFE = `BEGIN;\nALTER TABLE users ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();\nCOMMIT;\n`;
const NOW = new Date('2026-03-01T12:00:00Z');

/** A migration folder in memory: the writers name and number files after its contents. */
function folderOf(files: Record<string, string>): MigrationFolder {
  return { list: () => Object.keys(files).sort(), read: (n) => files[n] };
}

function plan(text: string, files: Record<string, string>, statementIndex?: number) {
  return planMigration(text, {
    fileName: path.join(FOLDER, '0002_add_public_id.sql'),
    config: resolveConfig({ targetVersion: 16 }),
    outDir: FOLDER,
    folder: folderOf(files),
    now: NOW,
    ...(statementIndex !== undefined ? { statementIndex } : {}),
  });
}

const FILE: PhasedScope = { kind: 'file' };
const none = (): boolean => false;

describe('extension: phased migration files for the preview', () => {
  const existing = { '0001_create_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\n', '0002_add_public_id.sql': UNSAFE };

  it('places every planned file in the migration folder, grouped by phase', async () => {
    const result = await plan(UNSAFE, existing);
    const p = proposeFiles(result, { fileLabel: 'migrations/0002_add_public_id.sql', folder: '/elsewhere', scope: FILE, exists: none });
    assert.equal(p.kind, 'files');
    if (p.kind !== 'files') return;
    assert.equal(p.folder, FOLDER);
    assert.equal(p.files.length, result.files.length);
    for (const f of p.files) {
      assert.equal(f.target, path.join(FOLDER, ...f.path.split('/')));
      assert.match(f.group, /^Phase \d of \d · (expand|backfill|constrain|contract)$/);
    }
    assert.deepEqual(
      p.files.map((f) => f.group.split(' · ')[1]),
      result.files.map((f) => f.phase),
    );
    assert.ok(
      p.files.some((f) => f.direction === 'down'),
      'plain SQL has down files',
    );
    assert.ok(p.files.every((f) => (f.direction === 'down') === /down/.test(f.path)));
    assert.match(p.summary, /^\d+ files in \d phases for migrations\/0002_add_public_id\.sql \(plain convention, detected from the folder\)$/);
    assert.deepEqual(p.notes, result.notes);
  });

  it('refuses the whole set when one file already exists, naming it', async () => {
    const result = await plan(UNSAFE, existing);
    const taken = result.files[1]!.path;
    const p = proposeFiles(result, { fileLabel: 'm.sql', folder: FOLDER, scope: FILE, exists: (t) => t === path.join(FOLDER, taken) });
    assert.equal(p.kind, 'clash');
    if (p.kind !== 'clash') return;
    assert.deepEqual(p.existing, [taken]);
    assert.match(p.message, new RegExp(`nothing was written for m\\.sql: ${taken.replace(/\./g, '\\.')} already exists`));
    assert.match(p.message, /never replace existing ones/);
  });

  it('says why when there is nothing to generate', async () => {
    const result = await plan('-- to do\n', existing);
    const p = proposeFiles(result, { fileLabel: 'm.sql', folder: FOLDER, scope: { kind: 'statement', index: 0, line: 3 }, exists: none });
    assert.equal(p.kind, 'nothing');
    if (p.kind !== 'nothing') return;
    assert.match(p.message, /^Lockstep: nothing to generate for m\.sql \(statement on line 3\): \S/);
  });

  it('plans one statement when asked', async () => {
    const two = `ALTER TABLE users ADD COLUMN note text;\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n`;
    const all = await plan(two, existing);
    const one = await plan(two, existing, 1);
    const p = proposeFiles(one, { fileLabel: 'm.sql', folder: FOLDER, scope: { kind: 'statement', index: 1, line: 2 }, exists: none });
    assert.equal(p.kind, 'files');
    if (p.kind !== 'files') return;
    assert.ok(
      p.files.every((f) => !/\bnote\b/.test(f.content.replace(/^--.*$/gm, ''))),
      'the other statement is left out',
    );
    assert.ok(p.files.some((f) => /token/.test(f.content)));
    assert.ok(all.files.some((f) => /\bnote\b/.test(f.content)));
    assert.match(p.summary, /for m\.sql \(statement on line 2\)/);
  });

  it('previews every file under a header naming it, with the notes first', async () => {
    const result = await plan(UNSAFE, existing);
    const p = proposeFiles(result, { fileLabel: 'm.sql', folder: FOLDER, scope: FILE, exists: none });
    if (p.kind !== 'files') return assert.fail('files expected');
    const text = previewText(p);
    assert.match(text, /^-- Preview: \d+ files in \d phases for m\.sql/);
    assert.match(text, /Nothing is written until you confirm/);
    for (const n of p.notes) assert.ok(text.includes(`-- Note: ${n}`));
    let at = 0;
    for (const f of p.files) {
      const header = text.indexOf(`-- ===== ${f.path} (${f.group}`, at);
      assert.ok(header > at, `${f.path} in order`);
      assert.ok(text.includes(f.content.trimEnd()), `${f.path} in full`);
      at = header;
    }
    assert.match(text, /_expand\.down\.sql \(Phase 1 of \d · expand, rollback\)/);
    assert.equal(previewExtension(p.files), '.sql');
  });

  it('asks before writing, listing the files and the notes', async () => {
    const result = await plan(UNSAFE, existing);
    const p = proposeFiles(result, { fileLabel: 'm.sql', folder: FOLDER, scope: FILE, exists: none });
    if (p.kind !== 'files') return assert.fail('files expected');
    const c = confirmation(p, 'migrations');
    assert.equal(c.button, `Write ${p.files.length} Files`);
    assert.equal(c.message, `Write ${p.files.length} files of phased migration for m.sql?`);
    assert.match(c.detail.split('\n')[0]!, /^\d phases, plain convention, detected from the folder\. New in migrations:$/);
    for (const f of p.files) assert.ok(c.detail.includes(`  ${f.path}`));
    for (const n of p.notes) assert.ok(c.detail.includes(n));
  });

  it('finds the statement at the cursor and shortens it for a pick list', () => {
    const s = [
      { index: 0, range: { start: { offset: 0 }, end: { offset: 10 } } },
      { index: 1, range: { start: { offset: 12 }, end: { offset: 30 } } },
    ];
    assert.equal(statementAtOffset(s, 5)?.index, 0);
    assert.equal(statementAtOffset(s, 30)?.index, 1);
    assert.equal(statementAtOffset(s, 11), undefined);
    assert.equal(statementLabel('ALTER TABLE users\n   ADD COLUMN x int'), 'ALTER TABLE users ADD COLUMN x int');
    assert.equal(statementLabel('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });
});
