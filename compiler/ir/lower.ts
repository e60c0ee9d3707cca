// Lowering a checked function body to IR. Scalar locals and parameters become virtual
// registers; arrays and structs get frame slots and are handled through addresses.
// Every scalar result is normalised to its type, which gives the language's
// wrap-around integers (see ../codegen/README section in compiler/README.md).
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { CheckedProgram, ParamInfo, SectionInfo, Type } from '../check/model.js';
import { isAggregate, layoutOf } from '../check/model.js';
import { ARGUMENT_REGISTERS, argumentHome, type BinFn, type DebugType, type VReg } from './ir.js';
import { FunctionBuilder } from './function-builder.js';
import type { ModuleBuilder } from './module-builder.js';
import { lowerBuiltin } from './lower-builtins.js';
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
  /** The measurement the build predicted for a section's image (`measurement(X)`), once that image is built. */
  measurementOf?: (section: SectionInfo) => Uint8Array | undefined;
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

/** A scalar type as DWARF describes it; undefined for aggregates and handles. */
export function debugType(type: Type): DebugType | undefined {
  if (type.kind === 'int') return { name: `${type.signed ? 'i' : 'u'}${type.bits}`, size: type.bits / 8, encoding: type.signed ? 'signed' : 'unsigned' };
  if (type.kind === 'bool') return { name: 'bool', size: 1, encoding: 'boolean' };
  return undefined;
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
    source?: { name: string; returnType: Type | undefined },
  ) {
    this.b = new FunctionBuilder(symbol, ctx.module);
    this.checked = ctx.checked;
    if (source) this.b.debug = { name: source.name, returnType: source.returnType && debugType(source.returnType), variables: [] };
    const registers = params.map((_, i) => ('register' in argumentHome(i, params.length) ? this.b.param() : undefined));
    const block = params.length > ARGUMENT_REGISTERS ? this.b.param() : undefined;
    params.forEach((p, i) => {
      const home = argumentHome(i, params.length);
      this.variables.set(p, 'register' in home ? registers[i]! : this.b.load(block!, home.blockOffset, 8, false));
      this.debugVariable(p.name, 'param', this.variables.get(p)!, p.type, p.decl.span.startLine);
    });
  }

  /** Records a scalar for the debugger (aggregates live in memory and are not described). */
  private debugVariable(name: string, kind: 'param' | 'local', vreg: VReg, type: Type, line: number, scopeEnd?: number): void {
    const debug = this.b.debug;
    const described = debugType(type);
    const scope = kind === 'local' ? { from: line, to: scopeEnd ?? this.scopeEnds.at(-1) ?? Number.MAX_SAFE_INTEGER } : undefined;
    if (debug && described) debug.variables.push({ name, kind, vreg, type: described, line, scope });
  }

  /** The last line of each block being lowered, innermost last: where a local's scope ends. */
  private readonly scopeEnds: number[] = [];

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
    if (s.kind !== 'Block' && s.kind !== 'ErrorStmt' && s.kind !== 'ConstDecl') this.location(s);
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
          this.debugVariable(local.name, 'local', v, local.type, s.span.startLine);
        }
        return;
      }
      case 'ConstDecl':
      case 'ErrorStmt':
        return;
      case 'AssignStmt':
        this.assign(s);
        return;
      case 'IfStmt':
        this.ifChain(s);
        return;
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
        this.discard(s.expr);
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

  /** An expression statement: its value is dropped, its effects happen (`[peek64(a), 1];`
   *  still loads). A string has none; an array literal is built in a temporary. */
  private discard(e: ast.Expr): void {
    const type = this.typeOf(e);
    if (type?.kind === 'string') return;
    if (type && isAggregate(type)) this.address(e);
    else this.value(e);
  }

  /** The code that follows comes from `s` (fault reports). */
  private location(s: ast.Stmt): void {
    this.b.emit({ op: 'loc', file: s.span.file, line: s.span.startLine, column: s.span.startCol });
  }

  /** `if … else if … else …` without recursing per `else if`: each `else if` starts in the
   *  previous test's else block, and the chain's end labels are placed innermost first. */
  private ifChain(first: ast.IfStmt): void {
    const b = this.b;
    const ends: string[] = [];
    for (let s = first; ; ) {
      const thenLabel = b.label('then');
      const elseLabel = b.label('else');
      const end = b.label('endif');
      this.condition(s.condition, thenLabel, s.else ? elseLabel : end);
      b.startBlock(thenLabel);
      this.block(s.then);
      ends.push(end);
      if (!s.else) break;
      b.terminate({ op: 'jump', target: end });
      b.startBlock(elseLabel);
      if (s.else.kind !== 'IfStmt') {
        this.statement(s.else);
        break;
      }
      s = s.else;
      this.location(s);
    }
    for (let i = ends.length - 1; i >= 0; i--) b.place(ends[i]);
  }

  block(block: ast.Block | undefined): void {
    if (block) this.scopeEnds.push(block.span.endLine);
    for (const s of block?.statements ?? []) this.statement(s);
    if (block) this.scopeEnds.pop();
  }

  private forLoop(s: ast.ForStmt): void {
    const b = this.b;
    const local = this.checked.locals.get(s);
    const i = b.vreg();
    b.emit({ op: 'copy', dst: i, src: this.value(s.start) });
    const end = b.vreg();
    b.emit({ op: 'copy', dst: end, src: this.value(s.end) });
    this.variables.set(s, i);
    if (local) this.debugVariable(local.name, 'local', i, local.type, s.span.startLine, s.span.endLine);
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

  /** Branches on a boolean expression, short-circuiting `&&`, `||` and `!`. A chain of
   *  `&&`/`||` is walked down its left spine without recursion (a machine-written condition
   *  can be thousands of operands long): each operator's left side branches to a block of its
   *  own, where its right side is tested, innermost first. */
  condition(e: ast.Expr, ifTrue: string, ifFalse: string): void {
    const b = this.b;
    const spine: { right: ast.Expr; ifTrue: string; ifFalse: string; middle: string }[] = [];
    let node = e;
    while (node.kind === 'BinaryExpr' && (node.op === '&&' || node.op === '||')) {
      const middle = b.label(node.op === '&&' ? 'and' : 'or');
      spine.push({ right: node.right, ifTrue, ifFalse, middle });
      if (node.op === '&&') ifTrue = middle;
      else ifFalse = middle;
      node = node.left;
    }
    if (node.kind === 'UnaryExpr' && node.op === '!') this.condition(node.operand, ifFalse, ifTrue);
    else b.terminate({ op: 'branch', cond: this.value(node), ifTrue, ifFalse });
    for (let i = spine.length - 1; i >= 0; i--) {
      b.startBlock(spine[i].middle);
      this.condition(spine[i].right, spine[i].ifTrue, spine[i].ifFalse);
    }
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
        return e.op === '&&' || e.op === '||' ? this.logicalValue(e) : this.operatorChain(e);
      case 'CastExpr':
        return this.operatorChain(e);
      case 'CallExpr':
        return this.callExpr(e);
      case 'MethodCallExpr':
        return lowerServerCall(this, e);
      case 'CreateExpr':
      case 'RunExpr':
      case 'ResumeExpr':
      case 'AttestExpr':
      case 'StartExpr':
      case 'JoinExpr':
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
      case 'CallExpr':
        // A builtin that gives an array (a measurement, a report): its value is its address.
        if (this.checked.calls.get(e)?.kind === 'builtin') return this.callExpr(e);
        this.unsupported(e, 'this call gives no array');
        return b.const(0);
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

  /** `&&` or `||` as a value: 1 or 0 from the branches of `condition`. */
  private logicalValue(e: ast.BinaryExpr): VReg {
    const b = this.b;
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

  /** Operators and casts down the left spine (`x + x + ... + x`, `e as u8 as u64`), lowered
   *  bottom up without recursing per operand: a machine-written chain is deeper than the
   *  stack. The spine stops at an operand the checker folded to a constant. */
  private operatorChain(root: ast.BinaryExpr | ast.CastExpr): VReg {
    const spine: (ast.BinaryExpr | ast.CastExpr)[] = [];
    let node: ast.Expr = root;
    while ((node.kind === 'CastExpr' || (node.kind === 'BinaryExpr' && node.op !== '&&' && node.op !== '||')) && (node === root || !this.isConstant(node))) {
      spine.push(node);
      node = node.kind === 'CastExpr' ? node.expr : node.left;
    }
    // An array operand of `==` is lowered to its address (an array literal has no value otherwise).
    let value = isAggregate(this.usedType(node)) ? this.address(node) : this.value(node);
    for (let i = spine.length - 1; i >= 0; i--) {
      const step = spine[i];
      value = step.kind === 'CastExpr' ? this.normalize(value, this.typeOf(step)) : this.binary(step, value);
    }
    return value;
  }

  private isConstant(e: ast.Expr): boolean {
    const constant = this.checked.constants.get(e);
    return typeof constant === 'bigint' || typeof constant === 'boolean';
  }

  /** `left op right`, with `left` already lowered. */
  private binary(e: ast.BinaryExpr, left: VReg): VReg {
    const b = this.b;
    const arrayType = this.typeOf(e.left);
    if (arrayType?.kind === 'array') {
      // `==` / `!=` on arrays of one type (`left` is the address): byte by byte; the checker
      // allows integer and bool elements only.
      const equal = b.call('__pgl_memeq', [left, this.address(e.right), b.const(layoutOf(arrayType).size)]).a0;
      return e.op === '==' ? equal : this.unary('seqz', equal);
    }
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
    if (target?.kind === 'builtin') return lowerBuiltin(this, target.name, e);
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
}

/** A literal's bits after wrapping to its type. */
export function wrap(value: bigint, type: Type | undefined): bigint {
  if (type?.kind !== 'int') return value;
  return type.signed ? BigInt.asIntN(type.bits, value) : BigInt.asUintN(type.bits, value);
}
