import type { HostComment, HostError } from '../adapter';
import { captures, grammarParser, type SyntaxNode } from '../tree-sitter';

/** A PHP file parsed with tree-sitter: its tree, comments and syntax errors. */
export interface PhpModule {
  readonly root: SyntaxNode;
  readonly comments: readonly HostComment[];
  readonly errors: readonly HostError[];
}

/** Parses PHP; undefined until the grammar is loaded (`loadGrammar('php')`). */
export function parsePhp(text: string): PhpModule | undefined {
  const parser = grammarParser('php');
  const tree = parser?.parse(text);
  if (!tree) return undefined;
  const root = tree.rootNode;
  const comments: HostComment[] = captures('php', '(comment) @c', root).map((node) => ({
    range: { start: node.startIndex, end: node.endIndex },
    body: commentBody(node.text),
  }));
  return { root, comments, errors: root.hasError ? syntaxErrors(root) : [] };
}

/** `// x`, `# x`, `/* x *\/` → `x`. */
function commentBody(text: string): string {
  if (text.startsWith('//')) return text.slice(2).replace(/^ /, '');
  if (text.startsWith('#')) return text.slice(1).replace(/^ /, '');
  return text.replace(/^\/\*+\s?/, '').replace(/\s*\*\/$/, '');
}

function syntaxErrors(root: SyntaxNode): HostError[] {
  const errors: HostError[] = captures('php', '(ERROR) @e', root).map((node) => ({
    start: node.startIndex,
    end: Math.max(node.endIndex, node.startIndex + 1),
    message: 'PHP syntax error',
  }));
  // A missing token (an unclosed bracket) is not an ERROR node; find it under the nodes that contain errors.
  const visit = (node: SyntaxNode): void => {
    if (node.isMissing) errors.push({ start: node.startIndex, end: node.startIndex + 1, message: `PHP syntax error: missing ${node.type}` });
    else if (node.hasError) for (const c of node.children) if (c) visit(c);
  };
  visit(root);
  return errors;
}
