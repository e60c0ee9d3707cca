# Entry and raw ecall of a C enclave (Penglai eapp ABI, runtime/README.md).
    .section .text._start, "ax"
    .globl _start
_start:
    # EAPP_RESERVE_REG: args[n] = xn at entry (x2 = sp is not kept).
    addi sp, sp, -256
    sd x1, 8(sp)
    sd x3, 24(sp)
    sd x4, 32(sp)
    sd x5, 40(sp)
    sd x6, 48(sp)
    sd x7, 56(sp)
    sd x8, 64(sp)
    sd x9, 72(sp)
    sd x10, 80(sp)
    sd x11, 88(sp)
    sd x12, 96(sp)
    sd x13, 104(sp)
    sd x14, 112(sp)
    sd x15, 120(sp)
    sd x16, 128(sp)
    sd x17, 136(sp)
    mv a0, sp
    call main
    # main returned: leave through EAPP_RETURN with its value.
    li a6, 0x100101
    li a7, 99
    ecall
1:  j 1b

    .text
# eapp_ecall(number, a0, a1, a2, a3) -> a0
    .globl eapp_ecall
eapp_ecall:
    mv a7, a0
    mv a0, a1
    mv a1, a2
    mv a2, a3
    mv a3, a4
    li a6, 0x100101
    ecall
    ret
