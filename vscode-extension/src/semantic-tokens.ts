// Semantic tokens (LSP "textDocument/semanticTokens/full"): the lexer's categories, refined for
// names by what the checker resolved them to, so a server, a handle, a parameter and a constant
// each get their own colour.
import type { SourceSpan } from '../../grammar/diagnostic.js';
import { scan } from '../../grammar/scanner.js';
import type { Binding } from '../../compiler/check/model.js';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import type { Analysis } from './workspace.js';

const TYPES = ['namespace', 'struct', 'function', 'method', 'parameter', 'variable', 'property', 'keyword', 'type', 'number', 'string', 'comment', 'operator'] as const;
const MODIFIERS = ['declaration', 'readonly', 'documentation'] as const;
type TokenTypeName = (typeof TYPES)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const typeIndex = (name: TokenTypeName) => TYPES.indexOf(name);
const DECLARATION = 1;
const READONLY = 2;
const DOCUMENTATION = 4;

function classifyName(binding: Binding): { type: TokenTypeName; modifiers: number } {
  switch (binding.kind) {
    case 'section': return { type: 'namespace', modifiers: 0 };
    case 'struct': return { type: 'struct', modifiers: 0 };
    case 'function': return { type: binding.fn.section.kind === 'server' ? 'method' : 'function', modifiers: 0 };
    case 'param': return { type: 'parameter', modifiers: binding.param.direction === 'value' || binding.param.direction === 'in' ? READONLY : 0 };
    case 'local': return { type: 'variable', modifiers: binding.mutable ? 0 : READONLY };
    case 'global': return { type: 'property', modifiers: binding.global.mutable ? 0 : READONLY };
    case 'const': return { type: 'variable', modifiers: READONLY };
  }
}

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const names = new Map<number, { binding: Binding; span: SourceSpan }>();
  for (const [node, binding] of analysis.checked.bindings) {
    if (node.span.file === analysis.file) names.set(node.span.start, { binding, span: node.span });
  }
  const builder = new SemanticTokensBuilder();
  const { lines } = analysis;
  const push = (start: number, end: number, type: TokenTypeName, modifiers: number) => {
    // A token may not cross a line (LSP 3.17 semantic tokens, without multilineTokenSupport).
    let from = start;
    while (from < end) {
      const line = lines.lineOf(from);
      const lineEnd = line + 1 < lines.lineStarts.length ? lines.lineStarts[line + 1] : analysis.text.length;
      const to = Math.min(end, lineEnd);
      const length = analysis.text.slice(from, to).replace(/[\r\n]+$/, '').length;
      if (length > 0) builder.push(line, from - lines.lineStarts[line], length, typeIndex(type), modifiers);
      from = to;
    }
  };
  for (const token of scan(analysis.text).all) {
    switch (token.category) {
      case 'keyword': push(token.start, token.end, token.text === 'true' || token.text === 'false' ? 'number' : 'keyword', 0); break;
      case 'type': push(token.start, token.end, 'type', 0); break;
      case 'number': push(token.start, token.end, 'number', 0); break;
      case 'string': push(token.start, token.end, 'string', 0); break;
      case 'comment': push(token.start, token.end, 'comment', 0); break;
      case 'doc': push(token.start, token.end, 'comment', DOCUMENTATION); break;
      case 'operator': push(token.start, token.end, 'operator', 0); break;
      case 'identifier': {
        const name = names.get(token.start);
        if (!name) {
          push(token.start, token.end, 'variable', 0);
          break;
        }
        const { type, modifiers } = classifyName(name.binding);
        const declared = declarationStart(name.binding) === token.start;
        push(token.start, token.end, type, modifiers | (declared ? DECLARATION : 0));
        break;
      }
    }
  }
  return builder.build();
}

function declarationStart(binding: Binding): number | undefined {
  switch (binding.kind) {
    case 'local': return (binding.decl.kind === 'ForStmt' ? binding.decl.variable : binding.decl.name)?.span.start;
    case 'param': return binding.param.decl.name?.span.start;
    case 'global': return binding.global.decl.name?.span.start;
    case 'const': return binding.decl.name?.span.start;
    case 'function': return binding.fn.decl.name?.span.start;
    case 'struct': return binding.struct.decl.name?.span.start;
    case 'section': return binding.section.decl.kind === 'HostDecl' ? undefined : binding.section.decl.name?.span.start;
  }
}
