import { captures, grammarParser, namedChildren, type SyntaxNode } from '../tree-sitter';
import type { HostComment, HostError } from '../adapter';
import { readValue, type PyValue } from './values';

/** A Python file parsed with tree-sitter: its top-level functions, assignments, comments and syntax errors. */
export interface PythonModule {
  readonly root: SyntaxNode;
  readonly functions: ReadonlyMap<string, SyntaxNode>;
  /** Module-level `name = value` assignments (`revision = '…'`, `atomic = False`). */
  readonly assignments: ReadonlyMap<string, PyValue>;
  readonly comments: readonly HostComment[];
  readonly errors: readonly HostError[];
}

/** Parses Python; undefined until the grammar is loaded (`loadGrammar('python')`). */
export function parsePython(text: string): PythonModule | undefined {
  const parser = grammarParser('python');
  if (!parser) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  const root = tree.rootNode;
  const functions = new Map<string, SyntaxNode>();
  const assignments = new Map<string, PyValue>();
  for (const stmt of namedChildren(root)) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition') {
      const name = def.childForFieldName('name')?.text;
      if (name) functions.set(name, def);
    } else if (stmt.type === 'class_definition') {
      const name = stmt.childForFieldName('name')?.text;
      if (name) functions.set(`class ${name}`, stmt);
    } else if (stmt.type === 'expression_statement') {
      const assign = namedChildren(stmt)[0];
      if (assign?.type === 'assignment') {
        const left = assign.childForFieldName('left');
        const right = assign.childForFieldName('right');
        if (left?.type === 'identifier' && right) assignments.set(left.text, readValue(right));
      }
    }
  }
  const comments: HostComment[] = captures('python', '(comment) @c', root).map((node) => ({
    range: { start: node.startIndex, end: node.endIndex },
    body: node.text.replace(/^#\s?/, ''),
  }));
  const errors: HostError[] = root.hasError ? syntaxErrors(root) : [];
  return { root, functions, assignments, comments, errors };
}

function syntaxErrors(root: SyntaxNode): HostError[] {
  const errors: HostError[] = [];
  for (const node of captures('python', '(ERROR) @e', root)) {
    errors.push({ start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1), message: 'Python syntax error' });
  }
  // A missing token (an unclosed bracket) is not an ERROR node; find it under the nodes that contain errors.
  const visit = (node: SyntaxNode): void => {
    if (node.isMissing) errors.push({ start: node.startIndex, end: node.startIndex + 1, message: `Python syntax error: missing ${node.type}` });
    else if (node.hasError) for (const c of node.children) if (c) visit(c);
  };
  visit(root);
  return errors;
}
