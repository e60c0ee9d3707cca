// Which names are visible at a position: the front end's scoping rules (README, "Names"), read
// back from the checked tables instead of re-derived. Blocks see the locals declared before the
// position, functions their parameters, sections their members, everything the top level.
import type * as ast from '../../grammar/ast.js';
import type { Binding, SectionInfo } from '../../compiler/check/model.js';
import { nodePathAt } from './ast-walk.js';
import type { Analysis } from './workspace.js';

export interface VisibleNames {
  names: Map<string, Binding>;
  /** The section the position is in, if any. */
  section: SectionInfo | undefined;
  place: 'host' | 'enclave' | 'server' | 'test' | 'top';
}

export function sectionOfDecl(analysis: Analysis, decl: ast.Node): SectionInfo | undefined {
  return analysis.checked.sections.find((s) => s.decl === decl);
}

export function visibleNamesAt(analysis: Analysis, offset: number): VisibleNames {
  const { checked } = analysis;
  const names = new Map<string, Binding>();
  const identBinding = (ident: ast.Ident | undefined) => (ident ? checked.bindings.get(ident) : undefined);
  const add = (binding: Binding | undefined, name: string | undefined) => {
    if (binding && name !== undefined) names.set(name, binding);
  };

  for (const section of checked.sections) if (section.kind !== 'host') add({ kind: 'section', section }, section.name);
  for (const struct of checked.structs) add({ kind: 'struct', struct }, struct.name);
  for (const fn of checked.sharedFunctions) add({ kind: 'function', fn }, fn.name);
  for (const program of checked.programs) {
    for (const item of program.items) if (item.kind === 'ConstDecl') add(identBinding(item.name), item.name?.name);
  }

  let section: SectionInfo | undefined;
  let place: VisibleNames['place'] = 'top';
  const path = nodePathAt(analysis.program, offset);
  for (const node of path) {
    switch (node.kind) {
      case 'ServerDecl':
      case 'EnclaveDecl':
      case 'HostDecl': {
        section = sectionOfDecl(analysis, node);
        place = node.kind === 'ServerDecl' ? 'server' : node.kind === 'EnclaveDecl' ? 'enclave' : 'host';
        if (section) {
          for (const g of section.globals) add({ kind: 'global', global: g, section }, g.name);
          for (const fn of section.functions) add({ kind: 'function', fn }, fn.name);
        }
        if (node.kind === 'HostDecl') addStatementsBefore(node.members, offset, checked, add);
        break;
      }
      case 'TestDecl':
        place = 'test';
        break;
      case 'FnDecl':
        for (const param of node.params) add(identBinding(param.name), param.name?.name);
        break;
      case 'Block':
        addStatementsBefore(node.statements, offset, checked, add);
        break;
      case 'ForStmt':
        if (node.body && node.body.span.start < offset) add(identBinding(node.variable), node.variable?.name);
        break;
    }
  }
  return { names, section, place };
}

function addStatementsBefore(
  statements: readonly ast.Node[],
  offset: number,
  checked: Analysis['checked'],
  add: (binding: Binding | undefined, name: string | undefined) => void,
): void {
  for (const statement of statements) {
    if (statement.span.end > offset) break;
    if (statement.kind === 'LetStmt' || statement.kind === 'VarStmt') add(checked.locals.get(statement), statement.name?.name);
    else if (statement.kind === 'ConstDecl' && statement.name) add(checked.bindings.get(statement.name), statement.name.name);
  }
}
