import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * The core is shared by the extension, the CLI and the tests: it returns data and never
 * reaches for an editor or a terminal. Adapters print, exit and render.
 */
describe('architecture: src/core stays free of editors and terminals', () => {
  const files = sources(join(ROOT, 'src', 'core'));

  it('imports nothing from vscode', () => {
    const offenders = files.filter((f) => /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(ROOT, f)),
      [],
    );
  });

  it('never exits the process or writes to the terminal itself', () => {
    const offenders = files.filter((f) => /^(?!\s*(\/\/|\*|"|'|`)).*\bprocess\.(exit|stdout|stderr)\b/m.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(ROOT, f)),
      [],
    );
  });
});
