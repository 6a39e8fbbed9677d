import {
  displayName,
  type ColumnDefinition,
  type ConstraintKind,
  type ForeignKeyTarget,
  type Operation,
  type OperationOf,
  type QualifiedName,
} from '../../operations';
import { clauseText, findWord, firstTokenAt, tokenize, type Token } from '../tokens';
import { columnType, defaultValue, pinsOneRow, provesNotNull, timeoutMs, updateFilter } from './expressions';
import { bool, child, constValue, list, names, num, str, tagOf, unwrap, type PgNode } from './nodes';

/** Time zone names with a fixed zero UTC offset (no daylight saving). */
const ZERO_OFFSET_ZONES = new Set([
  'utc',
  'etc/utc',
  'gmt',
  'etc/gmt',
  'uct',
  'etc/uct',
  'universal',
  'etc/universal',
  'zulu',
  'etc/zulu',
  'z',
  'greenwich',
  'etc/greenwich',
  '+00',
  '+00:00',
  '0',
]);

/**
 * Maps one parsed PostgreSQL statement to normalized operations.
 *
 * `text` is the statement's own text; node locations are offsets into it (the caller
 * converts bytes to characters before calling). Procedural bodies (DO blocks) are handed
 * to `parseProcedural`, which returns the SQL statements found inside them.
 */
export interface MapInput {
  readonly stmt: unknown;
  readonly text: string;
  readonly statementIndex: number;
  /** Convert a byte location inside `text` to a character offset inside `text`. */
  readonly charAt: (byteLocation: number) => number;
  readonly parseProcedural: (doBody: string) => Operation[];
}

const COLUMN_STOP = new Set(['NOT', 'NULL', 'CONSTRAINT', 'CHECK', 'REFERENCES', 'UNIQUE', 'PRIMARY', 'GENERATED', 'COLLATE', 'DEFAULT', 'USING']);
const TYPE_STOP = new Set([...COLUMN_STOP]);

export function mapStatement(input: MapInput): Operation[] {
  const top = tagOf(input.stmt);
  if (!top) return [];
  const ctx = new StatementContext(input);
  const { tag, node } = top;
  switch (tag) {
    case 'TransactionStmt':
      return ctx.transaction(node);
    case 'VariableSetStmt':
      return ctx.variableSet(node);
    case 'AlterTableStmt':
      return ctx.alterTable(node);
    case 'RenameStmt':
      return ctx.rename(node);
    case 'IndexStmt':
      return [ctx.createIndex(node)];
    case 'DropStmt':
      return ctx.drop(node);
    case 'CreateStmt':
      return [ctx.createTable(node)];
    case 'CreateTableAsStmt': {
      const into = child(node, 'into');
      return [{ kind: 'create-table', statementIndex: ctx.index, table: relation(child(into, 'rel')), columns: [], derived: true }];
    }
    case 'UpdateStmt':
      return [ctx.update(node, false)];
    case 'DeleteStmt':
      return [
        {
          kind: 'delete',
          statementIndex: ctx.index,
          table: relation(child(node, 'relation')),
          filter: updateFilter(node['whereClause']),
          ...(node['whereClause'] !== undefined && pinsOneRow(node['whereClause']) ? { singleRow: true } : {}),
        },
      ];
    case 'DoStmt':
      return ctx.doBlock(node);
    case 'ReindexStmt':
      return [ctx.reindex(node)];
    case 'VacuumStmt': {
      const full = list(node['options']).some((o) => str(unwrap(o, 'DefElem'), 'defname') === 'full');
      const rels = list(node['rels']).map((r) => relation(child(unwrap(r, 'VacuumRelation'), 'relation')));
      // VACUUM FULL without a table list rewrites every table of the database; it has no single table to name.
      if (!full || !bool(node, 'is_vacuumcmd') || rels.length === 0) return [{ kind: 'other', statementIndex: ctx.index, tag }];
      return rels.map((table) => ({ kind: 'rewrite-table', statementIndex: ctx.index, table, command: 'vacuum-full' }));
    }
    case 'ClusterStmt': {
      const rel = child(node, 'relation');
      return rel
        ? [{ kind: 'rewrite-table', statementIndex: ctx.index, table: relation(rel), command: 'cluster' }]
        : [{ kind: 'other', statementIndex: ctx.index, tag }];
    }
    case 'AlterDomainStmt':
      return [ctx.alterDomain(node)];
    case 'AlterEnumStmt': {
      const oldVal = str(node, 'oldVal');
      const newVal = str(node, 'newVal');
      const type = names(node['typeName']).join('.');
      return [
        {
          kind: 'other',
          statementIndex: ctx.index,
          tag,
          ...(oldVal && newVal ? { renamed: { object: 'enum value', from: `'${oldVal}' of type ${type}`, to: `'${newVal}'` } } : {}),
        },
      ];
    }
    case 'CreateEnumStmt':
      return [{ kind: 'other', statementIndex: ctx.index, tag, createdType: names(node['typeName']).join('.') }];
    case 'SelectStmt':
      return [{ kind: 'other', statementIndex: ctx.index, tag, ...fullTableRead(node) }];
    case 'CreateDomainStmt': {
      const parts = names(node['domainname']);
      const domain = parts.length > 1 ? { schema: parts[0]!, name: parts.at(-1)! } : { name: parts[0] ?? '?' };
      const constrained = list(node['constraints']).some((c) => ['CONSTR_CHECK', 'CONSTR_NOTNULL'].includes(str(unwrap(c, 'Constraint'), 'contype') ?? ''));
      return [{ kind: 'create-domain', statementIndex: ctx.index, domain, constrained }];
    }
    case 'CopyStmt': {
      // Where the rows come from or go to decides whether a simulation may run it.
      const direction = bool(node, 'is_from') ? 'from' : 'to';
      const end = bool(node, 'is_program') ? 'program' : str(node, 'filename') !== undefined ? 'file' : direction === 'from' ? 'stdin' : 'stdout';
      const rel = child(node, 'relation');
      return [{ kind: 'other', statementIndex: ctx.index, tag: `CopyStmt:${direction}-${end}`, ...(rel ? { table: relation(rel) } : {}) }];
    }
    default:
      return [{ kind: 'other', statementIndex: ctx.index, tag }];
  }
}

function relation(rel: PgNode | undefined): QualifiedName {
  const schema = str(rel, 'schemaname');
  const name = str(rel, 'relname') ?? '?';
  return schema ? { schema, name } : { name };
}

class StatementContext {
  readonly index: number;
  private tokenCache?: Token[];

  constructor(private readonly input: MapInput) {
    this.index = input.statementIndex;
  }

  private get tokens(): Token[] {
    this.tokenCache ??= tokenize(this.input.text);
    return this.tokenCache;
  }

  private at(location: number | undefined): number {
    return location === undefined || location < 0 ? 0 : this.input.charAt(location);
  }

  /** Text of the clause that follows the keyword found at or after `from`. */
  private clauseAfter(keyword: string, from: number, stop: ReadonlySet<string>): string | undefined {
    const kw = findWord(this.tokens, keyword, from);
    if (!kw) return undefined;
    return clauseText(this.input.text, this.tokens, kw.end, stop).text || undefined;
  }

  /** Text inside the parentheses that follow the keyword found at or after `from`. */
  private parenthesizedAfter(keyword: string, from: number): string | undefined {
    const kw = findWord(this.tokens, keyword, from);
    if (!kw) return undefined;
    const tokens = this.tokens;
    const at = firstTokenAt(tokens, kw.end);
    const openIndex = tokens.findIndex((t, k) => k >= at && t.text === '(');
    const open = tokens[openIndex];
    if (!open) return undefined;
    const close = tokens.find((t, k) => k > openIndex && t.text === ')' && t.depth === open.depth);
    return this.input.text.slice(open.end, close ? close.start : undefined).trim();
  }

  transaction(node: PgNode): Operation[] {
    const kind = str(node, 'kind');
    const action =
      kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START'
        ? 'begin'
        : kind === 'TRANS_STMT_COMMIT'
          ? 'commit'
          : kind === 'TRANS_STMT_ROLLBACK'
            ? 'rollback'
            : undefined;
    return action ? [{ kind: 'transaction', statementIndex: this.index, action }] : [{ kind: 'other', statementIndex: this.index, tag: 'TransactionStmt' }];
  }

  variableSet(node: PgNode): Operation[] {
    const name = str(node, 'name');
    if (name === 'timezone') {
      // Whether the session is in UTC decides if timestamp ⇄ timestamptz rewrites (PostgreSQL 12+).
      const zone = str(node, 'kind') === 'VAR_SET_VALUE' ? constValue(list(node['args'])[0]) : undefined;
      const utc = typeof zone === 'string' && ZERO_OFFSET_ZONES.has(zone.toLowerCase());
      return [{ kind: 'other', statementIndex: this.index, tag: utc ? 'SetTimeZone:UTC' : 'SetTimeZone' }];
    }
    if (name !== 'lock_timeout' && name !== 'statement_timeout') {
      return [{ kind: 'other', statementIndex: this.index, tag: 'VariableSetStmt' }];
    }
    const arg = list(node['args'])[0];
    const ms = str(node, 'kind') === 'VAR_SET_VALUE' ? timeoutMs(constValue(arg)) : null;
    return [{ kind: 'set-timeout', statementIndex: this.index, setting: name, ms, local: bool(node, 'is_local') }];
  }

  alterTable(node: PgNode): Operation[] {
    const table = relation(child(node, 'relation'));
    if (str(node, 'objtype') !== 'OBJECT_TABLE') {
      return [{ kind: 'other', statementIndex: this.index, tag: 'AlterTableStmt', table }];
    }
    return list(node['cmds']).flatMap((c) => this.alterTableCmd(table, unwrap(c, 'AlterTableCmd') ?? {}));
  }

  private alterTableCmd(table: QualifiedName, cmd: PgNode): Operation[] {
    const statementIndex = this.index;
    const column = str(cmd, 'name') ?? '';
    switch (str(cmd, 'subtype')) {
      case 'AT_AddColumn': {
        const def = unwrap(cmd['def'], 'ColumnDef');
        return [{ kind: 'add-column', statementIndex, table, column: this.columnDef(def ?? {}), ifNotExists: bool(cmd, 'missing_ok') }];
      }
      case 'AT_DropColumn':
        return [{ kind: 'drop-column', statementIndex, table, column }];
      case 'AT_AlterColumnType': {
        const def = unwrap(cmd['def'], 'ColumnDef');
        const typeName = child(def, 'typeName');
        const typeStart = this.at(num(typeName, 'location'));
        const typeSql = clauseText(this.input.text, this.tokens, typeStart, TYPE_STOP).text;
        const { type } = columnType(typeName, typeSql);
        const using = def?.['raw_default'] !== undefined ? this.clauseAfter('USING', typeStart, new Set()) : undefined;
        // `USING col` or `USING col::t` converts like no USING at all; anything else computes new values.
        const cast = unwrap(def?.['raw_default'], 'TypeCast');
        const plain = unwrap(cast ? cast['arg'] : def?.['raw_default'], 'ColumnRef') !== undefined;
        return [{ kind: 'alter-column-type', statementIndex, table, column, type, ...(using ? { using, ...(plain ? {} : { usingComputes: true }) } : {}) }];
      }
      case 'AT_SetNotNull':
        return [{ kind: 'set-not-null', statementIndex, table, column }];
      case 'AT_DropNotNull':
        return [{ kind: 'drop-not-null', statementIndex, table, column }];
      case 'AT_ColumnDefault': {
        const expr = cmd['def'];
        if (expr === undefined) return [{ kind: 'set-default', statementIndex, table, column }];
        const sql = this.clauseAfter('DEFAULT', 0, new Set()) ?? '';
        return [{ kind: 'set-default', statementIndex, table, column, default: defaultValue(expr, sql) }];
      }
      case 'AT_AddConstraint':
        return [this.addConstraint(table, unwrap(cmd['def'], 'Constraint') ?? {})];
      case 'AT_ValidateConstraint':
        return [{ kind: 'validate-constraint', statementIndex, table, name: column }];
      case 'AT_DropConstraint':
        return [{ kind: 'drop-constraint', statementIndex, table, name: column }];
      case 'AT_DetachPartition': {
        const part = unwrap(cmd['def'], 'PartitionCmd');
        return [{ kind: 'detach-partition', statementIndex, table, partition: relation(child(part, 'name')), concurrently: bool(part, 'concurrent') }];
      }
      case 'AT_SetTableSpace':
        return [{ kind: 'rewrite-table', statementIndex, table, command: 'set-tablespace' }];
      default:
        return [{ kind: 'other', statementIndex, tag: `AlterTable:${str(cmd, 'subtype') ?? '?'}`, table }];
    }
  }

  private addConstraint(table: QualifiedName, con: PgNode): Operation {
    const contype = str(con, 'contype');
    const kinds: Record<string, ConstraintKind> = {
      CONSTR_CHECK: 'check',
      CONSTR_FOREIGN: 'foreign-key',
      CONSTR_UNIQUE: 'unique',
      CONSTR_PRIMARY: 'primary-key',
      CONSTR_EXCLUSION: 'exclusion',
      CONSTR_NOTNULL: 'not-null',
    };
    const constraint = kinds[contype ?? ''] ?? 'check';
    const start = this.at(num(con, 'location'));
    const name = str(con, 'conname');
    const expression = constraint === 'check' ? this.parenthesizedAfter('CHECK', start) : undefined;
    const proves = constraint === 'check' ? provesNotNull(con['raw_expr']) : undefined;
    const columns = constraint === 'foreign-key' ? names(con['fk_attrs']) : names(con['keys']);
    const references = constraint === 'foreign-key' ? this.foreignKeyTarget(con) : undefined;
    const usingIndex = str(con, 'indexname');
    const deferrable = bool(con, 'deferrable') ? { initiallyDeferred: bool(con, 'initdeferred') } : undefined;
    return {
      kind: 'add-constraint',
      statementIndex: this.index,
      table,
      constraint,
      notValid: bool(con, 'skip_validation'),
      columns,
      ...(name ? { name } : {}),
      ...(expression ? { expression } : {}),
      ...(proves ? { provesNotNull: proves } : {}),
      ...(references ? { references } : {}),
      ...(usingIndex ? { usingIndex } : {}),
      ...(deferrable ? { deferrable } : {}),
    };
  }

  private foreignKeyTarget(con: PgNode): ForeignKeyTarget {
    const actions = foreignKeyActions(con);
    return { table: relation(child(con, 'pktable')), columns: names(con['pk_attrs']), ...(actions ? { actions } : {}) };
  }

  columnDef(def: PgNode): ColumnDefinition {
    const typeName = child(def, 'typeName');
    const typeStart = this.at(num(typeName, 'location'));
    const typeSql = typeName ? clauseText(this.input.text, this.tokens, typeStart, TYPE_STOP).text : '';
    const { type, serial } = columnType(typeName, typeSql);
    let notNull = false;
    let primaryKey = false;
    let unique = false;
    let identity = false;
    let generated: ColumnDefinition['generated'];
    let dflt: ColumnDefinition['default'];
    let references: ForeignKeyTarget | undefined;
    let foreignKeyName: string | undefined;
    let foreignKeyDeferrable: ColumnDefinition['foreignKeyDeferrable'];
    const checks: string[] = [];
    for (const c of list(def['constraints'])) {
      const con = unwrap(c, 'Constraint');
      if (!con) continue;
      const at = this.at(num(con, 'location'));
      switch (str(con, 'contype')) {
        case 'CONSTR_NOTNULL':
          notNull = true;
          break;
        case 'CONSTR_DEFAULT': {
          const sql = this.clauseAfter('DEFAULT', at, COLUMN_STOP) ?? '';
          dflt = defaultValue(con['raw_expr'], sql);
          break;
        }
        case 'CONSTR_PRIMARY':
          primaryKey = true;
          notNull = true;
          break;
        case 'CONSTR_UNIQUE':
          unique = true;
          break;
        case 'CONSTR_IDENTITY':
          identity = true;
          break;
        case 'CONSTR_GENERATED':
          // libpg_query 18 reports generated_kind 'v' for VIRTUAL; STORED otherwise.
          generated = str(con, 'generated_kind') === 'v' || /\bVIRTUAL\b/i.test(this.input.text.slice(at)) ? 'virtual' : 'stored';
          break;
        case 'CONSTR_FOREIGN':
          references = this.foreignKeyTarget(con);
          foreignKeyName = str(con, 'conname');
          break;
        // DEFERRABLE / INITIALLY DEFERRED follow the column constraint they qualify.
        case 'CONSTR_ATTR_DEFERRABLE':
          if (references) foreignKeyDeferrable = { initiallyDeferred: foreignKeyDeferrable?.initiallyDeferred ?? false };
          break;
        case 'CONSTR_ATTR_DEFERRED':
          if (references) foreignKeyDeferrable = { initiallyDeferred: true };
          break;
        case 'CONSTR_CHECK':
          checks.push(this.parenthesizedAfter('CHECK', at) ?? '');
          break;
        default:
          break;
      }
    }
    if (bool(def, 'is_not_null')) notNull = true;
    return {
      name: str(def, 'colname') ?? '?',
      type,
      notNull,
      identity,
      serial,
      primaryKey,
      unique,
      checks,
      ...(dflt ? { default: dflt } : {}),
      ...(generated ? { generated } : {}),
      ...(references ? { references } : {}),
      ...(foreignKeyName ? { foreignKeyName } : {}),
      ...(foreignKeyDeferrable ? { foreignKeyDeferrable } : {}),
    };
  }

  rename(node: PgNode): Operation[] {
    const type = str(node, 'renameType');
    const table = relation(child(node, 'relation'));
    const to = str(node, 'newname') ?? '?';
    if (type === 'OBJECT_COLUMN') {
      return [{ kind: 'rename-column', statementIndex: this.index, table, from: str(node, 'subname') ?? '?', to }];
    }
    if (type === 'OBJECT_TABLE') return [{ kind: 'rename-table', statementIndex: this.index, table, to }];
    const renamed = renamedObject(type, node, table);
    return [{ kind: 'other', statementIndex: this.index, tag: `Rename:${type ?? '?'}`, table, ...(renamed ? { renamed: { ...renamed, to } } : {}) }];
  }

  reindex(node: PgNode): Operation {
    const kinds: Record<string, OperationOf<'reindex'>['target']> = {
      REINDEX_OBJECT_INDEX: 'index',
      REINDEX_OBJECT_TABLE: 'table',
      REINDEX_OBJECT_SCHEMA: 'schema',
      REINDEX_OBJECT_DATABASE: 'database',
      REINDEX_OBJECT_SYSTEM: 'system',
    };
    const target = kinds[str(node, 'kind') ?? ''] ?? 'index';
    const rel = child(node, 'relation');
    const name = rel ? relation(rel) : { name: str(node, 'name') ?? '' };
    // `REINDEX (CONCURRENTLY) …` and `REINDEX … CONCURRENTLY` both arrive as the `concurrently` option.
    const concurrently = list(node['params']).some((p) => {
      const d = unwrap(p, 'DefElem');
      return str(d, 'defname') === 'concurrently' && !['false', 'off', '0'].includes(String(constValue(d?.['arg']) ?? 'true').toLowerCase());
    });
    return { kind: 'reindex', statementIndex: this.index, target, name, concurrently };
  }

  alterDomain(node: PgNode): Operation {
    const parts = names(node['typeName']);
    const domain = parts.length > 1 ? { schema: parts[0]!, name: parts.at(-1)! } : { name: parts[0] ?? '?' };
    const con = unwrap(node['def'], 'Constraint');
    const contype = str(con, 'contype');
    // subtype 'C' is ADD CONSTRAINT; SET NOT NULL ('O') checks every row the same way and cannot be NOT VALID.
    if (str(node, 'subtype') === 'C' && (contype === 'CONSTR_CHECK' || contype === 'CONSTR_NOTNULL')) {
      const name = str(con, 'conname');
      const constraint = contype === 'CONSTR_CHECK' ? 'check' : 'not-null';
      return {
        kind: 'add-domain-constraint',
        statementIndex: this.index,
        domain,
        constraint,
        notValid: bool(con, 'skip_validation'),
        ...(name ? { name } : {}),
      };
    }
    if (str(node, 'subtype') === 'O') return { kind: 'add-domain-constraint', statementIndex: this.index, domain, constraint: 'not-null', notValid: false };
    return { kind: 'other', statementIndex: this.index, tag: 'AlterDomainStmt' };
  }

  createIndex(node: PgNode): Operation {
    const columns = list(node['indexParams']).map((p) => str(unwrap(p, 'IndexElem'), 'name') ?? '(expression)');
    const where = node['whereClause'] !== undefined ? this.clauseAfter('WHERE', 0, new Set()) : undefined;
    const name = str(node, 'idxname');
    return {
      kind: 'create-index',
      statementIndex: this.index,
      table: relation(child(node, 'relation')),
      columns,
      unique: bool(node, 'unique'),
      concurrently: bool(node, 'concurrent'),
      ifNotExists: bool(node, 'if_not_exists'),
      ...(name ? { name } : {}),
      ...(where ? { where } : {}),
    };
  }

  drop(node: PgNode): Operation[] {
    const objects = list(node['objects']).map((o) => {
      const parts = names(o);
      const name = parts.at(-1) ?? '?';
      return parts.length > 1 ? { schema: parts[0]!, name } : { name };
    });
    switch (str(node, 'removeType')) {
      case 'OBJECT_INDEX':
        return [{ kind: 'drop-index', statementIndex: this.index, names: objects, concurrently: bool(node, 'concurrent') }];
      case 'OBJECT_TABLE':
        return [{ kind: 'drop-table', statementIndex: this.index, tables: objects }];
      default:
        return [{ kind: 'other', statementIndex: this.index, tag: `Drop:${str(node, 'removeType') ?? '?'}` }];
    }
  }

  createTable(node: PgNode): Operation {
    const columns = list(node['tableElts'])
      .map((e) => unwrap(e, 'ColumnDef'))
      .filter((d): d is PgNode => d !== undefined)
      .map((d) => this.columnDef(d));
    const derived = list(node['tableElts']).some((e) => unwrap(e, 'TableLikeClause') !== undefined) || node['partbound'] !== undefined;
    const table = relation(child(node, 'relation'));
    const constraints = list(node['tableElts'])
      .map((e) => unwrap(e, 'Constraint'))
      .filter((c): c is PgNode => c !== undefined)
      .map((c) => this.addConstraint(table, c))
      .filter((op): op is OperationOf<'add-constraint'> => op.kind === 'add-constraint');
    return { kind: 'create-table', statementIndex: this.index, table, columns, derived, ...(constraints.length > 0 ? { constraints } : {}) };
  }

  update(node: PgNode, inProcedural: boolean): Operation {
    const columns = list(node['targetList'])
      .map((t) => str(unwrap(t, 'ResTarget'), 'name'))
      .filter((n): n is string => n !== undefined);
    return {
      kind: 'update',
      statementIndex: this.index,
      table: relation(child(node, 'relation')),
      columns,
      filter: updateFilter(node['whereClause']),
      inProcedural,
      ...(node['whereClause'] !== undefined && pinsOneRow(node['whereClause']) ? { singleRow: true } : {}),
    };
  }

  doBlock(node: PgNode): Operation[] {
    const body = list(node['args'])
      .map((a) => unwrap(a, 'DefElem'))
      .find((d) => str(d, 'defname') === 'as');
    const source = str(unwrap(body?.['arg'], 'String'), 'sval');
    const inner = source === undefined ? [] : this.input.parseProcedural(source);
    return inner.length > 0 ? inner : [{ kind: 'other', statementIndex: this.index, tag: 'DoStmt' }];
  }
}

/** What a RenameStmt renames, for objects other than tables and columns, as people name them. */
function renamedObject(type: string | undefined, node: PgNode, table: QualifiedName): { object: string; from: string } | undefined {
  const objects: Record<string, string> = {
    OBJECT_SCHEMA: 'schema',
    OBJECT_VIEW: 'view',
    OBJECT_MATVIEW: 'materialized view',
    OBJECT_FOREIGN_TABLE: 'foreign table',
    OBJECT_SEQUENCE: 'sequence',
    OBJECT_TYPE: 'type',
    OBJECT_DOMAIN: 'domain',
    OBJECT_FUNCTION: 'function',
    OBJECT_PROCEDURE: 'procedure',
    OBJECT_ROUTINE: 'routine',
    OBJECT_ATTRIBUTE: 'attribute',
  };
  const object = objects[type ?? ''];
  if (!object) return undefined;
  if (type === 'OBJECT_SCHEMA') return { object, from: str(node, 'subname') ?? '?' };
  if (type === 'OBJECT_ATTRIBUTE') return { object: `attribute of type ${displayName(table)}`, from: str(node, 'subname') ?? '?' };
  if (child(node, 'relation')) return { object, from: displayName(table) };
  const obj = node['object'];
  const withArgs = unwrap(obj, 'ObjectWithArgs');
  const parts = withArgs ? names(withArgs['objname']) : names(unwrap(obj, 'List')?.['items'] ?? obj);
  return parts.length > 0 ? { object, from: parts.join('.') } : undefined;
}

/** A SELECT that reads one whole table: a single FROM table, no WHERE, LIMIT, GROUP BY, joins or set operations. */
function fullTableRead(node: PgNode): { table?: QualifiedName } {
  const from = list(node['fromClause']);
  if (from.length !== 1 || str(node, 'op') !== 'SETOP_NONE' || node['whereClause'] !== undefined || node['limitCount'] !== undefined) return {};
  const rel = unwrap(from[0], 'RangeVar');
  return rel ? { table: relation(rel) } : {};
}

/** libpg_query's one-letter codes for referential actions; 'a' (NO ACTION) is the default. */
const FK_ACTIONS: Readonly<Record<string, string>> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** MATCH and ON DELETE / ON UPDATE clauses of a foreign key, when they differ from the defaults. */
function foreignKeyActions(con: PgNode): string | undefined {
  const parts: string[] = [];
  const match = str(con, 'fk_matchtype');
  if (match === 'f') parts.push('MATCH FULL');
  else if (match === 'p') parts.push('MATCH PARTIAL');
  const del = FK_ACTIONS[str(con, 'fk_del_action') ?? ''];
  if (del) {
    const only = names(con['fk_del_set_cols']);
    parts.push(`ON DELETE ${del}${only.length > 0 ? ` (${only.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ')})` : ''}`);
  }
  const upd = FK_ACTIONS[str(con, 'fk_upd_action') ?? ''];
  if (upd) parts.push(`ON UPDATE ${upd}`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
