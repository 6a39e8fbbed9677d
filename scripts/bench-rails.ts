// Part of `npm run bench`: how fast Rails migrations are read, printed, never asserted.
// Every db/migrate/*.rb of the shared corpus: Prism's load, parse only, parse + translate,
// and the whole lint (translate + SQL parse + rules), in files per second.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../src/core/config';
import { createLinter } from '../src/core/lint';
import { parseRuby } from '../src/core/sources/rails/prism';
import { translateRails } from '../src/core/sources/rails/translate';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus');

function railsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...railsFiles(p));
    else if (/[\\/]db[\\/]migrate[\\/][^\\/]+\.rb$/.test(p)) out.push(p);
  }
  return out;
}

function rate(label: string, texts: readonly string[], fn: (text: string, i: number) => void): void {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    texts.forEach(fn);
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  console.log(
    `  ${label.padEnd(28)} ${(texts.length / (best / 1000)).toFixed(0).padStart(6)} files/s   (${best.toFixed(0)} ms for ${texts.length}, best of 5)`,
  );
}

async function main(): Promise<void> {
  let files: string[] = [];
  try {
    files = railsFiles(corpus);
  } catch {
    console.log(`rails: skipped (no corpus at ${corpus})`);
    return;
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const t0 = performance.now();
  parseRuby('');
  console.log(`rails: ${files.length} migrations; Prism WASM load ${(performance.now() - t0).toFixed(0)} ms (once per process)`);
  rate('parse (Prism)', texts, (t) => parseRuby(t));
  rate('parse + translate', texts, (t) => translateRails(t));
  const linter = await createLinter(['postgresql']);
  const config = resolveConfig({});
  rate('lint (translate + rules)', texts, (t, i) => linter.lint(t, { fileName: files[i]!, config }));
}

void main();
