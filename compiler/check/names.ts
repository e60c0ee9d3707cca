// Name lookup through the scope chain: block locals, then parameters, then section members,
// then top-level declarations. Constants are evaluated on first use, so they may be declared
// in any order; a constant that needs itself is reported once (E0115).
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext } from './context.js';
import type { Binding } from './model.js';
import type { ScopeEntry } from './scope.js';

export function lookupName(b: BodyContext, name: string): ScopeEntry | undefined {
  return b.scope.lookup(name);
}

/** Marks a name as read and makes sure a constant has its value before anyone sees it. */
export function useBinding(b: BodyContext, entry: ScopeEntry): Binding {
  entry.used = true;
  const binding = entry.binding;
  if (binding.kind === 'const') {
    if (b.cx.constsInProgress.has(binding.decl) && !selfReferenceReported.has(binding.decl)) {
      selfReferenceReported.add(binding.decl);
      b.cx.report(Code.RecursiveDefinition, `constant \`${binding.name}\` is defined in terms of itself`, binding.decl.name?.span ?? binding.decl.span, {
        label: 'needs its own value',
      });
    }
    const pending = b.cx.pendingConsts.get(binding.decl);
    if (pending) pending();
  }
  return binding;
}

const selfReferenceReported = new WeakSet<ast.ConstDecl>();
