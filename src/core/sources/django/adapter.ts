import { basename, dirname } from 'node:path';
import type { Dialect } from '../../types';
import type { HostSpan, MigrationSource, SourceAdapter, SourceFile, SourceNote, SourceStatement } from '../adapter';
import { parsePython, type PythonModule } from '../python/module';
import { baseName, bool, readValue, str, strList, type PyCall, type PyValue } from '../python/values';
import { loadGrammar, namedChildren, type SyntaxNode } from '../tree-sitter';
import { readField, column, type Field } from './fields';
import { appMigrations, migrationKey, nearbyMigrationDirs, type MigrationFile } from './history';
import { indexName, q } from './names';
import { renderQ } from './q';
import { DjangoSchema, Untranslatable, type Model } from './schema';

/**
 * Django migrations (`<app>/migrations/0002_….py`): each operation of `Migration.operations`
 * becomes the SQL Django's PostgreSQL schema editor writes for it, computed from the models
 * as earlier migrations left them (the app's own and those it depends on, folded in
 * dependency order). `RunSQL` is the user's SQL, mapped into its string; `RunPython` runs
 * code Lockstep cannot see and is reported as not analysed. `atomic = False` runs the
 * migration outside a transaction. Migrations have no rollback section: reversing is Django's.
 */
export const djangoAdapter: SourceAdapter = {
  id: 'django',
  label: 'Django',
  languageIds: ['python'],
  globs: ['**/migrations/[0-9][0-9][0-9][0-9]_*.py'],
  recognises(file: SourceFile): boolean {
    if (file.path !== undefined && !file.path.endsWith('.py')) return false;
    // A cheap sniff, not a reading of the code: Django migrations subclass migrations.Migration.
    return file.text.includes('migrations.Migration') && file.text.includes('operations');
  },
  prepare: () => loadGrammar('python'),
  read: readDjango,
  advice: (ruleId: string) => DJANGO_ADVICE[ruleId],
  orderKey: (path: string) => migrationKey(path)?.name,
};

/** The safe forms in Django, by rule. */
const DJANGO_ADVICE: Readonly<Record<string, string>> = {
  'create-index-non-concurrently':
    'Use `AddIndexConcurrently` (django.contrib.postgres.operations) in a migration of its own with `atomic = False`: the index builds under SHARE UPDATE EXCLUSIVE, so reads and writes continue.',
  'concurrently-in-transaction': 'Set `atomic = False` on the migration: CONCURRENTLY cannot run inside the transaction Django wraps migrations in.',
  'constraint-without-not-valid':
    'Add the constraint with `AddConstraintNotValid` and validate it with `ValidateConstraint` in a later migration (django.contrib.postgres.operations, Django 4.0+), or with RunSQL (`ADD CONSTRAINT … NOT VALID`, then `VALIDATE CONSTRAINT`) wrapped in SeparateDatabaseAndState.',
  'backfill-in-migration':
    'Move the data change to its own migration with `atomic = False` and update in batches (by primary-key ranges) inside RunPython, so no schema lock is held while rows are written.',
  'require-lock-timeout':
    "Run `SET lock_timeout = '5s'` first (a RunSQL at the top of the migration, or `options: {'options': '-c lock_timeout=5000'}` in DATABASES) and retry when it times out.",
  'set-not-null-scans-table':
    'Add a CHECK (column IS NOT NULL) NOT VALID, validate it in a later migration, then make the field NOT NULL (PostgreSQL 12+ skips the scan) and drop the check.',
  'unique-constraint-builds-index':
    'Build the unique index with `AddIndexConcurrently` (a unique Index with a condition, or RunSQL `CREATE UNIQUE INDEX CONCURRENTLY`) with `atomic = False`, then attach it with RunSQL `ADD CONSTRAINT … UNIQUE USING INDEX`, inside SeparateDatabaseAndState so the model state matches.',
};

interface Operation {
  readonly call: PyCall;
  readonly kind: string;
}

export interface ParsedMigration {
  readonly app: string;
  readonly name: string;
  readonly atomic: boolean;
  readonly dependencies: readonly (readonly [string, string])[];
  readonly operations: readonly Operation[];
  readonly classNode?: SyntaxNode;
  readonly module?: PythonModule;
}

export function parseMigration(text: string, app: string, name: string): ParsedMigration {
  const module = parsePython(text);
  const cls = module?.functions.get('class Migration');
  const attrs = new Map<string, PyValue>();
  const bodyNode = cls?.childForFieldName('body');
  for (const stmt of bodyNode ? namedChildren(bodyNode) : []) {
    const assign = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
    const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : undefined;
    const right = assign?.childForFieldName('right');
    if (left?.type === 'identifier' && right) attrs.set(left.text, readValue(right));
  }
  const ops = attrs.get('operations');
  const dependencies = attrs.get('dependencies');
  return {
    app,
    name,
    atomic: bool(attrs.get('atomic')) ?? true,
    dependencies:
      dependencies?.kind === 'list'
        ? dependencies.items.flatMap((d) => {
            const pair = strList(d);
            return pair && pair.length === 2 ? [[pair[0]!, pair[1]!] as const] : [];
          })
        : [],
    operations: ops?.kind === 'list' ? ops.items.flatMap((o) => (o.kind === 'call' ? [{ call: o, kind: baseName(o.callee) }] : [])) : [],
    ...(cls ? { classNode: cls } : {}),
    ...(module ? { module } : {}),
  };
}

const parsedFiles = new WeakMap<MigrationFile, ParsedMigration>();
const labels = new Map<string, string>();

function parsedOf(f: MigrationFile, app: string): ParsedMigration {
  let p = parsedFiles.get(f);
  if (!p || p.app !== app) {
    p = parseMigration(f.text, app, f.name);
    parsedFiles.set(f, p);
  }
  return p;
}

/**
 * An app's label: what its own migrations call it in their dependencies (wagtail's
 * `wagtail/migrations` is `wagtailcore`), else its folder's name.
 */
function appLabel(appDir: string): string {
  const known = labels.get(appDir);
  if (known) return known;
  const files = appMigrations(appDir);
  const names = new Set(files.map((f) => f.name));
  // Each migration depends on its predecessor by the app's label, so the label named most
  // often for migrations of this folder is the app's own (a shared name like 0001_initial
  // also matches other apps, but far less often).
  const votes = new Map<string, number>();
  for (const f of files) {
    for (const [dep, name] of parsedOf(f, '').dependencies) if (names.has(name) && name !== f.name) votes.set(dep, (votes.get(dep) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  const label = best ? best[0] : basename(dirname(appDir));
  labels.set(appDir, label);
  return label;
}

/** The folder of an app label near this app, if Lockstep can find it. */
function appDirFor(label: string, near: string): string | undefined {
  if (appLabel(near) === label) return near;
  return nearbyMigrationDirs(near).find((d) => appLabel(d) === label);
}

/** The migrations applied before `target`, with their app labels, in an order Django could apply them. */
function history(
  path: string,
  name: string,
  dependencies: readonly (readonly [string, string])[],
): { app: string; files: { file: MigrationFile; app: string }[] } {
  const appDir = dirname(path);
  const app = appLabel(appDir);
  const byKey = new Map<string, { file: MigrationFile; app: string }>();
  const loaded = new Set<string>();
  const load = (label: string): void => {
    if (loaded.has(label)) return;
    loaded.add(label);
    const dir = appDirFor(label, appDir);
    for (const f of dir ? appMigrations(dir) : []) byKey.set(`${label}.${f.name}`, { file: f, app: label });
  };
  load(app);
  const out: { file: MigrationFile; app: string }[] = [];
  const done = new Set<string>();
  const visit = (key: string, stack: Set<string>): void => {
    if (done.has(key) || stack.has(key)) return;
    const entry = byKey.get(key);
    if (!entry) return;
    stack.add(key);
    for (const [depApp, depName] of parsedOf(entry.file, entry.app).dependencies) {
      load(depApp);
      const depKey = depName === '__first__' ? firstOf(byKey, depApp) : depName === '__latest__' ? lastOf(byKey, depApp) : `${depApp}.${depName}`;
      if (depKey) visit(depKey, stack);
    }
    stack.delete(key);
    done.add(key);
    out.push(entry);
  };
  // The file being read may differ from the disk (an editor buffer): its own dependencies lead.
  const target = `${app}.${name}`;
  for (const [depApp, depName] of dependencies) {
    load(depApp);
    visit(depName === '__first__' ? (firstOf(byKey, depApp) ?? '') : `${depApp}.${depName}`, new Set([target]));
  }
  return { app, files: out.filter((e) => `${e.app}.${e.file.name}` !== target) };
}

function firstOf(files: ReadonlyMap<string, { file: MigrationFile; app: string }>, app: string): string | undefined {
  return [...files.values()]
    .filter((f) => f.app === app)
    .map((f) => `${f.app}.${f.file.name}`)
    .sort()[0];
}
function lastOf(files: ReadonlyMap<string, { file: MigrationFile; app: string }>, app: string): string | undefined {
  return [...files.values()]
    .filter((f) => f.app === app)
    .map((f) => `${f.app}.${f.file.name}`)
    .sort()
    .at(-1);
}

function readDjango(file: SourceFile, options: { readonly dialect: Dialect }): MigrationSource {
  const key = file.path ? migrationKey(file.path) : undefined;
  const label = file.path && key ? appLabel(dirname(file.path)) : 'app';
  const migration = parseMigration(file.text, label, key?.name ?? 'migration');
  const past = file.path && key ? history(file.path, key.name, migration.dependencies) : undefined;
  const app = label;
  const base = {
    framework: 'django',
    annotations: [],
    transactional: migration.atomic && options.dialect !== 'mysql' && options.dialect !== 'mariadb',
  } as const;
  if (!migration.module) {
    return { ...base, statements: [], notes: [], comments: [], errors: [{ start: 0, end: 0, message: 'the Python parser is not loaded' }] };
  }
  const notes: SourceNote[] = [];
  const statements: SourceStatement[] = [];
  if (options.dialect !== 'postgresql') {
    notes.push({ range: { start: 0, end: 0 }, message: `Django migrations are translated for PostgreSQL only; not analysed for ${options.dialect}` });
    return { ...base, statements, notes, comments: migration.module.comments, errors: migration.module.errors };
  }
  const schema = new DjangoSchema();
  let known = true;
  if (past) {
    for (const { file: f, app: label } of past.files) {
      const earlier = parsedOf(f, label);
      for (const op of earlier.operations) {
        try {
          applyOperation(schema, earlier.app, op);
        } catch {
          // An earlier operation Lockstep cannot fold leaves that model's state unknown; later ones say so.
        }
      }
      schema.flush();
    }
  } else {
    known = false;
  }

  for (const op of migration.operations) {
    const range = span(op.call.node);
    schema.standIns = [];
    schema.skipped = [];
    try {
      const out = applyOperation(schema, app, op);
      if (out.kind === 'raw') {
        for (const s of out.sql) {
          statements.push({
            sql: s.value,
            kind: 'raw',
            range: span(s.node),
            offsets: s.offsets,
            ...(s.exact ? {} : { inexact: true }),
            direction: 'forward',
            call: op.kind,
          });
        }
        continue;
      }
      if (out.kind === 'note') {
        notes.push({ range, message: `not analysed: ${out.reason}` });
        continue;
      }
      for (const reason of schema.skipped) notes.push({ range, message: `not analysed: ${reason}` });
      const inexact = schema.standIns.length > 0;
      for (const sql of out.sql) statements.push({ sql, kind: 'translated', range, ...(inexact ? { inexact } : {}), direction: 'forward', call: op.kind });
    } catch (e) {
      if (!(e instanceof Untranslatable)) throw e;
      notes.push({ range, message: `not analysed: ${op.kind}: ${e.message}${known ? '' : ' (the earlier migrations of this app were not found)'}` });
    }
  }
  // Deferred SQL (indexes and foreign keys of new tables and columns) runs when the migration ends.
  const deferred = schema.flush();
  const last = migration.operations.at(-1);
  for (const sql of deferred)
    statements.push({ sql, kind: 'translated', range: last ? span(last.call.node) : { start: 0, end: 0 }, direction: 'forward', call: 'deferred' });
  return { ...base, statements, notes, comments: migration.module.comments, errors: migration.module.errors };
}

type OpOutput =
  | { readonly kind: 'sql'; readonly sql: readonly string[] }
  | { readonly kind: 'raw'; readonly sql: readonly Extract<PyValue, { kind: 'str' }>[] }
  | { readonly kind: 'note'; readonly reason: string };

const sql = (statements: readonly string[]): OpOutput => ({ kind: 'sql', sql: statements });

/** Applies one operation to the state and returns what Django runs for it. */
function applyOperation(schema: DjangoSchema, app: string, op: Operation): OpOutput {
  const { call } = op;
  const kw = (name: string, index: number): PyValue | undefined => call.kwargs.get(name) ?? call.args[index];
  const modelKey = (name: string | undefined): string => {
    if (name === undefined) throw new Untranslatable('the model name is not a literal');
    return `${app}.${name.toLowerCase()}`;
  };
  switch (op.kind) {
    case 'CreateModel': {
      const name = str(kw('name', 0));
      if (name === undefined) throw new Untranslatable('the model name is not a literal');
      const fieldsArg = kw('fields', 1);
      if (fieldsArg?.kind !== 'list') throw new Untranslatable('the fields are not a literal list');
      const fields = fieldsArg.items.map((item) => fieldPair(item, app));
      const options = kw('options', 2);
      const opt = (k: string) => (options?.kind === 'dict' ? options.entries.find(([key]) => str(key) === k)?.[1] : undefined);
      const table = str(opt('db_table')) ?? `${app}_${name.toLowerCase()}`;
      const model: Model = {
        app,
        name: name.toLowerCase(),
        table,
        fields,
        uniqueTogether: together(opt('unique_together')),
        indexTogether: together(opt('index_together')),
      };
      const constraints = opt('constraints');
      const indexes = opt('indexes');
      const inline = constraints?.kind === 'list' ? constraints.items.map((c) => constraintSql(model, c, true)) : [];
      const out = schema.createModel(model, inline);
      if (indexes?.kind === 'list') for (const ix of indexes.items) schema.deferred.push(indexSql(model, ix, false));
      return sql(out);
    }
    case 'DeleteModel':
      return sql(schema.deleteModel(schema.model(modelKey(str(kw('name', 0))))));
    case 'RenameModel': {
      const m = schema.model(modelKey(str(kw('old_name', 0))));
      const to = str(kw('new_name', 1));
      if (to === undefined) throw new Untranslatable('the new name is not a literal');
      const table = m.table === `${app}_${m.name}` ? `${app}_${to.toLowerCase()}` : m.table;
      return sql(schema.renameModel(m, to, table));
    }
    case 'AlterModelTable': {
      const m = schema.model(modelKey(str(kw('name', 0))));
      const table = str(kw('table', 1)) ?? `${app}_${m.name}`;
      const from = m.table;
      m.table = table;
      return sql(from === table ? [] : [`ALTER TABLE ${q(from)} RENAME TO ${q(table)}`]);
    }
    case 'AddField': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const name = str(kw('name', 1));
      const field = kw('field', 2);
      if (name === undefined || field?.kind !== 'call') throw new Untranslatable('the field is not a literal');
      const preserve = bool(call.kwargs.get('preserve_default'));
      const f = readField(name.toLowerCase(), field, app);
      const out = schema.addField(m, f);
      if (preserve === false) m.fields = m.fields.map((x) => (x === f ? { ...f, hasDefault: false } : x));
      return sql(out);
    }
    case 'RemoveField':
      return sql(schema.removeField(schema.model(modelKey(str(kw('model_name', 0)))), str(kw('name', 1)) ?? ''));
    case 'RenameField': {
      const from = str(kw('old_name', 1));
      const to = str(kw('new_name', 2));
      if (from === undefined || to === undefined) throw new Untranslatable('the field names are not literals');
      return sql(schema.renameField(schema.model(modelKey(str(kw('model_name', 0)))), from, to.toLowerCase()));
    }
    case 'AlterField': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const name = str(kw('name', 1));
      const field = kw('field', 2);
      if (name === undefined || field?.kind !== 'call') throw new Untranslatable('the field is not a literal');
      return sql(schema.alterField(m, name.toLowerCase(), readField(name.toLowerCase(), field, app)));
    }
    case 'AddIndex':
    case 'AddIndexConcurrently': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const index = kw('index', 1);
      if (!index) throw new Untranslatable('the index is not a literal');
      return sql([indexSql(m, index, op.kind === 'AddIndexConcurrently')]);
    }
    case 'RemoveIndex':
    case 'RemoveIndexConcurrently': {
      schema.model(modelKey(str(kw('model_name', 0))));
      const name = str(kw('name', 1));
      if (name === undefined) throw new Untranslatable('the index name is not a literal');
      return sql([`DROP INDEX ${op.kind === 'RemoveIndexConcurrently' ? 'CONCURRENTLY ' : ''}IF EXISTS ${q(name)}`]);
    }
    case 'AddConstraint':
    case 'AddConstraintNotValid': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const c = kw('constraint', 1);
      if (!c) throw new Untranslatable('the constraint is not a literal');
      return sql([constraintSql(m, c, false, op.kind === 'AddConstraintNotValid')]);
    }
    case 'RemoveConstraint': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const name = str(kw('name', 1));
      if (name === undefined) throw new Untranslatable('the constraint name is not a literal');
      return sql([`ALTER TABLE ${q(m.table)} DROP CONSTRAINT ${q(name)}`]);
    }
    case 'ValidateConstraint': {
      const m = schema.model(modelKey(str(kw('model_name', 0))));
      const name = str(kw('name', 1));
      if (name === undefined) throw new Untranslatable('the constraint name is not a literal');
      return sql([`ALTER TABLE ${q(m.table)} VALIDATE CONSTRAINT ${q(name)}`]);
    }
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether': {
      const m = schema.model(modelKey(str(kw('name', 0))));
      const value = call.kwargs.get(op.kind === 'AlterUniqueTogether' ? 'unique_together' : 'index_together') ?? call.args[1];
      return sql(schema.alterTogether(m, op.kind === 'AlterUniqueTogether' ? 'unique' : 'index', together(value)));
    }
    case 'RunSQL': {
      const arg = kw('sql', 0);
      const strings =
        arg?.kind === 'str' ? [arg] : arg?.kind === 'list' ? arg.items.filter((i): i is Extract<PyValue, { kind: 'str' }> => i.kind === 'str') : [];
      if (!strings.length) return { kind: 'note', reason: 'RunSQL whose SQL is not a literal string' };
      return { kind: 'raw', sql: strings };
    }
    case 'RunPython':
      return {
        kind: 'note',
        reason:
          'RunPython runs Python code Lockstep cannot see; a data migration here runs inside the migration (and its transaction unless atomic = False). Batch large updates in their own migration.',
      };
    case 'SeparateDatabaseAndState': {
      const dbOps = call.kwargs.get('database_operations') ?? call.args[0];
      const stateOps = call.kwargs.get('state_operations') ?? call.args[1];
      const out: string[] = [];
      // The database operations run against a copy of the state; the state operations then define the new state.
      const items = (v: PyValue | undefined) =>
        v?.kind === 'list' ? v.items.flatMap((o) => (o.kind === 'call' ? [{ call: o, kind: baseName(o.callee) }] : [])) : [];
      for (const inner of items(dbOps)) {
        const r = applyOperation(schema, app, inner);
        if (r.kind === 'sql') out.push(...r.sql);
        else if (r.kind === 'raw') out.push(...r.sql.map((s) => s.value));
      }
      for (const inner of items(stateOps)) {
        try {
          const saved = schema.deferred.length;
          applyOperation(schema, app, inner);
          schema.deferred.length = saved;
        } catch {
          // State of a model Lockstep does not know.
        }
      }
      return sql(out);
    }
    case 'AlterModelOptions':
    case 'AlterModelManagers':
    case 'AlterOrderWithRespectTo':
      return sql([]);
    default:
      return { kind: 'note', reason: `${op.kind} is not translated to SQL yet` };
  }
}

function fieldPair(item: PyValue, app: string): Field {
  if (item.kind !== 'list' || item.items.length !== 2) throw new Untranslatable('a field that is not a (name, field) pair');
  const [nameV, fieldV] = item.items;
  const name = str(nameV);
  if (name === undefined || fieldV?.kind !== 'call') throw new Untranslatable('a field that is not a literal');
  return readField(name.toLowerCase(), fieldV, app);
}

function together(v: PyValue | undefined): string[][] {
  if (!v || v.kind === 'const') return [];
  if (v.kind === 'call' && (v.callee === 'set' || v.callee === 'tuple' || v.callee === 'list') && !v.args.length) return [];
  if (v.kind !== 'list') throw new Untranslatable('unique_together/index_together is not a literal');
  if (v.items.every((i) => i.kind === 'str')) return [strList(v)!];
  return v.items.map((i) => {
    const names = strList(i);
    if (!names) throw new Untranslatable('unique_together/index_together is not a literal');
    return names;
  });
}

function fieldColumns(m: Model, names: readonly string[]): string[] {
  return names.map((n) => {
    const f = m.fields.find((x) => x.name === n.toLowerCase());
    if (!f) throw new Untranslatable(`field ${m.name}.${n} is not known`);
    return column(f);
  });
}

/** `models.Index(fields=[…], name=…, condition=Q(…))` → CREATE INDEX. */
function indexSql(m: Model, v: PyValue, concurrently: boolean): string {
  if (v.kind !== 'call') throw new Untranslatable('the index is not a literal');
  const fields = strList(v.kwargs.get('fields'));
  if (!fields || v.args.length) throw new Untranslatable('an index on expressions is not translated yet');
  const columns = fields.map((f) => (f.startsWith('-') ? `${q(fieldColumns(m, [f.slice(1)])[0]!)} DESC` : q(fieldColumns(m, [f])[0]!)));
  const name =
    str(v.kwargs.get('name')) ??
    indexName(
      m.table,
      fieldColumns(
        m,
        fields.map((f) => f.replace(/^-/, '')),
      ),
      '_idx',
    );
  const kind = baseName(v.callee);
  const using = kind === 'Index' ? '' : ` USING ${kind.replace(/Index$/, '').toLowerCase()}`;
  const include = strList(v.kwargs.get('include'));
  const condition = v.kwargs.get('condition');
  const where = condition ? ` WHERE ${renderQ(m, condition)}` : '';
  const inc = include?.length ? ` INCLUDE (${fieldColumns(m, include).map(q).join(', ')})` : '';
  return `CREATE INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${q(name)} ON ${q(m.table)}${using} (${columns.join(', ')})${inc}${where}`;
}

/** UniqueConstraint and CheckConstraint, inline in CREATE TABLE or as ALTER TABLE … ADD CONSTRAINT. */
function constraintSql(m: Model, v: PyValue, inline: boolean, notValid = false): string {
  if (v.kind !== 'call') throw new Untranslatable('the constraint is not a literal');
  const kind = baseName(v.callee);
  const name = str(v.kwargs.get('name'));
  if (name === undefined) throw new Untranslatable('the constraint name is not a literal');
  let body: string;
  if (kind === 'UniqueConstraint') {
    const fields = strList(v.kwargs.get('fields'));
    if (!fields) throw new Untranslatable('a unique constraint on expressions is not translated yet');
    const condition = v.kwargs.get('condition');
    if (condition) {
      if (inline) throw new Untranslatable('a conditional unique constraint inside CreateModel is not translated yet');
      return `CREATE UNIQUE INDEX ${q(name)} ON ${q(m.table)} (${fieldColumns(m, fields).map(q).join(', ')}) WHERE ${renderQ(m, condition)}`;
    }
    body = `UNIQUE (${fieldColumns(m, fields).map(q).join(', ')})`;
  } else if (kind === 'CheckConstraint') {
    const check = v.kwargs.get('check');
    if (!check) throw new Untranslatable('the check is not a literal');
    body = `CHECK (${renderQ(m, check)})`;
  } else {
    throw new Untranslatable(`${kind} is not translated yet`);
  }
  const clause = `CONSTRAINT ${q(name)} ${body}`;
  return inline ? clause : `ALTER TABLE ${q(m.table)} ADD ${clause}${notValid ? ' NOT VALID' : ''}`;
}

function span(node: SyntaxNode): HostSpan {
  return { start: node.startIndex, end: node.endIndex };
}
