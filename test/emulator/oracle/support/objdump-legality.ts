// GNU objdump as the oracle for "is this word an instruction of RV64IMAC_Zicsr_Zifencei":
// the words go into an object assembled for exactly that ISA (its .riscv.attributes tell
// objdump the ISA), symbols are stripped so objdump decodes instead of dumping data, and a
// word it prints as `.2byte`/`.4byte` or as `unimp` is one it does not know.

import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { MARCH, objdump, requireTool, workDir } from './toolchain.js';

export interface ObjdumpVerdict {
  legal: boolean;
  text: string;
}

/** Decodes parcels (16-bit when `length` is 2, else 32-bit words) and returns one verdict each. */
export function objdumpVerdicts(words: number[], length: 2 | 4): ObjdumpVerdict[] {
  const dir = workDir();
  const src = join(dir, 'words.s');
  const obj = join(dir, 'words.o');
  const stripped = join(dir, 'stripped.o');
  const directive = length === 2 ? '.hword' : '.word';
  const lines = ['.text'];
  for (let k = 0; k < words.length; k += 512) lines.push(`${directive} ${words.slice(k, k + 512).map((w) => `0x${(w >>> 0).toString(16)}`).join(',')}`);
  writeFileSync(src, `${lines.join('\n')}\n`);
  execFileSync(requireTool('riscv64-unknown-elf-as'), [`-march=${MARCH}`, '-mabi=lp64', '-o', obj, src]);
  execFileSync(requireTool('riscv64-unknown-elf-objcopy'), ['--strip-all', obj, stripped]);
  const out = objdump(['-d', '-M', 'no-aliases', stripped]);
  const byOffset = new Map<number, string>();
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f]+\s+\t?(.*)$/.exec(line);
    if (m) byOffset.set(parseInt(m[1], 16), m[2].trim());
  }
  return words.map((_, k) => {
    const text = byOffset.get(k * length) ?? '(not decoded at this offset)';
    const legal = !/^\.(2|4)byte|^(c\.)?unimp\b|^\(not decoded/.test(text);
    return { legal, text };
  });
}
