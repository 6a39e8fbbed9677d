import type {
  ColumnDefinition,
  ColumnType,
  ConstraintKind,
  DefaultValue,
  ForeignKeyTarget,
  MysqlClauses,
  Operation,
  QualifiedName,
  UpdateFilter,
  Volatility,
} from '../../operations';
import { columnName, isAstNode, node, nodes, number, text, walkAst, type AstNode } from './ast';

/**
 * Maps one node-sql-parser statement (MySQL, MariaDB or SQLite flavour) onto normalized
 * operations. The parser gives no source locations, so operations carry only their
 * statement index; rules report on the statement's range.
 */
export interface NspMapContext {
  readonly statementIndex: number;
  /** Render an expression node back to SQL (the dialect parser's own `exprToSQL`). */
  readonly sqlOf: (expr: unknown) => string;
  /** Volatility of a built-in function by lower-case name, when known. */
  readonly functionVolatility: (name: string) => Volatility | undefined;
  /** MySQL: `SET foreign_key_checks = 0` is in effect for this statement. */
  readonly foreignKeyChecksOff?: boolean;
}

function qualified(t: unknown): QualifiedName {
  const name = text(t, 'table') ?? '?';
  const schema = text(t, 'db');
  return schema ? { schema, name } : { name };
}

function firstTable(value: unknown): QualifiedName {
  const list = Array.isArray(value) ? value : [value];
  return qualified(list.find(isAstNode));
}

export function mapNspStatement(ast: AstNode, ctx: NspMapContext): Operation[] {
  const statementIndex = ctx.statementIndex;
  const other = (tag: string, table?: QualifiedName): Operation => ({ kind: 'other', statementIndex, tag, ...(table ? { table } : {}) });
  switch (text(ast, 'type')) {
    case 'alter':
      return mapAlter(ast, ctx);
    case 'create':
      return mapCreate(ast, ctx);
    case 'drop':
      return mapDrop(ast, ctx);
    case 'rename':
      return (Array.isArray(ast['table']) ? ast['table'] : [])
        .filter((pair): pair is unknown[] => Array.isArray(pair) && pair.length === 2)
        .map((pair) => ({ kind: 'rename-table', statementIndex, table: qualified(pair[0]), to: text(pair[1], 'table') ?? '?' }));
    case 'update':
      return [
        {
          kind: 'update',
          statementIndex,
          table: firstTable(ast['table']),
          columns: nodes(ast, 'set').map((s) => text(s, 'column') ?? '?'),
          filter: updateFilter(ast['where'], ast['limit']),
          inProcedural: false,
        },
      ];
    case 'delete':
      return [{ kind: 'delete', statementIndex, table: firstTable(ast['from'] ?? ast['table']), filter: updateFilter(ast['where'], ast['limit']) }];
    case 'set':
      return nodes(ast, 'expr').map((e) => mapSet(e, ctx));
    case 'transaction': {
      const action = (text(node(node(ast, 'expr'), 'action'), 'value') ?? '').toLowerCase();
      if (action === 'begin' || action === 'start') return [{ kind: 'transaction', statementIndex, action: 'begin' }];
      if (action === 'commit' || action === 'end') return [{ kind: 'transaction', statementIndex, action: 'commit' }];
      if (action === 'rollback') return [{ kind: 'transaction', statementIndex, action: 'rollback' }];
      return [other('transaction')];
    }
    case 'insert':
    case 'replace':
      return [other(text(ast, 'type')!, firstTable(ast['table']))];
    default:
      return [other(text(ast, 'type') ?? 'unknown')];
  }
}

function mapSet(assign: AstNode, ctx: NspMapContext): Operation {
  const left = node(assign, 'left');
  const members = Array.isArray(left?.['members']) ? (left['members'] as unknown[]).filter((m): m is string => typeof m === 'string') : [];
  const name = (members.at(-1) ?? text(left, 'name') ?? '').toLowerCase();
  const right = node(assign, 'right');
  const value = number(right, 'value') ?? Number(text(right, 'value'));
  const statementIndex = ctx.statementIndex;
  if (name === 'lock_wait_timeout') {
    return { kind: 'set-timeout', statementIndex, setting: 'lock_wait_timeout', ms: Number.isFinite(value) ? value * 1000 : null, local: false };
  }
  if (name === 'max_execution_time') {
    return { kind: 'set-timeout', statementIndex, setting: 'statement_timeout', ms: Number.isFinite(value) ? value : null, local: false };
  }
  const shown = Number.isFinite(value) ? String(value) : (text(right, 'value') ?? '?');
  return { kind: 'other', statementIndex, tag: `set:${name}=${shown.toLowerCase()}` };
}

// ---------------------------------------------------------------- ALTER TABLE

function mapAlter(ast: AstNode, ctx: NspMapContext): Operation[] {
  const table = firstTable(ast['table']);
  const items = nodes(ast, 'expr');
  const clauses: { algorithm?: MysqlClauses['algorithm']; lock?: MysqlClauses['lock'] } = {};
  const ops: Operation[] = [];
  for (const item of items) {
    const resource = text(item, 'resource');
    if (resource === 'algorithm') clauses.algorithm = (text(item, 'algorithm') ?? 'DEFAULT').toUpperCase() as MysqlClauses['algorithm'];
    else if (resource === 'lock') clauses.lock = (text(item, 'lock') ?? 'DEFAULT').toUpperCase() as MysqlClauses['lock'];
    else ops.push(...mapAlterItem(table, item, ctx));
  }
  return withClauses(ops, clauses);
}

/** Attach the statement's ALGORITHM / LOCK clauses to each of its operations. */
export function withClauses(ops: Operation[], clauses: MysqlClauses): Operation[] {
  if (Object.keys(clauses).length === 0) return ops;
  return ops.map((op) => ({ ...op, mysql: { ...op.mysql, ...clauses } }) as Operation);
}

function mapAlterItem(table: QualifiedName, item: AstNode, ctx: NspMapContext): Operation[] {
  const statementIndex = ctx.statementIndex;
  const action = text(item, 'action');
  const resource = text(item, 'resource');
  const keyword = (text(item, 'keyword') ?? '').toLowerCase();
  if (action === 'add' && resource === 'column') {
    return [{ kind: 'add-column', statementIndex, table, column: columnDefinition(item, ctx), ifNotExists: Boolean(item['if_not_exists']) }];
  }
  if (action === 'add' && resource === 'index') {
    return [createIndexOp(table, text(item, 'index'), nodes(item, 'definition'), keyword, statementIndex)];
  }
  if (action === 'add' && resource === 'constraint') {
    const cd = node(item, 'create_definitions') ?? {};
    return [addConstraint(table, cd, ctx)];
  }
  if (action === 'drop') {
    if (resource === 'column') return [{ kind: 'drop-column', statementIndex, table, column: columnName(item['column']) ?? '?' }];
    if (resource === 'index') return [{ kind: 'drop-index', statementIndex, names: [{ name: text(item, 'index') ?? '?' }], concurrently: false }];
    if (resource === 'key' && keyword === 'primary key') return [{ kind: 'other', statementIndex, tag: 'mysql:drop-primary-key', table }];
    if (resource === 'key') return [{ kind: 'drop-constraint', statementIndex, table, name: text(item, 'key') ?? '?' }];
    if (resource === 'constraint') return [{ kind: 'drop-constraint', statementIndex, table, name: text(item, 'constraint') ?? '?' }];
  }
  if (action === 'modify' || action === 'change') {
    const def = columnDefinition(item, ctx);
    const from = action === 'change' ? (columnName(item['old_column']) ?? def.name) : def.name;
    const ops: Operation[] = [
      {
        kind: 'alter-column-type',
        statementIndex,
        table,
        column: from,
        type: def.type,
        mysql: { notNull: def.notNull },
      },
    ];
    if (from.toLowerCase() !== def.name.toLowerCase()) ops.push({ kind: 'rename-column', statementIndex, table, from, to: def.name });
    return ops;
  }
  if (action === 'rename' && resource === 'column') {
    return [{ kind: 'rename-column', statementIndex, table, from: columnName(item['old_column']) ?? '?', to: columnName(item['column']) ?? '?' }];
  }
  if (action === 'rename') return [{ kind: 'rename-table', statementIndex, table, to: text(item, 'table') ?? '?' }];
  if (resource === 'row_format' || resource === 'engine' || resource === 'key_block_size') {
    const value = String(item[resource] ?? '').toUpperCase();
    return [{ kind: 'other', statementIndex, tag: `mysql:rebuild:${resource}=${value}`, table }];
  }
  return [{ kind: 'other', statementIndex, tag: `alter:${resource ?? action ?? '?'}`, table }];
}

function createIndexOp(table: QualifiedName, name: string | undefined, columns: readonly AstNode[], keyword: string, statementIndex: number): Operation {
  const indexKind = keyword.includes('fulltext') ? 'fulltext' : keyword.includes('spatial') ? 'spatial' : undefined;
  return {
    kind: 'create-index',
    statementIndex,
    table,
    columns: columns.map((c) => columnName(c) ?? '(expression)'),
    unique: keyword.includes('unique'),
    concurrently: false,
    ifNotExists: false,
    ...(name ? { name } : {}),
    ...(indexKind ? { mysql: { indexKind } } : {}),
  };
}

function addConstraint(table: QualifiedName, cd: AstNode, ctx: NspMapContext): Operation {
  const type = (text(cd, 'constraint_type') ?? '').toLowerCase();
  const kind: ConstraintKind = type.startsWith('primary')
    ? 'primary-key'
    : type.startsWith('unique')
      ? 'unique'
      : type.startsWith('foreign')
        ? 'foreign-key'
        : type === 'check'
          ? 'check'
          : 'check';
  const name = text(cd, 'constraint') ?? text(cd, 'index');
  const definition = nodes(cd, 'definition');
  const references = kind === 'foreign-key' ? foreignKeyTarget(node(cd, 'reference_definition')) : undefined;
  const expression = kind === 'check' && definition[0] ? ctx.sqlOf(definition[0]) : undefined;
  return {
    kind: 'add-constraint',
    statementIndex: ctx.statementIndex,
    table,
    constraint: kind,
    notValid: false,
    columns: kind === 'check' ? [] : definition.map((d) => columnName(d) ?? '?'),
    ...(name ? { name } : {}),
    ...(expression ? { expression } : {}),
    ...(references ? { references } : {}),
    ...(kind === 'foreign-key' && ctx.foreignKeyChecksOff ? { mysql: { foreignKeyChecksOff: true } } : {}),
  };
}

function foreignKeyTarget(ref: AstNode | undefined): ForeignKeyTarget | undefined {
  if (!ref) return undefined;
  return { table: firstTable(ref['table']), columns: nodes(ref, 'definition').map((d) => columnName(d) ?? '?') };
}

// ---------------------------------------------------------------- columns

function columnType(def: AstNode | undefined): ColumnType {
  const dataType = (text(def, 'dataType') ?? 'unknown').toUpperCase();
  const length = number(def, 'length');
  const scale = number(def, 'scale');
  const modifiers = [length, scale].filter((n): n is number => n !== undefined);
  const values = nodes(node(def, 'expr'), 'value').map((v) => `'${String(v['value']).replace(/'/g, "''")}'`);
  const suffix = (Array.isArray(def?.['suffix']) ? (def['suffix'] as unknown[]) : []).filter((s): s is string => typeof s === 'string');
  const args = values.length > 0 ? `(${values.join(',')})` : modifiers.length > 0 ? `(${modifiers.join(',')})` : '';
  const sql = [`${dataType}${args}`, ...suffix].join(' ');
  return { sql, name: dataType.toLowerCase(), modifiers, isArray: false };
}

function columnDefinition(item: AstNode, ctx: NspMapContext): ColumnDefinition {
  const name = columnName(item['column']) ?? '?';
  const type = columnType(node(item, 'definition'));
  const primaryKey = Boolean(item['primary_key']);
  const notNull = text(node(item, 'nullable'), 'value') === 'not null' || primaryKey;
  const dfltExpr = node(item, 'default_val')?.['value'];
  const generated = node(item, 'generated');
  const storage = (text(generated, 'storage_type') ?? 'virtual').toLowerCase();
  const references = foreignKeyTarget(node(item, 'reference_definition'));
  const suffix = node(item, 'suffix');
  const placement = (text(suffix, 'keyword') ?? '').toUpperCase();
  const position: ColumnDefinition['position'] =
    placement === 'FIRST' ? { first: true } : placement === 'AFTER' ? { after: columnName(suffix?.['expr']) ?? '?' } : undefined;
  const check = node(item, 'check');
  const checkExpr = check ? nodes(check, 'definition')[0] : undefined;
  return {
    name,
    type,
    notNull,
    identity: false,
    serial: Boolean(item['auto_increment']),
    primaryKey,
    unique: Boolean(item['unique'] ?? item['unique_key']),
    checks: checkExpr ? [ctx.sqlOf(checkExpr)] : [],
    ...(dfltExpr !== undefined ? { default: defaultValue(dfltExpr, ctx) } : {}),
    ...(generated ? { generated: storage === 'stored' ? 'stored' : 'virtual' } : {}),
    ...(references ? { references } : {}),
    ...(position ? { position } : {}),
  };
}

const RANK: Readonly<Record<Volatility, number>> = { immutable: 0, stable: 1, unknown: 2, volatile: 3 };

function defaultValue(expr: unknown, ctx: NspMapContext): DefaultValue {
  let volatility: Volatility = 'immutable';
  const unknownFunctions: string[] = [];
  const worse = (v: Volatility): void => {
    if (RANK[v] > RANK[volatility]) volatility = v;
  };
  walkAst(expr, (n) => {
    const type = text(n, 'type');
    if (type === 'function') {
      const fn = functionName(n).toLowerCase();
      const known = ctx.functionVolatility(fn);
      if (known === undefined) unknownFunctions.push(fn);
      worse(known ?? 'unknown');
    } else if (type === 'column_ref' || type === 'select') {
      worse('unknown');
    }
  });
  const isNull = isAstNode(expr) && text(expr, 'type') === 'null';
  let sql: string;
  try {
    sql = ctx.sqlOf(expr);
  } catch {
    sql = '?';
  }
  return { sql, volatility, isNull, unknownFunctions };
}

function functionName(fn: AstNode): string {
  const name = fn['name'];
  if (typeof name === 'string') return name;
  const parts = nodes(name, 'name');
  return parts.map((p) => text(p, 'value') ?? '').join('.') || '?';
}

// ---------------------------------------------------------------- CREATE / DROP

function mapCreate(ast: AstNode, ctx: NspMapContext): Operation[] {
  const statementIndex = ctx.statementIndex;
  const keyword = (text(ast, 'keyword') ?? '').toLowerCase();
  if (keyword === 'table') {
    const table = firstTable(ast['table']);
    const defs = nodes(ast, 'create_definitions');
    const columns = defs.filter((d) => text(d, 'resource') === 'column').map((d) => columnDefinition(d, ctx));
    const derived = Boolean(ast['like'] ?? ast['as'] ?? ast['query_expr']);
    return [{ kind: 'create-table', statementIndex, table, columns, derived }];
  }
  if (keyword === 'index') {
    const index = ast['index'];
    const name = typeof index === 'string' ? index : text(index, 'name');
    const op = createIndexOp(qualified(ast['table']), name, nodes(ast, 'index_columns'), (text(ast, 'index_type') ?? '').toLowerCase(), statementIndex);
    const algorithm = text(node(ast, 'algorithm_option'), 'algorithm')?.toUpperCase() as MysqlClauses['algorithm'] | undefined;
    const lock = text(node(ast, 'lock_option'), 'lock')?.toUpperCase() as MysqlClauses['lock'] | undefined;
    const ifNotExists = Boolean(ast['if_not_exists']);
    const withFlag = ifNotExists && op.kind === 'create-index' ? { ...op, ifNotExists } : op;
    return withClauses([withFlag], { ...(algorithm ? { algorithm } : {}), ...(lock ? { lock } : {}) });
  }
  return [{ kind: 'other', statementIndex, tag: `create:${keyword || (ast['trigger'] ? 'trigger' : '?')}` }];
}

function mapDrop(ast: AstNode, ctx: NspMapContext): Operation[] {
  const statementIndex = ctx.statementIndex;
  const keyword = (text(ast, 'keyword') ?? '').toLowerCase();
  if (keyword === 'table') return [{ kind: 'drop-table', statementIndex, tables: nodes(ast, 'name').map(qualified) }];
  if (keyword === 'index') {
    const name = columnName(ast['name']) ?? text(ast, 'name') ?? '?';
    // `DROP INDEX i ON t ALGORITHM=INPLACE LOCK=NONE`: the clauses come as options.
    const clauses: { algorithm?: MysqlClauses['algorithm']; lock?: MysqlClauses['lock'] } = {};
    for (const option of nodes(ast, 'options')) {
      const resource = text(option, 'resource');
      if (resource === 'algorithm') clauses.algorithm = (text(option, 'algorithm') ?? 'DEFAULT').toUpperCase() as MysqlClauses['algorithm'];
      else if (resource === 'lock') clauses.lock = (text(option, 'lock') ?? 'DEFAULT').toUpperCase() as MysqlClauses['lock'];
    }
    return withClauses([{ kind: 'drop-index', statementIndex, names: [{ name }], concurrently: false }], clauses);
  }
  return [{ kind: 'other', statementIndex, tag: `drop:${keyword || '?'}` }];
}

// ---------------------------------------------------------------- UPDATE / DELETE filters

const RANGE_OPERATORS = new Set(['BETWEEN', '>', '>=', '<', '<=', '=', 'IN']);

function isKeyColumn(expr: unknown): boolean {
  if (text(expr, 'type') !== 'column_ref') return false;
  const col = (columnName(expr) ?? '').toLowerCase();
  return col === 'id' || col === 'rowid' || col === 'pk' || col.endsWith('_id');
}

/** Whether the WHERE (or a LIMIT) bounds the rows the way one batch of a batched backfill does. */
function updateFilter(where: unknown, limit: unknown): UpdateFilter {
  if (nodes(limit, 'value').length > 0) return 'bounded';
  if (!isAstNode(where)) return 'none';
  let bounded = false;
  walkAst(where, (n) => {
    if (text(n, 'type') === 'binary_expr' && RANGE_OPERATORS.has((text(n, 'operator') ?? '').toUpperCase()) && isKeyColumn(n['left'])) bounded = true;
    if (text(n, 'type') === 'select' && nodes(n['limit'], 'value').length > 0) bounded = true;
  });
  return bounded ? 'bounded' : 'unbounded';
}
