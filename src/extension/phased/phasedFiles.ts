/**
 * What "Generate Phased Migration" shows and writes, decided without the editor: the files
 * of a plan placed in their folder, refused as a whole when any of them already exists (the
 * command never overwrites), and the one-line messages for a plan with nothing to write.
 * The command (phasedCommand.ts) shows a `Proposal` as one read-only preview document and
 * writes it only after a modal confirmation.
 */
import * as path from 'node:path';
import type { PlanMigrationResult } from '../../core/phases';
import type { GeneratedFile, PhaseKind } from '../../core/phases/types';

/** Which part of the migration is planned. */
export type PhasedScope = { readonly kind: 'file' } | { readonly kind: 'statement'; readonly index: number; readonly line: number };

export interface ProposedFile {
  /** Absolute path the file will be created at. */
  readonly target: string;
  /** Relative to the migration folder, `/` separators, as the plan names it. */
  readonly path: string;
  readonly content: string;
  /** Groups the file in the preview: `Phase 1 of 3 · expand`. */
  readonly group: string;
  readonly kind: GeneratedFile['kind'];
  readonly direction: 'up' | 'down' | 'config';
}

export type Proposal =
  | { readonly kind: 'nothing'; readonly message: string }
  | { readonly kind: 'clash'; readonly message: string; readonly existing: readonly string[] }
  | {
      readonly kind: 'files';
      readonly folder: string;
      readonly files: readonly ProposedFile[];
      /** What is planned, for the preview's first line: `5 files in 3 phases for m.sql (…)`. */
      readonly summary: string;
      /** The migration planned, and the statement when only one is. */
      readonly source: string;
      /** `3 phases, plain convention, detected from the folder`. */
      readonly shape: string;
      readonly notes: readonly string[];
    };

const PHASE_WORD: Record<PhaseKind, string> = {
  expand: 'expand',
  backfill: 'backfill',
  constrain: 'constrain',
  contract: 'contract',
};

function scopeText(scope: PhasedScope): string {
  return scope.kind === 'file' ? '' : ` (statement on line ${scope.line})`;
}

function direction(f: GeneratedFile): ProposedFile['direction'] {
  if (f.kind === 'config') return 'config';
  return f.parts.length > 0 && f.parts.every((p) => p.direction === 'down') ? 'down' : 'up';
}

function conventionText(r: PlanMigrationResult): string {
  switch (r.conventionSource) {
    case 'option':
    case 'config':
      return `${r.convention} convention from lockstep.config.json`;
    case 'detected':
      return `${r.convention} convention, detected from the folder`;
    case 'default':
      return `${r.convention} convention (no migrations in the folder to follow)`;
  }
}

/**
 * Places the plan's files in `folder` (the plan's own folder when it names one).
 * `exists` is asked for every target; one existing file refuses the whole set.
 */
export function proposeFiles(
  result: PlanMigrationResult,
  options: {
    readonly fileLabel: string;
    readonly folder: string;
    readonly scope: PhasedScope;
    readonly exists: (target: string) => boolean;
    /** Files an earlier run of this same plan wrote in the folder (core's `earlierSet`). */
    readonly earlier?: readonly string[];
  },
): Proposal {
  const where = `${options.fileLabel}${scopeText(options.scope)}`;
  if (result.refused) return { kind: 'nothing', message: `Lockstep: nothing was generated for ${where}: ${result.refused}` };
  if (result.files.length === 0) {
    const why = result.notes.length ? result.notes.join(' ') : 'no statement in it changes a table in a way that needs phases.';
    return { kind: 'nothing', message: `Lockstep: nothing to generate for ${where}: ${lowerFirst(why)}` };
  }
  const folder = result.folder ?? options.folder;
  const total = Math.max(...result.files.map((f) => f.phaseNumber));
  const files: ProposedFile[] = result.files.map((f) => ({
    target: path.join(folder, ...f.path.split('/')),
    path: f.path,
    content: f.content,
    group: `Phase ${f.phaseNumber} of ${total} · ${PHASE_WORD[f.phase]}`,
    kind: f.kind,
    direction: direction(f),
  }));
  if (options.earlier?.length) {
    const n = options.earlier.length;
    return {
      kind: 'clash',
      existing: options.earlier,
      message: `Lockstep: nothing was written for ${where}: the folder already holds the phased files of this migration (${options.earlier.join(', ')}). Delete ${n === 1 ? 'it' : 'them'} to generate the set again, or run lockstep plan --force to replace ${n === 1 ? 'it' : 'them'}.`,
    };
  }
  const existing = files.filter((f) => options.exists(f.target)).map((f) => f.path);
  if (existing.length) {
    return {
      kind: 'clash',
      existing,
      message: `Lockstep: nothing was written for ${where}: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}, and generated files never replace existing ones. Rename or move ${existing.length === 1 ? 'it' : 'them'}, then run the command again.`,
    };
  }
  const phases = total === 1 ? '1 phase' : `${total} phases`;
  return {
    kind: 'files',
    folder,
    files,
    summary: `${files.length} file${files.length === 1 ? '' : 's'} in ${phases} for ${where} (${conventionText(result)})`,
    source: where,
    shape: `${phases}, ${conventionText(result)}`,
    notes: result.notes,
  };
}

function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** The statement containing `offset`, if any, from the linter's statement ranges. */
export function statementAtOffset<
  S extends { readonly index: number; readonly range: { readonly start: { readonly offset: number }; readonly end: { readonly offset: number } } },
>(statements: readonly S[], offset: number): S | undefined {
  return statements.find((s) => s.range.start.offset <= offset && offset <= s.range.end.offset);
}

/** The first line of a statement, shortened for a pick list. */
export function statementLabel(text: string, max = 70): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** How a comment line starts in the preview, from the migration files' language. */
function commentPrefix(files: readonly ProposedFile[]): '--' | '//' | '#' {
  const first = files.find((f) => f.kind === 'migration')?.path ?? '';
  return /\.sql$/i.test(first) ? '--' : /\.(?:rb|py)$/i.test(first) ? '#' : '//';
}

/** The preview document's file extension, so the editor highlights it like the files. */
export function previewExtension(files: readonly ProposedFile[]): string {
  const first = files.find((f) => f.kind === 'migration')?.path ?? 'x.sql';
  return /\.[^./]+$/.exec(first)?.[0] ?? '.sql';
}

/** Every proposed file, one after the other, under a header line naming it. */
export function previewText(proposal: Extract<Proposal, { kind: 'files' }>): string {
  const c = commentPrefix(proposal.files);
  const lines = [`${c} Preview: ${proposal.summary}.`, `${c} Nothing is written until you confirm; files that already exist are never replaced.`];
  for (const n of proposal.notes) lines.push(`${c} Note: ${n}`);
  const out = [lines.join('\n')];
  for (const f of proposal.files) {
    const body = f.content.endsWith('\n') ? f.content : `${f.content}\n`;
    out.push(`${c} ===== ${f.path} (${f.group}${f.direction === 'down' ? ', rollback' : f.direction === 'config' ? ', runner settings' : ''}) =====\n${body}`);
  }
  return out.join('\n\n');
}

/** The confirmation: its button and the detail listing what will be created. */
export function confirmation(
  proposal: Extract<Proposal, { kind: 'files' }>,
  folderLabel: string,
): { readonly button: string; readonly message: string; readonly detail: string } {
  const n = proposal.files.length;
  const files = n === 1 ? '1 file' : `${n} files`;
  const detail = [
    `${proposal.shape[0]!.toUpperCase()}${proposal.shape.slice(1)}. New in ${folderLabel}:`,
    ...proposal.files.map((f) => `  ${f.path}`),
    ...(proposal.notes.length ? ['', ...proposal.notes] : []),
  ].join('\n');
  return { button: n === 1 ? 'Write 1 File' : `Write ${n} Files`, message: `Write ${files} of phased migration for ${proposal.source}?`, detail };
}
