// Helpers linked into every image: memory copies and the readable failure path. A
// failed acquire, call, create or run never passes silently: `__pgl_fail` prints
// "error: <what>: <reason>" and ends the program (DESIGN §3).
import { abiErrorName } from '../abi.js';

function asciiLiteral(text: string): string {
  return JSON.stringify(text);
}

/** A table from error code to its name, searched linearly (failure path only). */
function errorReasonTable(): string {
  const entries = Object.entries(abiErrorName).map(([code, name], i) => ({ code: Number(code), name, label: `__pgl_reason_${i}` }));
  return `
    .section .rodata
    .p2align 3
__pgl_reason_table:
${entries.map((e) => `    .dword ${e.code}\n    .dword ${e.label}\n    .dword ${e.name.length}`).join('\n')}
    .dword 0x7fffffffffffffff
${entries.map((e) => `${e.label}:\n    .ascii ${asciiLiteral(e.name)}`).join('\n')}
__pgl_error_prefix:
    .ascii "error: "
__pgl_colon:
    .ascii ": "
__pgl_newline:
    .ascii "\\n"
__pgl_code_prefix:
    .ascii "code "
`;
}

/** The same for host and enclave images (printing is what differs, in print.ts). */
export function commonLibrary(): string {
  return `
    .text
# __pgl_memcpy(a0 = destination, a1 = source, a2 = bytes)
    .globl __pgl_memcpy
__pgl_memcpy:
    or t0, a0, a1
    or t0, t0, a2
    andi t0, t0, 7
    bnez t0, 2f
1:
    beqz a2, 3f
    ld t1, 0(a1)
    sd t1, 0(a0)
    addi a0, a0, 8
    addi a1, a1, 8
    addi a2, a2, -8
    j 1b
2:
    beqz a2, 3f
    lbu t1, 0(a1)
    sb t1, 0(a0)
    addi a0, a0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j 2b
3:
    ret

# __pgl_memeq(a0 = one, a1 = other, a2 = bytes) -> a0 = 1 when equal, else 0.
    .globl __pgl_memeq
__pgl_memeq:
1:
    beqz a2, 2f
    lbu t0, 0(a0)
    lbu t1, 0(a1)
    bne t0, t1, 3f
    addi a0, a0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j 1b
2:
    li a0, 1
    ret
3:
    li a0, 0
    ret

# __pgl_memzero(a0 = destination, a1 = bytes): 8 bytes at a time when both are multiples of 8.
    .globl __pgl_memzero
__pgl_memzero:
    or t0, a0, a1
    andi t0, t0, 7
    bnez t0, 2f
1:
    beqz a1, 3f
    sd zero, 0(a0)
    addi a0, a0, 8
    addi a1, a1, -8
    j 1b
2:
    beqz a1, 3f
    sb zero, 0(a0)
    addi a0, a0, 1
    addi a1, a1, -1
    j 2b
3:
    ret

# __pgl_print_error(a0 = text, a1 = length): print "error: <text>" (no newline).
__pgl_print_error:
    addi sp, sp, -32
    sd ra, 24(sp)
    sd a0, 0(sp)
    sd a1, 8(sp)
    la a0, __pgl_error_prefix
    li a1, 7
    call __pgl_print_bytes
    ld a0, 0(sp)
    ld a1, 8(sp)
    call __pgl_print_bytes
    ld ra, 24(sp)
    addi sp, sp, 32
    ret

# __pgl_panic(a0 = message, a1 = length): print "error: <message>" and abort with -1.
    .globl __pgl_panic
__pgl_panic:
    call __pgl_print_error
# __pgl_panic_end: end the line already printed, flush it and abort with -1.
    .globl __pgl_panic_end
__pgl_panic_end:
    la a0, __pgl_newline
    li a1, 1
    call __pgl_print_bytes
    call __pgl_print_flush
    li a0, -1
    j __pgl_abort

# __pgl_fail(a0 = what, a1 = length of what, a2 = error code): print and abort.
    .globl __pgl_fail
__pgl_fail:
    addi sp, sp, -32
    sd a2, 16(sp)
    call __pgl_print_error
    la a0, __pgl_colon
    li a1, 2
    call __pgl_print_bytes
    ld a2, 16(sp)
    la t0, __pgl_reason_table
    li t3, 0x7fffffffffffffff
1:
    ld t1, 0(t0)
    beq t1, t3, 2f
    beq t1, a2, 3f
    addi t0, t0, 24
    j 1b
2:
    la a0, __pgl_code_prefix
    li a1, 5
    call __pgl_print_bytes
    ld a0, 16(sp)
    call __pgl_print_i64
    j 4f
3:
    ld a0, 8(t0)
    ld a1, 16(t0)
    call __pgl_print_bytes
4:
    la a0, __pgl_newline
    li a1, 1
    call __pgl_print_bytes
    call __pgl_print_flush
    ld a0, 16(sp)
    j __pgl_abort
${errorReasonTable()}`;
}
