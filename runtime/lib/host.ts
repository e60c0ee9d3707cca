// The runtime of a compiled host program: a Linux-style process entry and the driver
// stubs (Penglai's PLenclave_* library over SBI_EXT_PENGLAI_HOST, reference §1). Every
// driver call answers a0 = status and a1 = value.
import { AbiError, AttestReport, CreateParam, HostCall, HostCallExtension, LinuxSyscall, PAGE_SIZE, RUN_ARGUMENTS_MAGIC, RunArguments, SBI_EXT_PENGLAI_HOST, DEFAULT_STACK_SIZE } from '../abi.js';

const SYS_OPENAT = 56;
const SYS_CLOSE = 57;
const SYS_FSTAT = 80;
const AT_FDCWD = -100;

const driver = (fn: number) => `    li a6, ${fn}
    li a7, ${SBI_EXT_PENGLAI_HOST}
    ecall`;

export function hostEntry(mainSymbol: string): string {
  return `
    .section .text._start
    .globl _start
_start:
    call ${mainSymbol}
    li a0, 0
    li a7, ${LinuxSyscall.EXIT_GROUP}
    ecall
1:
    j 1b
`;
}

export function hostLibrary(): string {
  return `
    .text
# __pgl_abort(a0 = code): the host exits with status 1.
    .globl __pgl_abort
__pgl_abort:
    li a0, 1
    li a7, ${LinuxSyscall.EXIT_GROUP}
    ecall
1:
    j 1b

# __pgl_load_elf(a0 = path) -> a0 = address of the file's bytes, a1 = size; a0 = 0 on failure.
# Like Penglai's elf_args_init: open, fstat, mmap, close.
    .globl __pgl_load_elf
__pgl_load_elf:
    addi sp, sp, -160
    sd s0, 144(sp)
    sd s1, 136(sp)
    mv a1, a0
    li a0, ${AT_FDCWD}
    li a2, 0
    li a3, 0
    li a7, ${SYS_OPENAT}
    ecall
    bltz a0, 1f
    mv s0, a0
    mv a1, sp
    li a7, ${SYS_FSTAT}
    ecall
    bnez a0, 1f
    ld s1, 48(sp)
    li a0, 0
    mv a1, s1
    li a2, 1
    li a3, 2
    mv a4, s0
    li a5, 0
    li a7, ${LinuxSyscall.MMAP}
    ecall
    bltz a0, 1f
    sd a0, 0(sp)
    mv a0, s0
    li a7, ${SYS_CLOSE}
    ecall
    ld a0, 0(sp)
    mv a1, s1
    j 2f
1:
    li a0, 0
    li a1, 0
2:
    ld s0, 144(sp)
    ld s1, 136(sp)
    addi sp, sp, 160
    ret

# __pgl_create(a0 = name, a1 = type, a2 = ELF path) -> a0 = status, a1 = eid.
    .globl __pgl_create
__pgl_create:
    addi sp, sp, -80
    sd ra, 72(sp)
    sd a0, 56(sp)
    sd a1, 64(sp)
    mv a0, a2
    call __pgl_load_elf
    sd a0, ${CreateParam.ELF_PTR}(sp)
    sd a1, ${CreateParam.ELF_SIZE}(sp)
    ld t0, 64(sp)
    sd t0, ${CreateParam.TYPE}(sp)
    li t0, ${DEFAULT_STACK_SIZE}
    sd t0, ${CreateParam.STACK_SIZE}(sp)
    # copy the NUL-terminated name into the 16-byte field, zero-padded
    ld t1, 56(sp)
    mv t2, sp
    li t3, 16
    li t5, 0
1:
    beqz t3, 3f
    bnez t5, 2f
    lbu t4, 0(t1)
    addi t1, t1, 1
    seqz t5, t4
    sb t4, 0(t2)
    j 4f
2:
    sb zero, 0(t2)
4:
    addi t2, t2, 1
    addi t3, t3, -1
    j 1b
3:
    mv a0, sp
${driver(HostCall.CREATE_ENCLAVE)}
    ld ra, 72(sp)
    addi sp, sp, 80
    ret

# __pgl_run(a0 = eid) -> a0 = status, a1 = the enclave's return value.
    .globl __pgl_run
__pgl_run:
${driver(HostCall.RUN_ENCLAVE)}
    ret

# __pgl_bind_arguments(a0 = eid, a1 = the argument values, u64 each, a2 = their count)
# -> a0 = status. The arguments of run e(...): one page of fresh host shared memory
# holding RunArguments, bound to the FRESH enclave, whose entry hands them to main.
    .globl __pgl_bind_arguments
__pgl_bind_arguments:
    addi sp, sp, -32
    sd a0, 0(sp)
    sd a1, 8(sp)
    sd a2, 16(sp)
    li a0, ${PAGE_SIZE}
${driver(HostCallExtension.SHM_GET)}
    bnez a0, 3f
    li t0, ${RUN_ARGUMENTS_MAGIC}
    sd t0, ${RunArguments.MAGIC}(a1)
    ld t1, 16(sp)
    sd t1, ${RunArguments.COUNT}(a1)
    ld t2, 8(sp)
    addi t3, a1, ${RunArguments.VALUES}
1:
    beqz t1, 2f
    ld t0, 0(t2)
    sd t0, 0(t3)
    addi t2, t2, 8
    addi t3, t3, 8
    addi t1, t1, -1
    j 1b
2:
    ld a0, 0(sp)
    li a2, ${PAGE_SIZE}
${driver(HostCallExtension.SHM_BIND)}
3:
    addi sp, sp, 32
    ret

# __pgl_run_with(a0 = eid, a1 = argument values, a2 = their count) -> a0 = status,
# a1 = value: __pgl_bind_arguments, then RUN; a refused binding is the status.
    .globl __pgl_run_with
__pgl_run_with:
    addi sp, sp, -16
    sd ra, 8(sp)
    sd a0, 0(sp)
    call __pgl_bind_arguments
    bnez a0, 1f
    ld a0, 0(sp)
${driver(HostCall.RUN_ENCLAVE)}
1:
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

# __pgl_run_slice(a0 = eid, a1 = slice, a2 = RUN_SLICED or RESUME_ENCLAVE) -> a0 = status,
# a1 = value. a0 = 0: the run has ended and a1 is its result, or the code of what ended it
# (a fault, the budget); a0 > 0: it is suspended (RunStatus); a0 < 0: the call was refused.
# A slice of 0 would mean "to the end" to RESUME: refused here. The monitor keeps an
# ended sliced run's outcome, so RESUME of it answers it again (runtime/README.md).
    .globl __pgl_run_slice
__pgl_run_slice:
    li t0, ${AbiError.BAD_ARGUMENT}
    beqz a1, 2f
    mv a6, a2
    li a7, ${SBI_EXT_PENGLAI_HOST}
    ecall
    bgez a0, 1f
    li t0, ${AbiError.FAULTED}
    beq a0, t0, 3f
    li t0, ${AbiError.STEP_LIMIT}
    beq a0, t0, 3f
1:
    ret
2:
    mv a0, t0
    ret
3:
    mv a1, a0
    li a0, 0
    ret

# __pgl_resume(a0 = eid) -> a0 = status, a1 = value: RESUME to the end (slice 0), again
# after every yield or relay-page exit; for a run that already ended, its outcome.
    .globl __pgl_resume
__pgl_resume:
    mv t1, a0
1:
    mv a0, t1
    li a1, 0
${driver(HostCall.RESUME_ENCLAVE)}
    bgtz a0, 1b
    ret

# __pgl_start(a0 = eid) -> a0 = status: START_ON_HART, the enclave runs on another hart.
    .globl __pgl_start
__pgl_start:
${driver(HostCallExtension.START_ON_HART)}
    ret

# __pgl_join(a0 = eid) -> a0 = status, a1 = the enclave's return value: JOIN, waiting
# for the run that __pgl_start began.
    .globl __pgl_join
__pgl_join:
${driver(HostCallExtension.JOIN)}
    ret

# __pgl_set_policy(a0 = eid of a server, a1 = ServerPolicy) -> a0 = status.
    .globl __pgl_set_policy
__pgl_set_policy:
${driver(HostCallExtension.SET_SERVER_POLICY)}
    ret

# __pgl_stop(a0 = eid) -> a0 = status.
    .globl __pgl_stop
__pgl_stop:
${driver(HostCall.STOP_ENCLAVE)}
    ret

# __pgl_attest(a0 = eid, a1 = nonce) -> a0 = status, a1 = the first 8 bytes of the
# report's enclave hash (SM3 over the measurement and the nonce, signed by the monitor).
    .globl __pgl_attest
__pgl_attest:
    addi sp, sp, -${AttestReport.SIZE + 8}
    mv a2, a1
    mv a1, sp
${driver(HostCall.ATTEST_ENCLAVE)}
    ld a1, ${AttestReport.ENCLAVE_HASH}(sp)
    addi sp, sp, ${AttestReport.SIZE + 8}
    ret

# __pgl_expect_stop(a0 = eid, a1 = FaultKind, a2 = address, a3 = ExpectAddress flags,
# a4 = location, a5 = run's value) -> a0 = 0 when the monitor stopped the enclave as expected.
    .globl __pgl_expect_stop
__pgl_expect_stop:
${driver(HostCallExtension.EXPECT_STOP)}
    ret

# __pgl_destroy(a0 = eid) -> a0 = status.
    .globl __pgl_destroy
__pgl_destroy:
${driver(HostCall.DESTROY_ENCLAVE)}
    ret

`;
}
