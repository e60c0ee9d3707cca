// Generic traversal of the grammar's AST: every node is an object with `kind` and `span`, and its
// children are the node-valued fields (single or arrays). Walking by shape keeps the language
// server independent of new node kinds the grammar may add.
import type * as ast from '../../grammar/ast.js';

type AnyNode = ast.Node & Record<string, unknown>;

const isNode = (value: unknown): value is ast.Node =>
  typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' &&
  typeof (value as { span?: unknown }).span === 'object';

export function childrenOf(node: ast.Node): ast.Node[] {
  const children: ast.Node[] = [];
  for (const key in node) {
    if (key === 'span') continue;
    const value = (node as AnyNode)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  // Fields are declared in source order almost everywhere; sorting makes it certain.
  return children.sort((a, b) => a.span.start - b.span.start);
}

/** Calls `visit` on every node in source order; returning false skips the node's children. */
export function walk(node: ast.Node, visit: (node: ast.Node, parent: ast.Node | undefined) => boolean | void): void {
  const stack: [ast.Node, ast.Node | undefined][] = [[node, undefined]];
  while (stack.length > 0) {
    const [current, parent] = stack.pop()!;
    if (visit(current, parent) === false) continue;
    const children = childrenOf(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], current]);
  }
}

/** The chain of nodes whose span contains `offset`, outermost first. An offset at a node's end
 *  counts as inside it, so a cursor right after `adder` still finds `adder`. */
export function nodePathAt(root: ast.Node, offset: number): ast.Node[] {
  const path: ast.Node[] = [root];
  let current: ast.Node = root;
  for (;;) {
    const children = childrenOf(current);
    // Prefer the last child that contains the offset: at `a|.b` both `a` and the call touch it,
    // and the narrower, later match is the one the user means.
    let next: ast.Node | undefined;
    for (const child of children) {
      if (child.span.start <= offset && offset <= child.span.end) next = child;
    }
    if (!next) return path;
    path.push(next);
    current = next;
  }
}
