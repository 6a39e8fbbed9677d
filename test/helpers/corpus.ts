import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared migration corpus beside the checkout, when present (absent on a plain clone). */
export const CORPUS_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_DIR);
}

export function corpusFiles(filter: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(p)) out.push(p);
    }
  };
  if (corpusAvailable()) walk(CORPUS_DIR);
  return out;
}

/** PostgreSQL .sql files: every .sql except umami's MySQL and ClickHouse folders. */
export function isPostgresSqlFile(path: string): boolean {
  return path.endsWith('.sql') && !/[\\/]db[\\/](mysql|clickhouse)[\\/]/.test(path);
}
