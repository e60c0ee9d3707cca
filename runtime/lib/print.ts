// Print helpers linked into every image. A `print(...)` statement appends each argument
// to a line buffer, then `__pgl_print_flush` hands the line over: an enclave through the
// kbuffer and the SYS_WRITE ocall (as eapp_print does, reference §2), the host through
// Linux write(1). Lines longer than the buffer are flushed in pieces.
import { EnclaveCall, EnclaveVA, HostCallExtension, LinuxSyscall, Ocall, PRINT_MAX, SBI_EXT_PENGLAI_ENCLAVE, SBI_EXT_PENGLAI_HOST } from '../abi.js';

export type ImageKind = 'host' | 'enclave';

/** The host's print buffer in bytes (an `expect_output` text is built in it too). */
export const HOST_PRINT_MAX = 4096;

/** Assembly for the print helpers of one kind of image. */
export function printLibrary(kind: ImageKind): string {
  const capacity = kind === 'enclave' ? PRINT_MAX - 1 : HOST_PRINT_MAX;
  const bufferAddress =
    kind === 'enclave'
      ? `    li t1, 0x${EnclaveVA.KBUFFER.toString(16)}`
      : `    la t1, __pgl_print_buffer`;
  const flushBody =
    kind === 'enclave'
      ? `    # NUL-terminate in the kbuffer and ocall SYS_WRITE.
${bufferAddress}
    la t2, __pgl_print_len
    ld t3, 0(t2)
    add t4, t1, t3
    sb zero, 0(t4)
    sd zero, 0(t2)
    li a0, ${Ocall.SYS_WRITE}
    li a6, ${SBI_EXT_PENGLAI_ENCLAVE}
    li a7, ${EnclaveCall.OCALL}
    ecall`
      : `    la t2, __pgl_print_len
    ld a2, 0(t2)
    sd zero, 0(t2)
    li a0, 1
${bufferAddress.replace('t1', 'a1')}
    li a7, ${LinuxSyscall.WRITE}
    ecall`;
  // Tests only (runtime/abi.ts EXPECT_OUTPUT): the text `expect_output(...)` built in the
  // buffer goes to the monitor instead of the output.
  const expectOutput =
    kind === 'host'
      ? `
# __pgl_expect_output(a0 = OutputExpectation, a1 = location): hands the buffered text to the
# monitor instead of printing it, and empties the buffer.
    .globl __pgl_expect_output
__pgl_expect_output:
    mv a2, a0
    mv a3, a1
    la a0, __pgl_print_buffer
    la t2, __pgl_print_len
    ld a1, 0(t2)
    sd zero, 0(t2)
    li a6, ${HostCallExtension.EXPECT_OUTPUT}
    li a7, ${SBI_EXT_PENGLAI_HOST}
    ecall
    ret
`
      : '';
  return `
    .text${expectOutput}
# __pgl_print_flush(): hand the buffered text to the monitor.
    .globl __pgl_print_flush
__pgl_print_flush:
${flushBody}
    ret

# __pgl_print_bytes(a0 = address, a1 = length): append bytes, flushing when full.
    .globl __pgl_print_bytes
__pgl_print_bytes:
    addi sp, sp, -32
    sd ra, 24(sp)
    sd s0, 16(sp)
    sd s1, 8(sp)
    mv s0, a0
    mv s1, a1
1:
    beqz s1, 3f
    la t2, __pgl_print_len
    ld t3, 0(t2)
    li t5, ${capacity}
    bltu t3, t5, 2f
    call __pgl_print_flush
    j 1b
2:
${bufferAddress}
    add t4, t1, t3
    lbu t6, 0(s0)
    sb t6, 0(t4)
    addi t3, t3, 1
    sd t3, 0(t2)
    addi s0, s0, 1
    addi s1, s1, -1
    j 1b
3:
    ld ra, 24(sp)
    ld s0, 16(sp)
    ld s1, 8(sp)
    addi sp, sp, 32
    ret

# __pgl_print_u64(a0): unsigned decimal.
    .globl __pgl_print_u64
__pgl_print_u64:
    addi sp, sp, -48
    sd ra, 40(sp)
    addi t0, sp, 32          # digits are written backwards from sp+32
    mv t1, t0
    li t2, 10
1:
    remu t3, a0, t2
    divu a0, a0, t2
    addi t3, t3, 48
    addi t1, t1, -1
    sb t3, 0(t1)
    bnez a0, 1b
    mv a0, t1
    sub a1, t0, t1
    call __pgl_print_bytes
    ld ra, 40(sp)
    addi sp, sp, 48
    ret

# __pgl_print_i64(a0): signed decimal.
    .globl __pgl_print_i64
__pgl_print_i64:
    bgez a0, __pgl_print_u64
    addi sp, sp, -16
    sd ra, 8(sp)
    sd a0, 0(sp)
    la a0, __pgl_minus
    li a1, 1
    call __pgl_print_bytes
    ld a0, 0(sp)
    neg a0, a0
    call __pgl_print_u64
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

# __pgl_print_hex(a0): 0x followed by lowercase hex digits, no leading zeros.
    .globl __pgl_print_hex
__pgl_print_hex:
    addi sp, sp, -48
    sd ra, 40(sp)
    addi t0, sp, 32
    mv t1, t0
    la t4, __pgl_hex_digits
1:
    andi t3, a0, 15
    add t3, t3, t4
    lbu t3, 0(t3)
    srli a0, a0, 4
    addi t1, t1, -1
    sb t3, 0(t1)
    bnez a0, 1b
    addi t1, t1, -2
    li t3, 48
    sb t3, 0(t1)
    li t3, 120
    sb t3, 1(t1)
    mv a0, t1
    sub a1, t0, t1
    call __pgl_print_bytes
    ld ra, 40(sp)
    addi sp, sp, 48
    ret

# __pgl_print_bool(a0): true or false.
    .globl __pgl_print_bool
__pgl_print_bool:
    beqz a0, 1f
    la a0, __pgl_true
    li a1, 4
    j __pgl_print_bytes
1:
    la a0, __pgl_false
    li a1, 5
    j __pgl_print_bytes

    .section .rodata
__pgl_hex_digits:
    .ascii "0123456789abcdef"
__pgl_minus:
    .ascii "-"
__pgl_true:
    .ascii "true"
__pgl_false:
    .ascii "false"

    .bss
    .p2align 3
__pgl_print_len:
    .zero 8
${kind === 'host' ? `__pgl_print_buffer:\n    .zero ${HOST_PRINT_MAX}\n` : ''}`;
}
