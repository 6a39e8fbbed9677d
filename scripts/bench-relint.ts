/**
 * Editor re-lint latency for `npm run bench`: a 300-statement PostgreSQL migration in a
 * folder with 200 earlier migrations, linted again after each simulated keystroke, as the
 * editor does (one linter kept across keystrokes). Prints p50/p95 in milliseconds (target:
 * p95 under 20 ms) for a keystroke within the file-cache window, for one that re-checks
 * every earlier file's size and mtime, and for the same text with no folder at all.
 *
 *   npx tsx scripts/bench-relint.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../src/core/config';
import { createLinter, type Linter } from '../src/core/lint';

const EARLIER = 200;
const STATEMENTS = 300;
const KEYSTROKES = 200;

function earlierMigration(i: number): string {
  return [
    `CREATE TABLE t${i} (id bigint PRIMARY KEY, name varchar(40) NOT NULL, total numeric(10,2), seen_at timestamp(0), note text);`,
    `ALTER TABLE t${i} ADD COLUMN code varchar(20);`,
    `CREATE INDEX t${i}_name_idx ON t${i} (name);`,
    `ALTER TABLE t${i} ADD CONSTRAINT t${i}_note_nn CHECK (note IS NOT NULL) NOT VALID;`,
    `ALTER TABLE t${i} VALIDATE CONSTRAINT t${i}_note_nn;`,
  ].join('\n');
}

function editedMigration(): string {
  const kinds = [
    (i: number) => `ALTER TABLE t${i % EARLIER} ALTER COLUMN code TYPE varchar(30);`,
    (i: number) => `ALTER TABLE t${i % EARLIER} ALTER COLUMN total TYPE numeric(20,2);`,
    (i: number) => `ALTER TABLE t${i % EARLIER} ALTER COLUMN note SET NOT NULL;`,
    (i: number) => `ALTER TABLE t${i % EARLIER} ADD COLUMN extra${i} int;`,
    (i: number) => `CREATE INDEX CONCURRENTLY t${i % EARLIER}_code_${i}_idx ON t${i % EARLIER} (code);`,
    (i: number) => `UPDATE t${i % EARLIER} SET note = 'x' WHERE id BETWEEN ${i * 1000} AND ${i * 1000 + 999};`,
  ];
  return Array.from({ length: STATEMENTS }, (_, i) => kinds[i % kinds.length]!(i)).join('\n') + '\n';
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function keystrokes(linter: Linter, base: string, fileName: string | undefined): number[] {
  const config = resolveConfig({});
  const times: number[] = [];
  for (let k = 0; k < KEYSTROKES; k++) {
    // Type one more character into a comment at the end, as an edit in progress does.
    const text = `${base}-- ${'x'.repeat(k)}\n`;
    const t = performance.now();
    linter.lint(text, { ...(fileName ? { fileName } : {}), config, budgetMs: 5000 });
    times.push(performance.now() - t);
  }
  return times;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-relint-'));
  try {
    for (let i = 0; i < EARLIER; i++) fs.writeFileSync(path.join(dir, `${String(i + 1).padStart(4, '0')}_step.sql`), earlierMigration(i));
    const file = path.join(dir, `${String(EARLIER + 1).padStart(4, '0')}_edit.sql`);
    const text = editedMigration();
    fs.writeFileSync(file, text);
    const report = (label: string, xs: number[]): void =>
      console.log(`  ${label.padEnd(44)} p50 ${percentile(xs, 50).toFixed(1).padStart(5)} ms   p95 ${percentile(xs, 95).toFixed(1).padStart(5)} ms`);
    console.log(`re-lint after a keystroke: ${STATEMENTS}-statement file, ${EARLIER} earlier migrations, ${KEYSTROKES} keystrokes (target p95 < 20 ms)`);
    const editor = await createLinter(['postgresql']);
    const t0 = performance.now();
    editor.lint(text, { fileName: file, config: resolveConfig({}) });
    console.log(`  first lint (reads and folds the folder)       ${(performance.now() - t0).toFixed(0)} ms`);
    report('keystroke (earlier files cached)', keystrokes(editor, text, file));
    report('keystroke re-checking every earlier file', keystrokes(await createLinter(['postgresql'], { fileCacheMs: 0 }), text, file));
    report('same text, no folder (schema unknown)', keystrokes(editor, text, undefined));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
