# The host's process entry: argc and argv on the stack (Linux RISC-V ELF ABI). gp must
# hold __global_pointer$ because the default linker script relaxes data accesses to it.
    .text
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    ld a0, 0(sp)
    addi a1, sp, 8
    call main
    li a7, 93
    ecall
1:  j 1b
