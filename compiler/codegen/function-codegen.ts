// Code generation for one function body: a simple stack-machine scheme. Every
// expression leaves its value in a0 (normalised to its type, see scalar.ts); a binary
// operation saves the left value on the stack while the right one is computed. Arrays
// and structs are handled through their addresses.
import type * as ast from '../../grammar/ast.js';
import type { CheckedProgram, FunctionInfo, ParamInfo, SectionInfo, Type } from '../check/model.js';
import { layoutOf } from '../check/model.js';
import type { AsmWriter } from './asm-writer.js';
import { fitsImm12 } from './asm-writer.js';
import { Frame, SAVED_AREA } from './frame.js';
import { immediate, isAggregate, isSigned, loadOp, normalize, storeOp } from './scalar.js';
import { emitHostOperation, emitAcquire } from './host-ops.js';
import { emitServerCall } from './ipc-call.js';
import { emitPrint } from './print-call.js';

export interface SectionContext {
  checked: CheckedProgram;
  section: SectionInfo;
  w: AsmWriter;
  functionSymbol(fn: FunctionInfo): string;
  globalSymbol(name: string): string;
  /** The .bss slot caching this image's transfer region of `size` bytes. */
  regionSlot(size: number): string;
  /** Records a construct this generator cannot compile yet. */
  unsupported(node: ast.Node, what: string): void;
}

interface Loop {
  breakLabel: string;
  continueLabel: string;
}

export class FunctionCodegen {
  readonly w: AsmWriter;
  readonly checked: CheckedProgram;
  readonly frame: Frame;
  private readonly loops: Loop[] = [];
  private readonly epilogue: string;

  constructor(
    readonly ctx: SectionContext,
    private readonly params: readonly ParamInfo[],
    private readonly body: readonly ast.Stmt[],
  ) {
    this.w = ctx.w;
    this.checked = ctx.checked;
    this.frame = new Frame(ctx.checked);
    for (const p of params) this.frame.addParam(p);
    this.frame.addLocals(body);
    this.epilogue = this.w.newLabel('return');
  }

  /** Emits the whole function under `symbol`. */
  emitFunction(symbol: string): void {
    const w = this.w;
    w.raw(`    .globl ${symbol}`);
    w.raw(`    .type ${symbol}, @function`);
    w.label(symbol);
    w.emit(`addi sp, sp, -${SAVED_AREA}`);
    w.emit(`sd ra, ${SAVED_AREA - 8}(sp)`);
    w.emit(`sd s0, ${SAVED_AREA - 16}(sp)`);
    w.emit(`sd s1, ${SAVED_AREA - 24}(sp)`);
    w.emit(`addi s0, sp, ${SAVED_AREA}`);
    const locals = this.frame.size() - SAVED_AREA;
    if (locals > 0) this.adjustSp(-locals);
    this.params.forEach((p, i) => {
      if (i < 8) this.storeSlot(`a${i}`, this.frame.params.get(p)!);
    });
    for (const statement of this.body) this.statement(statement);
    w.emit('li a0, 0');
    w.label(this.epilogue);
    w.emit(`addi sp, s0, -${SAVED_AREA}`);
    w.emit(`ld ra, ${SAVED_AREA - 8}(sp)`);
    w.emit(`ld s0, ${SAVED_AREA - 16}(sp)`);
    w.emit(`ld s1, ${SAVED_AREA - 24}(sp)`);
    w.emit(`addi sp, sp, ${SAVED_AREA}`);
    w.emit('ret');
  }

  // ---- helpers ---------------------------------------------------------------------------

  adjustSp(delta: number): void {
    if (fitsImm12(delta)) this.w.emit(`addi sp, sp, ${delta}`);
    else {
      this.w.emit(`li t6, ${delta}`);
      this.w.emit('add sp, sp, t6');
    }
  }

  push(reg = 'a0'): void {
    this.w.emit('addi sp, sp, -8');
    this.w.emit(`sd ${reg}, 0(sp)`);
  }

  pop(reg: string): void {
    this.w.emit(`ld ${reg}, 0(sp)`);
    this.w.emit('addi sp, sp, 8');
  }

  slotAddress(reg: string, offset: number): void {
    if (fitsImm12(offset)) this.w.emit(`addi ${reg}, s0, ${offset}`);
    else {
      this.w.emit(`li ${reg}, ${offset}`);
      this.w.emit(`add ${reg}, s0, ${reg}`);
    }
  }

  loadSlot(reg: string, offset: number): void {
    if (fitsImm12(offset)) this.w.emit(`ld ${reg}, ${offset}(s0)`);
    else {
      this.slotAddress('t6', offset);
      this.w.emit(`ld ${reg}, 0(t6)`);
    }
  }

  storeSlot(reg: string, offset: number): void {
    if (fitsImm12(offset)) this.w.emit(`sd ${reg}, ${offset}(s0)`);
    else {
      this.slotAddress('t6', offset);
      this.w.emit(`sd ${reg}, 0(t6)`);
    }
  }

  addImmediate(reg: string, value: number): void {
    if (value === 0) return;
    if (fitsImm12(value)) this.w.emit(`addi ${reg}, ${reg}, ${value}`);
    else {
      this.w.emit(`li t6, ${value}`);
      this.w.emit(`add ${reg}, ${reg}, t6`);
    }
  }

  typeOf(e: ast.Expr): Type | undefined {
    return this.checked.types.get(e);
  }

  /** The type an operand is used at: after implicit widening. */
  usedType(e: ast.Expr): Type | undefined {
    return this.checked.coercions.get(e) ?? this.checked.types.get(e);
  }

  /**
   * A conditional jump to a label that may be more than 4 KiB away: the inverted branch
   * skips over a `j`, whose reach is 1 MiB (unprivileged spec §2.5).
   */
  branchFar(condition: string, label: string): void {
    const [op, ...operands] = condition.split(/\s+/);
    const inverse: Record<string, string> = { beqz: 'bnez', bnez: 'beqz', bge: 'blt', bgeu: 'bltu', blt: 'bge', bltu: 'bgeu', beq: 'bne', bne: 'beq' };
    const skip = this.w.newLabel('near');
    this.w.emit(`${inverse[op]} ${operands.join(' ')}, ${skip}`);
    this.w.emit(`j ${label}`);
    this.w.label(skip);
  }

  /** Calls `symbol`, passing a0.. as already set. */
  call(symbol: string): void {
    this.w.emit(`call ${symbol}`);
  }

  /** Prints "error: <message>: <reason of code in a2>" and aborts, when `branch` (e.g. `bnez a0`) holds. */
  failUnless(condition: string, message: string): void {
    const ok = this.w.newLabel('ok');
    this.w.emit(`${condition}, ${ok}`);
    const text = this.w.stringLiteral(message);
    this.w.emit(`la a0, ${text.label}`);
    this.w.emit(`li a1, ${text.length}`);
    this.call('__pgl_fail');
    this.w.label(ok);
  }

  panic(message: string): void {
    const text = this.w.stringLiteral(message);
    this.w.emit(`la a0, ${text.label}`);
    this.w.emit(`li a1, ${text.length}`);
    this.call('__pgl_panic');
  }

  where(node: ast.Node): string {
    return `${node.span.file}:${node.span.startLine}:${node.span.startCol}`;
  }

  // ---- statements ------------------------------------------------------------------------

  statement(s: ast.Stmt): void {
    const w = this.w;
    switch (s.kind) {
      case 'LetStmt':
      case 'VarStmt': {
        const local = this.checked.locals.get(s);
        const offset = this.frame.locals.get(s)!;
        if (!local) return;
        this.initialise(offset, local.type, s.init);
        return;
      }
      case 'ConstDecl':
        return; // constants are folded at their uses
      case 'AssignStmt':
        this.assign(s);
        return;
      case 'IfStmt': {
        const elseLabel = w.newLabel('else');
        const end = w.newLabel('endif');
        this.expr(s.condition);
        this.branchFar('beqz a0', elseLabel);
        this.block(s.then);
        w.emit(`j ${end}`);
        w.label(elseLabel);
        if (s.else) this.statement(s.else);
        w.label(end);
        return;
      }
      case 'WhileStmt': {
        const top = w.newLabel('while');
        const end = w.newLabel('endwhile');
        w.label(top);
        this.expr(s.condition);
        this.branchFar('beqz a0', end);
        this.loops.push({ breakLabel: end, continueLabel: top });
        this.block(s.body);
        this.loops.pop();
        w.emit(`j ${top}`);
        w.label(end);
        return;
      }
      case 'ForStmt':
        this.forLoop(s);
        return;
      case 'BreakStmt':
        if (this.loops.length) w.emit(`j ${this.loops[this.loops.length - 1].breakLabel}`);
        return;
      case 'ContinueStmt':
        if (this.loops.length) w.emit(`j ${this.loops[this.loops.length - 1].continueLabel}`);
        return;
      case 'ReturnStmt':
        if (s.value) this.expr(s.value);
        else w.emit('li a0, 0');
        w.emit(`j ${this.epilogue}`);
        return;
      case 'ExprStmt':
        this.expr(s.expr);
        return;
      case 'Block':
        this.block(s);
        return;
      case 'DestroyStmt':
      case 'StopStmt':
      case 'ResumeStmt':
        emitHostOperation(this, s);
        return;
      case 'ErrorStmt':
        return;
    }
  }

  block(b: ast.Block | undefined): void {
    for (const s of b?.statements ?? []) this.statement(s);
  }

  private forLoop(s: ast.ForStmt): void {
    const w = this.w;
    const local = this.checked.locals.get(s);
    const slot = this.frame.locals.get(s)!;
    const endSlot = this.frame.loopEnds.get(s)!;
    const top = w.newLabel('for');
    const step = w.newLabel('forstep');
    const end = w.newLabel('endfor');
    this.expr(s.start);
    this.storeSlot('a0', slot);
    this.expr(s.end);
    this.storeSlot('a0', endSlot);
    w.label(top);
    this.loadSlot('t0', slot);
    this.loadSlot('t1', endSlot);
    this.branchFar(`${isSigned(local?.type) ? 'bge' : 'bgeu'} t0, t1`, end);
    this.loops.push({ breakLabel: end, continueLabel: step });
    this.block(s.body);
    this.loops.pop();
    w.label(step);
    this.loadSlot('t0', slot);
    w.emit('addi t0, t0, 1');
    this.storeSlot('t0', slot);
    w.emit(`j ${top}`);
    w.label(end);
  }

  /** Initialises a local slot of `type` from `init` (zero when absent). */
  private initialise(offset: number, type: Type, init: ast.Expr | undefined): void {
    if (isAggregate(type)) {
      this.slotAddress('a0', offset);
      this.aggregateInto(type, init);
      return;
    }
    if (init) this.expr(init);
    else this.w.emit('li a0, 0');
    this.storeSlot('a0', offset);
  }

  /** Fills the aggregate at the address in a0 from `init` (zero when absent). */
  aggregateInto(type: Type, init: ast.Expr | undefined): void {
    const w = this.w;
    const size = layoutOf(type).size;
    if (!init) {
      w.emit(`li a1, ${size}`);
      this.call('__pgl_memzero');
      return;
    }
    if (init.kind === 'ArrayLiteral' && type.kind === 'array') {
      const elementSize = layoutOf(type.element).size;
      this.push('a0');
      init.elements.forEach((element, i) => {
        w.emit('ld a0, 0(sp)');
        this.addImmediate('a0', i * elementSize);
        this.storeInto(type.element, element);
      });
      w.emit('addi sp, sp, 8');
      return;
    }
    if (init.kind === 'ArrayRepeat' && type.kind === 'array') {
      const elementSize = layoutOf(type.element).size;
      const top = w.newLabel('repeat');
      const done = w.newLabel('repeatdone');
      this.push('a0'); // cursor
      w.emit(`li t0, ${type.length}`);
      this.push('t0'); // remaining
      w.label(top);
      w.emit('ld t0, 0(sp)');
      w.emit(`beqz t0, ${done}`);
      w.emit('ld a0, 8(sp)');
      this.storeInto(type.element, init.value);
      w.emit('ld t0, 8(sp)');
      this.addImmediate('t0', elementSize);
      w.emit('sd t0, 8(sp)');
      w.emit('ld t0, 0(sp)');
      w.emit('addi t0, t0, -1');
      w.emit('sd t0, 0(sp)');
      w.emit(`j ${top}`);
      w.label(done);
      w.emit('addi sp, sp, 16');
      return;
    }
    // Another aggregate value: copy it.
    this.push('a0');
    this.address(init);
    w.emit('mv a1, a0');
    this.pop('a0');
    w.emit(`li a2, ${size}`);
    this.call('__pgl_memcpy');
  }

  /** Stores `value` (of `type`) at the address in a0. */
  private storeInto(type: Type, value: ast.Expr): void {
    if (isAggregate(type)) {
      this.aggregateInto(type, value);
      return;
    }
    this.push('a0');
    this.expr(value);
    this.pop('t0');
    this.w.emit(`${storeOp(type)} a0, 0(t0)`);
  }

  private assign(s: ast.AssignStmt): void {
    const w = this.w;
    const type = this.typeOf(s.target);
    if (!type) return;
    if (isAggregate(type)) {
      this.address(s.target);
      this.aggregateInto(type, s.value);
      return;
    }
    this.address(s.target);
    this.push('a0');
    if (s.op === '=') {
      this.expr(s.value);
    } else {
      w.emit(`${loadOp(type)} a0, 0(a0)`);
      this.push('a0');
      this.expr(s.value);
      w.emit('mv t1, a0');
      this.pop('t0');
      this.arithmetic(s.op.slice(0, -1) as ast.BinaryOp, type);
    }
    this.pop('t0');
    w.emit(`${storeOp(type)} a0, 0(t0)`);
  }

  // ---- expressions -----------------------------------------------------------------------

  /** Evaluates a scalar expression into a0. */
  expr(e: ast.Expr): void {
    const w = this.w;
    const type = this.typeOf(e);
    const constant = this.checked.constants.get(e);
    if (constant !== undefined && (typeof constant === 'bigint' || typeof constant === 'boolean') && e.kind !== 'CallExpr') {
      w.emit(`li a0, ${typeof constant === 'boolean' ? (constant ? 1 : 0) : immediate(constant, this.usedType(e))}`);
      return;
    }
    switch (e.kind) {
      case 'IntLiteral':
        w.emit(`li a0, ${immediate(e.value, this.usedType(e))}`);
        return;
      case 'BoolLiteral':
        w.emit(`li a0, ${e.value ? 1 : 0}`);
        return;
      case 'NameExpr':
      case 'IndexExpr':
      case 'FieldExpr':
        if (!type || isAggregate(type)) {
          this.address(e);
          return;
        }
        this.loadScalar(e, type);
        return;
      case 'UnaryExpr':
        this.expr(e.operand);
        if (e.op === '!') w.emit('seqz a0, a0');
        else {
          w.emit(e.op === '-' ? 'neg a0, a0' : 'not a0, a0');
          for (const line of normalize(type)) w.emit(line);
        }
        return;
      case 'BinaryExpr':
        this.binary(e);
        return;
      case 'CastExpr':
        this.expr(e.expr);
        for (const line of normalize(type)) w.emit(line);
        return;
      case 'CallExpr':
        this.callExpr(e);
        return;
      case 'MethodCallExpr':
        emitServerCall(this, e);
        return;
      case 'CreateExpr':
      case 'RunExpr':
      case 'AttestExpr':
        emitHostOperation(this, e);
        return;
      case 'AcquireExpr':
        emitAcquire(this, e);
        return;
      case 'StringLiteral':
      case 'ArrayLiteral':
      case 'ArrayRepeat':
      case 'ErrorExpr':
        this.ctx.unsupported(e, 'this expression is only allowed as an initialiser or a print argument');
        return;
    }
  }

  private loadScalar(e: ast.NameExpr | ast.IndexExpr | ast.FieldExpr, type: Type): void {
    // Scalar slots are read with the typed load: stores through a place write only the
    // type's bytes, and the load renormalises (little-endian, so the value is at the slot).
    if (e.kind === 'NameExpr') {
      const binding = this.checked.bindings.get(e);
      const slot =
        binding?.kind === 'local' ? this.frame.locals.get(binding.decl) : binding?.kind === 'param' ? this.frame.params.get(binding.param) : undefined;
      if (slot !== undefined && fitsImm12(slot)) {
        this.w.emit(`${loadOp(type)} a0, ${slot}(s0)`);
        return;
      }
    }
    this.address(e);
    this.w.emit(`${loadOp(type)} a0, 0(a0)`);
  }

  /** Evaluates the address of a place or aggregate into a0. */
  address(e: ast.Expr): void {
    const w = this.w;
    switch (e.kind) {
      case 'NameExpr': {
        const binding = this.checked.bindings.get(e);
        if (!binding) return;
        if (binding.kind === 'local') this.slotAddress('a0', this.frame.locals.get(binding.decl)!);
        else if (binding.kind === 'param') {
          const slot = this.frame.params.get(binding.param)!;
          if (isAggregate(binding.param.type)) this.loadSlot('a0', slot);
          else this.slotAddress('a0', slot);
        } else if (binding.kind === 'global') w.emit(`la a0, ${this.ctx.globalSymbol(binding.global.name)}`);
        else this.ctx.unsupported(e, `\`${e.name}\` has no address`);
        return;
      }
      case 'IndexExpr': {
        const arrayType = this.typeOf(e.target);
        if (arrayType?.kind !== 'array') return;
        const elementSize = layoutOf(arrayType.element).size;
        this.address(e.target);
        this.push('a0');
        this.expr(e.index);
        // Run-time bounds check: a negative index is a huge unsigned one.
        w.emit(`li t1, ${arrayType.length}`);
        this.failIndex(`index out of bounds at ${this.where(e.index)}`);
        if ((elementSize & (elementSize - 1)) === 0) {
          if (elementSize > 1) w.emit(`slli a0, a0, ${Math.log2(elementSize)}`);
        } else {
          w.emit(`li t1, ${elementSize}`);
          w.emit('mul a0, a0, t1');
        }
        this.pop('t0');
        w.emit('add a0, t0, a0');
        return;
      }
      case 'FieldExpr': {
        const structType = this.typeOf(e.target);
        if (structType?.kind !== 'struct') return;
        const field = structType.struct.fields.find((f) => f.name === e.field?.name);
        this.address(e.target);
        if (field) this.addImmediate('a0', field.offset);
        return;
      }
      default:
        this.ctx.unsupported(e, 'this expression is not a place in memory');
    }
  }

  private failIndex(message: string): void {
    const ok = this.w.newLabel('inbounds');
    this.w.emit(`bltu a0, t1, ${ok}`);
    this.panic(message);
    this.w.label(ok);
  }

  private binary(e: ast.BinaryExpr): void {
    const w = this.w;
    if (e.op === '&&' || e.op === '||') {
      const end = w.newLabel('logic');
      this.expr(e.left);
      this.branchFar(`${e.op === '&&' ? 'beqz' : 'bnez'} a0`, end);
      this.expr(e.right);
      w.label(end);
      return;
    }
    this.expr(e.left);
    this.push('a0');
    this.expr(e.right);
    w.emit('mv t1, a0');
    this.pop('t0');
    const operandType = this.usedType(e.left);
    switch (e.op) {
      case '==':
        w.emit('xor a0, t0, t1');
        w.emit('seqz a0, a0');
        return;
      case '!=':
        w.emit('xor a0, t0, t1');
        w.emit('snez a0, a0');
        return;
      case '<':
        w.emit(`${isSigned(operandType) ? 'slt' : 'sltu'} a0, t0, t1`);
        return;
      case '>':
        w.emit(`${isSigned(operandType) ? 'slt' : 'sltu'} a0, t1, t0`);
        return;
      case '<=':
        w.emit(`${isSigned(operandType) ? 'slt' : 'sltu'} a0, t1, t0`);
        w.emit('xori a0, a0, 1');
        return;
      case '>=':
        w.emit(`${isSigned(operandType) ? 'slt' : 'sltu'} a0, t0, t1`);
        w.emit('xori a0, a0, 1');
        return;
      default:
        this.arithmetic(e.op, this.typeOf(e));
    }
  }

  /** a0 = t0 op t1 at `type`, renormalised (wrap-around). */
  arithmetic(op: ast.BinaryOp, type: Type | undefined): void {
    const w = this.w;
    const signed = isSigned(type);
    const bits = type?.kind === 'int' ? type.bits : 64;
    switch (op) {
      case '+':
        w.emit('add a0, t0, t1');
        break;
      case '-':
        w.emit('sub a0, t0, t1');
        break;
      case '*':
        w.emit('mul a0, t0, t1');
        break;
      case '/':
        // RISC-V semantics, kept by the language: x / 0 is all ones, MIN / -1 wraps.
        w.emit(`${signed ? 'div' : 'divu'} a0, t0, t1`);
        break;
      case '%':
        w.emit(`${signed ? 'rem' : 'remu'} a0, t0, t1`);
        break;
      case '&':
        w.emit('and a0, t0, t1');
        break;
      case '|':
        w.emit('or a0, t0, t1');
        break;
      case '^':
        w.emit('xor a0, t0, t1');
        break;
      case '<<':
        w.emit(`andi t1, t1, ${bits - 1}`);
        w.emit('sll a0, t0, t1');
        break;
      case '>>':
        w.emit(`andi t1, t1, ${bits - 1}`);
        w.emit(`${signed ? 'sra' : 'srl'} a0, t0, t1`);
        break;
      default:
        return;
    }
    for (const line of normalize(type)) w.emit(line);
  }

  private callExpr(e: ast.CallExpr): void {
    const target = this.checked.calls.get(e);
    if (!target) return;
    if (target.kind === 'builtin') {
      this.builtin(target.name, e);
      return;
    }
    if (target.kind !== 'function') return;
    const fn = target.fn;
    if (e.args.length > 8) {
      this.ctx.unsupported(e, 'calls with more than 8 arguments are not supported yet');
      return;
    }
    e.args.forEach((arg, i) => {
      if (isAggregate(fn.params[i]?.type)) this.address(arg);
      else this.expr(arg);
      this.push('a0');
    });
    for (let i = e.args.length - 1; i >= 0; i--) this.pop(`a${i}`);
    this.call(this.ctx.functionSymbol(fn));
  }

  private builtin(name: string, e: ast.CallExpr): void {
    const w = this.w;
    switch (name) {
      case 'print':
        emitPrint(this, e.args);
        return;
      case 'assert': {
        this.expr(e.args[0]);
        const ok = w.newLabel('assert');
        w.emit(`bnez a0, ${ok}`);
        this.panic(`assertion failed at ${this.where(e)}`);
        w.label(ok);
        return;
      }
      case 'assert_eq': {
        this.expr(e.args[0]);
        this.push('a0');
        this.expr(e.args[1]);
        this.pop('t0');
        const ok = w.newLabel('asserteq');
        w.emit(`beq a0, t0, ${ok}`);
        this.panic(`assert_eq failed at ${this.where(e)}`);
        w.label(ok);
        return;
      }
      case 'peek64':
      case 'peek8':
        this.expr(e.args[0]);
        w.emit(`${name === 'peek64' ? 'ld' : 'lbu'} a0, 0(a0)`);
        return;
      case 'poke64':
      case 'poke8':
        this.expr(e.args[0]);
        this.push('a0');
        this.expr(e.args[1]);
        this.pop('t0');
        w.emit(`${name === 'poke64' ? 'sd' : 'sb'} a0, 0(t0)`);
        return;
      case 'hex':
        this.ctx.unsupported(e, '`hex(...)` is only allowed as a print argument');
        return;
    }
  }
}
