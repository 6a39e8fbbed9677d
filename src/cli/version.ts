// Replaced at bundle time by esbuild's `define`; the fallback serves runs from source.
declare const LOCKSTEP_VERSION: string | undefined;
export const VERSION: string = typeof LOCKSTEP_VERSION === 'string' ? LOCKSTEP_VERSION : '0.0.0-dev';
