// The test-only builtins (grammar/README.md, "Tests and grading"): `expect_fault`, whose
// kind argument is a name from runtime/abi.ts's FaultKind table rather than an expression,
// and `expect_output` / `expect_no_output`, which take what `print` takes. Where they may be
// called is checked with every builtin, from the table in ../builtins.ts.
import type * as ast from '../../grammar/ast.js';
import { FaultKind } from '../../runtime/abi.js';
import { HOST_PRINT_MAX } from '../../runtime/lib/print.js';
import { HOST_MEMORY, type BuiltinName } from '../builtins.js';
import { printArgument } from './builtins.js';
import { Code } from './codes.js';
import type { BodyContext } from './context.js';
import { checkExpr, convertTo, reportMismatch } from './expressions.js';
import { typeToString } from './model.js';
import { U64, withArticle } from './types.js';

/** The most a printed value takes: `-9223372036854775808`, `0xffffffffffffffff`, `false`. */
const LONGEST_VALUE_TEXT = 20;

const KIND_LIST = Object.keys(FaultKind).map((k) => `\`${k}\``).join(', ');

export const isFaultKindName = (name: string): name is keyof typeof FaultKind => Object.hasOwn(FaultKind, name);

/** Whether a call is one of the builtins handled here. */
export const isTestBuiltin = (name: BuiltinName) => name === 'expect_fault' || name === 'expect_output' || name === 'expect_no_output';

export function checkTestBuiltin(b: BodyContext, e: ast.CallExpr, name: BuiltinName): void {
  if (name !== 'expect_fault') {
    for (const arg of e.args) printArgument(b, arg);
    // The text is built in the host's print buffer; one that could overflow it would be
    // partly printed instead of expected.
    const longest = e.args.reduce((n, arg) => n + (arg.kind === 'StringLiteral' ? Buffer.byteLength(arg.value, 'utf8') : LONGEST_VALUE_TEXT), 0);
    if (longest > HOST_PRINT_MAX) {
      b.cx.report(Code.BadExpectation, `the text of \`${name}\` can be at most ${HOST_PRINT_MAX} bytes`, e.span, {
        label: `up to ${longest} bytes`,
        hint: 'expect a shorter, distinctive part of the output',
      });
    }
    return;
  }
  const cx = b.cx;
  if (e.args.length < 2 || e.args.length > 3) {
    for (const arg of e.args) checkExpr(b, arg);
    cx.report(Code.WrongArgumentCount, `\`expect_fault\` takes 2 or 3 arguments but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`, e.span, {
      label: 'expected 2 or 3',
      hint: 'write `expect_fault(run e, load_page_fault)`, optionally with an address or `host_memory`',
    });
    return;
  }
  const [enclave, kind, address] = e.args;
  checkStoppedEnclave(b, enclave);
  if (kind.kind !== 'NameExpr' || !isFaultKindName(kind.name)) {
    if (kind.kind !== 'NameExpr') checkExpr(b, kind);
    cx.report(Code.BadExpectation, kind.kind === 'NameExpr' ? `\`${kind.name}\` is not a fault kind` : 'the second argument of `expect_fault` is a fault kind', kind.span, {
      label: 'expected a fault kind',
      hint: `the kinds are ${KIND_LIST}`,
    });
  }
  if (address && !(address.kind === 'NameExpr' && address.name === HOST_MEMORY && !b.scope.lookup(HOST_MEMORY))) {
    convertTo(b, address, U64, (actual) => reportMismatch(b, address, U64, actual));
  }
}

/** `run h` or `h`, with `h` a name of an enclave or server handle: the probe needs the handle
 *  itself, and evaluating another expression twice could create a second enclave. */
function checkStoppedEnclave(b: BodyContext, arg: ast.Expr): void {
  const handle = arg.kind === 'RunExpr' && !arg.slice ? arg.target : arg;
  const type = checkExpr(b, arg);
  const handleType = handle === arg ? type : b.cx.result.types.get(handle);
  if (type.kind === 'error' || handleType?.kind === 'error') return;
  if (handle.kind === 'NameExpr' && handleType?.kind === 'handle') return;
  b.cx.report(Code.BadExpectation, `\`expect_fault\` needs \`run h\` or a handle \`h\`, found ${withArticle(typeToString(handleType ?? type))}`, arg.span, {
    label: 'not an enclave handle',
    hint: 'name the enclave first: `let e = create E; expect_fault(run e, load_page_fault);`',
  });
}
