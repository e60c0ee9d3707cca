// Completion (LSP "textDocument/completion"). The context comes from the text just before the
// cursor, which is usually unparsable while typing; the names come from the last analysis, whose
// tables still hold the handles and functions declared around the cursor. Items carry `data`
// instead of documentation; completion-resolve.ts fills it in for the item the editor shows.
import { keywordTokens } from '../../grammar/tokens.js';
import { typeToString, type Binding, type Type } from '../../compiler/check/model.js';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { builtinData, declarationData, keywordData } from './completion-resolve.js';
import { BUILTIN_SIGNATURES, bindingDecl, bindingType, describeBinding, functionSignature, sectionHeader } from './describe.js';
import { visibleNamesAt } from './scope-at.js';
import type { Analysis } from './workspace.js';

const KEYWORDS = keywordTokens.map((t) => String(t.LABEL).slice(1, -1));
const PRIMITIVES = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'bool'];

/** @param linePrefix the current text of the cursor's line up to the cursor
 *  @param offset the cursor's offset in the analysed text */
/** What the client can take: snippets only when it says so (Emacs eglot without yasnippet would
 *  insert `add_two($0)` literally). */
export interface CompletionClient {
  snippets: boolean;
}

export function completionsAt(analysis: Analysis, offset: number, linePrefix: string, client: CompletionClient = { snippets: false }): CompletionItem[] {
  if (insideCommentOrString(linePrefix)) return [];

  const sectionKeyword = /\b(acquire|create)\s+[A-Za-z_0-9]*$/.exec(linePrefix);
  if (sectionKeyword) {
    const wantServers = sectionKeyword[1] === 'acquire';
    return analysis.checked.sections
      .filter((s) => (wantServers ? s.kind === 'server' : s.kind !== 'host'))
      .map((s) => ({ label: s.name, kind: CompletionItemKind.Module, detail: sectionHeader(s), ...declarationData(analysis, s.decl) }));
  }

  const member = /([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_0-9]*$/.exec(linePrefix);
  if (member && !/\.\.\s*[A-Za-z_0-9]*$/.test(linePrefix)) {
    const receiver = visibleNamesAt(analysis, offset).names.get(member[1]);
    const type = receiver ? bindingType(receiver) : undefined;
    return type ? membersOf(analysis, type, client) : [];
  }

  if (/(:\s*(in|out|inout)?\s*|->\s*|\bas\s+|\b(server|enclave)\s*<\s*)[A-Za-z_0-9]*$/.test(linePrefix) && !/\b(let|var|const)\s+[A-Za-z_0-9]*\s*$/.test(linePrefix)) {
    return typeNames(analysis);
  }

  const visible = visibleNamesAt(analysis, offset);
  const items: CompletionItem[] = [];
  for (const [name, binding] of visible.names) items.push(bindingItem(analysis, name, binding));
  if (visible.place !== 'top') {
    for (const [name, builtin] of Object.entries(BUILTIN_SIGNATURES)) {
      // Only the builtins the table allows here: no `peek64` offered in the host.
      if (!visible.names.has(name) && builtin.places.includes(visible.place)) items.push({ label: name, kind: CompletionItemKind.Function, detail: builtin.label, ...builtinData(analysis, name) });
    }
  }
  for (const keyword of KEYWORDS) {
    if (!PRIMITIVES.includes(keyword)) items.push({ label: keyword, kind: CompletionItemKind.Keyword, ...keywordData(analysis, keyword) });
  }
  for (const primitive of PRIMITIVES) items.push({ label: primitive, kind: CompletionItemKind.TypeParameter });
  return items;
}

/** A handle's server functions (public ones: the interface) or a struct's fields. */
function membersOf(analysis: Analysis, type: Type, client: CompletionClient): CompletionItem[] {
  if (type.kind === 'handle' && type.handleKind === 'server') {
    return type.section.functions
      .filter((fn) => !fn.isPrivate)
      .map((fn) => ({
        label: fn.name,
        kind: CompletionItemKind.Method,
        detail: functionSignature(fn),
        ...declarationData(analysis, fn.decl),
        ...(client.snippets ? { insertText: `${fn.name}($0)`, insertTextFormat: InsertTextFormat.Snippet } : { insertText: fn.name, insertTextFormat: InsertTextFormat.PlainText }),
      }));
  }
  if (type.kind === 'struct') {
    return type.struct.fields.map((f) => ({ label: f.name, kind: CompletionItemKind.Field, detail: `${f.name}: ${typeToString(f.type)}`, ...declarationData(analysis, f.decl) }));
  }
  return [];
}

function typeNames(analysis: Analysis): CompletionItem[] {
  const items: CompletionItem[] = PRIMITIVES.map((p) => ({ label: p, kind: CompletionItemKind.TypeParameter }));
  for (const struct of analysis.checked.structs) items.push({ label: struct.name, kind: CompletionItemKind.Struct, ...declarationData(analysis, struct.decl) });
  for (const section of analysis.checked.sections) if (section.kind !== 'host') items.push({ label: section.name, kind: CompletionItemKind.Module });
  items.push({ label: 'server', kind: CompletionItemKind.Keyword }, { label: 'enclave', kind: CompletionItemKind.Keyword });
  return items;
}

const KIND_OF: Record<Binding['kind'], CompletionItemKind> = {
  local: CompletionItemKind.Variable,
  param: CompletionItemKind.Variable,
  global: CompletionItemKind.Field,
  const: CompletionItemKind.Constant,
  function: CompletionItemKind.Function,
  section: CompletionItemKind.Module,
  struct: CompletionItemKind.Struct,
};

function bindingItem(analysis: Analysis, name: string, binding: Binding): CompletionItem {
  return { label: name, kind: KIND_OF[binding.kind], detail: describeBinding(binding), ...declarationData(analysis, bindingDecl(binding)) };
}

/** Whether the cursor sits in a `//` comment or an open string on this line. */
function insideCommentOrString(linePrefix: string): boolean {
  let inString = false;
  for (let i = 0; i < linePrefix.length; i++) {
    const c = linePrefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '/' && linePrefix[i + 1] === '/') {
      return true;
    }
  }
  return inString;
}
