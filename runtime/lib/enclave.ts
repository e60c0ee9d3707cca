// The runtime of a compiled enclave or server: its entry stub and the eapp ABI stubs
// (reference §2). A normal enclave's `_start` sits in `.text._start` at 0x1000 and
// returns main's value through EAPP_RETURN; a server's `_start` is the dispatcher that
// the compiler generates from its interface.
import { EnclaveCall, Ocall, SBI_EXT_PENGLAI_ENCLAVE } from '../abi.js';

export type EnclaveRole = 'normal' | 'server';

const ecall = (number: number) => `    li a6, ${SBI_EXT_PENGLAI_ENCLAVE}
    li a7, ${number}
    ecall`;

/** `mainSymbol` is the compiled `main`, returning the i64 the host's `run` receives. */
export function enclaveEntry(mainSymbol: string): string {
  return `
    .section .text._start
    .globl _start
_start:
    call ${mainSymbol}
${ecall(EnclaveCall.EAPP_RETURN)}
1:
    j 1b
`;
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
