// Hover (LSP "textDocument/hover"): what the name under the cursor is, its type or signature,
// and its doc comment; for other expressions, their type.
import type * as ast from '../../grammar/ast.js';
import { typeToString } from '../../compiler/check/model.js';
import type { Hover } from 'vscode-languageserver';
import { nodePathAt } from './ast-walk.js';
import { BUILTIN_SIGNATURES, bindingDoc, describeBinding } from './describe.js';
import { spanToRange } from './positions.js';
import type { Analysis } from './workspace.js';

const fence = (code: string) => '```penglai\n' + code + '\n```';

export function hoverAt(analysis: Analysis, offset: number): Hover | null {
  const path = nodePathAt(analysis.program, offset);
  const { checked } = analysis;
  for (let i = path.length - 1; i > 0; i--) {
    const node = path[i];
    if (node.kind === 'Ident' || node.kind === 'NameExpr') {
      const binding = checked.bindings.get(node);
      if (binding) {
        const doc = bindingDoc(binding);
        let text = fence(describeBinding(binding));
        if (binding.kind === 'section' && binding.section.kind === 'server') {
          const api = binding.section.functions.filter((f) => !f.isPrivate).map((f) => `- \`${f.name}\``).join('\n');
          if (api) text += '\n\nFunctions:\n' + api;
        }
        if (doc) text += '\n\n' + doc;
        return { contents: { kind: 'markdown', value: text }, range: spanToRange(node.span) };
      }
      const parent = path[i - 1];
      if (node.kind === 'NameExpr' && parent.kind === 'CallExpr' && parent.callee === node) {
        const target = checked.calls.get(parent);
        if (target?.kind === 'builtin') {
          const builtin = BUILTIN_SIGNATURES[target.name];
          return { contents: { kind: 'markdown', value: fence(builtin.label) + '\n\n' + builtin.doc }, range: spanToRange(node.span) };
        }
      }
      if (node.kind === 'Ident') continue;
    }
    const type = checked.types.get(node as ast.Expr);
    if (type && type.kind !== 'error') {
      return { contents: { kind: 'markdown', value: fence(typeToString(type)) }, range: spanToRange(node.span) };
    }
    if (node.kind.endsWith('Stmt') || node.kind.endsWith('Decl') || node.kind === 'Block') return null;
  }
  return null;
}
