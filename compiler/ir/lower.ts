// Lowering a checked function body to IR. Scalar locals and parameters become virtual
// registers; arrays and structs get frame slots and are handled through addresses.
// Every scalar result is normalised to its type, which gives the language's
// wrap-around integers (see ../codegen/README section in compiler/README.md).
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { CheckedProgram, ParamInfo, SectionInfo, Type } from '../check/model.js';
import { isAggregate, layoutOf } from '../check/model.js';
import { ARGUMENT_REGISTERS, argumentHome, type BinFn, type VReg } from './ir.js';
import { FunctionBuilder } from './function-builder.js';
import type { ModuleBuilder } from './module-builder.js';
import { lowerAcquire, lowerHostOperation } from './lower-host-ops.js';
import { cachedRegion, lowerServerCall } from './lower-ipc.js';
import type { PlacementPlan } from './region-placement.js';

export interface LowerContext {
  checked: CheckedProgram;
  section: SectionInfo;
  module: ModuleBuilder;
  functionSymbol(name: string): string;
  globalSymbol(name: string): string;
  regionSlot(size: number): string;
  /** Locals that live in a transfer region, and the calls that send it. */
  placement: PlacementPlan;
  diagnostics: Diagnostic[];
}

interface Loop {
  breakLabel: string;
  continueLabel: string;
}

type Size = 1 | 2 | 4 | 8;

export function scalarSize(type: Type): Size {
  if (type.kind === 'int') return (type.bits / 8) as Size;
  if (type.kind === 'bool') return 1;
  return 8;
}

export function isSigned(type: Type | undefined): boolean {
  return type?.kind === 'int' && type.signed;
}

export class FunctionLowering {
  readonly b: FunctionBuilder;
  readonly checked: CheckedProgram;
  private readonly variables = new Map<ast.LetStmt | ast.VarStmt | ast.ForStmt | ParamInfo, VReg>();
  private readonly aggregateSlots = new Map<ast.LetStmt | ast.VarStmt, number>();
  /** Locals placed in a transfer region: their address, computed at the declaration. */
  private readonly placedAddresses = new Map<ast.LetStmt | ast.VarStmt, VReg>();
  private readonly loops: Loop[] = [];

  constructor(
    readonly ctx: LowerContext,
    symbol: string,
    params: readonly ParamInfo[],
  ) {
    this.b = new FunctionBuilder(symbol, ctx.module);
    this.checked = ctx.checked;
    const registers = params.map((_, i) => ('register' in argumentHome(i, params.length) ? this.b.param() : undefined));
    const block = params.length > ARGUMENT_REGISTERS ? this.b.param() : undefined;
    params.forEach((p, i) => {
      const home = argumentHome(i, params.length);
      this.variables.set(p, 'register' in home ? registers[i]! : this.b.load(block!, home.blockOffset, 8, false));
    });
  }

  lowerBody(statements: readonly ast.Stmt[]): void {
    for (const s of statements) this.statement(s);
  }

  /** Whether `arg` names a local that lives in a transfer region. */
  isPlaced(arg: ast.Expr): boolean {
    const binding = arg.kind === 'NameExpr' ? this.checked.bindings.get(arg) : undefined;
    return binding?.kind === 'local' && binding.decl.kind === 'VarStmt' && this.ctx.placement.locals.has(binding.decl);
  }

  unsupported(node: ast.Node, message: string): void {
    this.ctx.diagnostics.push({ code: 'E0900', severity: 'error', message, span: node.span, label: 'not supported here' });
  }

  where(node: ast.Node): string {
    return `${node.span.file}:${node.span.startLine}:${node.span.startCol}`;
  }

  typeOf(e: ast.Expr): Type | undefined {
    return this.checked.types.get(e);
  }

  usedType(e: ast.Expr): Type | undefined {
    return this.checked.coercions.get(e) ?? this.checked.types.get(e);
  }

  /** Normalises `v` to `type` (no-op for 64-bit and non-integer types). */
  normalize(v: VReg, type: Type | undefined): VReg {
    if (type?.kind === 'bool') return this.ext(v, 1, false);
    if (type?.kind !== 'int' || type.bits === 64) return v;
    return this.ext(v, type.bits, type.signed);
  }

  private ext(a: VReg, bits: 1 | 8 | 16 | 32, signed: boolean): VReg {
    const dst = this.b.vreg();
    this.b.emit({ op: 'ext', dst, a, bits, signed });
    return dst;
  }

  /** A failure path: print `error: <message>` and abort when `ok` is false. */
  panicUnless(ok: VReg, message: string): void {
    const pass = this.b.label('ok');
    const fail = this.b.label('panic');
    this.b.terminate({ op: 'branch', cond: ok, ifTrue: pass, ifFalse: fail });
    this.b.startBlock(fail);
    const text = this.ctx.module.string(message);
    this.b.call('__pgl_panic', [this.b.symbolAddress(text.symbol), this.b.const(text.length)], 0);
    this.b.terminate({ op: 'unreachable' });
    this.b.place(pass);
  }

  /** `error: <what>: <reason of code>` and abort unless `ok`. */
  failUnless(ok: VReg, what: string, code: () => VReg): void {
    const pass = this.b.label('ok');
    const fail = this.b.label('fail');
    this.b.terminate({ op: 'branch', cond: ok, ifTrue: pass, ifFalse: fail });
    this.b.startBlock(fail);
    const reason = code();
    const text = this.ctx.module.string(what);
    this.b.call('__pgl_fail', [this.b.symbolAddress(text.symbol), this.b.const(text.length), reason], 0);
    this.b.terminate({ op: 'unreachable' });
    this.b.place(pass);
  }

  // ---- statements ------------------------------------------------------------------------

  statement(s: ast.Stmt): void {
    const b = this.b;
    if (s.kind !== 'Block' && s.kind !== 'ErrorStmt' && s.kind !== 'ConstDecl') {
      b.emit({ op: 'loc', file: s.span.file, line: s.span.startLine, column: s.span.startCol });
    }
    switch (s.kind) {
      case 'LetStmt':
      case 'VarStmt': {
        const local = this.checked.locals.get(s);
        if (!local) return;
        const placed = s.kind === 'VarStmt' ? this.ctx.placement.locals.get(s) : undefined;
        if (placed) {
          const region = cachedRegion(this, placed.slot, placed.regionSize, `transfer region for \`${local.name}\` at ${this.where(s)}`);
          const address = b.addImmediate(region, placed.offset);
          this.placedAddresses.set(s, address);
          this.aggregateInto(address, local.type, s.init);
        } else if (isAggregate(local.type)) {
          const { size, align } = layoutOf(local.type);
          const slot = b.slot(size, Math.max(align, 8));
          this.aggregateSlots.set(s, slot);
          this.aggregateInto(b.slotAddress(slot), local.type, s.init);
        } else {
          const value = s.init ? this.value(s.init) : b.const(0);
          const v = b.vreg();
          b.emit({ op: 'copy', dst: v, src: value });
          this.variables.set(s, v);
        }
        return;
      }
      case 'ConstDecl':
      case 'ErrorStmt':
        return;
      case 'AssignStmt':
        this.assign(s);
        return;
      case 'IfStmt': {
        const thenLabel = b.label('then');
        const elseLabel = b.label('else');
        const end = b.label('endif');
        this.condition(s.condition, thenLabel, s.else ? elseLabel : end);
        b.startBlock(thenLabel);
        this.block(s.then);
        if (s.else) {
          b.terminate({ op: 'jump', target: end });
          b.startBlock(elseLabel);
          this.statement(s.else);
        }
        b.place(end);
        return;
      }
      case 'WhileStmt': {
        const top = b.label('while');
        const body = b.label('body');
        const end = b.label('endwhile');
        b.place(top);
        this.condition(s.condition, body, end);
        b.startBlock(body);
        this.loops.push({ breakLabel: end, continueLabel: top });
        this.block(s.body);
        this.loops.pop();
        b.terminate({ op: 'jump', target: top });
        b.startBlock(end);
        return;
      }
      case 'ForStmt':
        this.forLoop(s);
        return;
      case 'BreakStmt':
        if (this.loops.length) b.terminate({ op: 'jump', target: this.loops[this.loops.length - 1].breakLabel });
        return;
      case 'ContinueStmt':
        if (this.loops.length) b.terminate({ op: 'jump', target: this.loops[this.loops.length - 1].continueLabel });
        return;
      case 'ReturnStmt':
        b.terminate({ op: 'ret', value: s.value ? this.value(s.value) : b.const(0) });
        return;
      case 'ExprStmt':
        this.value(s.expr);
        return;
      case 'Block':
        this.block(s);
        return;
      case 'DestroyStmt':
      case 'StopStmt':
        lowerHostOperation(this, s);
        return;
    }
  }

  block(block: ast.Block | undefined): void {
    for (const s of block?.statements ?? []) this.statement(s);
  }

  private forLoop(s: ast.ForStmt): void {
    const b = this.b;
    const local = this.checked.locals.get(s);
    const i = b.vreg();
    b.emit({ op: 'copy', dst: i, src: this.value(s.start) });
    const end = b.vreg();
    b.emit({ op: 'copy', dst: end, src: this.value(s.end) });
    this.variables.set(s, i);
    const top = b.label('for');
    const body = b.label('forbody');
    const step = b.label('forstep');
    const exit = b.label('endfor');
    b.place(top);
    const more = b.bin(isSigned(local?.type) ? 'slt' : 'sltu', i, end);
    b.terminate({ op: 'branch', cond: more, ifTrue: body, ifFalse: exit });
    b.startBlock(body);
    this.loops.push({ breakLabel: exit, continueLabel: step });
    this.block(s.body);
    this.loops.pop();
    b.place(step);
    b.emit({ op: 'bin', fn: 'add', dst: i, a: i, b: b.const(1) });
    b.terminate({ op: 'jump', target: top });
    b.startBlock(exit);
  }

  /** Branches on a boolean expression, short-circuiting `&&`, `||` and `!`. */
  condition(e: ast.Expr, ifTrue: string, ifFalse: string): void {
    const b = this.b;
    if (e.kind === 'BinaryExpr' && (e.op === '&&' || e.op === '||')) {
      const middle = b.label(e.op === '&&' ? 'and' : 'or');
      if (e.op === '&&') this.condition(e.left, middle, ifFalse);
      else this.condition(e.left, ifTrue, middle);
      b.startBlock(middle);
      this.condition(e.right, ifTrue, ifFalse);
      return;
    }
    if (e.kind === 'UnaryExpr' && e.op === '!') {
      this.condition(e.operand, ifFalse, ifTrue);
      return;
    }
    b.terminate({ op: 'branch', cond: this.value(e), ifTrue, ifFalse });
  }

  private assign(s: ast.AssignStmt): void {
    const b = this.b;
    const type = this.typeOf(s.target);
    if (!type) return;
    if (isAggregate(type)) {
      this.aggregateInto(this.address(s.target), type, s.value);
      return;
    }
    const variable = this.variableOf(s.target);
    if (variable !== undefined) {
      const value = s.op === '=' ? this.value(s.value) : this.arithmetic(s.op.slice(0, -1) as ast.BinaryOp, variable, this.value(s.value), type);
      b.emit({ op: 'copy', dst: variable, src: value });
      return;
    }
    const addr = this.address(s.target);
    const size = scalarSize(type);
    const value = s.op === '=' ? this.value(s.value) : this.arithmetic(s.op.slice(0, -1) as ast.BinaryOp, b.load(addr, 0, size, isSigned(type)), this.value(s.value), type);
    b.store(addr, 0, value, size);
  }

  /** The virtual register of a scalar local or parameter named by `e`, if it is one. */
  private variableOf(e: ast.Expr): VReg | undefined {
    if (e.kind !== 'NameExpr') return undefined;
    const binding = this.checked.bindings.get(e);
    if (binding?.kind === 'local') return isAggregate(binding.type) ? undefined : this.variables.get(binding.decl);
    if (binding?.kind === 'param') return isAggregate(binding.param.type) ? undefined : this.variables.get(binding.param);
    return undefined;
  }

  /** Fills the aggregate at `dest` from `init` (zero when absent). */
  aggregateInto(dest: VReg, type: Type, init: ast.Expr | undefined): void {
    const b = this.b;
    const size = layoutOf(type).size;
    if (!init) {
      b.call('__pgl_memzero', [dest, b.const(size)], 0);
      return;
    }
    if (init.kind === 'ArrayLiteral' && type.kind === 'array') {
      const elementSize = layoutOf(type.element).size;
      init.elements.forEach((element, i) => this.storeInto(b.addImmediate(dest, i * elementSize), type.element, element));
      return;
    }
    if (init.kind === 'ArrayRepeat' && type.kind === 'array') {
      const elementSize = layoutOf(type.element).size;
      const cursor = b.vreg();
      b.emit({ op: 'copy', dst: cursor, src: dest });
      const end = b.addImmediate(dest, elementSize * type.length);
      const top = b.label('repeat');
      const body = b.label('repeatbody');
      const done = b.label('repeatdone');
      b.place(top);
      b.terminate({ op: 'branch', cond: b.bin('sltu', cursor, end), ifTrue: body, ifFalse: done });
      b.startBlock(body);
      this.storeInto(cursor, type.element, init.value);
      b.emit({ op: 'bin', fn: 'add', dst: cursor, a: cursor, b: b.const(elementSize) });
      b.terminate({ op: 'jump', target: top });
      b.startBlock(done);
      return;
    }
    b.call('__pgl_memcpy', [dest, this.address(init), b.const(size)], 0);
  }

  /** A frame slot holding the value of an array literal or an array constant, for a use
   *  that needs an address (an argument, an index); filled anew at each evaluation. */
  private temporary(type: Type, init: ast.Expr): VReg {
    const { size, align } = layoutOf(type);
    const address = this.b.slotAddress(this.b.slot(size, Math.max(align, 8)));
    this.aggregateInto(address, type, init);
    return address;
  }

  private storeInto(addr: VReg, type: Type, value: ast.Expr): void {
    if (isAggregate(type)) this.aggregateInto(addr, type, value);
    else this.b.store(addr, 0, this.value(value), scalarSize(type));
  }

  // ---- expressions -----------------------------------------------------------------------

  /** The value of a scalar expression (for an aggregate: its address). */
  value(e: ast.Expr): VReg {
    const b = this.b;
    const type = this.typeOf(e);
    const constant = this.checked.constants.get(e);
    if ((typeof constant === 'bigint' || typeof constant === 'boolean') && e.kind !== 'CallExpr') {
      return b.const(typeof constant === 'boolean' ? (constant ? 1 : 0) : wrap(constant, this.usedType(e)));
    }
    switch (e.kind) {
      case 'IntLiteral':
        return b.const(wrap(e.value, this.usedType(e)));
      case 'BoolLiteral':
        return b.const(e.value ? 1 : 0);
      case 'NameExpr': {
        const variable = this.variableOf(e);
        if (variable !== undefined) return variable;
        if (!type || isAggregate(type)) return this.address(e);
        return b.load(this.address(e), 0, scalarSize(type), isSigned(type));
      }
      case 'IndexExpr':
      case 'FieldExpr':
        if (!type || isAggregate(type)) return this.address(e);
        return b.load(this.address(e), 0, scalarSize(type), isSigned(type));
      case 'UnaryExpr': {
        const operand = this.value(e.operand);
        if (e.op === '!') return this.unary('seqz', operand);
        return this.normalize(this.unary(e.op === '-' ? 'neg' : 'not', operand), type);
      }
      case 'BinaryExpr':
        return this.binary(e);
      case 'CastExpr':
        return this.normalize(this.value(e.expr), type);
      case 'CallExpr':
        return this.callExpr(e);
      case 'MethodCallExpr':
        return lowerServerCall(this, e);
      case 'CreateExpr':
      case 'RunExpr':
      case 'ResumeExpr':
      case 'AttestExpr':
        return lowerHostOperation(this, e);
      case 'AcquireExpr':
        return lowerAcquire(this, e);
      default:
        this.unsupported(e, 'this expression is only allowed as an initialiser or a print argument');
        return b.const(0);
    }
  }

  private unary(fn: 'neg' | 'not' | 'seqz' | 'snez', a: VReg): VReg {
    const dst = this.b.vreg();
    this.b.emit({ op: 'un', fn, dst, a });
    return dst;
  }

  /** The address of a place or aggregate. */
  address(e: ast.Expr): VReg {
    const b = this.b;
    switch (e.kind) {
      case 'NameExpr': {
        const binding = this.checked.bindings.get(e);
        if (binding?.kind === 'local') {
          const placed = this.placedAddresses.get(binding.decl as ast.LetStmt | ast.VarStmt);
          if (placed !== undefined) return placed;
          const slot = this.aggregateSlots.get(binding.decl as ast.LetStmt | ast.VarStmt);
          if (slot !== undefined) return b.slotAddress(slot);
        } else if (binding?.kind === 'param' && isAggregate(binding.param.type)) {
          return this.variables.get(binding.param)!;
        } else if (binding?.kind === 'global') {
          return b.symbolAddress(this.ctx.globalSymbol(binding.global.name));
        } else if (binding?.kind === 'const' && isAggregate(binding.type)) {
          return this.temporary(binding.type, binding.decl.value);
        }
        this.unsupported(e, `\`${e.name}\` has no address`);
        return b.const(0);
      }
      case 'ArrayLiteral':
      case 'ArrayRepeat': {
        const type = this.usedType(e);
        if (type?.kind === 'array') return this.temporary(type, e);
        this.unsupported(e, 'this array has no known type');
        return b.const(0);
      }
      case 'IndexExpr': {
        const arrayType = this.typeOf(e.target);
        if (arrayType?.kind !== 'array') return b.const(0);
        const elementSize = layoutOf(arrayType.element).size;
        const base = this.address(e.target);
        const index = this.value(e.index);
        // Run-time bounds check: a negative index is a huge unsigned one.
        this.panicUnless(b.bin('sltu', index, b.const(arrayType.length)), `index out of bounds at ${this.where(e.index)}`);
        return b.bin('add', base, b.bin('mul', index, b.const(elementSize)));
      }
      case 'FieldExpr': {
        const structType = this.typeOf(e.target);
        const base = this.address(e.target);
        if (structType?.kind !== 'struct') return base;
        const field = structType.struct.fields.find((f) => f.name === e.field?.name);
        return b.addImmediate(base, field?.offset ?? 0);
      }
      default:
        this.unsupported(e, 'this expression is not a place in memory');
        return b.const(0);
    }
  }

  private binary(e: ast.BinaryExpr): VReg {
    const b = this.b;
    if (e.op === '&&' || e.op === '||') {
      const result = b.vreg();
      const yes = b.label('true');
      const no = b.label('false');
      const end = b.label('logic');
      this.condition(e, yes, no);
      b.startBlock(yes);
      b.emit({ op: 'const', dst: result, value: 1n });
      b.terminate({ op: 'jump', target: end });
      b.startBlock(no);
      b.emit({ op: 'const', dst: result, value: 0n });
      b.place(end);
      return result;
    }
    const left = this.value(e.left);
    const right = this.value(e.right);
    return this.compare(e.op, left, right, e.left) ?? this.arithmetic(e.op, left, right, this.typeOf(e));
  }

  /** `left op right` for a comparison operator (signedness from the left operand's type), or
   *  undefined when `op` does not compare. */
  compare(op: ast.BinaryOp, left: VReg, right: VReg, leftExpr: ast.Expr): VReg | undefined {
    const b = this.b;
    const signed = isSigned(this.usedType(leftExpr));
    switch (op) {
      case '==':
        return b.bin('eq', left, right);
      case '!=':
        return b.bin('ne', left, right);
      case '<':
        return b.bin(signed ? 'slt' : 'sltu', left, right);
      case '>':
        return b.bin(signed ? 'slt' : 'sltu', right, left);
      case '<=':
        return this.unary('seqz', b.bin(signed ? 'slt' : 'sltu', right, left));
      case '>=':
        return this.unary('seqz', b.bin(signed ? 'slt' : 'sltu', left, right));
      default:
        return undefined;
    }
  }

  /** `left op right` at `type`, renormalised (wrap-around). */
  arithmetic(op: ast.BinaryOp, left: VReg, right: VReg, type: Type | undefined): VReg {
    const b = this.b;
    const signed = isSigned(type);
    const bits = type?.kind === 'int' ? type.bits : 64;
    const table: Partial<Record<ast.BinaryOp, BinFn>> = {
      '+': 'add', '-': 'sub', '*': 'mul', '/': signed ? 'div' : 'divu', '%': signed ? 'rem' : 'remu',
      '&': 'and', '|': 'or', '^': 'xor', '<<': 'sll', '>>': signed ? 'sra' : 'srl',
    };
    const fn = table[op];
    if (!fn) return left;
    // Shift amounts are taken modulo the width of the shifted type.
    const amount = op === '<<' || op === '>>' ? b.bin('and', right, b.const(bits - 1)) : right;
    return this.normalize(b.bin(fn, left, amount), type);
  }

  private callExpr(e: ast.CallExpr): VReg {
    const b = this.b;
    const target = this.checked.calls.get(e);
    if (target?.kind === 'builtin') return this.builtin(target.name, e);
    if (target?.kind !== 'function') return b.const(0);
    const fn = target.fn;
    const count = e.args.length;
    // Past 8 arguments the rest go in a block in this frame (argumentHome), left to right.
    const block = count > ARGUMENT_REGISTERS ? b.slotAddress(b.slot(8 * (count - ARGUMENT_REGISTERS + 1), 8)) : undefined;
    const args: VReg[] = [];
    e.args.forEach((arg, i) => {
      const value = isAggregate(fn.params[i]?.type) ? this.address(arg) : this.value(arg);
      const home = argumentHome(i, count);
      if ('register' in home) args.push(value);
      else b.store(block!, home.blockOffset, value, 8);
    });
    if (block !== undefined) args.push(block);
    return b.call(this.ctx.functionSymbol(fn.name), args).a0;
  }

  private builtin(name: string, e: ast.CallExpr): VReg {
    const b = this.b;
    switch (name) {
      case 'print':
        this.print(e.args);
        return b.const(0);
      case 'assert':
        this.assertion(e);
        return b.const(0);
      case 'assert_eq': {
        // "error: assert_eq failed at F:L:C: left 3, right 4": both values, each printed as its type.
        const [leftArg, rightArg] = e.args;
        const left = this.value(leftArg);
        const right = this.value(rightArg);
        const pass = b.label('ok');
        const fail = b.label('panic');
        b.terminate({ op: 'branch', cond: b.bin('eq', left, right), ifTrue: pass, ifFalse: fail });
        b.startBlock(fail);
        this.printText(`error: assert_eq failed at ${this.where(e)}: left `);
        this.printValue(leftArg, left);
        this.printText(', right ');
        this.printValue(rightArg, right);
        b.call('__pgl_panic_end', [], 0);
        b.terminate({ op: 'unreachable' });
        b.place(pass);
        return b.const(0);
      }
      case 'peek64':
        return b.load(this.value(e.args[0]), 0, 8, false);
      case 'peek8':
        return b.load(this.value(e.args[0]), 0, 1, false);
      case 'poke64':
      case 'poke8': {
        const addr = this.value(e.args[0]);
        b.store(addr, 0, this.value(e.args[1]), name === 'poke64' ? 8 : 1);
        return b.const(0);
      }
      default:
        this.unsupported(e, '`hex(...)` is only allowed as a print argument');
        return b.const(0);
    }
  }

  /** `assert(c)`: on failure, "error: assert failed at F:L:C: `x < 10` (x is 12, 10 is 10)": the
   *  condition as written and, for a comparison, the value of each side, evaluated once. */
  private assertion(e: ast.CallExpr): void {
    const b = this.b;
    const condition = e.args[0];
    const text = this.checked.sources?.get(condition.span.file)?.slice(condition.span.start, condition.span.end) ?? 'the condition';
    const head = `error: assert failed at ${this.where(e)}: \`${text}\``;
    const comparison = condition.kind === 'BinaryExpr' && ['==', '!=', '<', '<=', '>', '>='].includes(condition.op) ? condition : undefined;
    const operandType = comparison && this.usedType(comparison.left);
    if (!comparison || (operandType?.kind !== 'int' && operandType?.kind !== 'bool')) {
      this.panicUnless(this.value(condition), head.slice('error: '.length));
      return;
    }
    const left = this.value(comparison.left);
    const right = this.value(comparison.right);
    const pass = b.label('ok');
    const fail = b.label('panic');
    b.terminate({ op: 'branch', cond: this.compare(comparison.op, left, right, comparison.left)!, ifTrue: pass, ifFalse: fail });
    b.startBlock(fail);
    const side = (operand: ast.Expr) => this.checked.sources?.get(operand.span.file)?.slice(operand.span.start, operand.span.end) ?? '?';
    this.printText(`${head} (${side(comparison.left)} is `);
    this.printValue(comparison.left, left);
    this.printText(`, ${side(comparison.right)} is `);
    this.printValue(comparison.right, right);
    this.printText(')');
    b.call('__pgl_panic_end', [], 0);
    b.terminate({ op: 'unreachable' });
    b.place(pass);
  }

  /** `print(...)`: every argument is evaluated first, left to right, then the line is printed,
   *  so what an argument prints itself (a failed call's error, a note) comes before the line
   *  rather than in the middle of it. */
  private print(args: readonly ast.Expr[]): void {
    const b = this.b;
    const isHex = (arg: ast.Expr): arg is ast.CallExpr => {
      const target = arg.kind === 'CallExpr' ? this.checked.calls.get(arg) : undefined;
      return target?.kind === 'builtin' && target.name === 'hex';
    };
    const values = args.map((arg) => (arg.kind === 'StringLiteral' ? undefined : this.value(isHex(arg) ? arg.args[0] : arg)));
    args.forEach((arg, i) => {
      if (arg.kind === 'StringLiteral') this.printText(arg.value);
      else if (isHex(arg)) b.call('__pgl_print_hex', [values[i]!], 0);
      else this.printValue(arg, values[i]!);
    });
    this.printText('\n');
    b.call('__pgl_print_flush', [], 0);
  }

  /** Prints a whole line of fixed text and flushes it. */
  printLine(value: string): void {
    this.printText(value + '\n');
    this.b.call('__pgl_print_flush', [], 0);
  }

  /** Appends fixed text to the output buffer. */
  private printText(value: string): void {
    if (value.length === 0) return;
    const literal = this.ctx.module.string(value);
    this.b.call('__pgl_print_bytes', [this.b.symbolAddress(literal.symbol), this.b.const(literal.length)], 0);
  }

  /** Appends the value of `e` (already in `value`) as its type prints: bool, signed or unsigned. */
  private printValue(e: ast.Expr, value: VReg): void {
    const type = this.usedType(e);
    const helper = type?.kind === 'bool' ? '__pgl_print_bool' : isSigned(type) ? '__pgl_print_i64' : '__pgl_print_u64';
    this.b.call(helper, [value], 0);
  }
}

/** A literal's bits after wrapping to its type. */
export function wrap(value: bigint, type: Type | undefined): bigint {
  if (type?.kind !== 'int') return value;
  return type.signed ? BigInt.asIntN(type.bits, value) : BigInt.asUintN(type.bits, value);
}
