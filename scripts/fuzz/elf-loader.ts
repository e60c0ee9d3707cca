// The ELF loader fuzz target: seeded mutations of a static Linux ELF's program headers and
// entry point (test/emulator/helpers/elf-mutants.ts, shared with the loader test) through
// both loaders and a few thousand instructions. A failure is a throw, an accepted image that
// breaks a layout rule (overlap, offset/address congruence, address-space fit, odd entry),
// a refusal without an explanation, or an input past its CPU bound.
import { compileC } from '../../test/emulator/helpers/cross-tools.js';
import { checkElfMutant, elfMutant } from '../../test/emulator/helpers/elf-mutants.js';
import { LINUX_STUBS_C } from '../../test/emulator/helpers/linux-stubs.js';
import type { FuzzTarget } from './target.js';

const PROGRAM = `${LINUX_STUBS_C}\nchar zeros[300];\nint main(){ puts_("hi\\n"); return zeros[7] + 7; }`;

export const elfLoader: FuzzTarget = {
  name: 'elf-loader',
  description: 'program-header and entry mutants of a static Linux ELF through the linux-user and bare-metal loaders',
  start(_root, seed) {
    const base = compileC({ 'prog.c': PROGRAM }).bytes;
    return {
      input(index) {
        const mutant = elfMutant(base, seed, index);
        const edits = mutant.description.split(' ').filter((part) => part.startsWith('ph')).length;
        const kind = `${edits}-field${edits > 1 ? 's' : ''}${mutant.description.includes('entry=') ? '+entry' : ''}`;
        // Bytes as latin1 text: one character per byte, so the input file is the ELF's bytes.
        return { kind, text: Buffer.from(mutant.bytes).toString('latin1') };
      },
      run(input) {
        return checkElfMutant(new Uint8Array(Buffer.from(input.text, 'latin1'))).failure;
      },
      cpuLimitMs: () => 5_000,
    };
  },
};
