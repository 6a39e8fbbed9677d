import { createHash } from 'node:crypto';
import { alembicAdapter, revisionLink } from '../../sources/alembic/adapter';
import type { Operation } from '../../operations';
import { others } from '../naming';
import type { ConventionWriter, GeneratedFile } from '../types';
import { blockLines, emitsExactly, generated, hostFiles, indentLines, type HostBlock, type HostFile, type HostSyntax } from './host-files';
import { operationsOf } from './host-sql';
import { pyComments, pyString } from './python-text';

/**
 * Alembic revisions `versions/<rev>_<name>.py`, one per step, chained by `down_revision`
 * after the current head (the replaced revision left out). Statements run in Alembic's
 * transaction; one that must run outside a transaction block (CONCURRENTLY, the backfill)
 * sits in `op.get_context().autocommit_block()`. `op.create_index(…,
 * postgresql_concurrently=True)` and the other `op.*` calls are used where one emits
 * exactly the planner's statement, `op.execute` otherwise.
 */
export const alembicWriter: ConventionWriter = {
  id: 'alembic',
  hasDown: true,
  write(plan, ctx) {
    const links = others(ctx.existing, ctx.replacing)
      .filter((e) => e.endsWith('.py') && !e.includes('/'))
      .sort()
      .flatMap((e) => {
        const link = revisionLink(ctx.read(e) ?? '');
        return link ? [link] : [];
      });
    const replaced = ctx.replacing ? revisionLink(ctx.read(ctx.replacing) ?? '') : undefined;
    const pointedAt = new Set(links.flatMap((l) => l.downRevisions));
    // The head the replaced revision followed, else the newest head of the folder.
    const heads = links.map((l) => l.revision).filter((r) => !pointedAt.has(r));
    let previous: string | undefined = replaced?.downRevisions.find((r) => heads.includes(r)) ?? heads.at(-1);
    return hostFiles(plan, ctx).map((f): GeneratedFile => {
      const revision = createHash('sha256').update(`${ctx.now.toISOString()} ${f.description}`).digest('hex').slice(0, 12);
      const content = revisionFile(f, revision, previous, ctx.now);
      previous = revision;
      return generated(f, `${revision}_${f.description}.py`, content);
    });
  },
};

function revisionFile(f: HostFile, revision: string, down: string | undefined, now: Date): string {
  const docstring = [
    f.description,
    '',
    ...f.header,
    '',
    `Revision ID: ${revision}`,
    `Revises: ${down ?? ''}`,
    `Create Date: ${now
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '')}`,
  ]
    .join('\n')
    .replace(/\\/g, '\\\\')
    .replace(/"""/g, '\\"\\"\\"');
  return [
    `"""${docstring}`,
    '"""',
    'from alembic import op',
    '',
    '# revision identifiers, used by Alembic.',
    `revision = ${pyString(revision)}`,
    `down_revision = ${down ? pyString(down) : 'None'}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    ...indentLines(body(f.up), '    '),
    '',
    '',
    'def downgrade():',
    ...indentLines(f.down ? body(f.down) : [`# ${f.noDown}`, 'pass'], '    '),
    '',
  ].join('\n');
}

const ALEMBIC_SYNTAX: HostSyntax = {
  comment: (text) => pyComments([text])[0]!,
  setLockTimeout: (sql) => `op.execute(${pyString(sql)})`,
  run: (s) => [s.backfill ? `op.execute(${pyString(s.sql)})` : call(s.sql)],
};

function body(blocks: readonly HostBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const inner = blockLines(b, ALEMBIC_SYNTAX);
    // Alembic's own way out of the migration's transaction for what cannot run in one.
    out.push(...(b.outside ? ['with op.get_context().autocommit_block():', ...indentLines(inner, '    ')] : inner));
  }
  return out.length ? out : ['pass'];
}

function call(sql: string): string {
  const ops = operationsOf(sql);
  const candidate = ops?.length === 1 ? opCall(ops[0]!) : undefined;
  return candidate && emitsExactly(alembicAdapter, probe(candidate), sql) ? candidate : `op.execute(${pyString(sql)})`;
}

function opCall(op: Operation): string | undefined {
  if ('table' in op && op.table?.schema) return undefined;
  switch (op.kind) {
    case 'create-index':
      if (!op.name || op.where || op.ifNotExists) return undefined;
      return `op.create_index(${pyString(op.name)}, ${pyString(op.table.name)}, [${op.columns.map(pyString).join(', ')}]${op.unique ? ', unique=True' : ''}${op.concurrently ? ', postgresql_concurrently=True' : ''})`;
    case 'drop-column':
      return `op.drop_column(${pyString(op.table.name)}, ${pyString(op.column)})`;
    case 'set-not-null':
    case 'drop-not-null':
      return `op.alter_column(${pyString(op.table.name)}, ${pyString(op.column)}, nullable=${op.kind === 'set-not-null' ? 'False' : 'True'})`;
    default:
      return undefined;
  }
}

function probe(candidate: string): string {
  return `from alembic import op\n\nrevision = "probe"\ndown_revision = None\n\n\ndef upgrade():\n    ${candidate}\n`;
}
