/**
 * Files Lockstep declines to analyse, with a reason a person can act on. Migrations are
 * small text files; a dump or a binary would stall an editor and produce nothing useful.
 */

/** How much of the start of a file is inspected for binary content. */
const SNIFF_CHARS = 8192;

export type Refusal =
  | { readonly kind: 'too-large'; readonly bytes: number; readonly limit: number }
  | { readonly kind: 'binary' }
  /** Analysis started but did not finish within the editor's time budget. */
  | { readonly kind: 'too-complex'; readonly budgetMs: number };

export function refusal(text: string, maxBytes: number): Refusal | undefined {
  // UTF-16 length bounds the UTF-8 size from below and 3× from above: measure only when close.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) return { kind: 'too-large', bytes, limit: maxBytes };
  }
  const head = text.slice(0, SNIFF_CHARS);
  if (head.includes('\u0000')) return { kind: 'binary' };
  // Invalid UTF-8 decodes to U+FFFD; a run of them means the file is not text.
  const replacements = head.split('\uFFFD').length - 1;
  if (replacements > 8 && replacements > head.length / 20) return { kind: 'binary' };
  return undefined;
}

/** "it is 3418 KB, above the 2048 KB limit (…)" — the reason alone, for any adapter's sentence. */
export function refusalReason(r: Refusal): string {
  switch (r.kind) {
    case 'too-large':
      return `it is ${formatBytes(r.bytes)}, above the ${formatBytes(r.limit)} limit (maxFileBytes in lockstep.config.json or the lockstep.maxFileBytes setting)`;
    case 'binary':
      return 'it does not look like text';
    case 'too-complex':
      return `it is too complex to analyse in time (analysis stopped after ${r.budgetMs / 1000} s so the editor stays responsive; \`lockstep lint\` on the command line has no limit)`;
  }
}

function formatBytes(n: number): string {
  if (n < 10 * 1024) return `${n} bytes`;
  if (n < 10 * 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${Math.round(n / 1024 / 1024)} MB`;
}
