// Mutations of a valid ELF that reach every check of a loader: header fields, program
// header fields set to the values that overflow (p_memsz = 2^47, offsets past the file,
// 2^64 - 1), byte flips, truncation, and plain noise.
import type { Rng } from './ecall-harness.js';

const HUGE = [0n, 1n, 0xfffn, 0x1000n, 1n << 32n, 1n << 47n, 1n << 62n, (1n << 63n) - 1n, (1n << 64n) - 1n];

export function mutateElf(elf: Uint8Array, rng: Rng): Uint8Array {
  let bytes: Uint8Array = new Uint8Array(elf);
  const rounds = 1 + rng.below(3);
  for (let i = 0; i < rounds; i++) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const phoff = bytes.length >= 64 ? Number(view.getBigUint64(32, true) % BigInt(bytes.length)) : 0;
    const phnum = bytes.length >= 64 ? Math.max(1, view.getUint16(56, true)) : 1;
    const field = (offset: number, size: 2 | 4 | 8, value: bigint) => {
      if (offset + size > bytes.length) return;
      if (size === 8) view.setBigUint64(offset, BigInt.asUintN(64, value), true);
      else if (size === 4) view.setUint32(offset, Number(value & 0xffff_ffffn), true);
      else view.setUint16(offset, Number(value & 0xffffn), true);
    };
    switch (rng.below(9)) {
      case 0: {
        // A program header field: p_offset, p_vaddr, p_filesz or p_memsz (8 bytes each).
        const header = phoff + 56 * rng.below(phnum);
        field(header + rng.pick([8, 16, 32, 40]), 8, rng.chance(70) ? rng.pick(HUGE) : rng.next());
        break;
      }
      case 1:
        field(phoff + 56 * rng.below(phnum), 4, rng.chance(50) ? 1n : rng.next()); // p_type
        break;
      case 2:
        field(24, 8, rng.chance(50) ? rng.pick(HUGE) : rng.next()); // e_entry
        break;
      case 3:
        field(rng.pick([32, 40]), 8, rng.pick(HUGE)); // e_phoff, e_shoff
        break;
      case 4:
        field(rng.pick([54, 56, 58, 60]), 2, rng.chance(50) ? 0xffffn : BigInt(rng.below(8))); // entsizes, counts
        break;
      case 5:
        bytes = bytes.subarray(0, rng.below(bytes.length + 1));
        break;
      case 6: {
        const grown = new Uint8Array(bytes.length + rng.below(4096));
        grown.set(bytes);
        bytes = grown;
        break;
      }
      case 7:
        for (let k = 0; k < 1 + rng.below(16); k++) if (bytes.length > 0) bytes[rng.below(bytes.length)] = rng.below(256);
        break;
      default:
        bytes = new Uint8Array(rng.below(512)).map(() => rng.below(256));
    }
  }
  return bytes;
}
