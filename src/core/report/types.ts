import type { Finding } from '../rules/types';

/** One linted file's findings, as reporters receive them. */
export interface FileReport {
  /** Path as the user should see it (relative to the working directory when possible). */
  readonly path: string;
  readonly findings: readonly Finding[];
}

/** A file that was not linted, and why (binary, too large, unreadable). */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'compact';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'compact'];
