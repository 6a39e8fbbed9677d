import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dialect } from '../../types';
import type { Direction, HostSpan, MigrationSource, ProjectDatabase, SourceAdapter, SourceFile, SourceNote, SourceStatement } from '../adapter';
import { parsePython } from '../python/module';
import { bool, dottedName, readCall, str } from '../python/values';
import { captures, loadGrammar, namedChildren, type SyntaxNode } from '../tree-sitter';
import { findUpwards, keyValue } from '../upwards';
import { translateOp, type BatchTable } from './ops';

/**
 * Alembic revisions (`versions/*.py`): `upgrade()` runs forward, `downgrade()` is rollback.
 * Each `op.*` call (and each call on a `batch_alter_table` alias) becomes the SQL Alembic
 * emits for PostgreSQL; `op.execute("…")` is the user's own SQL, mapped into its string;
 * `autocommit_block()` ends the migration's transaction around its body, as Alembic does by
 * emitting COMMIT before and BEGIN after. Helper functions of the same module called from
 * `upgrade` are followed.
 */
export const alembicAdapter: SourceAdapter = {
  id: 'alembic',
  label: 'Alembic',
  languageIds: ['python'],
  globs: ['**/versions/*.py'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined && !file.path.endsWith('.py')) return false;
    // A cheap sniff of the text, not a reading of the code: Alembic revisions name their revision and an upgrade.
    return file.text.includes('def upgrade') && /\brevision\b/.test(file.text) && file.text.includes('down_revision');
  },
  projectDatabase: alembicDatabase,
  prepare: () => loadGrammar('python'),
  read: readAlembic,
  advice: (ruleId: string) => ALEMBIC_ADVICE[ruleId],
  orderKey: () => undefined,
};

/** The safe forms in Alembic, by rule. */
const ALEMBIC_ADVICE: Readonly<Record<string, string>> = {
  'create-index-non-concurrently':
    'Use `op.create_index(…, postgresql_concurrently=True)` inside `with op.get_context().autocommit_block():`: the index builds under SHARE UPDATE EXCLUSIVE, so reads and writes continue.',
  'concurrently-in-transaction':
    "Put the call inside `with op.get_context().autocommit_block():`, which commits the migration's transaction first: CONCURRENTLY cannot run inside one.",
  'constraint-without-not-valid':
    'Add it with `postgresql_not_valid=True` (`op.create_foreign_key(…)`, `op.create_check_constraint(…)`), then `op.execute("ALTER TABLE … VALIDATE CONSTRAINT …")` in a later revision: validation scans without blocking writes.',
  'backfill-in-migration':
    'Move the data change to its own revision and update in batches inside `autocommit_block()` (each batch commits), so no schema lock is held while rows are written.',
  'require-lock-timeout': 'Run `op.execute("SET lock_timeout = \'5s\'")` first and retry when it times out.',
  'set-not-null-scans-table':
    'Add `op.create_check_constraint(…, "column IS NOT NULL", postgresql_not_valid=True)`, validate it in a later revision, then `op.alter_column(…, nullable=False)` (PostgreSQL 12+ skips the scan) and drop the check.',
};

function readAlembic(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const module = parsePython(file.text);
  const transactional = options.dialect === 'postgresql' && (file.path === undefined || envTransactional(join(dirname(dirname(file.path)), 'env.py')));
  const base = { framework: 'alembic', annotations: [], transactional } as const;
  if (!module) {
    return { ...base, statements: [], notes: [], comments: [], errors: [{ start: 0, end: 0, message: 'the Python parser is not loaded' }] };
  }
  const statements: SourceStatement[] = [];
  const notes: SourceNote[] = [];
  if (options.dialect !== 'postgresql') {
    notes.push({ range: { start: 0, end: 0 }, message: `Alembic migrations are translated for PostgreSQL only; not analysed for ${options.dialect}` });
    return { ...base, statements, notes, comments: module.comments, errors: module.errors };
  }
  const helpers = module.functions;
  const visiting = new Set<string>();

  const emit = (sql: string, range: HostSpan, direction: Direction, call: string, backfill = false) =>
    statements.push({ sql, kind: 'translated', range, direction, call, ...(backfill ? { backfill } : {}) });

  const walk = (node: SyntaxNode, direction: Direction, batches: ReadonlyMap<string, BatchTable>): void => {
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') return;
    if (node.type === 'with_statement') {
      withStatement(node, direction, batches);
      return;
    }
    if (node.type === 'call') {
      if (call(node, direction, batches)) return;
    }
    for (const child of namedChildren(node)) walk(child, direction, batches);
  };

  const withStatement = (node: SyntaxNode, direction: Direction, batches: ReadonlyMap<string, BatchTable>): void => {
    const inner = new Map(batches);
    let autocommit: SyntaxNode | undefined;
    const clause = namedChildren(node).find((c) => c.type === 'with_clause');
    for (const item of clause ? namedChildren(clause) : []) {
      const value = item.childForFieldName('value');
      const expr = value?.type === 'as_pattern' ? namedChildren(value)[0] : value;
      const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
      if (expr?.type !== 'call') continue;
      const fn = expr.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (method === 'batch_alter_table' && alias) {
        const c = readCall(expr);
        const table = str(c.kwargs.get('table_name') ?? c.args[0]);
        const schema = str(c.kwargs.get('schema'));
        if (table !== undefined) inner.set(alias, { table, ...(schema ? { schema } : {}) });
        else notes.push({ range: span(expr), message: 'not analysed: batch_alter_table with a table name that is not a literal' });
      } else if (method === 'autocommit_block') {
        autocommit = expr;
      }
    }
    if (autocommit) emit('COMMIT', span(autocommit), direction, 'autocommit_block');
    const block = node.childForFieldName('body');
    if (block) walk(block, direction, inner);
    if (autocommit) emit('BEGIN', span(autocommit), direction, 'autocommit_block');
  };

  /** Handles a call it recognises; false to keep walking into it. */
  const call = (node: SyntaxNode, direction: Direction, batches: ReadonlyMap<string, BatchTable>): boolean => {
    const fn = node.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'identifier' && helpers.has(fn.text) && !visiting.has(fn.text)) {
      const def = helpers.get(fn.text)!;
      visiting.add(fn.text);
      const block = def.childForFieldName('body');
      if (block) walk(block, direction, batches);
      visiting.delete(fn.text);
      return true;
    }
    if (fn.type !== 'attribute') return false;
    const receiver = fn.childForFieldName('object');
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const receiverName = receiver ? dottedName(receiver) : undefined;
    const parsed = readCall(node);
    if (receiverName === 'op' || (receiverName !== undefined && batches.has(receiverName))) {
      const batch = receiverName === 'op' ? undefined : batches.get(receiverName);
      result(translateOp(method, parsed, batch), node, direction, `${receiverName}.${method}`);
      return true;
    }
    if (method === 'execute') {
      // `op.get_bind().execute(…)`, `conn.execute(…)`: SQL the migration runs itself.
      result(translateOp('execute', parsed), node, direction, `${fn.text.slice(0, 40)}`);
      return true;
    }
    return false;
  };

  const result = (r: ReturnType<typeof translateOp>, node: SyntaxNode, direction: Direction, callName: string): void => {
    switch (r.kind) {
      case 'sql':
        for (const sql of r.statements) emit(sql, span(node), direction, callName, r.backfill);
        return;
      case 'raw':
        statements.push({
          sql: r.sql.value,
          kind: 'raw',
          range: span(r.sql.node),
          offsets: r.sql.offsets,
          ...(r.sql.exact && !r.bound ? {} : { inexact: true }),
          direction,
          call: callName,
        });
        return;
      case 'note':
        if (direction === 'forward') notes.push({ range: span(node), message: `not analysed: ${r.reason}` });
        return;
      case 'none':
        return;
    }
  };

  for (const [name, def] of module.functions) {
    const direction: Direction | undefined = name.startsWith('upgrade') ? 'forward' : name.startsWith('downgrade') ? 'rollback' : undefined;
    const block = direction ? def.childForFieldName('body') : undefined;
    if (direction && block) {
      visiting.add(name);
      walk(block, direction, new Map());
      visiting.delete(name);
    }
  }
  return { ...base, statements, notes, comments: module.comments, errors: module.errors };
}

const envCache = new Map<string, { mtimeMs: number; transactional: boolean }>();

/**
 * Whether the project's env.py runs migrations in a transaction: Alembic does on PostgreSQL
 * unless `context.configure(…, transactional_ddl=False)` says otherwise (as for the online
 * runs that real deployments use).
 */
function envTransactional(envPath: string): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(envPath).mtimeMs;
  } catch {
    return true;
  }
  const hit = envCache.get(envPath);
  if (hit?.mtimeMs === mtimeMs) return hit.transactional;
  const module = parsePython(readFileSync(envPath, 'utf8'));
  const off = module
    ? captures('python', '(call function: (attribute attribute: (identifier) @m (#eq? @m "configure"))) @c', module.root)
        .filter((n) => n.type === 'call')
        .some((n) => bool(readCall(n).kwargs.get('transactional_ddl')) === false)
    : false;
  envCache.set(envPath, { mtimeMs, transactional: !off });
  return !off;
}

function span(node: SyntaxNode): HostSpan {
  return { start: node.startIndex, end: node.endIndex };
}

/** A revision's id and the ids it follows, read from its module-level assignments. */
export interface RevisionLink {
  readonly revision: string;
  readonly downRevisions: readonly string[];
}

export function revisionLink(text: string): RevisionLink | undefined {
  const module = parsePython(text);
  const revision = str(module?.assignments.get('revision'));
  if (!module || revision === undefined) return undefined;
  const down = module.assignments.get('down_revision');
  const downRevisions = down?.kind === 'str' ? [down.value] : down?.kind === 'list' ? down.items.flatMap((i) => (i.kind === 'str' ? [i.value] : [])) : [];
  return { revision, downRevisions };
}

/**
 * Revisions in the order `alembic upgrade heads` applies them: every revision after the
 * ones it names in `down_revision` (a topological order; ties by file name).
 */
export function orderRevisions<T extends { readonly path: string; readonly link: RevisionLink }>(files: readonly T[]): T[] {
  const byId = new Map(files.map((f) => [f.link.revision, f]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (f: T, stack: Set<string>): void => {
    if (done.has(f.link.revision) || stack.has(f.link.revision)) return;
    stack.add(f.link.revision);
    for (const d of f.link.downRevisions) {
      const parent = byId.get(d);
      if (parent) visit(parent, stack);
    }
    stack.delete(f.link.revision);
    done.add(f.link.revision);
    out.push(f);
  };
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) visit(f, new Set());
  return out;
}

/** `sqlalchemy.url` in the nearest alembic.ini: its scheme names the database. */
function alembicDatabase(filePath: string, readFile: (path: string) => string | undefined): ProjectDatabase | undefined {
  return findUpwards(
    dirname(filePath),
    (dir) => {
      const ini = readFile(join(dir, 'alembic.ini'));
      // No interpolation: a `%(…)s` URL names no scheme and is ignored.
      const url = ini ? keyValue(ini, 'sqlalchemy.url') : undefined;
      if (!url) return undefined;
      const scheme = url.split(':')[0]!.split('+')[0]!.toLowerCase();
      const dialect: Dialect | undefined = scheme.startsWith('postgres')
        ? 'postgresql'
        : scheme === 'mysql'
          ? 'mysql'
          : scheme === 'mariadb'
            ? 'mariadb'
            : scheme === 'sqlite'
              ? 'sqlite'
              : undefined;
      return dialect ? { dialect, reason: `sqlalchemy.url in ${join(dir, 'alembic.ini')}` } : undefined;
    },
    6,
  );
}
