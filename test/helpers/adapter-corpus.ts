import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../src/core/config';
import type { SourceAdapter } from '../../src/core/sources/adapter';
import { CORPUS_DIR } from './corpus';
import { sharedLinter } from './rule-cases';

export interface AdapterCorpusResult {
  /** Files the adapter recognised and read. */
  readonly read: number;
  /** Forward statements, without the transaction boundaries an adapter writes out. */
  readonly statements: number;
  readonly notes: number;
  readonly rules: ReadonlyMap<string, number>;
  /** Host syntax errors and `syntax-error` findings, as `file:line: message`. */
  readonly errors: readonly string[];
}

/** Reads corpus files with one adapter and lints them as the CLI does, counting what came out. */
export async function lintAdapterCorpus(adapter: SourceAdapter, files: readonly string[]): Promise<AdapterCorpusResult> {
  await adapter.prepare?.();
  const linter = await sharedLinter();
  const config = resolveConfig({});
  const rules = new Map<string, number>();
  const errors: string[] = [];
  let read = 0;
  let statements = 0;
  let notes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!adapter.recognises({ path: file, text })) continue;
    read++;
    const source = adapter.read({ path: file, text }, { dialect: 'postgresql' });
    statements += source.statements.filter((s) => s.direction === 'forward' && s.sql !== 'BEGIN' && s.sql !== 'COMMIT').length;
    notes += source.notes.length;
    for (const e of source.errors) errors.push(`${relative(CORPUS_DIR, file)}: ${e.message}`);
    const result = linter.lint(text, { fileName: file, config });
    for (const f of result.findings) {
      rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
      if (f.ruleId === 'syntax-error') errors.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line}: ${f.message}`);
    }
  }
  return { read, statements, notes, rules, errors };
}

/** `rule n, rule n, …`, most frequent first. */
export function ruleCounts(rules: ReadonlyMap<string, number>): string {
  return [...rules]
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');
}
