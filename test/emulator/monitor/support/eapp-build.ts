// Builds C enclaves against the eapp stubs of samples/penglai-c with the riscv64 cross
// compiler, using the flags the sample's Makefile uses. A missing compiler fails loudly.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireTool } from '../../helpers/cross-tools.js';

/** The repository, found upward from here (this file also runs bundled, from dist/bench). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'samples/penglai-c/eapp.h'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the penglaic repository above ${start}`);
  }
}

export const repoRoot = findRepoRoot(import.meta.dirname);
export const sampleDir = join(repoRoot, 'samples/penglai-c');

export const EAPP_CFLAGS = ['-nostdlib', '-static', '-march=rv64imac', '-mabi=lp64', '-O2', '-ffreestanding', '-fno-builtin'];

export interface BuiltEnclave {
  path: string;
  bytes: Uint8Array;
}

/** Compiles one enclave from C source (text) or a file of the sample, with eapp.S and eapp.c. */
export function buildEnclave(name: string, source: { file: string } | { text: string } | { path: string }, defines: string[] = []): BuiltEnclave {
  const gcc = requireTool('riscv64-unknown-elf-gcc');
  const dir = mkdtempSync(join(tmpdir(), 'penglaic-eapp-'));
  let main: string;
  if ('file' in source) main = join(sampleDir, source.file);
  else if ('path' in source) main = source.path;
  else {
    main = join(dir, `${name}.c`);
    writeFileSync(main, source.text);
  }
  const out = join(dir, `${name}.elf`);
  execFileSync(
    gcc,
    [...EAPP_CFLAGS, ...defines.map((d) => `-D${d}`), `-I${sampleDir}`, '-T', join(sampleDir, 'eapp.lds'), '-o', out, join(sampleDir, 'eapp.S'), main, join(sampleDir, 'eapp.c'), '-lgcc'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return { path: out, bytes: new Uint8Array(readFileSync(out)) };
}

/** Assembles a hand-written enclave: `_start` at 0x1000 in .text._start. */
export function assembleEnclave(name: string, asm: string): BuiltEnclave {
  const gcc = requireTool('riscv64-unknown-elf-gcc');
  const dir = mkdtempSync(join(tmpdir(), 'penglaic-eapp-'));
  const src = join(dir, `${name}.S`);
  writeFileSync(src, asm);
  const out = join(dir, `${name}.elf`);
  execFileSync(gcc, [...EAPP_CFLAGS, '-T', join(sampleDir, 'eapp.lds'), '-o', out, src], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { path: out, bytes: new Uint8Array(readFileSync(out)) };
}
