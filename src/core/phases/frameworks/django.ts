import * as path from 'node:path';
import { namedChildren } from '../../sources/tree-sitter';
import { parseMigration } from '../../sources/django/adapter';
import { migrationKey } from '../../sources/django/history';
import { numberSequence, others } from '../naming';
import type { ConventionWriter, GeneratedFile } from '../types';
import { generated, hostFiles, indentLines, type HostBlock, type HostFile } from './host-files';
import { pyComments, pyString } from './python-text';

const MIGRATION = /^(\d{4,})_[A-Za-z0-9_]+\.py$/;

/**
 * Django `<app>/migrations/NNNN_<name>.py`, one migration per step, each depending on the
 * one before it and the first on the app's latest migration (plus the other apps the
 * replaced migration depended on). The database changes are `RunSQL` with the planner's
 * SQL (`reverse_sql` holds the step's rollback), `atomic = False` where a statement must
 * run outside a transaction. The replaced migration's operations are kept as the first
 * file's `SeparateDatabaseAndState(state_operations=[…])`, so the model state, and every
 * later `makemigrations`, is what it would have been.
 */
export const djangoWriter: ConventionWriter = {
  id: 'django',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing).filter((e) => MIGRATION.test(e));
    const next = numberSequence(
      existing.map((e) => MIGRATION.exec(e)![1]!),
      4,
    );
    const latest = [...existing].sort().pop()?.replace(/\.py$/, '');
    const folder = ctx.folder ?? '.';
    const app = migrationKey(path.join(folder, ctx.replacing ?? '0001_x.py'))?.app ?? path.basename(path.dirname(path.resolve(folder)));
    const replaced = ctx.replacing ? ctx.read(ctx.replacing) : undefined;
    const original = replaced ? parseMigration(replaced, app, '') : undefined;
    // The replaced migration's own dependencies on other apps still hold for the change.
    const label = original?.dependencies.find(([, name]) => name === latest)?.[0] ?? app;
    const crossApp = (original?.dependencies ?? []).filter(([a]) => a !== label);
    let previous: readonly (readonly [string, string])[] = [...(latest ? [[label, latest] as const] : []), ...crossApp];
    return hostFiles(plan, ctx).map((f, i): GeneratedFile => {
      const name = `${next()}_${f.description}`;
      const state =
        i === 0 && original?.module
          ? { imports: importsOf(original.module.root), operations: original.operations.map((o) => dedent(o.call.node.text, o.call.node.startPosition.column)) }
          : undefined;
      const content = migrationFile(f, previous, state);
      previous = [[label, name]];
      return generated(f, `${name}.py`, content);
    });
  },
};

/** A node's text with its continuation lines moved left by the column it started at. */
function dedent(text: string, column: number): string {
  const margin = new RegExp(`^ {0,${column}}`);
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.replace(margin, '')))
    .join('\n');
}

function importsOf(root: import('../../sources/tree-sitter').SyntaxNode): string[] {
  return namedChildren(root)
    .filter((n) => n.type === 'import_statement' || n.type === 'import_from_statement' || n.type === 'future_import_statement')
    .map((n) => n.text);
}

function migrationFile(f: HostFile, dependencies: readonly (readonly [string, string])[], state?: { imports: string[]; operations: string[] }): string {
  const operations: string[] = [];
  if (state && state.operations.length > 0) {
    operations.push(
      '# The model state of the migration these files replace; the database changes follow.',
      'migrations.SeparateDatabaseAndState(',
      '    state_operations=[',
      ...indentLines(
        state.operations.map((o) => `${o},`),
        '        ',
      ),
      '    ],',
      '),',
    );
  }
  const down = f.down ? statementsOf(f.down, f.transactional) : [];
  f.up.forEach((b, i) => {
    const reverse =
      i === 0 && down.length > 0 ? ['    reverse_sql=[', ...indentLines(down, '        '), '    ],'] : ['    reverse_sql=migrations.RunSQL.noop,'];
    operations.push('migrations.RunSQL(', '    sql=[', ...indentLines(statementsOf([b], f.transactional), '        '), '    ],', ...reverse, '),');
  });
  const kept = state?.imports ?? [];
  const imports = kept.some((l) => /^from django\.db import .*\bmigrations\b/.test(l)) ? kept : ['from django.db import migrations', ...kept];
  return [
    ...pyComments(f.header),
    ...imports,
    '',
    '',
    'class Migration(migrations.Migration):',
    ...(f.transactional ? [] : ['    atomic = False', '']),
    '    dependencies = [',
    ...dependencies.map(([a, n]) => `        (${pyString(a)}, ${pyString(n)}),`),
    '    ]',
    '',
    '    operations = [',
    ...indentLines(operations, '        '),
    '    ]',
    '',
  ].join('\n');
}

/** The SQL strings of blocks, for a `RunSQL` list; a block that needs its own transaction is one string with BEGIN/COMMIT. */
function statementsOf(blocks: readonly HostBlock[], _transactional: boolean): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.explicitTransaction) {
      const sql = ['BEGIN;', ...(b.lockTimeout ? [`${b.lockTimeout};`] : []), ...b.statements.map((s) => `${s.sql};`), 'COMMIT;'].join('\n');
      out.push(...b.statements.flatMap((s) => s.ignores.map((i) => `# ${i}`)), `${pyString(sql)},`);
      continue;
    }
    if (b.lockTimeout) out.push(`${pyString(b.lockTimeout)},`);
    for (const s of b.statements) {
      if (s.backfill) out.push('# Batched backfill: each batch commits on its own; rerunning skips rows already done.');
      out.push(...s.ignores.map((i) => `# ${i}`), `${pyString(s.sql)},`);
    }
  }
  return out;
}
