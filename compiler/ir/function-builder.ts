// Builds one IR function block by block: the lowering writes instructions into the
// current block and opens new blocks at control-flow joins.
import type { BinFn, Block, FrameSlot, FunctionDebug, Inst, IrFunction, Terminator, VReg } from './ir.js';
import type { ModuleBuilder } from './module-builder.js';

export class FunctionBuilder {
  readonly blocks: Block[] = [];
  readonly slots: FrameSlot[] = [];
  readonly params: VReg[] = [];
  private vregs = 0;
  private current: Block;
  /** Whether `current` is in `blocks` yet (the entry block joins at its first instruction). */
  private currentListed = false;
  private labels = 0;

  constructor(
    readonly symbol: string,
    readonly module: ModuleBuilder,
  ) {
    this.current = this.openBlock('entry');
  }

  vreg(): VReg {
    return this.vregs++;
  }

  /** Set by lowering for functions with a source declaration. */
  debug: FunctionDebug | undefined;

  param(): VReg {
    const v = this.vreg();
    this.params.push(v);
    return v;
  }

  slot(size: number, align: number): number {
    this.slots.push({ size: Math.max(size, 1), align: Math.max(align, 1) });
    return this.slots.length - 1;
  }

  label(hint: string): string {
    return `.L${this.symbol}_${hint}_${this.labels++}`;
  }

  private openBlock(hint: string): Block {
    const block: Block = { label: hint === 'entry' ? `.L${this.symbol}_entry` : this.label(hint), insts: [], term: { op: 'unreachable' } };
    return block;
  }

  /** Starts a new block (the previous one must have been terminated). */
  startBlock(label: string): void {
    this.current = { label, insts: [], term: { op: 'unreachable' } };
    this.blocks.push(this.current);
    this.currentListed = true;
    this.sealed = false;
  }

  /** Set once the current block has its terminator (code after return, break...). */
  private sealed = false;

  emit(inst: Inst): void {
    this.listCurrent();
    if (this.sealed) {
      // Unreachable code after a terminator: give it a block of its own nobody jumps to.
      this.startBlock(this.label('dead'));
    }
    this.current.insts.push(inst);
  }

  private listCurrent(): void {
    if (this.currentListed) return;
    this.blocks.push(this.current);
    this.currentListed = true;
  }

  terminate(term: Terminator): void {
    this.listCurrent();
    if (this.sealed) {
      this.startBlock(this.label('dead'));
    }
    this.current.term = term;
    this.sealed = true;
  }

  /** Places `label` here: ends the current block with a jump to it if still open. */
  place(label: string): void {
    if (!this.sealed) this.terminate({ op: 'jump', target: label });
    this.startBlock(label);
  }

  // ---- small constructors ----

  const(value: bigint | number): VReg {
    const dst = this.vreg();
    this.emit({ op: 'const', dst, value: BigInt(value) });
    return dst;
  }

  bin(fn: BinFn, a: VReg, b: VReg): VReg {
    const dst = this.vreg();
    this.emit({ op: 'bin', fn, dst, a, b });
    return dst;
  }

  addImmediate(a: VReg, value: number): VReg {
    return value === 0 ? a : this.bin('add', a, this.const(value));
  }

  symbolAddress(name: string): VReg {
    const dst = this.vreg();
    this.emit({ op: 'symbol', dst, name });
    return dst;
  }

  slotAddress(slot: number): VReg {
    const dst = this.vreg();
    this.emit({ op: 'slot', dst, slot });
    return dst;
  }

  load(addr: VReg, offset: number, size: 1 | 2 | 4 | 8, signed: boolean, effect = false): VReg {
    const dst = this.vreg();
    this.emit(effect ? { op: 'load', dst, addr, offset, size, signed, effect } : { op: 'load', dst, addr, offset, size, signed });
    return dst;
  }

  store(addr: VReg, offset: number, src: VReg, size: 1 | 2 | 4 | 8): void {
    this.emit({ op: 'store', addr, offset, src, size });
  }

  call(callee: string, args: VReg[], results: 0 | 1 | 2 = 1): { a0: VReg; a1: VReg } {
    const dst = results >= 1 ? this.vreg() : undefined;
    const dst2 = results === 2 ? this.vreg() : undefined;
    this.emit({ op: 'call', callee, args, dst, dst2 });
    return { a0: dst ?? -1, a1: dst2 ?? -1 };
  }

  finish(): IrFunction {
    if (!this.sealed) this.terminate({ op: 'ret', value: this.const(0) });
    return { symbol: this.symbol, params: this.params, blocks: this.blocks, slots: this.slots, vregCount: this.vregs, debug: this.debug };
  }
}
