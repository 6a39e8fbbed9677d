/** Loaded on first use: the WASM module is large and most commands never need it. */
export function loadPglite(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}
