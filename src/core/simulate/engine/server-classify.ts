import { quotePostgresIdent as quoteIdent } from '../../engines/postgres/identifiers';
import { functionVolatility } from '../../engines/postgres/volatility';
import { bool, child, isNode, list, names, str, tagOf, unwrap, walk, type PgNode } from '../../sql/postgres/nodes';
import {
  ALLOWED_SETTING_PREFIXES,
  ALLOWED_SETTINGS,
  ALLOWED_VOLATILE_FUNCTIONS,
  EXTENSION_FUNCTIONS,
  GUARD_SETTINGS,
  MODELLED_SETTINGS,
  REFUSED_FUNCTION_REASONS,
  SYSTEM_SCHEMAS,
} from './server-policy';

/**
 * Decides, from PostgreSQL's own parse tree (libpg_query), what real database mode does
 * with one statement: run it inside the rolled-back transaction, model it without sending it
 * (the migration's transaction control, its timeouts), or skip it with a message naming it.
 * Only the kinds of statement listed below run; an unknown statement is skipped.
 */

type TransactionAction =
  'begin' | 'commit' | 'rollback' | 'commit-and-chain' | 'rollback-and-chain' | 'savepoint' | 'release' | 'rollback-to' | 'prepare' | 'prepared';

export type ServerVerdict =
  /** Runs; `targets` are the relations it writes, as written, checked on the server first. */
  | { readonly kind: 'run'; readonly targets: readonly string[]; readonly dml?: boolean }
  /** The migration's own transaction control: modelled in the timeline, never sent. */
  | { readonly kind: 'transaction'; readonly action: TransactionAction; readonly what: string }
  /** lock_timeout / statement_timeout: modelled, never sent (the guards stay). */
  | { readonly kind: 'setting'; readonly name: string; readonly what: string }
  /** Cannot run inside a transaction block (CONCURRENTLY): not run, locks from engine facts. */
  | { readonly kind: 'no-transaction'; readonly what: string }
  | { readonly kind: 'skip'; readonly what: string; readonly why: string }
  /** PostgreSQL's parser rejects it: reported as the failure it would be, not sent. */
  | { readonly kind: 'invalid'; readonly message: string };

const skip = (what: string, why: string): ServerVerdict => ({ kind: 'skip', what, why });

/** A RangeVar (wrapped or bare) as written: `schema.name`. */
function rangeVarName(value: unknown): { schema?: string; name: string } | undefined {
  const rv = unwrap(value, 'RangeVar') ?? (isNode(value) && typeof value['relname'] === 'string' ? value : undefined);
  const name = str(rv, 'relname');
  if (!name) return undefined;
  const schema = str(rv, 'schemaname');
  return schema ? { schema, name } : { name };
}

function written(n: { schema?: string; name: string }): string {
  return n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.name)}` : quoteIdent(n.name);
}

/** A function call is allowed when it is a side-effect-free built-in (see server-policy.ts). */
export function functionVerdict(qualified: readonly string[]): { ok: true } | { ok: false; why: string } {
  const name = qualified.at(-1)!.toLowerCase();
  const schema = qualified.length > 1 ? qualified[qualified.length - 2]!.toLowerCase() : undefined;
  if (schema && schema !== 'pg_catalog' && !EXTENSION_FUNCTIONS.has(name)) {
    return { ok: false, why: 'a function outside pg_catalog; its body is not checked' };
  }
  const reason = REFUSED_FUNCTION_REASONS.find((r) => r.match.test(name));
  // Own properties only: `constructor()` must not pass for an allowed name.
  if (Object.hasOwn(ALLOWED_VOLATILE_FUNCTIONS, name)) return { ok: true };
  const volatility = functionVolatility(name);
  if (!reason && (volatility === 'immutable' || volatility === 'stable')) return { ok: true };
  if (reason) return { ok: false, why: reason.why };
  if (volatility === undefined) return { ok: false, why: 'not a known built-in function; its body is not checked' };
  return { ok: false, why: 'a volatile function that is not on the list of side-effect-free ones' };
}

/** The first function call in the tree that is not allowed, if any. */
function refusedCall(tree: unknown): ServerVerdict | undefined {
  let found: ServerVerdict | undefined;
  walk(tree, (tag, node) => {
    if (found || tag !== 'FuncCall') return;
    const qualified = names(node['funcname']);
    if (!qualified.length) return;
    const v = functionVerdict(qualified);
    if (!v.ok) found = skip(`${qualified.join('.')}()`, v.why);
  });
  return found;
}

/** A statement touching a system schema by name (writes to the catalog are refused). */
function systemSchemaTarget(targets: readonly { schema?: string; name: string }[]): ServerVerdict | undefined {
  const t = targets.find((n) => n.schema && SYSTEM_SCHEMAS.has(n.schema.toLowerCase()));
  return t ? skip(`a statement on ${written(t)}`, 'system catalogs are not changed') : undefined;
}

function settingVerdict(node: PgNode, prefix = 'SET'): ServerVerdict {
  const kind = str(node, 'kind');
  const name = (str(node, 'name') ?? '').toLowerCase();
  const local = bool(node, 'is_local');
  if (kind === 'VAR_RESET_ALL') return skip('RESET ALL', 'would reset the guards');
  if (kind === 'VAR_SET_MULTI') {
    if (name === 'transaction') return skip('SET TRANSACTION', 'transaction characteristics are not simulated');
    return skip(`SET ${name.toUpperCase()}`, 'changes session defaults');
  }
  const what = `${kind === 'VAR_RESET' ? 'RESET' : local ? `${prefix} LOCAL` : prefix} ${name}`;
  if (name === 'role' || name === 'session_authorization') return skip(what, 'role changes are not simulated');
  if (MODELLED_SETTINGS.has(name)) return { kind: 'setting', name, what };
  if (GUARD_SETTINGS.has(name)) return skip(what, 'real database mode keeps its own value (a guard)');
  if (!ALLOWED_SETTINGS.has(name) && !ALLOWED_SETTING_PREFIXES.some((p) => name.startsWith(p))) {
    return skip(what, 'not on the list of parameters a simulation sets');
  }
  if (name === 'search_path') {
    // pg_catalog placed after another schema would let that schema's functions shadow the
    // built-ins this classifier allowed by name.
    const values = list(node['args']).map((a) => {
      const c = unwrap(a, 'A_Const');
      return (str(child(c, 'sval'), 'sval') ?? '').toLowerCase();
    });
    const at = values.indexOf('pg_catalog');
    if (at > 0) return skip(what, 'pg_catalog after another schema would let that schema shadow built-in functions');
  }
  return { kind: 'run', targets: [] };
}

function transactionVerdict(node: PgNode): ServerVerdict {
  const chain = bool(node, 'chain');
  switch (str(node, 'kind')) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return { kind: 'transaction', action: 'begin', what: 'BEGIN' };
    case 'TRANS_STMT_COMMIT':
      return { kind: 'transaction', action: chain ? 'commit-and-chain' : 'commit', what: chain ? 'COMMIT AND CHAIN' : 'COMMIT' };
    case 'TRANS_STMT_ROLLBACK':
      return { kind: 'transaction', action: chain ? 'rollback-and-chain' : 'rollback', what: chain ? 'ROLLBACK AND CHAIN' : 'ROLLBACK' };
    case 'TRANS_STMT_SAVEPOINT':
      return { kind: 'transaction', action: 'savepoint', what: 'SAVEPOINT' };
    case 'TRANS_STMT_RELEASE':
      return { kind: 'transaction', action: 'release', what: 'RELEASE SAVEPOINT' };
    case 'TRANS_STMT_ROLLBACK_TO':
      return { kind: 'transaction', action: 'rollback-to', what: 'ROLLBACK TO SAVEPOINT' };
    case 'TRANS_STMT_PREPARE':
      return { kind: 'transaction', action: 'prepare', what: 'PREPARE TRANSACTION' };
    case 'TRANS_STMT_COMMIT_PREPARED':
      return { kind: 'transaction', action: 'prepared', what: 'COMMIT PREPARED' };
    case 'TRANS_STMT_ROLLBACK_PREPARED':
      return { kind: 'transaction', action: 'prepared', what: 'ROLLBACK PREPARED' };
    default:
      return skip('a transaction statement', 'transaction control is modelled, not sent');
  }
}

/** Object kinds whose DDL runs (tables and what hangs off them, types, sequences, schemas). */
const DDL_OBJECTS = new Set([
  'OBJECT_TABLE',
  'OBJECT_INDEX',
  'OBJECT_SEQUENCE',
  'OBJECT_TYPE',
  'OBJECT_DOMAIN',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_COLUMN',
  'OBJECT_ATTRIBUTE',
  'OBJECT_TABCONSTRAINT',
  'OBJECT_DOMCONSTRAINT',
  'OBJECT_SCHEMA',
]);

function objectWords(objtype: string | undefined): string {
  return (objtype ?? 'OBJECT_UNKNOWN').replace(/^OBJECT_/, '').replace(/_/g, ' ');
}

/** Statements that are not run, by parse-tree tag, with the reason given to the user. */
const REFUSED_TAGS: Readonly<Record<string, [string, string]>> = {
  DoStmt: ['DO block', 'a procedural block can commit, call any function and run dynamic SQL'],
  CallStmt: ['CALL', 'a procedure can commit and call any function'],
  VacuumStmt: ['VACUUM/ANALYZE', 'cannot run in a transaction (VACUUM) or updates statistics that the rollback keeps (ANALYZE)'],
  ClusterStmt: ['CLUSTER', 'rewrites the table outside what a simulation should do'],
  AlterSystemStmt: ['ALTER SYSTEM', 'writes the server configuration file'],
  CreatedbStmt: ['CREATE DATABASE', 'cannot run in a transaction'],
  DropdbStmt: ['DROP DATABASE', 'cannot run in a transaction'],
  AlterDatabaseStmt: ['ALTER DATABASE', 'changes the database'],
  AlterDatabaseSetStmt: ['ALTER DATABASE … SET', 'changes the database defaults'],
  AlterDatabaseRefreshCollStmt: ['ALTER DATABASE … REFRESH COLLATION VERSION', 'changes the database'],
  CreateExtensionStmt: ['CREATE EXTENSION', 'installs server-side code'],
  AlterExtensionStmt: ['ALTER EXTENSION', 'changes server-side code'],
  AlterExtensionContentsStmt: ['ALTER EXTENSION', 'changes server-side code'],
  CreateRoleStmt: ['CREATE ROLE', 'role changes are not simulated'],
  AlterRoleStmt: ['ALTER ROLE', 'role changes are not simulated'],
  AlterRoleSetStmt: ['ALTER ROLE … SET', 'role changes are not simulated'],
  DropRoleStmt: ['DROP ROLE', 'role changes are not simulated'],
  GrantStmt: ['GRANT/REVOKE', 'privilege changes are not simulated'],
  GrantRoleStmt: ['GRANT/REVOKE role', 'role changes are not simulated'],
  AlterDefaultPrivilegesStmt: ['ALTER DEFAULT PRIVILEGES', 'privilege changes are not simulated'],
  AlterOwnerStmt: ['ALTER … OWNER TO', 'ownership changes are not simulated'],
  ReassignOwnedStmt: ['REASSIGN OWNED', 'ownership changes are not simulated'],
  DropOwnedStmt: ['DROP OWNED', 'role changes are not simulated'],
  ListenStmt: ['LISTEN', 'notifications are not simulated'],
  UnlistenStmt: ['UNLISTEN', 'notifications are not simulated'],
  NotifyStmt: ['NOTIFY', 'notifications reach other sessions'],
  CheckPointStmt: ['CHECKPOINT', 'acts on the server'],
  LoadStmt: ['LOAD', 'loads server-side code'],
  DiscardStmt: ['DISCARD', 'would reset the guards'],
  CreateFunctionStmt: ['CREATE FUNCTION/PROCEDURE', 'functions are not run by the simulation'],
  AlterFunctionStmt: ['ALTER FUNCTION', 'functions are not run by the simulation'],
  CreateTrigStmt: ['CREATE TRIGGER', 'triggers would run functions the simulation does not check'],
  CreateEventTrigStmt: ['CREATE EVENT TRIGGER', 'event triggers run server-wide'],
  AlterEventTrigStmt: ['ALTER EVENT TRIGGER', 'event triggers run server-wide'],
  RuleStmt: ['CREATE RULE', 'rules would run statements the simulation does not check'],
  CreateTableSpaceStmt: ['CREATE TABLESPACE', 'cannot run in a transaction'],
  DropTableSpaceStmt: ['DROP TABLESPACE', 'cannot run in a transaction'],
  AlterTableSpaceOptionsStmt: ['ALTER TABLESPACE', 'changes the server'],
  AlterTableMoveAllStmt: ['ALTER TABLE … SET TABLESPACE', 'moves files on the server'],
  CreateSubscriptionStmt: ['CREATE SUBSCRIPTION', 'connects to another server and creates a replication slot there'],
  AlterSubscriptionStmt: ['ALTER SUBSCRIPTION', 'acts on replication'],
  DropSubscriptionStmt: ['DROP SUBSCRIPTION', 'drops a replication slot on another server'],
  CreatePublicationStmt: ['CREATE PUBLICATION', 'acts on replication'],
  AlterPublicationStmt: ['ALTER PUBLICATION', 'acts on replication'],
  CreateFdwStmt: ['CREATE FOREIGN DATA WRAPPER', 'foreign data reaches other servers'],
  CreateForeignServerStmt: ['CREATE SERVER', 'foreign data reaches other servers'],
  CreateUserMappingStmt: ['CREATE USER MAPPING', 'foreign data reaches other servers'],
  CreateForeignTableStmt: ['CREATE FOREIGN TABLE', 'foreign data reaches other servers'],
  ImportForeignSchemaStmt: ['IMPORT FOREIGN SCHEMA', 'foreign data reaches other servers'],
  SecLabelStmt: ['SECURITY LABEL', 'security labels are not simulated'],
  CreatePolicyStmt: ['CREATE POLICY', 'row security policies are not simulated'],
  AlterPolicyStmt: ['ALTER POLICY', 'row security policies are not simulated'],
  ExplainStmt: ['EXPLAIN', 'EXPLAIN ANALYZE would run the statement unchecked'],
  PrepareStmt: ['PREPARE', 'prepared statements are not simulated'],
  ExecuteStmt: ['EXECUTE', 'prepared statements are not simulated'],
  DeallocateStmt: ['DEALLOCATE', 'prepared statements are not simulated'],
  DeclareCursorStmt: ['DECLARE CURSOR', 'cursors are not simulated'],
  FetchStmt: ['FETCH', 'cursors are not simulated'],
  ClosePortalStmt: ['CLOSE', 'cursors are not simulated'],
  RefreshMatViewStmt: ['REFRESH MATERIALIZED VIEW', 'runs the view’s query, which is not checked'],
  DefineStmt: ['CREATE AGGREGATE/OPERATOR/TYPE/COLLATION', 'defines server-side behaviour'],
  CreateCastStmt: ['CREATE CAST', 'defines server-side behaviour'],
  CreateConversionStmt: ['CREATE CONVERSION', 'defines server-side behaviour'],
  CreateOpClassStmt: ['CREATE OPERATOR CLASS', 'defines server-side behaviour'],
  CreateTransformStmt: ['CREATE TRANSFORM', 'defines server-side behaviour'],
  CreatePLangStmt: ['CREATE LANGUAGE', 'installs server-side code'],
  CreateAmStmt: ['CREATE ACCESS METHOD', 'installs server-side code'],
};

/** What real database mode does with one top-level statement of the parse tree. */
export function classifyServerStatement(stmt: unknown): ServerVerdict {
  const top = tagOf(stmt);
  if (!top) return skip('an empty statement', 'nothing to run');
  const { tag, node } = top;
  const refused = REFUSED_TAGS[tag];
  if (refused) return skip(refused[0], refused[1]);
  const verdict = structuralVerdict(tag, node);
  if (verdict.kind !== 'run' && verdict.kind !== 'no-transaction') return verdict;
  // Function calls anywhere in the tree: defaults, USING, WHERE, select lists, index expressions.
  const call = refusedCall(node);
  if (call) return call;
  if (verdict.kind !== 'run') return verdict;
  // Writes nested in WITH (`WITH d AS (DELETE FROM t …) SELECT …`) write their tables too.
  const nested: { schema?: string; name: string }[] = [];
  walk(node, (inner, payload) => {
    if (inner === 'InsertStmt' || inner === 'UpdateStmt' || inner === 'DeleteStmt' || inner === 'MergeStmt') {
      const n = rangeVarName(payload['relation']);
      if (n) nested.push(n);
    }
  });
  if (!nested.length) return verdict;
  return systemSchemaTarget(nested) ?? { kind: 'run', targets: [...new Set([...verdict.targets, ...nested.map(written)])], dml: true };
}

function structuralVerdict(tag: string, node: PgNode): ServerVerdict {
  const run = (targets: readonly ({ schema?: string; name: string } | undefined)[], dml = false): ServerVerdict => {
    const named = targets.filter((t): t is { schema?: string; name: string } => t !== undefined);
    return systemSchemaTarget(named) ?? { kind: 'run', targets: named.map(written), ...(dml ? { dml } : {}) };
  };
  switch (tag) {
    case 'TransactionStmt':
      return transactionVerdict(node);
    case 'VariableSetStmt':
      return settingVerdict(node);
    case 'ConstraintsSetStmt':
      return { kind: 'run', targets: [] };
    case 'CopyStmt': {
      const where = str(node, 'filename');
      const from = bool(node, 'is_from');
      if (bool(node, 'is_program')) return skip(`COPY ${from ? 'FROM' : 'TO'} PROGRAM`, 'runs a command on the server host');
      if (where !== undefined) return skip(`COPY ${from ? 'FROM' : 'TO'} a file`, 'reads or writes files on the server host');
      return skip(from ? 'COPY FROM STDIN' : 'COPY TO STDOUT', 'copied data is not simulated on a real server');
    }
    case 'SelectStmt':
      if (child(node, 'intoClause')) return run([rangeVarName(child(child(node, 'intoClause'), 'rel'))]);
      return { kind: 'run', targets: [] };
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      return run([rangeVarName(node['relation'])], true);
    case 'LockStmt':
      return run(list(node['relations']).map(rangeVarName));
    case 'CreateStmt':
      if (str(node, 'tablespacename')) return skip('CREATE TABLE … TABLESPACE', 'places files in a tablespace');
      return run([rangeVarName(node['relation'])]);
    case 'CreateTableAsStmt': {
      const into = child(node, 'into');
      return run([rangeVarName(child(into, 'rel'))]);
    }
    case 'ViewStmt':
      return run([rangeVarName(node['view'])]);
    case 'CreateSeqStmt':
    case 'AlterSeqStmt':
      return run([rangeVarName(node['sequence'])]);
    case 'CreateEnumStmt':
    case 'AlterEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt':
    case 'CreateDomainStmt':
    case 'AlterDomainStmt':
    case 'CommentStmt':
      return { kind: 'run', targets: [] };
    case 'CreateSchemaStmt': {
      if (child(node, 'authrole')) return skip('CREATE SCHEMA … AUTHORIZATION', 'ownership changes are not simulated');
      for (const elt of list(node['schemaElts'])) {
        const inner = classifyServerStatement(elt);
        if (inner.kind !== 'run') return inner.kind === 'skip' ? inner : skip('CREATE SCHEMA with elements', 'an element cannot run');
      }
      return { kind: 'run', targets: [] };
    }
    case 'IndexStmt':
      if (bool(node, 'concurrent')) return { kind: 'no-transaction', what: 'CREATE INDEX CONCURRENTLY' };
      if (str(node, 'tableSpace')) return skip('CREATE INDEX … TABLESPACE', 'places files in a tablespace');
      return run([rangeVarName(node['relation'])]);
    case 'ReindexStmt': {
      const kind = str(node, 'kind');
      if (list(node['params']).some((p) => str(unwrap(p, 'DefElem'), 'defname') === 'concurrently'))
        return { kind: 'no-transaction', what: 'REINDEX CONCURRENTLY' };
      if (kind !== 'REINDEX_OBJECT_INDEX' && kind !== 'REINDEX_OBJECT_TABLE') return skip('REINDEX SCHEMA/DATABASE/SYSTEM', 'cannot run in a transaction');
      return run([rangeVarName(node['relation'])]);
    }
    case 'AlterTableStmt': {
      const objtype = str(node, 'objtype');
      if (!DDL_OBJECTS.has(objtype ?? '')) return skip(`ALTER ${objectWords(objtype)}`, 'not a table, index, sequence, view or type');
      for (const cmd of list(node['cmds'])) {
        const c = unwrap(cmd, 'AlterTableCmd');
        const sub = str(c, 'subtype');
        if (sub === 'AT_ChangeOwner') return skip('ALTER TABLE … OWNER TO', 'ownership changes are not simulated');
        if (sub === 'AT_SetTableSpace') return skip('ALTER TABLE … SET TABLESPACE', 'moves files on the server');
        if (sub === 'AT_DetachPartition' && bool(unwrap(child(c, 'def'), 'PartitionCmd'), 'concurrent')) {
          return { kind: 'no-transaction', what: 'DETACH PARTITION CONCURRENTLY' };
        }
        if (
          sub === 'AT_EnableTrig' ||
          sub === 'AT_EnableAlwaysTrig' ||
          sub === 'AT_EnableReplicaTrig' ||
          sub === 'AT_EnableTrigAll' ||
          sub === 'AT_EnableTrigUser' ||
          sub === 'AT_EnableRule' ||
          sub === 'AT_EnableAlwaysRule' ||
          sub === 'AT_EnableReplicaRule'
        ) {
          return skip('ALTER TABLE … ENABLE TRIGGER/RULE', 'triggers and rules would run code the simulation does not check');
        }
      }
      return run([rangeVarName(node['relation'])]);
    }
    case 'DropStmt': {
      const objtype = str(node, 'removeType');
      if (!DDL_OBJECTS.has(objtype ?? '')) return skip(`DROP ${objectWords(objtype)}`, 'not a table, index, sequence, view, type or schema');
      if (bool(node, 'concurrent')) return { kind: 'no-transaction', what: 'DROP INDEX CONCURRENTLY' };
      if (objtype === 'OBJECT_SCHEMA') {
        const schemas = list(node['objects']).map((o) => (str(unwrap(o, 'String'), 'sval') ?? '').toLowerCase());
        if (schemas.some((s) => SYSTEM_SCHEMAS.has(s))) return skip('DROP SCHEMA of a system schema', 'system catalogs are not changed');
        return { kind: 'run', targets: [] };
      }
      const objects = list(node['objects']).map((o) => names(o));
      const targets = objects.map((n) => (n.length > 1 ? { schema: n[n.length - 2]!, name: n[n.length - 1]! } : n.length ? { name: n[0]! } : undefined));
      return objtype === 'OBJECT_TYPE' || objtype === 'OBJECT_DOMAIN'
        ? (systemSchemaTarget(targets.filter((t) => t !== undefined)) ?? { kind: 'run', targets: [] })
        : run(targets);
    }
    case 'RenameStmt': {
      const objtype = str(node, 'renameType');
      if (!DDL_OBJECTS.has(objtype ?? ''))
        return skip(`ALTER ${objectWords(objtype)} … RENAME`, 'not a table, column, index, sequence, view, constraint, type or schema');
      return run([rangeVarName(node['relation'])]);
    }
    case 'AlterObjectSchemaStmt': {
      const objtype = str(node, 'objectType');
      if (!DDL_OBJECTS.has(objtype ?? '')) return skip(`ALTER ${objectWords(objtype)} … SET SCHEMA`, 'not a table, index, sequence, view or type');
      return run([rangeVarName(node['relation'])]);
    }
    default:
      return skip(describeTag(tag), 'not on the list of statements real database mode runs');
  }
}

/** `CreateStatsStmt` → `CREATE STATS`: a readable name for a statement kind nobody listed. */
function describeTag(tag: string): string {
  return tag
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}
