import type { Dialect } from '../types';
import { loadMariadbParser, loadMysqlParser } from './mysql/parser';
import { loadPostgresParser } from './postgres/parser';
import { loadSqliteParser } from './sqlite/parser';
import type { DialectParser } from './statement';

const loaders: Partial<Record<Dialect, () => Promise<DialectParser>>> = {
  postgresql: loadPostgresParser,
  mysql: () => loadMysqlParser('mysql'),
  mariadb: loadMariadbParser,
  sqlite: loadSqliteParser,
};

const cache = new Map<Dialect, Promise<DialectParser>>();

/** The parser for a dialect, loaded once (each one instantiates a WASM module or a large grammar). */
export function loadParser(dialect: Dialect): Promise<DialectParser> {
  let parser = cache.get(dialect);
  if (!parser) {
    const load = loaders[dialect];
    if (!load) return Promise.reject(new Error(`The ${dialect} dialect is not supported yet.`));
    parser = load();
    cache.set(dialect, parser);
    parser.catch(() => cache.delete(dialect));
  }
  return parser;
}
