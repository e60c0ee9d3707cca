// Mutable places (README, "Variables"): what may be assigned to or passed to `out`/`inout`.
// A `var` (local or section global), an `out`/`inout` parameter, or an element or field of one.
// Everything else comes back with the reason, worded for the label under the carets.
import type * as ast from '../../grammar/ast.js';
import type { BodyContext } from './context.js';

export interface PlaceInfo {
  mutable: boolean;
  /** Why it is not mutable (a label). */
  why: string;
  /** How to make it mutable (a hint). */
  fix?: string;
  /** The variable at the root of the place, when there is one. */
  name?: string;
}

/** Classifies an already-checked expression. */
export function placeOf(b: BodyContext, e: ast.Expr): PlaceInfo {
  switch (e.kind) {
    case 'IndexExpr':
    case 'FieldExpr':
      return placeOf(b, e.target);
    case 'NameExpr': {
      const binding = b.cx.result.bindings.get(e);
      if (!binding) return { mutable: true, why: '' }; // already reported as unknown
      switch (binding.kind) {
        case 'local':
          if (binding.mutable) return { mutable: true, why: '', name: binding.name };
          return binding.decl.kind === 'ForStmt'
            ? { mutable: false, why: `\`${binding.name}\` is a \`for\` variable`, name: binding.name, fix: 'copy it into a `var` first' }
            : { mutable: false, why: `\`${binding.name}\` is declared with \`let\``, name: binding.name, fix: `declare it with \`var\`: \`var ${binding.name} ...\`` };
        case 'param': {
          const { param } = binding;
          if (param.direction === 'out' || param.direction === 'inout') return { mutable: true, why: '', name: param.name };
          return param.direction === 'in'
            ? { mutable: false, why: `\`${param.name}\` is an \`in\` parameter`, name: param.name, fix: `declare the parameter \`inout\` to modify it` }
            : { mutable: false, why: `\`${param.name}\` is a parameter passed by value`, name: param.name, fix: 'copy it into a `var` first' };
        }
        case 'global':
          if (binding.global.mutable) return { mutable: true, why: '', name: binding.global.name };
          return { mutable: false, why: `\`${binding.global.name}\` is declared with \`let\``, name: binding.global.name, fix: `declare it with \`var\`` };
        case 'const':
          return { mutable: false, why: `\`${binding.name}\` is a constant`, name: binding.name, fix: 'copy it into a `var` first' };
        default:
          return { mutable: true, why: '' }; // not a value: already reported
      }
    }
    case 'ErrorExpr':
      return { mutable: true, why: '' };
    case 'IntLiteral':
    case 'BoolLiteral':
    case 'StringLiteral':
    case 'ArrayLiteral':
    case 'ArrayRepeat':
      return { mutable: false, why: 'this is a literal', fix: 'store it in a `var` first and pass that' };
    default:
      return { mutable: false, why: 'this is a temporary value', fix: 'store it in a `var` first and pass that' };
  }
}
