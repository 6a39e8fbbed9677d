import type { Operation } from '../../operations';
import { railsAdapter } from '../../sources/rails';
import { railsMigrationVersion } from '../../sources/rails/translate';
import { compactTimestamp, others, pascal, timestampSequence } from '../naming';
import type { ConventionWriter, GeneratedFile, Step } from '../types';
import { blockLines, emitsExactly, generated, hostFiles, indentLines, type HostBlock, type HostFile } from './host-files';
import { operationsOf } from './host-sql';

const MIGRATION = /^(\d{14})_[a-z0-9_]+\.rb$/;
/** Migration[x.y] for a folder without migrations: the ActiveRecord Debian 12 ships. */
const DEFAULT_VERSION = '6.1';

/**
 * Rails `db/migrate/<timestamp>_<name>.rb`, one migration class per step, named as Rails
 * expects (the file name camelized) and inheriting the compatibility version of the
 * folder's latest migration. A step that must run outside a transaction block gets
 * `disable_ddl_transaction!`; ActiveRecord's own calls are used where one emits exactly
 * the planner's statement (`add_index … algorithm: :concurrently`, `add_foreign_key …
 * validate: false`, `validate_foreign_key`, `add_check_constraint … validate: false`,
 * `change_column_null`, …), `execute` with the planner's SQL otherwise.
 */
export const railsWriter: ConventionWriter = {
  id: 'rails',
  hasDown: true,
  write(plan, ctx) {
    const existing = others(ctx.existing, ctx.replacing).filter((e) => MIGRATION.test(e.split('/').pop()!));
    const stamps = timestampSequence(
      ctx.now,
      existing.map((e) => MIGRATION.exec(e.split('/').pop()!)![1]!),
    );
    const latest = [...existing].sort().pop();
    const replaced = ctx.replacing ? ctx.read(ctx.replacing) : undefined;
    const version = (latest && railsMigrationVersion(ctx.read(latest) ?? '')) ?? (replaced && railsMigrationVersion(replaced)) ?? DEFAULT_VERSION;
    const names = planNames(plan.phases.flatMap((p) => p.steps));
    return hostFiles(plan, ctx).map((f): GeneratedFile => {
      const name = `${compactTimestamp(stamps())}_${f.description}.rb`;
      return generated(f, name, migrationClass(f, version, names));
    });
  },
};

function migrationClass(f: HostFile, version: string, names: PlanNames): string {
  const calls = new RailsCalls(Number(version), names.constraints, names.indexes);
  const lines = [
    ...f.header.map((l) => (l ? `# ${l}` : '#')),
    `class ${pascal(f.description)} < ActiveRecord::Migration[${version}]`,
    ...(f.transactional ? [] : ['  disable_ddl_transaction!', '']),
    '  def up',
    ...indentLines(body(f.up, calls), '    '),
    '  end',
    '',
    '  def down',
    ...indentLines(f.down ? body(f.down, calls) : [`# ${f.noDown}`], '    '),
    '  end',
    'end',
    '',
  ];
  return lines.join('\n');
}

function body(blocks: readonly HostBlock[], calls: RailsCalls): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const inner = blockLines(b, {
      comment: (text) => `# ${text}`,
      setLockTimeout: (sql) => `execute ${rubyString(sql)}`,
      run: (s, block) => (s.backfill ? execute(s.sql) : calls.call(s.sql, block.outside)),
    });
    out.push(...(b.explicitTransaction ? ['transaction do', ...indentLines(inner, '  '), 'end'] : inner));
  }
  return out;
}

/** `execute` with the SQL as a literal heredoc (no interpolation), or a one-line string. */
function execute(sql: string): string[] {
  if (!sql.includes('\n')) return [`execute ${rubyString(sql)}`];
  let tag = 'SQL';
  while (sql.split('\n').some((l) => l.trim() === tag)) tag += '_';
  return [`execute <<~'${tag}'`, ...indentLines(sql.split('\n'), '  '), tag];
}

/** A Ruby string literal holding `s` exactly: double quotes when that needs no escapes, else single quotes. */
function rubyString(s: string): string {
  if (s.includes("'") && !/["\\#\n]/.test(s)) return `"${s}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A SQL default as a Ruby value ActiveRecord quotes back to the same SQL; undefined otherwise. */
function rubyValue(sql: string): string | undefined {
  const text = /^'((?:[^']|'')*)'(?:::[a-z ]+)?$/i.exec(sql.trim());
  if (text) return rubyString(text[1]!.replace(/''/g, "'"));
  if (/^-?\d+(\.\d+)?$/.test(sql.trim())) return sql.trim();
  if (/^(true|false)$/i.test(sql.trim())) return sql.trim().toLowerCase();
  return undefined;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const sym = (name: string): string => (IDENT.test(name) ? `:${name}` : rubyString(name));

interface PlanNames {
  /** Constraint kind by name, so VALIDATE and DROP pick the right Rails call. */
  readonly constraints: ReadonlyMap<string, 'foreign-key' | 'check'>;
  /** The table of each index the plan builds, for `remove_index` (DROP INDEX names no table). */
  readonly indexes: ReadonlyMap<string, string>;
}

function planNames(steps: readonly Step[]): PlanNames {
  const constraints = new Map<string, 'foreign-key' | 'check'>();
  const indexes = new Map<string, string>();
  const visit = (sql: string): void => {
    for (const op of operationsOf(sql) ?? []) {
      if (op.kind === 'add-constraint' && op.name && (op.constraint === 'foreign-key' || op.constraint === 'check')) constraints.set(op.name, op.constraint);
      if (op.kind === 'create-index' && op.name && !op.table.schema) indexes.set(op.name, op.table.name);
    }
  };
  const walk = (s: Step): void => {
    if (s.kind === 'transaction') s.statements.forEach((x) => visit(x.sql));
    else if (s.kind === 'alone') visit(s.statement.sql);
    s.down.forEach(walk);
  };
  steps.forEach(walk);
  return { constraints, indexes };
}

/** ActiveRecord calls for single-operation statements; each is kept only if it emits exactly the statement. */
class RailsCalls {
  constructor(
    private readonly version: number,
    private readonly kinds: ReadonlyMap<string, string>,
    private readonly indexTables: ReadonlyMap<string, string>,
  ) {}

  call(sql: string, outside: boolean): string[] {
    const ops = operationsOf(sql);
    const candidate = ops?.length === 1 ? this.candidate(ops[0]!) : undefined;
    if (!candidate) return execute(sql);
    // `IF [NOT] EXISTS` is not in the operation: try the call with Rails' option too.
    const guarded =
      this.version >= 6.1 ? [/^(add_column|add_index)\b/.test(candidate) ? `${candidate}, if_not_exists: true` : `${candidate}, if_exists: true`] : [];
    const found = [candidate, ...guarded].find((c) => emitsExactly(railsAdapter, probe(c, outside, this.version), sql));
    return found ? [found] : execute(sql);
  }

  private candidate(op: Operation): string | undefined {
    if ('table' in op && op.table?.schema) return undefined;
    switch (op.kind) {
      case 'create-index': {
        if (!op.name || op.ifNotExists) return undefined;
        const cols = op.columns.every((c) => IDENT.test(c))
          ? op.columns.length === 1
            ? sym(op.columns[0]!)
            : `[${op.columns.map(sym).join(', ')}]`
          : rubyString(op.columns.join(', '));
        const opts = [
          `name: ${rubyString(op.name)}`,
          ...(op.unique ? ['unique: true'] : []),
          ...(op.where ? [`where: ${rubyString(op.where)}`] : []),
          ...(op.concurrently ? ['algorithm: :concurrently'] : []),
        ];
        return `add_index ${sym(op.table.name)}, ${cols}, ${opts.join(', ')}`;
      }
      case 'add-constraint':
        if (!op.name) return undefined;
        if (
          op.constraint === 'foreign-key' &&
          op.references &&
          op.columns.length === 1 &&
          op.references.columns.length === 1 &&
          !op.references.table.schema &&
          this.version >= 5.2
        ) {
          const action = onDelete(op.references.actions);
          if (action === undefined) return undefined;
          const opts = [
            `column: ${sym(op.columns[0]!)}`,
            `primary_key: ${sym(op.references.columns[0]!)}`,
            `name: ${rubyString(op.name)}`,
            ...action,
            ...(op.notValid ? ['validate: false'] : []),
          ];
          return `add_foreign_key ${sym(op.table.name)}, ${sym(op.references.table.name)}, ${opts.join(', ')}`;
        }
        if (op.constraint === 'check' && op.expression && this.version >= 6.1) {
          return `add_check_constraint ${sym(op.table.name)}, ${rubyString(op.expression)}, name: ${rubyString(op.name)}${op.notValid ? ', validate: false' : ''}`;
        }
        return undefined;
      case 'validate-constraint': {
        const kind = this.kinds.get(op.name);
        if (kind === 'foreign-key' && this.version >= 5.2) return `validate_foreign_key ${sym(op.table.name)}, name: ${rubyString(op.name)}`;
        if (kind === 'check' && this.version >= 6.1) return `validate_check_constraint ${sym(op.table.name)}, name: ${rubyString(op.name)}`;
        return undefined;
      }
      case 'drop-constraint': {
        const kind = this.kinds.get(op.name);
        if (kind === 'foreign-key') return `remove_foreign_key ${sym(op.table.name)}, name: ${rubyString(op.name)}`;
        if (kind === 'check' && this.version >= 6.1) return `remove_check_constraint ${sym(op.table.name)}, name: ${rubyString(op.name)}`;
        return undefined;
      }
      case 'set-not-null':
        return `change_column_null ${sym(op.table.name)}, ${sym(op.column)}, false`;
      case 'drop-not-null':
        return `change_column_null ${sym(op.table.name)}, ${sym(op.column)}, true`;
      case 'drop-column':
        return `remove_column ${sym(op.table.name)}, ${sym(op.column)}`;
      case 'rename-column':
        return `rename_column ${sym(op.table.name)}, ${sym(op.from)}, ${sym(op.to)}`;
      case 'add-column': {
        const c = op.column;
        const type = RAILS_TYPES[c.type.sql.toLowerCase()];
        if (!type || c.references || c.checks.length || c.unique || c.primaryKey || c.generated || c.identity) return undefined;
        const value = c.default ? rubyValue(c.default.sql) : undefined;
        if (c.default && value === undefined) return undefined;
        return `add_column ${sym(op.table.name)}, ${sym(c.name)}, :${type}${value !== undefined ? `, default: ${value}` : ''}${c.notNull ? ', null: false' : ''}`;
      }
      case 'drop-index': {
        const name = op.names.length === 1 && !op.names[0]!.schema ? op.names[0]!.name : undefined;
        const table = name ? this.indexTables.get(name) : undefined;
        return name && table ? `remove_index ${sym(table)}, name: ${rubyString(name)}${op.concurrently ? ', algorithm: :concurrently' : ''}` : undefined;
      }
      default:
        return undefined;
    }
  }
}

/** SQL types ActiveRecord writes for its own type names (PostgreSQL adapter). */
const RAILS_TYPES: Readonly<Record<string, string>> = {
  text: 'text',
  'character varying': 'string',
  varchar: 'string',
  integer: 'integer',
  int: 'integer',
  bigint: 'bigint',
  boolean: 'boolean',
  date: 'date',
  jsonb: 'jsonb',
  json: 'json',
  uuid: 'uuid',
  'double precision': 'float',
  bytea: 'binary',
};

/** `ON DELETE CASCADE` → `on_delete: :cascade`; undefined for actions Rails cannot say. */
function onDelete(actions: string | undefined): string[] | undefined {
  if (!actions) return [];
  const m = /^ON DELETE (CASCADE|SET NULL|RESTRICT)$/i.exec(actions.trim());
  if (!m) return undefined;
  return [`on_delete: :${{ CASCADE: 'cascade', 'SET NULL': 'nullify', RESTRICT: 'restrict' }[m[1]!.toUpperCase() as 'CASCADE' | 'SET NULL' | 'RESTRICT']}`];
}

/** A minimal migration holding one call, for the adapter to read back. */
function probe(call: string, outside: boolean, version: number): string {
  return `class LockstepProbe < ActiveRecord::Migration[${version.toFixed(1)}]\n${outside ? '  disable_ddl_transaction!\n' : ''}  def up\n    ${call}\n  end\nend\n`;
}
