// The assembler layer's public face: assembly text -> object -> linked ELF, and back to text.

export { assemble, assembleLines, type AssembleResult } from './assembler.js';
export { renderLines, type AsmLine } from './lines.js';
export { link, type LinkOptions, type LinkResult, type LinkedSymbol } from './link.js';
export { disassemble, disassembleRegion, instructionLength, type Disassembly, type Symbolizer } from './disasm.js';
export { encodeInstruction, type NumericOperands } from './encode.js';
export type { AsmError, AsmErrorCode, AsmObject, ObjectSection, ObjectSymbol, Relocation, RelocationKind } from './object.js';
export { readElf, type ElfFile, type ElfReadResult, type ElfSegment, type ElfSection, type ElfSymbol } from '../elf/read.js';
export { writeElf, type ElfImage } from '../elf/write.js';

import { assemble } from './assembler.js';
import { link, type LinkOptions, type LinkResult } from './link.js';
import type { AsmError } from './object.js';
import { appendAll } from '../append-all.js';

/** Assemble several sources and link them in one step; errors of every stage, in order. */
export function assembleAndLink(sources: readonly { text: string; fileName: string }[], options: LinkOptions): LinkResult {
  const errors: AsmError[] = [];
  const objects = sources.map(({ text, fileName }) => {
    const result = assemble(text, fileName);
    appendAll(errors, result.errors);
    return result.object;
  });
  if (errors.length > 0) return { elf: new Uint8Array(0), entry: 0n, symbols: [], sections: [], errors };
  return link(objects, options);
}
