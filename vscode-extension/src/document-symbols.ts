// The outline (LSP "textDocument/documentSymbol"): sections with their functions and globals,
// structs with their fields, constants and tests, nested the way the source nests them.
import type * as ast from '../../grammar/ast.js';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { spanToRange } from './positions.js';

function symbol(name: string, kind: SymbolKind, node: ast.Node, nameNode: ast.Node | undefined, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const result: DocumentSymbol = { name, kind, range: spanToRange(node.span), selectionRange: spanToRange((nameNode ?? node).span) };
  if (detail !== undefined) result.detail = detail;
  if (children && children.length > 0) result.children = children;
  return result;
}

function memberSymbols(members: readonly ast.Node[], functionKind: SymbolKind): DocumentSymbol[] {
  const children: DocumentSymbol[] = [];
  for (const member of members) {
    if (member.kind === 'FnDecl' && member.name) {
      children.push(symbol(member.name.name, functionKind, member, member.name, member.isPrivate ? 'private' : undefined));
    } else if ((member.kind === 'LetStmt' || member.kind === 'VarStmt') && member.name) {
      children.push(symbol(member.name.name, SymbolKind.Variable, member, member.name, member.kind === 'LetStmt' ? 'let' : 'var'));
    } else if (member.kind === 'ConstDecl' && member.name) {
      children.push(symbol(member.name.name, SymbolKind.Constant, member, member.name, 'const'));
    }
  }
  return children;
}

export function documentSymbols(program: ast.Program): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const item of program.items) {
    switch (item.kind) {
      case 'ServerDecl':
        if (item.name) symbols.push(symbol(item.name.name, SymbolKind.Class, item, item.name, item.registeredName ? `server ${item.registeredName.raw}` : 'server', memberSymbols(item.members, SymbolKind.Method)));
        break;
      case 'EnclaveDecl':
        if (item.name) symbols.push(symbol(item.name.name, SymbolKind.Class, item, item.name, 'enclave', memberSymbols(item.members, SymbolKind.Function)));
        break;
      case 'HostDecl':
        symbols.push(symbol('host', SymbolKind.Namespace, item, undefined, undefined, memberSymbols(item.members.filter((m) => m.kind === 'FnDecl'), SymbolKind.Function)));
        break;
      case 'StructDecl':
        if (item.name) {
          const fields = item.fields.filter((f) => f.name).map((f) => symbol(f.name!.name, SymbolKind.Field, f, f.name));
          symbols.push(symbol(item.name.name, SymbolKind.Struct, item, item.name, 'struct', fields));
        }
        break;
      case 'ConstDecl':
        if (item.name) symbols.push(symbol(item.name.name, SymbolKind.Constant, item, item.name, 'const'));
        break;
      case 'FnDecl':
        symbols.push(...memberSymbols([item], SymbolKind.Function));
        break;
      case 'TestDecl':
        symbols.push(symbol(item.name ? item.name.raw : 'test', SymbolKind.Event, item, item.name, 'test'));
        break;
    }
  }
  return symbols;
}
