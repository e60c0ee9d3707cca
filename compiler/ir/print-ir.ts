// The textual form of the IR, for `penglaic build --emit ir` and for tests.
import type { Block, Inst, IrFunction, IrModule, Terminator } from './ir.js';

const r = (v: number) => `%${v}`;

export function printInst(inst: Inst): string {
  switch (inst.op) {
    case 'const':
      return `${r(inst.dst)} = const ${BigInt.asIntN(64, inst.value)}`;
    case 'copy':
      return `${r(inst.dst)} = ${r(inst.src)}`;
    case 'bin':
      return `${r(inst.dst)} = ${inst.fn} ${r(inst.a)}, ${r(inst.b)}`;
    case 'un':
      return `${r(inst.dst)} = ${inst.fn} ${r(inst.a)}`;
    case 'ext':
      return `${r(inst.dst)} = ${inst.signed ? 'sext' : 'zext'}.${inst.bits} ${r(inst.a)}`;
    case 'load':
      return `${r(inst.dst)} = load.${inst.size}${inst.signed ? 's' : 'u'}${inst.effect ? ' effect' : ''} [${r(inst.addr)} + ${inst.offset}]`;
    case 'store':
      return `store.${inst.size} [${r(inst.addr)} + ${inst.offset}], ${r(inst.src)}`;
    case 'slot':
      return `${r(inst.dst)} = slot ${inst.slot}`;
    case 'symbol':
      return `${r(inst.dst)} = symbol ${inst.name}`;
    case 'loc':
      return `; ${inst.file}:${inst.line}:${inst.column}`;
    case 'call': {
      const results = [inst.dst, inst.dst2].filter((d) => d !== undefined).map((d) => r(d!));
      return `${results.length ? results.join(', ') + ' = ' : ''}call ${inst.callee}(${inst.args.map(r).join(', ')})`;
    }
  }
}

export function printTerm(term: Terminator): string {
  switch (term.op) {
    case 'jump':
      return `jump ${term.target}`;
    case 'branch':
      return `branch ${r(term.cond)}, ${term.ifTrue}, ${term.ifFalse}`;
    case 'ret':
      return term.value === undefined ? 'ret' : `ret ${r(term.value)}`;
    case 'unreachable':
      return 'unreachable';
  }
}

function printBlock(block: Block): string[] {
  return [`${block.label}:`, ...block.insts.map((i) => `    ${printInst(i)}`), `    ${printTerm(block.term)}`];
}

export function printFunction(fn: IrFunction): string {
  const slots = fn.slots.map((s, i) => `slot ${i}: ${s.size} bytes`).join(', ');
  return [`fn ${fn.symbol}(${fn.params.map(r).join(', ')})${slots ? `  ; ${slots}` : ''} {`, ...fn.blocks.flatMap(printBlock), '}'].join('\n');
}

export function printModule(module: IrModule): string {
  const data = module.data.map((d) => `data ${d.symbol}: ${d.size} bytes${d.readOnly ? ', read-only' : ''}${d.bytes ? '' : ', zero'}`);
  return [data.join('\n'), ...module.functions.map(printFunction)].filter((part) => part.length > 0).join('\n\n') + '\n';
}
