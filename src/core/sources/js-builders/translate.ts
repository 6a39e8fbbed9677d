import type { Span } from '../scan';
import { grammarParser, loadGrammar, type SyntaxNode } from '../tree-sitter';
import { chainOf, Untranslatable } from './chain';
import { knexSchema } from './knex';
import { kyselySchema } from './kysely';
import { pgMigrateCall } from './pg-migrate';
import { sequelizeCall } from './sequelize';

/*
 * Schema-builder calls of JavaScript/TypeScript migrations (Knex, Kysely, Sequelize,
 * node-pg-migrate) translated to the SQL the library emits for PostgreSQL. The calls are
 * found by the token scan in builders.ts; each is read here from the TypeScript syntax
 * tree (tree-sitter), so arguments are real expressions, not text.
 */

/** Loads the TypeScript grammar; until it resolves, builder calls stay not analysed. */
export function prepareJsBuilders(): Promise<void> {
  return loadGrammar('typescript');
}

export type Translation = { readonly sql: readonly string[] } | { readonly reason: string };

export interface JsTree {
  translate(call: Span): Translation;
}

/**
 * CPU time one builder call may take to parse. tree-sitter's error recovery is far from
 * linear on some broken input (a quote left open over thousands of lines): such a call is
 * left not analysed instead of stalling the lint.
 */
const PARSE_BUDGET_MS = 250;

/** Reads builder calls; undefined when the grammar is not loaded. */
export function parseJs(text: string): JsTree | undefined {
  const parser = grammarParser('typescript');
  if (!parser) return undefined;
  return {
    translate(call) {
      // Each call is parsed on its own (its chain is self-contained), so the work is linear
      // in the calls' length, whatever the rest of the file holds.
      const source = text.slice(call.start, call.end);
      const started = process.cpuUsage();
      const overBudget = (): boolean => {
        const used = process.cpuUsage(started);
        return (used.user + used.system) / 1000 > PARSE_BUDGET_MS;
      };
      // The callback's return value cancels the parse (the typings say void).
      const tree = parser.parse(source, null, { progressCallback: overBudget as () => void });
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
  const receiver = links.findIndex((l) => l.name === 'queryInterface' || l.name === 'pgm');
  const method = links[receiver + 1];
  if (receiver >= 0 && method && links.length === receiver + 2) {
    return links[receiver]!.name === 'pgm' ? pgMigrateCall(method) : sequelizeCall(method);
  }
  throw new Untranslatable('this call is not translated to SQL yet');
}
