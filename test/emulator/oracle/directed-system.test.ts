// Zicsr user counters, fences and Zifencei as a Linux user process sees them (unprivileged
// spec ch. 9-10, §3.1.6 of the privileged spec for counter enables): counter values differ
// between machines, so the cases keep only what is architecturally fixed (they read without
// trapping, never decrease, and are 64 bits wide); fence.i makes stored code visible.

import { directedSuite } from './support/directed-suite.js';

const SELF_MODIFYING = `
.section .smc, "awx"
.option push
.option norvc
smc_target:
  addi a0, zero, 1
  ret
# A loop that patches its own body halfway through: 20 passes add 1, the next 20 add 2.
smc_loop:
  li t1, 40
  li a0, 0
1:
smc_patched:
  addi a0, a0, 1
  addi t1, t1, -1
  li t2, 20
  bne t1, t2, 2f
  la t3, smc_patched
  li t4, 0x00250513
  sw t4, 0(t3)
  fence.i
2:
  bnez t1, 1b
  la t3, smc_patched
  li t4, 0x00150513
  sw t4, 0(t3)
  fence.i
  li t2, 0
  li t3, 0
  li t4, 0
  ret
.option pop
`;

// Linux lets user code read time (and qemu-user cycle and instret too): counter reads
// must not raise illegal-instruction in a user process (privileged spec §3.1.11 counteren).
directedSuite('Zicsr user counters match qemu-riscv64', [
  { name: 'rdcycle, rdtime and rdinstret read without trapping and never decrease',
    body: 'rdcycle a0\nrdtime a1\nrdinstret a2\nnop\nrdcycle a3\nrdtime a4\nrdinstret a5\nsltu s2, a3, a0\nsltu s3, a4, a1\nsltu s4, a5, a2\nsltu s5, zero, a5\nli a0, 0\nli a1, 0\nli a2, 0\nli a3, 0\nli a4, 0\nli a5, 0',
    expect: { s2: 0n, s3: 0n, s4: 0n, s5: 1n } },
  { name: 'csrrs/csrrc with x0 and csrrsi/csrrci with 0 read counters without writing',
    body: 'csrrs a0, instret, zero\ncsrrc a1, instret, zero\ncsrrsi a2, cycle, 0\ncsrrci a3, time, 0\nsltu s2, a1, a0\nsltu s3, zero, a2\nsltu s4, zero, a3\nli a0, 0\nli a1, 0\nli a2, 0\nli a3, 0',
    expect: { s2: 0n, s3: 1n, s4: 1n } },
]);

directedSuite('fences and Zifencei match qemu-riscv64', [
  { name: 'fence variants and fence.i execute as no-ops on registers and memory', scratch: [42n],
    body: 'li a0, 5\nfence\nfence rw, rw\nfence r, r\nfence w, w\nfence i, o\nfence.tso\nfence.i\nsd a0, 8(sp)\nfence w, r\nld a1, 8(sp)\n.word 0x0100000f',
    expect: { a0: 5n, a1: 5n } },
  { name: 'code stored after fence.i runs the new instruction',
    body: 'la t0, smc_target\njalr ra, 0(t0)\nmv s2, a0\nli t1, 0x00200513\nsw t1, 0(t0)\nfence.i\njalr ra, 0(t0)\nmv s3, a0\nli t1, 0x00100513\nsw t1, 0(t0)\nfence.i\nli ra, 0\nli t0, 0',
    expect: { s2: 1n, s3: 2n } },
  { name: 'a hot function patched after fence.i runs the new code, not its translation',
    body: 'li s2, 0\nli s3, 40\n1: call smc_target\nadd s2, s2, a0\naddi s3, s3, -1\nbnez s3, 1b\nla t0, smc_target\nli t1, 0x00300513\nsw t1, 0(t0)\nfence.i\nli s3, 40\n1: call smc_target\nadd s2, s2, a0\naddi s3, s3, -1\nbnez s3, 1b\nli t1, 0x00100513\nsw t1, 0(t0)\nfence.i\nli t0, 0\nli t1, 0\nli ra, 0',
    expect: { s2: 160n } },
  { name: 'a hot loop that patches its own body sees the patch after fence.i',
    body: 'call smc_loop\nli ra, 0\nli t1, 0', expect: { a0: 60n } },
  { name: 'an unknown system call returns -ENOSYS and the process continues',
    body: 'li a7, 1999\nli a0, 7\necall\nli a7, 0', expect: { a0: -38n } },
], SELF_MODIFYING);

// The syscall shim's error paths, as a Linux kernel (and so qemu-user) reports them.
directedSuite('Linux system call edge cases match qemu-riscv64', [
  { name: 'write from an unmapped buffer returns -EFAULT', body: 'li a0, 1\nli a1, 0x10\nli a2, 5\nli a7, 64\necall\nli a7, 0', expect: { a0: -14n } },
  { name: 'write to a closed descriptor returns -EBADF', body: 'li a0, 9\nmv a1, sp\nli a2, 5\nli a7, 64\necall\nli a7, 0', expect: { a0: -9n } },
  { name: 'zero-length write and read return 0', body: 'li a0, 1\nli a1, 0x10\nli a2, 0\nli a7, 64\necall\nmv s2, a0\nli a0, 0\nmv a1, sp\nli a2, 0\nli a7, 63\necall\nli a7, 0', expect: { a0: 0n, s2: 0n } },
  { name: 'read at end of input returns 0 and leaves the buffer', body: 'li a0, 0\nmv a1, sp\nli a2, 8\nli a7, 63\necall\nli a7, 0', expect: { a0: 0n } },
  { name: 'anonymous mmap succeeds and a zero-length mmap returns -EINVAL',
    body: 'li a0, 0\nli a1, 4096\nli a2, 3\nli a3, 0x22\nli a4, -1\nli a5, 0\nli a7, 222\necall\nld s2, 0(a0)\nsltu s3, zero, a0\nli a0, 0\nli a1, 0\nli a7, 222\necall\nli a7, 0\nli a1, 0',
    expect: { s2: 0n, s3: 1n, a0: -22n } },
  { name: 'a hot loop storing into fresh demand-paged pages resumes after every page fault',
    body: 'li a0, 0\nli a1, 0x40000\nli a2, 3\nli a3, 0x22\nli a4, -1\nli a5, 0\nli a7, 222\necall\nmv t0, a0\nli t1, 64\nli s2, 0\n' +
      '1: sd t1, 8(t0)\nld t2, 8(t0)\nadd s2, s2, t2\nlui t3, 1\nadd t0, t0, t3\naddi t1, t1, -1\nbnez t1, 1b\nli a0, 0\nli t0, 0\nli a7, 0',
    expect: { s2: 2080n, t1: 0n } },
  { name: 'a misaligned load whose second half is on a page not yet touched',
    body: 'li a0, 0\nli a1, 0x2000\nli a2, 3\nli a3, 0x22\nli a4, -1\nli a5, 0\nli a7, 222\necall\nli t0, 0x11223344\nsw t0, 0(a0)\nli t1, 4093\nadd t1, t1, a0\nld s2, 0(t1)\nsd t0, 0(t1)\nld s3, 4(a0)\nlui t2, 1\nadd t2, t2, a0\nlw s4, 0(t2)\nli t2, 0\nli a0, 0\nli t1, 0\nli a7, 0',
    expect: { s2: 0n, s3: 0n, s4: 0x11n } },
]);
