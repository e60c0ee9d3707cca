// Semantic tokens (LSP "textDocument/semanticTokens/full"): the lexer's categories, refined for
// names by what the checker resolved them to, so a server, a handle, a parameter and a constant
// each get their own colour.
import type { SourceSpan } from '../../grammar/diagnostic.js';
import { scan } from '../../grammar/scanner.js';
import type { Binding } from '../../compiler/check/model.js';
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Analysis } from './workspace.js';

const TYPES = ['namespace', 'struct', 'function', 'method', 'parameter', 'variable', 'property', 'keyword', 'type', 'number', 'string', 'comment', 'operator'] as const;
const MODIFIERS = ['declaration', 'readonly', 'documentation'] as const;
type TokenTypeName = (typeof TYPES)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const TYPE_INDEX = new Map<TokenTypeName, number>(TYPES.map((name, i) => [name, i]));
const typeIndex = (name: TokenTypeName) => TYPE_INDEX.get(name)!;
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
  // A 20,000-line file has about 100,000 tokens: the loop below allocates nothing per token
  // that it can avoid (the bindings by offset, the relative encoding written straight out).
  const names = new Map<number, Binding>();
  for (const [node, binding] of analysis.checked.bindings) {
    if (node.span.file === analysis.file) names.set(node.span.start, binding);
  }
  const data: number[] = [];
  const { lines, text } = analysis;
  const starts = lines.lineStarts;
  let previousLine = 0;
  let previousStart = 0;
  const emit = (line: number, character: number, length: number, type: number, modifiers: number) => {
    data.push(line - previousLine, line === previousLine ? character - previousStart : character, length, type, modifiers);
    previousLine = line;
    previousStart = character;
  };
  const push = (start: number, end: number, type: TokenTypeName, modifiers: number) => {
    const index = typeIndex(type);
    const line = lines.lineOf(start);
    const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    if (end <= lineEnd && !hasLineBreak(text, start, end)) {
      emit(line, start - starts[line], end - start, index, modifiers);
      return;
    }
    // A token may not cross a line (LSP 3.17 semantic tokens, without multilineTokenSupport).
    let from = start;
    while (from < end) {
      const at = lines.lineOf(from);
      const atEnd = at + 1 < starts.length ? starts[at + 1] : text.length;
      const to = Math.min(end, atEnd);
      const length = text.slice(from, to).replace(/[\r\n]+$/, '').length;
      if (length > 0) emit(at, from - starts[at], length, index, modifiers);
      from = to;
    }
  };
  for (const token of scan(text).all) {
    switch (token.category) {
      case 'keyword': push(token.start, token.end, token.text === 'true' || token.text === 'false' ? 'number' : 'keyword', 0); break;
      case 'type': push(token.start, token.end, 'type', 0); break;
      case 'number': push(token.start, token.end, 'number', 0); break;
      case 'string': push(token.start, token.end, 'string', 0); break;
      case 'comment': push(token.start, token.end, 'comment', 0); break;
      case 'doc': push(token.start, token.end, 'comment', DOCUMENTATION); break;
      case 'operator': push(token.start, token.end, 'operator', 0); break;
      case 'identifier': {
        const binding = names.get(token.start);
        if (!binding) {
          push(token.start, token.end, 'variable', 0);
          break;
        }
        const { type, modifiers } = classifyName(binding);
        const declared = declarationStart(binding) === token.start;
        push(token.start, token.end, type, modifiers | (declared ? DECLARATION : 0));
        break;
      }
    }
  }
  return { data };
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
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
