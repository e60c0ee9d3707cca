// The attack suite's enclaves: the victims and attackers in attacks/programs, built once
// per name and set of defines, plus the planted secrets the transcript must never show.
import { join } from 'node:path';
import { buildEnclave, repoRoot } from './eapp-build.js';

const programDir = join(repoRoot, 'test/emulator/monitor/attacks/programs');
const cache = new Map<string, Uint8Array>();

/** An enclave ELF from attacks/programs/NAME.c (or the sample's NAME.c when `sample`). */
export function program(name: string, defines: string[] = [], sample = false): Uint8Array {
  const key = `${name} ${defines.join(' ')}`;
  let bytes = cache.get(key);
  if (!bytes) {
    const source = sample ? { file: `${name}.c` } : { path: join(programDir, `${name}.c`) };
    bytes = buildEnclave(name, source, defines).bytes;
    cache.set(key, bytes);
  }
  return bytes;
}

export const SECRETS = ['VAULT-SECRET-9b1d44e0c3a7f218', 'HOST-SECRET-77e1c0de77e1c0de', 'CLIENT-SECRET-c4f00d5eba11ad00', 'SHM-SECRET-5ec0de5ec0de5ec0'];

/** Registers holding any 4 consecutive bytes of a secret (in either 32-bit half). */
export function registersHoldingSecrets(registerSets: bigint[][]): string[] {
  const windows = new Set<number>();
  for (const secret of SECRETS) {
    const bytes = Buffer.from(secret, 'latin1');
    for (let i = 0; i + 4 <= bytes.length; i++) windows.add(bytes.readUInt32LE(i));
  }
  const found: string[] = [];
  registerSets.forEach((registers, set) =>
    registers.forEach((value, i) => {
      for (const half of [Number(value & 0xffff_ffffn), Number(value >> 32n)]) {
        if (windows.has(half)) found.push(`kill ${set}: x${i + 1} = 0x${value.toString(16)}`);
      }
    }),
  );
  return found;
}

/** Every way a secret could show up in a transcript: as text, or as any u64 word of it printed in hex. */
export function leakedSecrets(transcript: string): string[] {
  const found: string[] = [];
  const lower = transcript.toLowerCase();
  for (const secret of SECRETS) {
    const bytes = Buffer.from(secret, 'latin1');
    if (transcript.includes(secret.slice(0, 12))) found.push(secret);
    for (let i = 0; i + 8 <= bytes.length; i++) {
      const word = bytes.readBigUInt64LE(i).toString(16);
      if (lower.includes(word)) found.push(`${secret} word ${i}`);
    }
  }
  return found;
}
