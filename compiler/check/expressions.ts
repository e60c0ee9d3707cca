// Expression typing (grammar/README.md, "Types and semantics"). Each expression is checked
// against the type its context expects, so integer literals take that type; values of constant
// expressions are folded on the way (array lengths, constants and global initialisers need them).
import type * as ast from '../../grammar/ast.js';
import { keywordWords } from '../../grammar/tokens.js';
import { checkArguments, checkCall, checkMethodCall, signatureText } from './calls.js';
import { Code } from './codes.js';
import { checkOperatorChain, isUntyped, sourceOf } from './operator-chains.js';
import { isEnclaveSide, isHostSide, type BodyContext } from './context.js';
import type { ConstValue, SectionInfo, Type } from './model.js';
import { typeToString } from './model.js';
import { recordSharedUse } from './measurement-deps.js';
import { lookupName, useBinding } from './names.js';
import { closestNames, didYouMean, replacementFor } from './suggest.js';
import {
  BOOL, ERROR, I64, U64, defaultLiteralType, fitsIn, isInt, intRange, sameType, STRING, widensTo, wrapTo, withArticle,
} from './types.js';


export function checkExpr(b: BodyContext, e: ast.Expr, expected?: Type): Type {
  if (e.kind === 'BinaryExpr' || e.kind === 'CastExpr') return checkOperatorChain(b, e, expected);
  return b.cx.setType(e, typeOf(b, e, expected));
}

export { isUntyped };

function typeOf(b: BodyContext, e: ast.Expr, expected: Type | undefined): Type {
  const cx = b.cx;
  switch (e.kind) {
    case 'IntLiteral':
      return literal(b, e, e.value, e.raw, expected);
    case 'BoolLiteral':
      cx.result.constants.set(e, e.value);
      return BOOL;
    case 'StringLiteral':
      return STRING;
    case 'NameExpr':
      return name(b, e, expected);
    case 'ArrayLiteral':
      return arrayLiteral(b, e, expected);
    case 'ArrayRepeat':
      return arrayRepeat(b, e, expected);
    case 'UnaryExpr':
      return unary(b, e, expected);
    case 'BinaryExpr':
    case 'CastExpr':
      return checkOperatorChain(b, e, expected);
    case 'CallExpr':
      return checkCall(b, e, expected);
    case 'MethodCallExpr':
      return checkMethodCall(b, e);
    case 'IndexExpr':
      return index(b, e);
    case 'FieldExpr':
      return field(b, e);
    case 'CreateExpr':
      return create(b, e);
    case 'AcquireExpr':
      return acquire(b, e);
    case 'RunExpr':
    case 'ResumeExpr':
      return run(b, e);
    case 'AttestExpr':
      return attest(b, e);
    case 'StartExpr':
    case 'JoinExpr':
      return onAnotherHart(b, e);
    case 'ErrorExpr':
      return ERROR;
  }
}

function literal(b: BodyContext, e: ast.Expr, value: bigint, raw: string, expected: Type | undefined): Type {
  b.cx.result.constants.set(e, value);
  if (expected && isInt(expected)) {
    if (!fitsIn(value, expected)) {
      const { min, max } = intRange(expected);
      b.cx.report(Code.LiteralOutOfRange, `literal \`${raw}\` does not fit in \`${expected.name}\``, e.span, {
        label: `\`${expected.name}\` holds ${min}..=${max}`,
        hint: value < 0n && !expected.signed ? `\`${expected.name}\` is unsigned` : undefined,
      });
    }
    return expected;
  }
  const type = defaultLiteralType(value);
  if (!fitsIn(value, type) && !(value < 0n && value >= intRange(I64).min)) {
    b.cx.report(Code.LiteralOutOfRange, `literal \`${raw}\` does not fit in any integer type`, e.span, {
      label: 'the largest integer is `u64` (0xffff_ffff_ffff_ffff)',
    });
  }
  return type;
}

function name(b: BodyContext, e: ast.NameExpr, expected: Type | undefined): Type {
  const cx = b.cx;
  const entry = lookupName(b, e.name);
  if (!entry) {
    const candidates = closestNames(e.name, b.scope.visibleNames());
    // `retrun x;` reads as a name followed by a parse error: name the keyword that was meant.
    const keyword = candidates.length === 0 ? closestNames(e.name, keywordWords)[0] : undefined;
    if (keyword) candidates.push(keyword);
    cx.report(Code.UnknownName, `cannot find \`${e.name}\` in this scope`, e.span, {
      label: 'not found',
      hint: keyword ? `did you mean the keyword \`${keyword}\`?` : didYouMean(candidates),
      data: { candidates, ...replacementFor(e.span, candidates) },
    });
    return ERROR;
  }
  const binding = useBinding(b, entry);
  cx.result.bindings.set(e, binding);
  switch (binding.kind) {
    case 'local':
      return binding.type;
    case 'param':
      return binding.param.type;
    case 'global':
      return binding.global.type;
    case 'const':
      if (cx.topScope.own(binding.name)?.binding === binding) recordSharedUse(b, binding.decl);
      if (binding.buildTime) return binding.type;
      cx.result.constants.set(e, binding.value);
      if (binding.decl.type === undefined && typeof binding.value === 'bigint' && expected && isInt(expected)) {
        return literal(b, e, binding.value, e.name, expected);
      }
      return binding.type;
    case 'function':
      cx.report(Code.NotAValue, `\`${e.name}\` is a function, not a value`, e.span, {
        label: 'a function',
        hint: `call it: \`${e.name}(...)\``,
      });
      return ERROR;
    case 'section': {
      const kind = binding.section.kind;
      cx.report(Code.NotAValue, `\`${e.name}\` is ${kind === 'server' ? 'a server' : 'an enclave'}, not a value`, e.span, {
        label: `a ${kind}`,
        hint: kind === 'server' ? `get a handle with \`acquire ${e.name}\` or \`create ${e.name}\`` : `get a handle with \`create ${e.name}\``,
      });
      return ERROR;
    }
    case 'struct':
      cx.report(Code.NotAValue, `\`${e.name}\` is a struct type, not a value`, e.span, {
        label: 'a type',
        hint: `declare a variable of it: \`var p: ${e.name};\``,
      });
      return ERROR;
  }
}

function arrayLiteral(b: BodyContext, e: ast.ArrayLiteral, expected: Type | undefined): Type {
  const cx = b.cx;
  const wanted = expected?.kind === 'array' ? expected : undefined;
  let element: Type | undefined = wanted?.element;
  const values: ConstValue[] = [];
  for (const item of e.elements) {
    if (element === undefined) element = checkExpr(b, item);
    else convertTo(b, item, element);
    const value = cx.result.constants.get(item);
    if (value !== undefined) values.push(value);
  }
  if (element === undefined) {
    cx.report(Code.CannotInfer, 'cannot tell the element type of an empty array', e.span, {
      label: 'empty array',
      hint: 'arrays have at least one element; give the variable a type such as `u32[4]`',
    });
    return ERROR;
  }
  if (wanted && wanted.length !== e.elements.length) {
    cx.report(Code.ArrayLiteralLength, `expected ${wanted.length} elements, found ${e.elements.length}`, e.span, {
      label: `\`${typeToString(wanted)}\` has ${wanted.length} elements`,
      hint: wanted.length > 8 ? `fill an array with one value: \`[0; ${wanted.length}]\`` : undefined,
    });
    return wanted;
  }
  if (values.length === e.elements.length) cx.result.constants.set(e, values);
  return { kind: 'array', element, length: e.elements.length };
}

function arrayRepeat(b: BodyContext, e: ast.ArrayRepeat, expected: Type | undefined): Type {
  const cx = b.cx;
  const wanted = expected?.kind === 'array' ? expected : undefined;
  const element = wanted ? (convertTo(b, e.value, wanted.element), wanted.element) : checkExpr(b, e.value);
  const length = constantLength(b, e.count);
  if (length === undefined) return ERROR;
  const value = cx.result.constants.get(e.value);
  if (value !== undefined && length <= 65536) cx.result.constants.set(e, new Array<ConstValue>(length).fill(value));
  return { kind: 'array', element, length };
}

/** An array length: a positive integer known at compile time (README, "Arrays"). */
export function constantLength(b: BodyContext, e: ast.Expr): number | undefined {
  const type = checkExpr(b, e);
  if (type.kind === 'error') return undefined;
  const value = b.cx.result.constants.get(e);
  if (!isInt(type) || typeof value !== 'bigint') {
    b.cx.report(Code.BadArrayLength, 'an array length must be an integer constant', e.span, {
      label: isInt(type) ? 'not known at compile time' : `this is ${withArticle(typeToString(type))}`,
      hint: 'use a literal or a `const`',
    });
    return undefined;
  }
  if (value <= 0n || value > 0x7fff_ffffn) {
    b.cx.report(Code.BadArrayLength, `an array length must be positive, found ${value}`, e.span, {
      label: value <= 0n ? 'not positive' : 'too large',
    });
    return undefined;
  }
  return Number(value);
}

function unary(b: BodyContext, e: ast.UnaryExpr, expected: Type | undefined): Type {
  const cx = b.cx;
  if (e.op === '-' && e.operand.kind === 'IntLiteral') {
    // A negative literal is one value, so `-128` fits in i8 although 128 does not.
    const type = literal(b, e, -e.operand.value, '-' + e.operand.raw, expected);
    cx.setType(e.operand, type);
    cx.result.constants.set(e.operand, e.operand.value);
    return type;
  }
  if (e.op === '!') {
    const type = checkExpr(b, e.operand, BOOL);
    if (type.kind === 'error') return BOOL;
    if (type.kind !== 'bool') {
      cx.report(Code.BadOperand, `\`!\` needs a \`bool\`, found \`${typeToString(type)}\``, e.operand.span, {
      label: `this is ${withArticle(typeToString(type))}`,
        hint: isInt(type) ? 'for bitwise not use `~`; to test for zero write `x == 0`' : undefined,
      });
      return BOOL;
    }
    const value = cx.result.constants.get(e.operand);
    if (typeof value === 'boolean') cx.result.constants.set(e, !value);
    return BOOL;
  }
  const type = checkExpr(b, e.operand, expected && isInt(expected) ? expected : undefined);
  if (type.kind === 'error') return ERROR;
  if (!isInt(type)) {
    cx.report(Code.BadOperand, `\`${e.op}\` needs an integer, found \`${typeToString(type)}\``, e.operand.span, {
      label: `this is ${withArticle(typeToString(type))}`,
      hint: type.kind === 'bool' && e.op === '~' ? 'for logical not use `!`' : undefined,
    });
    return ERROR;
  }
  if (e.op === '-' && !type.signed) {
    cx.report(Code.BadOperand, `cannot negate an unsigned \`${type.name}\``, e.span, {
      label: `\`${type.name}\` has no negative values`,
      hint: `cast first (\`-(x as i64)\`), or subtract from zero (\`0 - x\`), which wraps`,
    });
    return type;
  }
  const value = cx.result.constants.get(e.operand);
  if (typeof value === 'bigint') cx.result.constants.set(e, wrapTo(e.op === '-' ? -value : ~value, type));
  return type;
}


function index(b: BodyContext, e: ast.IndexExpr): Type {
  const cx = b.cx;
  const target = checkExpr(b, e.target);
  const indexType = checkExpr(b, e.index);
  if (target.kind === 'error') return ERROR;
  if (target.kind !== 'array') {
    cx.report(Code.NotIndexable, `cannot index into a value of type \`${typeToString(target)}\``, e.target.span, {
      label: 'not an array',
    });
    return ERROR;
  }
  if (indexType.kind !== 'error' && !isInt(indexType)) {
    cx.report(Code.BadOperand, `an array index must be an integer, found \`${typeToString(indexType)}\``, e.index.span, {
      label: `this is ${withArticle(typeToString(indexType))}`,
    });
    return target.element;
  }
  const value = cx.result.constants.get(e.index);
  if (typeof value === 'bigint' && (value < 0n || value >= BigInt(target.length))) {
    cx.report(Code.IndexOutOfRange, `index ${value} is out of range for \`${typeToString(target)}\``, e.index.span, {
      label: `the valid indices are 0..${target.length}`,
    });
    return target.element;
  }
  // A constant array at a constant index is a constant (`const N = SIZES[2];`).
  const array = cx.result.constants.get(e.target);
  if (Array.isArray(array) && typeof value === 'bigint' && value < BigInt(array.length)) cx.result.constants.set(e, array[Number(value)]);
  return target.element;
}

function field(b: BodyContext, e: ast.FieldExpr): Type {
  const cx = b.cx;
  const target = checkExpr(b, e.target);
  if (target.kind === 'error' || !e.field) return ERROR;
  if (target.kind !== 'struct') {
    cx.report(Code.NoFields, `\`${typeToString(target)}\` has no fields`, e.field.span, {
      label: `\`${e.field.name}\` is not a field`,
      hint: target.kind === 'handle' ? `to call a server function write \`${sourceOf(e.target)}.${e.field.name}(...)\`` : undefined,
    });
    return ERROR;
  }
  const found = target.struct.fields.find((f) => f.name === e.field!.name);
  if (!found) {
    const candidates = closestNames(e.field.name, target.struct.fields.map((f) => f.name));
    cx.report(Code.UnknownField, `struct \`${target.struct.name}\` has no field \`${e.field.name}\``, e.field.span, {
      label: 'unknown field',
      hint: didYouMean(candidates) ?? (target.struct.fields.length ? `its fields are ${target.struct.fields.map((f) => '`' + f.name + '`').join(', ')}` : undefined),
      data: { candidates, ...replacementFor(e.field.span, candidates) },
    });
    return ERROR;
  }
  return found.type;
}

/** `create X` / `acquire X`: the named section, or undefined after reporting. */
function targetSection(b: BodyContext, target: ast.Ident | undefined): SectionInfo | undefined {
  if (!target) return undefined;
  const section = b.cx.sectionNamed(target.name, target.span.file);
  if (!section) {
    b.cx.report(Code.UnknownSection, `cannot find a server or enclave named \`${target.name}\``, target.span, {
      label: 'not found',
    });
    return undefined;
  }
  b.cx.result.bindings.set(target, { kind: 'section', section });
  return section;
}

function create(b: BodyContext, e: ast.CreateExpr): Type {
  const section = targetSection(b, e.target);
  if (!isHostSide(b.place)) {
    b.cx.report(Code.HostOnlyOperation, '`create` is only allowed in the host', e.span, {
      label: `not allowed in ${placeName(b)}`,
      hint: section?.kind === 'server' ? `to use a server from here, write \`acquire ${section.name}\`` : 'enclaves are created by the host',
    });
  }
  if (!section) return ERROR;
  return { kind: 'handle', handleKind: section.kind === 'server' ? 'server' : 'enclave', section };
}

function acquire(b: BodyContext, e: ast.AcquireExpr): Type {
  const section = targetSection(b, e.target);
  if (!isEnclaveSide(b.place)) {
    b.cx.report(Code.EnclaveOnlyOperation, '`acquire` is only allowed in enclaves and servers', e.span, {
      label: `not allowed in ${placeName(b)}`,
      hint: section ? `the host makes a server available with \`create ${section.name}\`` : undefined,
    });
  }
  if (!section) return ERROR;
  if (section.kind !== 'server') {
    b.cx.report(Code.AcquireNotServer, `\`${section.name}\` is an enclave, not a server`, e.target!.span, {
      label: 'only servers can be acquired',
      hint: `declare it as \`server ${section.name} "name" { ... }\` to call it from enclaves`,
      related: [{ message: `\`${section.name}\` is declared here`, span: section.decl.span }],
    });
    return ERROR;
  }
  // Edges from servers make the call graph (call-graph.ts); from enclaves, what a run can reach (concurrent-servers.ts).
  if (b.section && b.section.kind !== 'host' && (b.place === 'server' || b.place === 'enclave')) b.cx.acquireEdges.push({ from: b.section, to: section, expr: e });
  return { kind: 'handle', handleKind: 'server', section };
}

/** `run e` and `resume e` give the enclave's result (`i64`); with `for n` they run one time
 *  slice of n instructions and give whether the enclave has ended (`bool`). */
function run(b: BodyContext, e: ast.RunExpr | ast.ResumeExpr): Type {
  const cx = b.cx;
  const word = e.kind === 'RunExpr' ? 'run' : 'resume';
  const result = e.slice ? BOOL : I64;
  const withArguments = e.kind === 'RunExpr' && runsWithArguments(b, e.target) ? e.target : undefined;
  const type = withArguments ? cx.setType(withArguments, checkExpr(b, withArguments.callee)) : checkExpr(b, e.target);
  if (e.slice) {
    convertTo(b, e.slice, U64);
    if (cx.result.constants.get(e.slice) === 0n) {
      cx.report(Code.EmptySlice, 'a time slice must be at least one instruction', e.slice.span, {
        label: 'zero instructions',
        hint: `\`${word} e\` without \`for\` runs to the end`,
      });
    }
  }
  if (!isHostSide(b.place)) {
    cx.report(Code.HostOnlyOperation, `\`${word}\` is only allowed in the host`, e.span, { label: `not allowed in ${placeName(b)}` });
    return result;
  }
  if (e.kind === 'RunExpr' && type.kind === 'handle' && type.handleKind === 'enclave') mainArguments(b, e, type.section, withArguments);
  else if (withArguments) for (const arg of withArguments.args) checkExpr(b, arg);
  expectEnclaveHandle(b, e, type, word, 'get one with `create Name`');
  return result;
}

/** The target of `run`, `resume`, `start` or `join` must be a normal enclave's handle. */
function expectEnclaveHandle(b: BodyContext, e: Pick<ast.RunExpr, 'span' | 'target'>, type: Type, word: string, hint: string): void {
  if (type.kind === 'handle' && type.handleKind === 'server') {
    b.cx.report(Code.RunServer, `cannot ${word} a server`, e.span, {
      label: `this is ${withArticle(typeToString(type))}`,
      hint: `servers are not run; enclaves call them after \`acquire ${type.section.name}\``,
    });
  } else if (type.kind !== 'error' && type.kind !== 'handle') {
    b.cx.report(Code.NotAHandle, `\`${word}\` needs an enclave handle, found \`${typeToString(type)}\``, e.target.span, {
      label: 'not an enclave handle',
      hint,
    });
  }
}

/** `run e(args)`: `e(...)` where `e` names a variable, not a function (the host has no enclave functions to call). */
function runsWithArguments(b: BodyContext, target: ast.Expr): target is ast.CallExpr & { callee: ast.NameExpr } {
  if (target.kind !== 'CallExpr' || target.callee.kind !== 'NameExpr') return false;
  const kind = lookupName(b, target.callee.name)?.binding.kind;
  return kind === 'local' || kind === 'param' || kind === 'global';
}

/** The arguments of `run e(...)` against the enclave's `main` (none for `run e`). */
function mainArguments(b: BodyContext, e: ast.RunExpr, enclave: SectionInfo, call: ast.CallExpr | undefined): void {
  const main = enclave.functions.find((f) => f.name === 'main');
  if (!main) {
    for (const arg of call?.args ?? []) checkExpr(b, arg);
    return;
  }
  if (call) {
    b.cx.result.calls.set(call, { kind: 'run-arguments', fn: main });
    checkArguments(b, main, call.args, call.span, false, `${enclave.name}.main`);
  } else if (main.params.length > 0) {
    const n = main.params.length;
    b.cx.report(Code.WrongArgumentCount, `\`${enclave.name}.main\` takes ${n} argument${n === 1 ? '' : 's'} but none were given`, e.span, {
      label: `expected ${signatureText(main)}`,
      hint: `pass them to \`run\`: \`run ${e.target.kind === 'NameExpr' ? e.target.name : 'e'}(${main.params.map((p) => p.name).join(', ')})\``,
      related: [{ message: '`main` is declared here', span: main.decl.name?.span ?? main.decl.span }],
    });
  }
}

function attest(b: BodyContext, e: ast.AttestExpr): Type {
  const cx = b.cx;
  const type = checkExpr(b, e.target);
  if (e.nonce) convertTo(b, e.nonce, U64);
  if (!isHostSide(b.place)) {
    cx.report(Code.HostOnlyOperation, '`attest` is only allowed in the host', e.span, { label: `not allowed in ${placeName(b)}` });
  } else if (type.kind !== 'error' && type.kind !== 'handle') {
    cx.report(Code.NotAHandle, `\`attest\` needs an enclave or server handle, found \`${typeToString(type)}\``, e.target.span, {
      label: 'not a handle',
    });
  }
  return U64;
}

/** `start e` runs enclave e on another hart and gives back its handle; `join e` waits for that run and gives its result (`i64`, as `run e`). */
function onAnotherHart(b: BodyContext, e: ast.HartExpr): Type {
  const cx = b.cx;
  const word = e.kind === 'StartExpr' ? 'start' : 'join';
  const type = checkExpr(b, e.target);
  const result = e.kind === 'StartExpr' ? type : I64;
  if (!isHostSide(b.place)) {
    cx.report(Code.HostOnlyOperation, `\`${word}\` is only allowed in the host`, e.span, { label: `not allowed in ${placeName(b)}` });
  } else {
    expectEnclaveHandle(b, e, type, word, e.kind === 'StartExpr' ? 'get one with `create Name`' : '`join` takes what `start` gave back');
    if (e.kind === 'StartExpr' && type.kind === 'handle' && type.handleKind === 'enclave') cx.startedRuns.push({ section: type.section, expr: e });
  }
  return result;
}

export function placeName(b: BodyContext): string {
  switch (b.place) {
    case 'host': return 'the host';
    case 'test': return 'a test';
    case 'top': return 'a constant';
    case 'shared': return 'a top-level function';
    default: return `${b.place} \`${b.section?.name ?? ''}\``;
  }
}

/** Checks `e` where a value of type `target` is needed, widening integers losslessly. Reports
 *  through `mismatch` (or a plain "mismatched types") and returns false when it does not fit. */
export function convertTo(
  b: BodyContext,
  e: ast.Expr,
  target: Type,
  mismatch?: (actual: Type) => void,
): boolean {
  const actual = checkExpr(b, e, target);
  if (actual.kind === 'error' || target.kind === 'error' || sameType(actual, target)) return true;
  if (isInt(actual) && isInt(target) && widensTo(actual, target)) {
    b.cx.result.coercions.set(e, target);
    warnIfWrapsBeforeWidening(b, e, actual, target);
    return true;
  }
  if (mismatch) mismatch(actual);
  else reportMismatch(b, e, target, actual);
  return false;
}

/** Operators whose result can need more bits than their operands have. */
const WIDENING_OPERATORS = new Set(['+', '-', '*', '<<']);

/** `let s: u16 = w + 1` with `w: u8`: the sum is computed, and wraps, in `u8`, and only then
 *  becomes a `u16`. A constant result cannot surprise (it was computed exactly), so only
 *  arithmetic on run-time values warns. */
function warnIfWrapsBeforeWidening(b: BodyContext, e: ast.Expr, actual: Type & { kind: 'int' }, target: Type & { kind: 'int' }): void {
  if (e.kind !== 'BinaryExpr' || !WIDENING_OPERATORS.has(e.op) || b.cx.result.constants.has(e)) return;
  const wanted = typeToString(target);
  const text = (x: ast.Expr) => b.cx.textOf(x.span);
  const widened = `(${text(e.left)} as ${wanted}) ${e.op} ${text(e.right)}`;
  b.cx.warn(Code.WrapsBeforeWidening, `\`${text(e)}\` is computed in \`${typeToString(actual)}\` and wraps at ${actual.bits} bits before it becomes \`${wanted}\``, e.span, {
    label: `computed in \`${typeToString(actual)}\``,
    hint: `widen an operand first: \`${widened}\``,
    data: { expected: wanted, found: typeToString(actual), replacement: { span: e.span, text: widened, title: `Compute in \`${wanted}\`` } },
  });
}

export function reportMismatch(b: BodyContext, e: ast.Expr, target: Type, actual: Type, what?: string): void {
  const wanted = typeToString(target);
  const found = typeToString(actual);
  let hint: string | undefined;
  if (isInt(actual) && isInt(target)) hint = `convert explicitly: \`${sourceOf(e)} as ${wanted}\` (\`${found}\` does not always fit in \`${wanted}\`)`;
  else if (target.kind === 'bool' && isInt(actual)) hint = 'compare explicitly, e.g. `x != 0`';
  else if (target.kind === 'array' && actual.kind === 'array' && sameType(target.element, actual.element)) {
    hint = `the lengths differ: ${target.length} and ${actual.length}`;
  }
  b.cx.report(Code.MismatchedTypes, `mismatched types: expected \`${wanted}\`, found \`${found}\``, e.span, {
    label: what ?? `expected \`${wanted}\``,
    hint,
  });
}
