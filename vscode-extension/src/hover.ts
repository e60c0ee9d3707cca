// Hover (LSP "textDocument/hover"): what the name under the cursor is, its type or signature,
// and its doc comment; for other expressions, their type.
import type * as ast from '../../grammar/ast.js';
import { typeToString } from '../../compiler/check/model.js';
import type { Hover } from 'vscode-languageserver';
import { nodePathAt } from './ast-walk.js';
import { BUILTIN_SIGNATURES, KEYWORD_DOCS, bindingDoc, describeBinding } from './describe.js';
import { rangeOf, spanToRange } from './positions.js';
import type { Analysis } from './workspace.js';

const fence = (code: string) => '```penglai\n' + code + '\n```';

export function hoverAt(analysis: Analysis, offset: number): Hover | null {
  return keywordHover(analysis, offset) ?? nameHover(analysis, offset);
}

/** The keyword under the cursor, when it is an enclave operation or a parameter direction. */
function keywordHover(analysis: Analysis, offset: number): Hover | null {
  const text = analysis.text;
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  const doc = KEYWORD_DOCS[text.slice(start, end)];
  if (!doc) return null;
  // Not inside a string or comment: the keyword must be where the lexer would see a keyword.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  if (before.includes('//') || (before.split('"').length - 1) % 2 === 1) return null;
  return { contents: { kind: 'markdown', value: doc }, range: rangeOf(analysis.lines, start, end) };
}

function nameHover(analysis: Analysis, offset: number): Hover | null {
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
