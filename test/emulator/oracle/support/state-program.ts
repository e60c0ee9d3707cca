// Builds one assembly program from many small cases. Each case seeds x1..x31 (sp excepted)
// and a 256-byte scratch buffer, runs its body, then dumps all 31 registers and the scratch
// buffer as hex text with one `write`. sp always points at the scratch buffer so bodies
// address it as `off(sp)` (and RVC sp-relative forms work); a body must leave sp as it found it.

export const SCRATCH_BYTES = 256;
const SCRATCH_DWORDS = SCRATCH_BYTES / 8;
const U64 = (1n << 64n) - 1n;

export const ABI_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

export interface StateCase {
  /** Instructions in GNU syntax; labels must be unique across the program or numeric (`1:`, `1f`). */
  body: string;
  /** Initial x0..x31 (x0 and x2 ignored); missing entries get a deterministic pattern. */
  regs?: (bigint | undefined)[];
  /** Initial scratch doublewords; missing entries get a deterministic pattern. */
  scratch?: (bigint | undefined)[];
}

const hex = (v: bigint): string => `0x${(v & U64).toString(16)}`;

/** A pattern that differs per register and case but needs no random source. */
export function patternReg(caseIndex: number, reg: number): bigint {
  return (BigInt(reg) * 0x0101_0101_0101_0101n + BigInt(caseIndex) * 0x1000_0000_0001n) & U64;
}

export function patternScratch(caseIndex: number, dword: number): bigint {
  return (0x8899_aabb_ccdd_eeffn ^ (BigInt(dword) * 0x0102_0304_0506_0708n) ^ BigInt(caseIndex << 8)) & U64;
}

function caseAsm(c: StateCase, index: number): string {
  const lines = [`# ---- case ${index}`, 'la sp, scratch', `la t0, init_${index}`, 'mv t1, sp', `li t2, ${SCRATCH_DWORDS}`,
    `.Lcopy_${index}:`, 'ld t3, 0(t0)', 'sd t3, 0(t1)', 'addi t0, t0, 8', 'addi t1, t1, 8', 'addi t2, t2, -1', `bnez t2, .Lcopy_${index}`];
  for (let r = 1; r < 32; r += 1) if (r !== 2) lines.push(`li x${r}, ${hex(c.regs?.[r] ?? patternReg(index, r))}`);
  lines.push(c.body);
  // Registers land just below the scratch buffer so the dump reads one contiguous block.
  for (let r = 1; r < 32; r += 1) lines.push(`sd x${r}, ${8 * r - SCRATCH_BYTES}(sp)`);
  lines.push('call dump_state');
  return lines.join('\n');
}

const DUMP_ROUTINE = `
dump_state:
  la a0, regsave + 8
  li a1, ${31 + SCRATCH_DWORDS}
  la a2, outbuf
  li t0, '='
  sb t0, 0(a2)
  li t0, 10
  sb t0, 1(a2)
  addi a2, a2, 2
  la t4, hexdigits
.Ldump_word:
  ld t1, 0(a0)
  li t2, 60
.Ldump_nibble:
  srl t3, t1, t2
  andi t3, t3, 15
  add t3, t3, t4
  lbu t3, 0(t3)
  sb t3, 0(a2)
  addi a2, a2, 1
  addi t2, t2, -4
  bgez t2, .Ldump_nibble
  li t3, 10
  sb t3, 0(a2)
  addi a2, a2, 1
  addi a0, a0, 8
  addi a1, a1, -1
  bnez a1, .Ldump_word
  li a0, 1
  la a1, outbuf
  sub a2, a2, a1
  li a7, 64
  ecall
  ret
`;

/** The whole program: `_start`, every case in order, exit(0), the dump routine and data. */
export function buildStateProgram(cases: StateCase[], extraSections = ''): string {
  const init = cases.map((c, i) => {
    const words = Array.from({ length: SCRATCH_DWORDS }, (_, k) => hex(c.scratch?.[k] ?? patternScratch(i, k)));
    return `init_${i}:\n  .dword ${words.join(', ')}`;
  });
  return [
    '.option rvc', '.text', '.globl _start', '_start:',
    ...cases.map(caseAsm),
    'li a0, 0', 'li a7, 93', 'ecall',
    DUMP_ROUTINE,
    '.section .rodata', 'hexdigits: .ascii "0123456789abcdef"', '.balign 8', ...init,
    '.data', '.balign 16', `regsave: .zero ${SCRATCH_BYTES}`, `scratch: .zero ${SCRATCH_BYTES}`, 'outbuf: .zero 2048',
    // HTIF's mailbox, so the same program also boots bare-metal (bare.ts needs the symbol).
    '.balign 8', '.globl tohost', 'tohost: .dword 0',
    extraSections, '',
  ].join('\n');
}

/** Splits a program's stdout into the raw dumps of its cases (a trailing partial one included). */
export function splitDumps(stdout: string): string[] {
  return stdout.split('=\n').slice(1);
}

/** A dump with every line named, so a test diff says which register or byte differs. */
export function describeDump(raw: string): string {
  const values = raw.split('\n').filter((l) => l !== '');
  return values.map((v, k) => (k < 31 ? `x${k + 1}/${ABI_NAMES[k + 1]}` : `mem+0x${((k - 31) * 8).toString(16)}`).padEnd(10) + v).join('\n');
}

/** Parses one dump into register and scratch values (undefined when truncated). */
export function parseDump(raw: string): { regs: bigint[]; scratch: bigint[] } | undefined {
  const values = raw.split('\n').filter((l) => l !== '');
  if (values.length !== 31 + SCRATCH_DWORDS || values.some((v) => !/^[0-9a-f]{16}$/.test(v))) return undefined;
  const all = values.map((v) => BigInt(`0x${v}`));
  return { regs: [0n, ...all.slice(0, 31)], scratch: all.slice(31) };
}
