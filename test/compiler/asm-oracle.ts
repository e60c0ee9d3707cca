// Helpers that run the external oracles (GNU binutils for riscv64, qemu-riscv64). A missing
// tool is a test failure with a clear message, never a silent skip.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, link, readElf } from '../../compiler/asm/index.js';

export const MARCH = 'rv64imafdc_zicsr_zifencei';

export function requireTool(tool: string): string {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`external oracle '${tool}' is missing: install binutils-riscv64-unknown-elf / qemu-user (see .ci/run)`);
  }
  return tool;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'penglaic-asm-'));
}

/** Assemble and link with GNU tools at text address 0x10000; returns the .text bytes. */
export function gnuTextBytes(source: string, entry = '0x10000'): Uint8Array {
  const dir = scratchDir();
  writeFileSync(join(dir, 'in.s'), source);
  execFileSync(requireTool('riscv64-unknown-elf-as'), [`-march=${MARCH}`, '-o', join(dir, 'in.o'), join(dir, 'in.s')]);
  execFileSync(requireTool('riscv64-unknown-elf-ld'), ['--no-relax', '-Ttext=0x10000', '-e', entry, '-o', join(dir, 'in.elf'), join(dir, 'in.o')]);
  execFileSync(requireTool('riscv64-unknown-elf-objcopy'), ['-O', 'binary', '-j', '.text', join(dir, 'in.elf'), join(dir, 'in.bin')]);
  return new Uint8Array(readFileSync(join(dir, 'in.bin')));
}

/** Assemble and link with ours at 0x10000; returns the ELF and its .text bytes. */
export function ourLinkedText(source: string, entry: string): { elf: Uint8Array; text: Uint8Array } {
  const assembled = assemble(source, 'forms.s');
  if (assembled.errors.length > 0) throw new Error(`assembler errors: ${JSON.stringify(assembled.errors, null, 1)}`);
  const linked = link([assembled.object], { textBase: 0x10000n, entry });
  if (linked.errors.length > 0) throw new Error(`linker errors: ${JSON.stringify(linked.errors, null, 1)}`);
  const elf = readElf(linked.elf);
  if (!elf.ok) throw new Error(elf.error.message);
  const text = elf.value.sections.find((s) => s.name === '.text')!;
  return { elf: linked.elf, text: linked.elf.subarray(text.offset, text.offset + text.size) };
}

export function writeTemp(name: string, bytes: Uint8Array | string): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, bytes, { mode: 0o755 });
  return path;
}

/** `objdump -d` lines as { address, hex, text }, text normalised (tabs to spaces, no `# ...` notes). */
export function objdumpInstructions(elfPath: string): { address: bigint; hex: string; text: string }[] {
  const listing = execFileSync(requireTool('riscv64-unknown-elf-objdump'), ['-d', elfPath], { encoding: 'utf8' });
  const lines: { address: bigint; hex: string; text: string }[] = [];
  for (const line of listing.split('\n')) {
    const match = /^\s*([0-9a-f]+):\t([0-9a-f]+)\s+\t(.*)$/.exec(line);
    if (!match) continue;
    lines.push({ address: BigInt(`0x${match[1]}`), hex: match[2]!, text: normaliseListing(match[3]!) });
  }
  return lines;
}

export function normaliseListing(text: string): string {
  return text.replace(/\s+#.*$/, '').replace(/\s*<[^>]*>/g, '').replace(/\t/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Words of `bytes` as hex, 2 or 4 bytes each by the RVC length rule, for readable diffs. */
export function instructionWords(bytes: Uint8Array): string[] {
  const words: string[] = [];
  for (let i = 0; i + 1 < bytes.length; ) {
    const length = (bytes[i]! & 3) === 3 ? 4 : 2;
    words.push(Array.from(bytes.subarray(i, i + length)).reverse().map((b) => b.toString(16).padStart(2, '0')).join(''));
    i += length;
  }
  return words;
}
