import * as fs from 'node:fs';
import * as path from 'node:path';

/** The migration folder as the writers see it: names relative to it, and file text on demand. */
export interface MigrationFolder {
  list(): string[];
  read(name: string): string | undefined;
}

const MAX_READ = 256 * 1024;

/** A folder on disk: its files and those one level down (Prisma keeps one folder per migration). */
export function diskFolder(dir: string): MigrationFolder {
  return {
    list() {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return [];
      }
      const out: string[] = [];
      for (const e of entries) {
        if (e.isFile()) out.push(e.name);
        else if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') {
          try {
            for (const f of fs.readdirSync(path.join(dir, e.name), { withFileTypes: true })) if (f.isFile()) out.push(`${e.name}/${f.name}`);
          } catch {
            // unreadable subfolder: not a migration
          }
        }
      }
      return out.sort();
    },
    read(name) {
      try {
        const file = path.join(dir, name);
        if (fs.statSync(file).size > MAX_READ) return undefined;
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export const emptyFolder: MigrationFolder = { list: () => [], read: () => undefined };
