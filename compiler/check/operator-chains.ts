// Binary operators and `as` (grammar/README.md, "Types and semantics"), checked without
// recursing per operand. A machine-written `x + x + ... + x` of 18,000 terms parses to a left
// spine 18,000 nodes deep, more than the JavaScript stack holds. So the check of each operator
// node is a generator that yields the operands it needs checked, in the order the rules need
// them, and `checkOperatorChain` runs those generators on an explicit stack. Other operands
// (calls, literals, names) are checked by `checkExpr` directly: their depth is bounded by the
// parser's nesting limit (grammar/nesting-limit.ts).
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext } from './context.js';
import { checkExpr } from './expressions.js';
import type { Type } from './model.js';
import { typeToString } from './model.js';
import { lookupName } from './names.js';
import { resolveType } from './resolve-types.js';
import { BOOL, ERROR, U64, commonIntType, isInt, sameType, withArticle, wrapTo } from './types.js';

type IntType = Type & { kind: 'int' };

/** An operand to check, with the type its context expects. */
interface Need {
  e: ast.Expr;
  expected: Type | undefined;
}
type NodeCheck = Generator<Need, Type, Type>;

const need = (e: ast.Expr, expected: Type | undefined): Need => ({ e, expected });

const ARITHMETIC = new Set<ast.BinaryOp>(['+', '-', '*', '/', '%', '&', '|', '^']);
const COMPARISON = new Set<ast.BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);

type ChainNode = ast.BinaryExpr | ast.CastExpr;
const isChainNode = (e: ast.Expr): e is ChainNode => e.kind === 'BinaryExpr' || e.kind === 'CastExpr';
const nodeCheck = (b: BodyContext, e: ChainNode, expected: Type | undefined): NodeCheck =>
  e.kind === 'BinaryExpr' ? binary(b, e, expected) : cast(b, e);

/** Checks an operator expression and every operator under it, records their types and
 *  returns the root's. */
export function checkOperatorChain(b: BodyContext, root: ChainNode, expected: Type | undefined): Type {
  const frames: { e: ChainNode; run: NodeCheck }[] = [{ e: root, run: nodeCheck(b, root, expected) }];
  let operandType: Type = ERROR; // ignored by a generator's first step
  for (;;) {
    const frame = frames[frames.length - 1];
    const step = frame.run.next(operandType);
    if (step.done) {
      b.cx.setType(frame.e, step.value);
      frames.pop();
      if (frames.length === 0) return step.value;
      operandType = step.value;
    } else if (isChainNode(step.value.e)) {
      frames.push({ e: step.value.e, run: nodeCheck(b, step.value.e, step.value.expected) });
      operandType = ERROR;
    } else {
      operandType = checkExpr(b, step.value.e, step.value.expected);
    }
  }
}

/** Whether an expression is made of literals and untyped constants only, so it adapts to the
 *  type of the other operand instead of forcing its own. Each operator node of a chain asks
 *  this of its left operand, so the answers are kept (and found along the left spine without
 *  recursion): a long chain costs linear time, not quadratic. */
export function isUntyped(b: BodyContext, e: ast.Expr): boolean {
  const known = b.cx.untypedExprs;
  const spine: ast.BinaryExpr[] = [];
  let node = e;
  while (node.kind === 'BinaryExpr' && !known.has(node) && untypedOperator(node.op)) {
    spine.push(node);
    node = node.left;
  }
  let untyped = leafIsUntyped(b, node);
  for (let i = spine.length - 1; i >= 0; i--) {
    untyped = untyped && isUntyped(b, spine[i].right);
    known.set(spine[i], untyped);
  }
  return untyped;
}

const untypedOperator = (op: ast.BinaryOp) => ARITHMETIC.has(op) || op === '<<' || op === '>>';

function leafIsUntyped(b: BodyContext, e: ast.Expr): boolean {
  switch (e.kind) {
    case 'IntLiteral':
      return true;
    case 'UnaryExpr':
      return e.op !== '!' && isUntyped(b, e.operand);
    case 'BinaryExpr':
      return b.cx.untypedExprs.get(e) ?? false; // known, or an operator that is never untyped
    case 'NameExpr': {
      const binding = lookupName(b, e.name)?.binding;
      return binding?.kind === 'const' && binding.decl.type === undefined && typeof binding.value === 'bigint';
    }
    default:
      return false;
  }
}

/** One side of `&&` / `||`: a `bool`. */
function* logicalOperand(b: BodyContext, e: ast.BinaryExpr, side: ast.Expr): Generator<Need, void, Type> {
  const type = yield need(side, BOOL);
  if (type.kind !== 'bool' && type.kind !== 'error') {
    b.cx.report(Code.BadOperand, `\`${e.op}\` needs \`bool\` operands, found \`${typeToString(type)}\``, side.span, {
      label: `this is ${withArticle(typeToString(type))}`,
      hint: isInt(type) ? 'compare explicitly, e.g. `x != 0`' : undefined,
    });
  }
}

function* binary(b: BodyContext, e: ast.BinaryExpr, expected: Type | undefined): NodeCheck {
  const cx = b.cx;
  if (e.op === '&&' || e.op === '||') {
    yield* logicalOperand(b, e, e.left);
    yield* logicalOperand(b, e, e.right);
    const l = cx.result.constants.get(e.left);
    const r = cx.result.constants.get(e.right);
    if (typeof l === 'boolean' && typeof r === 'boolean') cx.result.constants.set(e, e.op === '&&' ? l && r : l || r);
    return BOOL;
  }
  if (e.op === '<<' || e.op === '>>') return yield* shift(b, e, expected);
  const isComparison = COMPARISON.has(e.op);
  // Both operands need a common type: an untyped side (a literal) takes the other side's type,
  // so `x + 1` is a `u8` addition when `x` is a `u8`.
  const context = !isComparison && expected && isInt(expected) ? expected : undefined;
  let lt: Type;
  let rt: Type;
  const leftUntyped = isUntyped(b, e.left);
  const rightUntyped = isUntyped(b, e.right);
  if (leftUntyped && !rightUntyped) {
    rt = yield need(e.right, context);
    lt = yield need(e.left, isInt(rt) ? rt : context);
  } else {
    lt = yield need(e.left, context);
    rt = yield need(e.right, rightUntyped && isInt(lt) ? lt : context);
  }
  if (lt.kind === 'error' || rt.kind === 'error') return isComparison ? BOOL : ERROR;
  if (isComparison && lt.kind === 'bool' && rt.kind === 'bool' && (e.op === '==' || e.op === '!=')) {
    const l = cx.result.constants.get(e.left);
    const r = cx.result.constants.get(e.right);
    if (typeof l === 'boolean' && typeof r === 'boolean') cx.result.constants.set(e, (l === r) === (e.op === '=='));
    return BOOL;
  }
  if (!isInt(lt) || !isInt(rt)) {
    const [side, type] = isInt(lt) ? [e.right, rt] : [e.left, lt];
    cx.report(Code.BadOperand, `\`${e.op}\` cannot be applied to \`${typeToString(type)}\``, side.span, {
      label: `this is ${withArticle(typeToString(type))}`,
      hint: type.kind === 'bool' && (e.op === '&' || e.op === '|') ? `for booleans use \`${e.op}${e.op}\`` : undefined,
    });
    return isComparison ? BOOL : ERROR;
  }
  const l = lt as IntType;
  const r = rt as IntType;
  const common = commonIntType(l, r);
  if (!common) {
    cx.report(Code.MismatchedOperands, `mismatched types: \`${l.name}\` ${e.op} \`${r.name}\``, e.span, {
      label: `\`${l.name}\` and \`${r.name}\` have no common type`,
      hint: `convert one side with \`as\`, e.g. \`(${sourceOf(e.right)}) as ${l.name}\``,
    });
    return isComparison ? BOOL : ERROR;
  }
  if (common !== l) cx.result.coercions.set(e.left, common);
  if (common !== r) cx.result.coercions.set(e.right, common);
  const lv = cx.result.constants.get(e.left);
  const rv = cx.result.constants.get(e.right);
  if (typeof lv === 'bigint' && typeof rv === 'bigint') {
    const folded = fold(b, e, lv, rv, common);
    if (folded !== undefined) cx.result.constants.set(e, folded);
  }
  return isComparison ? BOOL : common;
}

export function sourceOf(e: ast.Expr): string {
  return e.kind === 'NameExpr' ? e.name : e.kind === 'IntLiteral' ? e.raw : '...';
}

function fold(b: BodyContext, e: ast.BinaryExpr, l: bigint, r: bigint, type: IntType): bigint | boolean | undefined {
  switch (e.op) {
    case '+': return wrapTo(l + r, type);
    case '-': return wrapTo(l - r, type);
    case '*': return wrapTo(l * r, type);
    case '/':
    case '%':
      if (r === 0n) {
        b.cx.report(Code.BadOperand, 'division by zero in a constant expression', e.right.span, { label: 'this is zero' });
        return undefined;
      }
      // BigInt division truncates toward zero, as RV64 `div`/`rem` do.
      return wrapTo(e.op === '/' ? l / r : l % r, type);
    case '&': return wrapTo(l & r, type);
    case '|': return wrapTo(l | r, type);
    case '^': return wrapTo(l ^ r, type);
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    case '>=': return l >= r;
    default: return undefined;
  }
}

function* shift(b: BodyContext, e: ast.BinaryExpr, expected: Type | undefined): NodeCheck {
  const cx = b.cx;
  const lt = yield need(e.left, expected && isInt(expected) ? expected : undefined);
  const rt = yield need(e.right, isInt(lt) && isUntyped(b, e.right) ? U64 : undefined);
  if (lt.kind === 'error' || rt.kind === 'error') return isInt(lt) ? lt : ERROR;
  for (const [side, type] of [[e.left, lt], [e.right, rt]] as const) {
    if (!isInt(type)) {
      cx.report(Code.BadOperand, `\`${e.op}\` needs integer operands, found \`${typeToString(type)}\``, side.span, {
      label: `this is ${withArticle(typeToString(type))}`,
      });
      return ERROR;
    }
  }
  const l = lt as IntType;
  const lv = cx.result.constants.get(e.left);
  const rv = cx.result.constants.get(e.right);
  if (typeof lv === 'bigint' && typeof rv === 'bigint' && rv >= 0n && rv < BigInt(l.bits)) {
    cx.result.constants.set(e, wrapTo(e.op === '<<' ? lv << rv : lv >> rv, l));
  }
  return l;
}

function* cast(b: BodyContext, e: ast.CastExpr): NodeCheck {
  const cx = b.cx;
  const target = resolveType(b, e.type);
  const source = yield need(e.expr, undefined);
  if (target.kind === 'error' || source.kind === 'error') return target;
  const allowed = isInt(target) && (isInt(source) || source.kind === 'bool');
  if (!allowed && !sameType(source, target)) {
    cx.report(Code.InvalidCast, `cannot convert \`${typeToString(source)}\` to \`${typeToString(target)}\` with \`as\``, e.span, {
      label: 'invalid conversion',
      hint: target.kind === 'bool' && isInt(source) ? 'compare instead: `x != 0`' : '`as` converts between integer types and from `bool`',
    });
    return target;
  }
  const value = cx.result.constants.get(e.expr);
  if (isInt(target)) {
    if (typeof value === 'bigint') cx.result.constants.set(e, wrapTo(value, target));
    else if (typeof value === 'boolean') cx.result.constants.set(e, value ? 1n : 0n);
  }
  return target;
}
