import { formatBytes } from './format-bytes';

/**
 * Why a file should not be linted, or undefined when it can be. Migrations are small text
 * files; a dump or a binary would stall an editor and produce nothing useful.
 */
export function refuseReason(content: Uint8Array, maxBytes: number): string | undefined {
  if (content.byteLength > maxBytes) {
    return `${formatBytes(content.byteLength)} is larger than the ${formatBytes(maxBytes)} limit (set "maxFileBytes" in lockstep.config.json to raise it)`;
  }
  const head = content.subarray(0, 8192);
  if (head.includes(0)) return 'it looks like a binary file, not SQL or source text';
  return undefined;
}
