// Inlay hints (LSP 3.17 "textDocument/inlayHint"): what the checker knows and the source does
// not say. The inferred type after `let x` / `var x` written without one; before each argument
// of a call through a server handle, the parameter's name and, for arrays and structs, its
// direction (the `out` in a call is invisible otherwise); after `acquire X`, the name X is
// registered under, which is what the monitor looks up (Penglai's acquire_enclave by name).
import type * as ast from '../../grammar/ast.js';
import { typeToString, type Type } from '../../compiler/check/model.js';
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { walk } from './ast-walk.js';
import { rangeInDocument } from './document-bounds.js';
import { positionAt } from './positions.js';
import type { Analysis } from './workspace.js';

export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const wanted = rangeInDocument(analysis.lines, range);
  if (!wanted) return [];
  const { checked } = analysis;
  const hints: { offset: number; hint: Omit<InlayHint, 'position'> }[] = [];
  const add = (offset: number, hint: Omit<InlayHint, 'position'>) => {
    if (offset >= wanted.start && offset <= wanted.end) hints.push({ offset, hint });
  };
  const known = (type: Type | undefined): type is Type => type !== undefined && type.kind !== 'error' && type.kind !== 'void';

  walk(analysis.program, (node) => {
    // Nothing in a node that ends before the range or starts after it can be in it.
    if (node.span.end < wanted.start || node.span.start > wanted.end) return false;
    switch (node.kind) {
      case 'LetStmt':
      case 'VarStmt': {
        if (node.type || !node.name) break;
        const local = checked.locals.get(node);
        const binding = local ?? checked.bindings.get(node.name);
        const type = binding?.kind === 'local' ? binding.type : binding?.kind === 'global' ? binding.global.type : undefined;
        if (known(type)) add(node.name.span.end, { label: `: ${typeToString(type)}`, kind: InlayHintKind.Type });
        break;
      }
      case 'MethodCallExpr': {
        const target = checked.calls.get(node);
        if (target?.kind !== 'server-call') break;
        target.fn.params.forEach((param, i) => {
          const argument = node.args[i];
          if (!argument || argument.kind === 'ErrorExpr') return;
          const direction = param.direction === 'value' ? '' : param.direction;
          // `tag` passed as `tag` needs no name; its direction is still news.
          const sameName = argument.kind === 'NameExpr' && argument.name === param.name;
          const label = sameName ? direction : direction ? `${direction} ${param.name}:` : `${param.name}:`;
          if (label) add(argument.span.start, { label, kind: InlayHintKind.Parameter, paddingRight: true });
        });
        break;
      }
      case 'AcquireExpr':
        addRegisteredName(analysis, node, add);
        break;
    }
  });
  return hints.sort((a, b) => a.offset - b.offset).map(({ offset, hint }) => ({ position: positionAt(analysis.lines, offset), ...hint }));
}

function addRegisteredName(analysis: Analysis, node: ast.AcquireExpr, add: (offset: number, hint: Omit<InlayHint, 'position'>) => void): void {
  if (!node.target) return;
  const type = analysis.checked.types.get(node);
  const name = type?.kind === 'handle' ? type.section.registeredName : undefined;
  if (name === undefined) return;
  add(node.target.span.end, { label: JSON.stringify(name), paddingLeft: true, tooltip: `the name the monitor looks up: acquire_enclave(${JSON.stringify(name)})` });
}
