import type { SqlJsStatic } from 'sql.js';

/**
 * sql.js: SQLite compiled to WebAssembly, loaded once per process. It is the engine the
 * parser asks before reporting a syntax error, and the one the simulator runs on.
 * The SQLite version inside is pinned by the exact sql.js version in package.json and
 * checked by a test, because rules compare it with the user's target version.
 */
export const BUNDLED_SQLITE_VERSION = '3.54.1';

let loading: Promise<SqlJsStatic> | undefined;

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const init = require('sql.js') as (config?: { locateFile?: (file: string) => string }) => Promise<SqlJsStatic>;
    return init({ locateFile: (file) => locateWasm(file) });
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The wasm file next to sql.js in node_modules, or next to the bundle when packaged. */
function locateWasm(file: string): string {
  try {
    return require.resolve(`sql.js/dist/${file}`);
  } catch {
    return `${__dirname}/${file}`;
  }
}

/** Messages SQLite's parser gives for text it cannot parse (as opposed to unknown tables or columns). */
export function isSqliteSyntaxError(message: string): boolean {
  return /syntax error|incomplete input|unrecognized token/i.test(message);
}
