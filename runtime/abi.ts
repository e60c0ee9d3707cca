// The contract between compiled programs and the monitor: one source of truth.
// Numbers follow Penglai-TVM (shared reference §1-§3) unless marked as a penglaic
// extension. Every layer imports these; none copies them.

/** `a6` on an enclave-side ecall (`SBI_EXT_PENGLAI_ENCLAVE`). */
export const SBI_EXT_PENGLAI_ENCLAVE = 0x100101;
/** `a7` on a host-side enclave-driver call (`SBI_EXT_PENGLAI_HOST`); `a6` is the function. */
export const SBI_EXT_PENGLAI_HOST = 0x100100;

/** Enclave-side call numbers, passed in `a7` with `a6 = SBI_EXT_PENGLAI_ENCLAVE` (reference §2). */
export const EnclaveCall = {
  EAPP_RETURN: 99,
  OCALL: 98,
  ACQUIRE_ENCLAVE: 97,
  CALL_ENCLAVE: 96,
  SERVER_RETURN: 95,
  GET_REPORT: 94,
  ASYN_ENCLAVE_CALL: 93,
  SPLIT_MEM_REGION: 92,
  GET_CALLER_ID: 91,
  GET_ENCLAVE_ID: 90,
  YIELD: 89,
  GET_KEY: 88,
  /**
   * Secure inter-enclave shared memory (Penglai's `lib/sbi/sm/enclave_shm.c`), monitor-only
   * calls: a0 = key, a1 = VA of a `SecureShmStat` block; 0, or -1 with LAST_ERROR.
   */
  SHM_STAT: 83,
  /** a0 = key of a live secure shm object: answers its VA in the caller, or 0 (LAST_ERROR says why). */
  SHM_ATTACH: 84,
  // penglaic extensions start at 200 (DESIGN §3).
  /**
   * Typed acquire: a0 = name VA, a1 = VA of the 32-byte interface digest the caller
   * expects. Answers the handle, or a negative code: NOT_FOUND (SERVER_FAULTED when the server
   * of that name was destroyed for its own fault), or INTERFACE_MISMATCH when
   * the server's image exports a different digest as `INTERFACE_SYMBOL`.
   */
  ACQUIRE_TYPED: 200,
  /** The precise error code of the last failed enclave-side call (Penglai returns -1 for most). */
  LAST_ERROR: 201,
  /**
   * Local attestation of a server's caller: a0 = VA of a 32-byte buffer, which gets the
   * measurement of the enclave whose CALL_ENCLAVE this server is serving. Answers 0, or
   * BAD_STATE (not serving a call), BAD_ARGUMENT (the buffer is not writable).
   */
  CALLER_MEASUREMENT: 202,
  /**
   * a0 = VA of a report (AttestReport.SIZE bytes), a1 = VA of the 32-byte measurement the
   * caller expects, a2 = the nonce it chose. Answers 0 when this monitor signed the report
   * for that measurement and nonce, BAD_REPORT when it did not, BAD_ARGUMENT for a buffer
   * that is not readable.
   */
  VERIFY_REPORT: 203,
  /**
   * Sealing: a0 = VA of the plaintext, a1 = its length (1..MAX_SEAL_SIZE), a2 = VA of the
   * output, a1 + SEAL_OVERHEAD bytes (`SealedBlob`). AES-256-GCM under this enclave's
   * storage key (GET_KEY type 1). Answers 0 or BAD_ARGUMENT.
   */
  SEAL: 204,
  /**
   * a0 = VA of a sealed blob, a1 = its length (SEAL_OVERHEAD + 1 .. + MAX_SEAL_SIZE),
   * a2 = VA of the output, a1 - SEAL_OVERHEAD bytes. Answers 0, UNSEAL_FAILED (tampered,
   * or sealed by another enclave or device: the output is left untouched), BAD_ARGUMENT.
   */
  UNSEAL: 205,
} as const;

/** Ocall ids, passed in `a0` with call number `EnclaveCall.OCALL` (reference §2). */
export const Ocall = {
  MMAP: 1,
  UNMAP: 2,
  SYS_WRITE: 3,
  SBRK: 4,
  READ_SECT: 5,
  WRITE_SECT: 6,
  RETURN_RELAY_PAGE: 7,
  GETRANDOM: 8,
  SHM_GET: 9,
  SHM_DETACH: 10,
  SHM_DESTROY: 11,
  SHM_EXTEND_MEMORY: 12,
} as const;

/** Host-side driver functions, passed in `a6` with `a7 = SBI_EXT_PENGLAI_HOST` (reference §3). */
export const HostCall = {
  SM_INIT: 100,
  CREATE_ENCLAVE: 99,
  ATTEST_ENCLAVE: 98,
  RUN_ENCLAVE: 97,
  STOP_ENCLAVE: 96,
  RESUME_ENCLAVE: 95,
  DESTROY_ENCLAVE: 94,
  CREATE_SERVER: 90,
  DESTROY_SERVER: 89,
  DEBUG_PRINT: 88,
} as const;

/** SET_SERVER_POLICY's a1 (runtime/README.md "Several harts"). */
export const ServerPolicy = {
  /** Penglai's rule: a server in a call answers -2 (busy). */
  SEQUENTIAL: 0,
  /** Callers wait their turn, first come first served; a wait that would deadlock answers -2. */
  QUEUE: 1,
} as const;

/**
 * Linux syscall numbers that a host program (and `penglaic emu`) may use: host programs
 * are ordinary U-mode processes, so printing and exiting use the Linux RISC-V ABI
 * (a7 = number, a0..a5 = arguments).
 */
export const LinuxSyscall = {
  READ: 63,
  WRITE: 64,
  EXIT: 93,
  EXIT_GROUP: 94,
  CLOCK_GETTIME: 113,
  BRK: 214,
  MUNMAP: 215,
  MMAP: 222,
} as const;

/** `enclave_type_t` (reference §1). */
export const EnclaveType = { NORMAL: 0, SERVER: 1, SHADOW: 2 } as const;
export type EnclaveTypeValue = (typeof EnclaveType)[keyof typeof EnclaveType];

/** `enclave_state_t` (reference §3). */
export const EnclaveState = {
  DESTROYED: -1,
  INVALID: 0,
  FRESH: 1,
  RUNNABLE: 2,
  RUNNING: 3,
  STOPPED: 4,
  ATTESTING: 5,
  OCALLING: 6,
} as const;

/** Server and enclave names: 16 bytes, so at most 15 characters plus NUL (reference §3). */
export const NAME_LEN = 16;
export const MAX_NAME_CHARS = NAME_LEN - 1;

export const PAGE_SIZE = 4096;
/** `DEFAULT_STACK_SIZE` of `enclave_args_init` (reference §1). */
export const DEFAULT_STACK_SIZE = 64 * 1024;

/** Enclave virtual-address layout (`include/sm/enclave_vm.h`, reference §2). */
export const EnclaveVA = {
  TEXT_BASE: 0x1000n,
  HEAP_BASE: 0x10_0000_0000n,
  MMAP_TOP: 0x30_0000_0000n,
  STACK_TOP: 0x38_0000_0000n,
  RELAY_BASE: 0x38_0000_0000n,
  HOST_SHM_BASE: 0x39_0000_0000n,
  SECURE_SHM_BASE: 0x40_0000_0000n,
  KBUFFER: 0xffff_ffe0_0000_0000n,
  KBUFFER_SIZE: 4096,
} as const;

/** Eapp prints format at most this many bytes into the kbuffer (reference §2). */
export const PRINT_MAX = 512;

/** Host programs are linked at this VA (an ordinary Linux-style static executable). */
export const HOST_TEXT_BASE = 0x10000n;

/** `struct call_enclave_arg_t`: six u64 fields, 48 bytes, in this order (reference §2). */
export const CallArg = {
  REQ_ARG: 0,
  RESP_VAL: 8,
  REQ_VADDR: 16,
  REQ_SIZE: 24,
  RESP_VADDR: 32,
  RESP_SIZE: 40,
  SIZE: 48,
} as const;

/**
 * The parameter block of a host CREATE call (a0 = its VA), after Penglai's
 * `penglai_enclave_user_param`, trimmed to what the monitor reads. All fields u64 except name.
 */
export const CreateParam = {
  NAME: 0, // char[16]
  TYPE: 16,
  ELF_PTR: 24,
  ELF_SIZE: 32,
  STACK_SIZE: 40,
  SIZE: 48,
} as const;

/**
 * Results of enclave-side and host-side calls. Penglai's own values keep their numbers
 * (-1 error, -2 busy) so C enclaves written against Penglai run unchanged; the precise
 * reason of any failure is one of the distinct codes below, returned directly by the
 * penglaic extension calls and available through `EnclaveCall.LAST_ERROR`.
 */
export const AbiError = {
  OK: 0,
  ERROR: -1,
  BUSY: -2,
  NOT_FOUND: -10,
  BAD_REGION: -11,
  BAD_STATE: -12,
  NOT_A_SERVER: -13,
  INTERFACE_MISMATCH: -14,
  NO_MEM: -15,
  BAD_ARGUMENT: -16,
  NAME_TAKEN: -17,
  NOT_PERMITTED: -18,
  FAULTED: -19,
  STEP_LIMIT: -20,
  /** READ_SECT / WRITE_SECT: the sector number is past the end of the block device. */
  BAD_SECTOR: -21,
  /** VERIFY_REPORT: the report is not this monitor's for that measurement and nonce. */
  BAD_REPORT: -22,
  /** UNSEAL: the blob fails authentication (tampered, or sealed by another enclave or device). */
  UNSEAL_FAILED: -23,
  /** ACQUIRE: no server has the name now because the monitor destroyed it after a fault of its own. */
  SERVER_FAULTED: -24,
  /** START_ON_HART: every hart but the host's is running an enclave already. */
  NO_FREE_HART: -30,
} as const;
export type AbiErrorValue = (typeof AbiError)[keyof typeof AbiError];

/** Human wording for each error code, used by the CLI and reports. */
export const abiErrorName: Record<number, string> = {
  [AbiError.OK]: 'ok',
  [AbiError.ERROR]: 'error',
  [AbiError.BUSY]: 'server busy',
  [AbiError.NOT_FOUND]: 'not found',
  [AbiError.BAD_REGION]: 'bad region',
  [AbiError.BAD_STATE]: 'bad state',
  [AbiError.NOT_A_SERVER]: 'not a server',
  [AbiError.INTERFACE_MISMATCH]: 'interface mismatch',
  [AbiError.NO_MEM]: 'out of memory',
  [AbiError.BAD_ARGUMENT]: 'bad argument',
  [AbiError.NAME_TAKEN]: 'name already registered',
  [AbiError.NOT_PERMITTED]: 'not permitted',
  [AbiError.FAULTED]: 'fault',
  [AbiError.STEP_LIMIT]: 'instruction budget exhausted',
  [AbiError.BAD_SECTOR]: 'no such sector',
  [AbiError.BAD_REPORT]: 'report does not verify',
  [AbiError.UNSEAL_FAILED]: 'sealed data failed authentication',
  [AbiError.SERVER_FAULTED]: 'the server was destroyed by an earlier fault (see its report above)',
  [AbiError.NO_FREE_HART]: 'no free hart: every other hart runs an enclave already',
};

/**
 * The header at the start of a typed call's transfer region (DESIGN §3). The caller
 * fills MAGIC, DIGEST, FUNCTION and the arguments; the server's dispatcher checks them,
 * writes STATUS and RESULT, and returns. `req_arg` also carries the function index.
 * Scalar arguments follow at ARGS in 8-byte slots, then each array or struct argument,
 * 8-byte aligned, in parameter order.
 */
export const TransferHeader = {
  MAGIC: 0,
  DIGEST: 8,
  FUNCTION: 40,
  STATUS: 48,
  RESULT: 56,
  ARGS: 64,
} as const;
/** "PGLCCALL" read as a little-endian u64. */
export const TRANSFER_MAGIC = 0x4c4c4143434c4750n;
/** Interface digests are SHA-256 of the canonical interface text; 32 bytes. */
export const DIGEST_SIZE = 32;

/** The symbol under which a server image exports its own 32-byte interface digest. */
export const INTERFACE_SYMBOL = '__pgl_interface';

/** STATUS values a server's dispatcher writes into the transfer header. */
export const DispatchStatus = {
  OK: 0,
  BAD_MAGIC: 1,
  INTERFACE_MISMATCH: 2,
  NO_SUCH_FUNCTION: 3,
  REGION_TOO_SMALL: 4,
} as const;

/**
 * `struct report_t` (reference §1): what ATTEST_ENCLAVE and GET_REPORT write, 328 bytes.
 * Public keys are SM2 points as x||y (32 bytes each, big-endian); signatures are SM2
 * r||s (32 bytes each). `ENCLAVE_HASH` is SM3(measurement || nonce as u64 LE), signed by
 * the monitor key; `SM_SIGNATURE` is the device key's signature over SM_HASH || SM_PUB_KEY.
 */
export const AttestReport = {
  SM_HASH: 0,
  SM_SIGNATURE: 32,
  SM_PUB_KEY: 96,
  ENCLAVE_HASH: 160,
  ENCLAVE_SIGNATURE: 192,
  ENCLAVE_NONCE: 256,
  DEV_PUB_KEY: 264,
  SIZE: 328,
} as const;

/** `get_key` types (reference §2). */
export const KeyType = { ENCLAVE_KEY: 0, STORAGE_KEY: 1, ATTEST_KEY: 2 } as const;
/** The longest key GET_KEY derives, in bytes. */
export const MAX_KEY_SIZE = 64;

/**
 * Host calls added by penglaic for preemption (DESIGN §4 "timer preemption back to the
 * host"), numbered from 200 like the enclave-side extensions. A host's RUN blocks; a
 * sliced run instead comes back to the host after a time slice, as Penglai's driver
 * loop regains control on every timer interrupt, so a single-threaded host can decide
 * to resume, stop or destroy.
 */
export const HostCallExtension = {
  /** a0 = eid of a FRESH normal enclave, a1 = time slice in instructions (> 0). */
  RUN_SLICED: 200,
  /** Host-enclave shared memory (Penglai's SHMGET): a0 = bytes; answers a1 = its VA in the host. */
  SHM_GET: 201,
  /** Binds shared memory to a FRESH normal enclave (PLenclave_set_shm): a0 = eid, a1 = host VA, a2 = bytes. */
  SHM_BIND: 202,
  /** Relay (schrodinger) pages, one owner at a time (Penglai's SCHRODINGER_GET): a0 = bytes; answers a1 = host VA. */
  RELAY_GET: 203,
  /** Hands relay pages to a FRESH normal enclave when it runs (PLenclave_set_mem_arg): a0 = eid, a1 = host VA, a2 = bytes. */
  RELAY_BIND: 204,
  /**
   * Test probes (grammar/README.md, "Tests and grading"), for `test` blocks only.
   * EXPECT_STOP: a0 = eid, a1 = a FaultKind, a2 = address, a3 = ExpectAddress mode, with
   * EXPECT_RAN set when a5 holds the value `run` gave, a4 = VA of the call's NUL-terminated
   * `FILE:LINE:COL` followed by the enclave's NUL-terminated name (for the message). Answers 0 when the monitor stopped that enclave as expected; otherwise
   * prints `error: expect_fault failed at ...: <why>` and answers 1 (the test then exits 1).
   */
  EXPECT_STOP: 205,
  /**
   * EXPECT_OUTPUT: a0 = VA of the text, a1 = its length, a2 = OutputExpectation, a3 = VA of the
   * call's NUL-terminated `FILE:LINE:COL`. The monitor records it; the test runner checks it
   * against everything printed once the test ends. Answers 0.
   */
  EXPECT_OUTPUT: 206,
  /**
   * Runs an enclave on another hart (runtime/README.md "Several harts"): a0 = eid of a FRESH
   * normal enclave, or of a STOPPED one that an earlier START_ON_HART ran. The monitor picks
   * a free hart and sends it an IPI; the call answers at once with a1 = the eid to JOIN.
   */
  START_ON_HART: 220,
  /** Waits for the run START_ON_HART began: a0 = eid; answers as RUN would have. */
  JOIN: 221,
  /** A server's concurrency policy: a0 = eid of an idle server, a1 = ServerPolicy. */
  SET_SERVER_POLICY: 222,
} as const;

/**
 * How an enclave ended, as `expect_fault` names it: RISC-V exception codes (privileged spec
 * §3.1.15, Table 3.6) for faults, then penglaic's own stops.
 */
export const FaultKind = {
  instruction_address_misaligned: 0,
  instruction_access_fault: 1,
  illegal_instruction: 2,
  breakpoint: 3,
  load_address_misaligned: 4,
  load_access_fault: 5,
  store_address_misaligned: 6,
  store_access_fault: 7,
  /** A bad or forbidden monitor call. */
  environment_call: 8,
  instruction_page_fault: 12,
  load_page_fault: 13,
  store_page_fault: 15,
  /** The instruction budget ran out. */
  step_limit: 256,
  /** Any fault (not a budget stop). */
  any_fault: 257,
} as const;
export type FaultKindName = keyof typeof FaultKind;

/** The name of a FaultKind code (`load_page_fault`), or undefined. */
export function faultKindName(code: number): FaultKindName | undefined {
  return (Object.keys(FaultKind) as FaultKindName[]).find((name) => FaultKind[name] === code);
}

/** EXPECT_STOP's a3: what to check of the fault address, plus whether a5 holds run's value. */
export const ExpectAddress = { ANY: 0, EXACT: 1, HOST_MEMORY: 2, EXPECT_RAN: 4 } as const;

/** EXPECT_OUTPUT's a2. */
export const OutputExpectation = { CONTAINS: 0, NEVER: 1 } as const;

/**
 * The monitor name of a server declared in a grading file (grammar/README.md, "Tests and
 * grading") starts with this byte, which no other file's registered name may begin with, so
 * a student's server can never take a grader's name.
 */
export const GRADER_NAME_PREFIX = '~';

/** The longest `FILE:LINE:COL` a test probe passes. */
export const PROBE_LOCATION_MAX = 1024;

/** The largest host-enclave shared block SHM_GET hands out. */
export const MAX_SHM_SIZE = 16 * 1024 * 1024;

/**
 * Positive statuses of RUN, RUN_SLICED and RESUME (a0): the enclave has not finished.
 * 0 is a finished run (a1 = its EAPP_RETURN value); negative values are AbiError codes.
 */
export const RunStatus = {
  DONE: 0,
  /** Penglai's RETURN_USER_RELAY_PAGE. */
  RELAY_PAGE: 1,
  /** The time slice ran out; RESUME continues it. */
  TIMER: 2,
  /** The enclave called YIELD during a sliced run; RESUME continues it. */
  YIELD: 3,
} as const;

/**
 * The host's block device behind ocalls READ_SECT and WRITE_SECT (Penglai's FS persistency,
 * `enclave-driver/penglai-enclave-persistency.h`: BSIZE 4096, a 4 MiB file to start with).
 */
export const DiskGeometry = {
  SECTOR_SIZE: 4096,
  SECTORS: 1024,
} as const;

/** `struct sbi_shm_des` that SHM_STAT writes (Penglai's `include/sm/enclave_shm.h`): two u64. */
export const SecureShmStat = {
  REF_COUNT: 0,
  SIZE_BYTES: 8,
  SIZE: 16,
} as const;

/** The largest secure shared-memory object ocall SHM_GET (9) makes. */
export const MAX_SECURE_SHM_SIZE = 16 * 1024 * 1024;

/**
 * What SEAL writes (penglaic extension): a 12-byte GCM nonce drawn from the monitor's
 * random stream, the 16-byte authentication tag, then the ciphertext, as long as the
 * plaintext.
 */
export const SealedBlob = {
  IV: 0,
  TAG: 12,
  CIPHERTEXT: 28,
} as const;
/** Bytes a sealed blob has beyond its plaintext. */
export const SEAL_OVERHEAD = SealedBlob.CIPHERTEXT;
/** The longest plaintext SEAL takes. */
export const MAX_SEAL_SIZE = 64 * 1024;

/**
 * The block a host binds as an enclave's host shared memory to pass `run e(args)`
 * arguments (penglaic): a magic, the argument count, then each argument as a u64. The
 * enclave's entry checks magic and count against its `main` before calling it.
 */
export const RunArguments = {
  MAGIC: 0,
  COUNT: 8,
  VALUES: 16,
  /** At most this many arguments: they go to `main` in a0..a7. */
  MAX: 8,
} as const;
/** "PGLCARGS" read as a little-endian u64. */
export const RUN_ARGUMENTS_MAGIC = 0x53475241434c4750n;
