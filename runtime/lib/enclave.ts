// The runtime of a compiled enclave or server: its entry stub and the eapp ABI stubs
// (reference §2). A normal enclave's `_start` sits in `.text._start` at 0x1000 and
// returns main's value through EAPP_RETURN; a server's `_start` is the dispatcher that
// the compiler generates from its interface.
import { AbiError, EnclaveCall, Ocall, RUN_ARGUMENTS_MAGIC, RunArguments, SBI_EXT_PENGLAI_ENCLAVE } from '../abi.js';

export type EnclaveRole = 'normal' | 'server';

const ecall = (number: number) => `    li a6, ${SBI_EXT_PENGLAI_ENCLAVE}
    li a7, ${number}
    ecall`;

/**
 * `mainSymbol` is the compiled `main`, returning the i64 the host's `run` receives. A
 * `main` with `parameterCount` parameters gets them from the block the host's `run e(...)`
 * bound as host shared memory (a0 = its VA, a1 = its size at entry; RunArguments), checked
 * first: an enclave run without them (by a C host, say) ends with BAD_ARGUMENT and says why.
 */
export function enclaveEntry(mainSymbol: string, parameters: readonly EntryParameter[] = []): string {
  const parameterCount = parameters.length;
  // The host is not trusted: each value is brought into its parameter's range, as compiled
  // code expects every scalar to be (zero- or sign-extended; a bool is 0 or 1).
  const loads = parameters.map((p, i) => `    ld a${i}, ${RunArguments.VALUES + 8 * i}(t0)\n${normalize(`a${i}`, p)}`).join('\n');
  const unpack = parameterCount === 0 ? '' : `
    mv t0, a0
    beqz t0, 2f
    li t1, ${RunArguments.VALUES + 8 * parameterCount}
    bltu a1, t1, 2f
    ld t1, ${RunArguments.MAGIC}(t0)
    li t2, ${RUN_ARGUMENTS_MAGIC}
    bne t1, t2, 2f
    ld t1, ${RunArguments.COUNT}(t0)
    li t2, ${parameterCount}
    bne t1, t2, 2f
${loads}`;
  const message = `error: main takes ${parameterCount} argument${parameterCount === 1 ? '' : 's'}: the host must run this enclave with them, as run e(...)\n`;
  const refuse = parameterCount === 0 ? '' : `
2:
    la a0, __pgl_arguments_missing
    li a1, ${message.length}
    call __pgl_print_bytes
    call __pgl_print_flush
    li a0, ${AbiError.BAD_ARGUMENT}
${ecall(EnclaveCall.EAPP_RETURN)}
    j 2b
    .section .rodata
__pgl_arguments_missing:
    .ascii "${message.replace('\n', '\\n')}"
`;
  return `
    .section .text._start
    .globl _start
_start:${unpack}
    call ${mainSymbol}
${ecall(EnclaveCall.EAPP_RETURN)}
1:
    j 1b
${refuse}`;
}

/** How `main` takes one parameter: a bool, or an integer of `bits` bits. */
export type EntryParameter = { kind: 'bool' } | { kind: 'int'; bits: 8 | 16 | 32 | 64; signed: boolean };

function normalize(register: string, p: EntryParameter): string {
  if (p.kind === 'bool') return `    snez ${register}, ${register}`;
  if (p.bits === 64) return '';
  return `    slli ${register}, ${register}, ${64 - p.bits}\n    ${p.signed ? 'srai' : 'srli'} ${register}, ${register}, ${64 - p.bits}`;
}

export function enclaveLibrary(role: EnclaveRole): string {
  // A server may not EAPP_RETURN; it aborts with ebreak, which makes the monitor destroy
  // it and fail its caller's call with a report.
  const abort = role === 'normal' ? `${ecall(EnclaveCall.EAPP_RETURN)}\n1:\n    j 1b` : `    ebreak\n1:\n    j 1b`;
  return `
    .text
# __pgl_abort(a0 = code): end this enclave abnormally.
    .globl __pgl_abort
__pgl_abort:
${abort}

# __pgl_acquire(a0 = name) -> a0 = handle, or -1 with the reason in __pgl_last_error.
    .globl __pgl_acquire
__pgl_acquire:
${ecall(EnclaveCall.ACQUIRE_ENCLAVE)}
    ret

# __pgl_acquire_typed(a0 = name, a1 = expected interface digest) -> a0 = handle or a negative code.
    .globl __pgl_acquire_typed
__pgl_acquire_typed:
${ecall(EnclaveCall.ACQUIRE_TYPED)}
    ret

# __pgl_call_enclave(a0 = handle, a1 = call_enclave_arg_t *) -> a0 = 0, -1 or -2.
    .globl __pgl_call_enclave
__pgl_call_enclave:
${ecall(EnclaveCall.CALL_ENCLAVE)}
    ret

# __pgl_server_return(a0 = call_enclave_arg_t *): does not return.
    .globl __pgl_server_return
__pgl_server_return:
${ecall(EnclaveCall.SERVER_RETURN)}
1:
    j 1b

# __pgl_last_error() -> a0 = the precise code of the last failed call.
    .globl __pgl_last_error
__pgl_last_error:
${ecall(EnclaveCall.LAST_ERROR)}
    ret

# __pgl_random_u64() -> a0 = 8 bytes from the monitor's (seeded) GETRANDOM stream.
    .globl __pgl_random_u64
__pgl_random_u64:
    addi sp, sp, -16
    mv a1, sp
    li a2, 8
    li a0, ${Ocall.GETRANDOM}
${ecall(EnclaveCall.OCALL)}
    ld a0, 0(sp)
    addi sp, sp, 16
    ret

# __pgl_caller_id() -> a0 = the eid of the enclave this server serves, or -1.
    .globl __pgl_caller_id
__pgl_caller_id:
${ecall(EnclaveCall.GET_CALLER_ID)}
    ret

# __pgl_get_report(a0 = server name or 0 for itself, a1 = 328-byte buffer, a2 = nonce) -> a0 = 0 or -1.
    .globl __pgl_get_report
__pgl_get_report:
${ecall(EnclaveCall.GET_REPORT)}
    ret

# __pgl_get_key(a0 = key type, a1 = buffer, a2 = bytes) -> a0 = 0 or -1.
    .globl __pgl_get_key
__pgl_get_key:
${ecall(EnclaveCall.GET_KEY)}
    ret

# __pgl_caller_measurement(a0 = 32-byte buffer) -> a0 = 0 or a negative code.
    .globl __pgl_caller_measurement
__pgl_caller_measurement:
${ecall(EnclaveCall.CALLER_MEASUREMENT)}
    ret

# __pgl_verify_report(a0 = report, a1 = expected measurement, a2 = nonce) -> a0 = 0 or a negative code.
    .globl __pgl_verify_report
__pgl_verify_report:
${ecall(EnclaveCall.VERIFY_REPORT)}
    ret

# __pgl_seal(a0 = plaintext, a1 = bytes, a2 = output) -> a0 = 0 or a negative code.
    .globl __pgl_seal
__pgl_seal:
${ecall(EnclaveCall.SEAL)}
    ret

# __pgl_unseal(a0 = sealed blob, a1 = bytes, a2 = output) -> a0 = 0 or a negative code.
    .globl __pgl_unseal
__pgl_unseal:
${ecall(EnclaveCall.UNSEAL)}
    ret

# __pgl_mmap(a0 = bytes) -> a0 = VA of a fresh page-aligned region (eapp_mmap).
    .globl __pgl_mmap
__pgl_mmap:
    mv a2, a0
    li a1, 0
    li a0, ${Ocall.MMAP}
${ecall(EnclaveCall.OCALL)}
    ret
`;
}
