import type { Span } from '../scan';
import { captures, grammarParser, loadGrammar, namedChildren, type SyntaxNode } from '../tree-sitter';
import { chainOf, Untranslatable } from './chain';
import { knexSchema } from './knex';
import { kyselySchema } from './kysely';
import { pgMigrateCall } from './pg-migrate';
import { sequelizeCall } from './sequelize';
import { typeormCall } from './typeorm';

/*
 * Schema-builder calls of JavaScript/TypeScript migrations (Knex, Kysely, Sequelize,
 * node-pg-migrate, TypeORM's QueryRunner) translated to the SQL the library emits for PostgreSQL. The calls are
 * found by the token scan in builders.ts; each is read here from the TypeScript syntax
 * tree (tree-sitter), so arguments are real expressions, not text.
 */

/** Loads the TypeScript grammar; until it resolves, builder calls stay not analysed. */
export function prepareJsBuilders(): Promise<void> {
  return loadGrammar('typescript');
}

type Translation = { readonly sql: readonly string[] } | { readonly reason: string };

export interface JsTree {
  translate(call: Span): Translation;
  /** Every `receiver.method(…)` call, with its first argument. */
  memberCalls(): MemberCall[];
  /** `const name = 'literal'` / `` `template` ``: names bound to a literal, with the literal's span. */
  literalBindings(): { readonly name: string; readonly value: Span }[];
}

interface MemberCall extends Span {
  readonly method: string;
  /** The receiver's text when it is a plain name (`this`, `knex`). */
  readonly receiver?: string;
  readonly firstArgument?: Span & { readonly type: string; readonly text?: string };
  /** The second argument's syntax type and text (values bound to the SQL, options). */
  readonly secondArgument?: { readonly type: string; readonly keys: readonly string[] };
}

const MEMBER_CALLS = '(call_expression function: (member_expression property: (property_identifier) @method)) @call';
const LITERAL_BINDINGS = '(variable_declarator name: (identifier) value: [(string) (template_string)]) @binding';

/**
 * CPU time one builder call may take to parse. tree-sitter's error recovery is far from
 * linear on some broken input (a quote left open over thousands of lines): such a call is
 * left not analysed instead of stalling the lint.
 */
const PARSE_BUDGET_MS = 250;
/** The same for the whole file, read for its runner calls and SQL bindings. */
const WHOLE_FILE_BUDGET_MS = 1000;

/** Parses `source`, giving up (undefined) after `budgetMs` of CPU time. */
function parseWithin(parser: NonNullable<ReturnType<typeof grammarParser>>, source: string, budgetMs: number) {
  const started = process.cpuUsage();
  const overBudget = (): boolean => {
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 > budgetMs;
  };
  // The callback's return value cancels the parse (the typings say void).
  return parser.parse(source, null, { progressCallback: overBudget as () => void }) ?? undefined;
}

/** Reads builder calls; undefined when the grammar is not loaded. */
export function parseJs(text: string): JsTree | undefined {
  const parser = grammarParser('typescript');
  if (!parser) return undefined;
  // The runner calls and bindings need the whole file; parsed once, on first use, within a
  // budget (a file tree-sitter cannot recover from in time gives none, never a stall).
  let whole: { tree: ReturnType<typeof parseWithin> } | undefined;
  const wholeFile = () => (whole ??= { tree: parseWithin(parser, text, WHOLE_FILE_BUDGET_MS) }).tree;
  return {
    translate(call) {
      // Each call is parsed on its own (its chain is self-contained), so the work is linear
      // in the calls' length, whatever the rest of the file holds.
      const source = text.slice(call.start, call.end);
      const tree = parseWithin(parser, source, PARSE_BUDGET_MS);
      if (!tree) return { reason: 'it is too large or too broken to read in time' };
      try {
        const node = callAt(tree.rootNode, { start: 0, end: source.length });
        if (!node) return { reason: 'its syntax could not be read' };
        return { sql: translateNode(node) };
      } catch (e) {
        if (e instanceof Untranslatable) return { reason: e.message };
        throw e;
      } finally {
        tree.delete();
      }
    },
    memberCalls() {
      const tree = wholeFile();
      if (!tree) return [];
      return captures('typescript', MEMBER_CALLS, tree.rootNode)
        .filter((n) => n.type === 'call_expression')
        .map((n) => {
          const fn = n.childForFieldName('function');
          const object = fn?.childForFieldName('object');
          const args = n.childForFieldName('arguments') ? namedChildren(n.childForFieldName('arguments')!) : [];
          const first = args[0];
          const second = args[1];
          return {
            start: n.startIndex,
            end: n.endIndex,
            method: fn?.childForFieldName('property')?.text ?? '',
            ...(object && (object.type === 'identifier' || object.type === 'this') ? { receiver: object.text } : {}),
            ...(first
              ? {
                  firstArgument: {
                    start: first.startIndex,
                    end: first.endIndex,
                    type: first.type,
                    ...(first.type === 'identifier' ? { text: first.text } : {}),
                  },
                }
              : {}),
            ...(second ? { secondArgument: { type: second.type, keys: objectKeys(second) } } : {}),
          };
        });
    },
    literalBindings() {
      const tree = wholeFile();
      if (!tree) return [];
      return captures('typescript', LITERAL_BINDINGS, tree.rootNode).flatMap((n) => {
        const name = n.childForFieldName('name');
        const value = n.childForFieldName('value');
        return name && value ? [{ name: name.text, value: { start: value.startIndex, end: value.endIndex } }] : [];
      });
    },
  };
}

/** The outermost expression covering exactly the call's span (the chain up to its last call). */
function callAt(root: SyntaxNode, span: Span): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  let best: SyntaxNode | undefined;
  while (node && node.startIndex >= span.start && node.endIndex <= span.end) {
    if (node.type === 'call_expression') best = node;
    node = node.parent;
  }
  return best;
}

/** Postgres SQL for one builder chain, or throws Untranslatable. */
function translateNode(node: SyntaxNode): string[] {
  if (node.hasError) throw new Untranslatable('the call has a syntax error');
  const links = chainOf(node);
  const schema = links.findIndex((l) => l.name === 'schema' && !l.args);
  if (schema >= 0) {
    const rest = links.slice(schema + 1);
    const head = rest[0];
    if (!head?.args) throw new Untranslatable('not a schema call');
    // Knex passes the table body as a callback (`alterTable('t', (t) => …)`); Kysely chains methods.
    const knexStyle =
      head.args.length >= 2 ||
      (['dropTable', 'dropTableIfExists', 'renameTable', 'raw'].includes(head.name) && !rest.some((l) => l.name === 'execute' || l.name === 'compile'));
    return knexStyle ? knexSchema(rest) : kyselySchema(rest);
  }
  const receiver = links.findIndex((l) => l.name === 'queryInterface' || l.name === 'pgm' || l.name === 'queryRunner');
  const method = links[receiver + 1];
  if (receiver >= 0 && method && links.length === receiver + 2) {
    const name = links[receiver]!.name;
    return name === 'pgm' ? pgMigrateCall(method) : name === 'queryRunner' ? typeormCall(method) : sequelizeCall(method);
  }
  throw new Untranslatable('this call is not translated to SQL yet');
}

/** The property names of an object literal (`{ replacements, type: … }` → replacements, type). */
function objectKeys(node: SyntaxNode): string[] {
  if (node.type !== 'object') return [];
  return namedChildren(node).flatMap((p) => {
    if (p.type === 'shorthand_property_identifier') return [p.text];
    const key = p.type === 'pair' ? p.childForFieldName('key') : null;
    return key ? [key.text.replace(/^['"]|['"]$/g, '')] : [];
  });
}
