// Go to type definition (LSP 3.17 "textDocument/typeDefinition"): from a value to the
// declaration of its type. A handle (`server<Adder>`, `enclave<Caller>`) leads to the section it
// names, a struct-typed value (or an array of them) to the struct. Primitive types are declared
// nowhere, so they give no location.
import type * as ast from '../../grammar/ast.js';
import type { Type } from '../../compiler/check/model.js';
import type { Location } from 'vscode-languageserver';
import { nodePathAt } from './ast-walk.js';
import { bindingType } from './describe.js';
import { spanToRange } from './positions.js';
import { fileToUri, type Analysis } from './workspace.js';

export function typeDefinitionAt(analysis: Analysis, offset: number): Location | null {
  const type = typeAt(analysis, offset);
  const declared = type ? declarationOfType(type) : undefined;
  if (!declared) return null;
  return { uri: fileToUri(declared.span.file), range: spanToRange(declared.span) };
}

/** The type of the value under the cursor: a name's declared type, else the innermost typed expression. */
function typeAt(analysis: Analysis, offset: number): Type | undefined {
  const { checked } = analysis;
  const path = nodePathAt(analysis.program, offset);
  for (let i = path.length - 1; i > 0; i--) {
    const node = path[i];
    if (node.kind === 'Ident' || node.kind === 'NameExpr') {
      const binding = checked.bindings.get(node);
      // A function's name stands for its result, as in a call.
      const type = binding ? bindingType(binding) : undefined;
      if (type) return type;
    }
    const type = checked.types.get(node as ast.Expr);
    if (type) return type;
    if (node.kind.endsWith('Stmt') || node.kind.endsWith('Decl') || node.kind === 'Block') return undefined;
  }
  return undefined;
}

function declarationOfType(type: Type): ast.Node | undefined {
  let element = type;
  while (element.kind === 'array') element = element.element;
  if (element.kind === 'handle') {
    const decl = element.section.decl;
    return decl.kind === 'HostDecl' ? undefined : decl.name ?? decl;
  }
  if (element.kind === 'struct') return element.struct.decl.name ?? element.struct.decl;
  return undefined;
}
