// Random ecalls by random enclaves against the real monitor (ecall-harness.ts): the host
// creates, runs, slices, stops, resumes, attests and destroys; whichever enclave executes
// maps, unmaps, grows its heap, calls servers with lent regions, answers calls, shares
// memory, faults, or runs out of budget, with arguments drawn from the values that break
// monitors (0, -1, 2^47, 2^62, page edges, the pool's size, live and dead addresses).
// Used by the property tests and by the long-run fuzz script.
import { AbiError, CallArg, EnclaveCall, EnclaveState, EnclaveVA, HostCall, HostCallExtension, LinuxSyscall, Ocall, PAGE_SIZE } from '../../../../runtime/abi.js';
import { EcallHarness, HOST_SCRATCH, HOST_SCRATCH_SIZE, Rng, tinyElf, tinyEnclave } from './ecall-harness.js';
import { mutateElf } from './elf-mutations.js';

const page = BigInt(PAGE_SIZE);

/** Sizes that break monitors: tiny, page edges, bigger than the pool, bigger than anything. */
function hostileSize(rng: Rng, poolBytes: number): bigint {
  switch (rng.below(10)) {
    case 0:
      return 0n;
    case 1:
      return BigInt(rng.below(5)) * page;
    case 2:
      return BigInt(1 + rng.below(64)) * page;
    case 3:
      return BigInt(poolBytes) + BigInt(rng.below(3) - 1) * page;
    case 4:
      return 64n * 1024n * 1024n;
    case 5:
      return 1n << 47n;
    case 6:
      return 1n << 62n;
    case 7:
      return (1n << 64n) - 1n;
    case 8:
      return BigInt(rng.below(1 << 20));
    default:
      return BigInt(1 + rng.below(Math.max(1, poolBytes / PAGE_SIZE / 4))) * page;
  }
}

/** Addresses: the caller's live memory, its neighbours, and nonsense. */
function hostileAddress(rng: Rng, live: readonly bigint[]): bigint {
  switch (rng.below(8)) {
    case 0:
      return 0n;
    case 1:
      return (1n << 64n) - 1n;
    case 2:
      return rng.next();
    case 3:
      return EnclaveVA.KBUFFER + BigInt(rng.below(PAGE_SIZE));
    case 4:
      return 0x8000_0000n + BigInt(rng.below(1 << 24));
    default:
      return live.length > 0 ? rng.pick(live) + BigInt(rng.below(3) - 1) * (rng.chance(50) ? page : 1n) : rng.next();
  }
}

export interface FuzzCounts {
  steps: number;
  hostCalls: number;
  enclaveCalls: number;
  creates: number;
  created: number;
  budgetExhaustions: number;
  faults: number;
  /** Times an allocation was refused for want of memory (the pool ran dry). */
  outOfMemory: number;
}

export function emptyCounts(): FuzzCounts {
  return { steps: 0, hostCalls: 0, enclaveCalls: 0, creates: 0, created: 0, budgetExhaustions: 0, faults: 0, outOfMemory: 0 };
}

const NO_MEM = BigInt(AbiError.NO_MEM);

/** One random step: the host's when the host runs, the executing enclave's otherwise. */
export function randomStep(h: EcallHarness, rng: Rng, counts: FuzzCounts, elfs: readonly Uint8Array[]): void {
  counts.steps++;
  if (h.monitor.current) enclaveStep(h, rng, counts);
  else hostStep(h, rng, counts, elfs);
}

function knownEid(h: EcallHarness, rng: Rng): bigint {
  const eids = [...h.monitor.enclaves.keys(), ...h.monitor.endedRuns.keys()];
  if (eids.length === 0 || rng.chance(10)) return rng.chance(50) ? BigInt(rng.below(64)) : rng.next();
  return BigInt(rng.pick(eids));
}

function hostStep(h: EcallHarness, rng: Rng, counts: FuzzCounts, elfs: readonly Uint8Array[]): void {
  counts.hostCalls++;
  const pool = h.monitor.plan.secureSize;
  const r = rng.below(100);
  if (r < 22) {
    counts.creates++;
    const type = rng.pick([0, 0, 1, 1, 2, 7]);
    let elf = rng.pick(elfs);
    if (rng.chance(25)) elf = mutateElf(elf, rng);
    const stack = rng.chance(80) ? 0n : hostileSize(rng, pool);
    const created = h.create(elf, type, type === 1 ? `s${rng.below(6)}` : `e${rng.below(4)}`, stack);
    if (created.eid !== undefined) counts.created++;
    if (created.status === NO_MEM) counts.outOfMemory++;
  } else if (r < 42) {
    const fn = rng.pick([HostCall.RUN_ENCLAVE, HostCall.RUN_ENCLAVE, HostCallExtension.RUN_SLICED, HostCall.RESUME_ENCLAVE]);
    // Mostly an enclave that can run now (so the enclaves get their turn), sometimes anything.
    const runnable = [...h.monitor.enclaves.values()].filter((e) => (fn === HostCall.RESUME_ENCLAVE ? e.suspended : e.state === EnclaveState.FRESH && !e.isServer));
    const eid = runnable.length > 0 && rng.chance(80) ? BigInt(rng.pick(runnable).eid) : knownEid(h, rng);
    h.host(fn, eid, rng.chance(70) ? BigInt(1 + rng.below(1000)) : rng.next());
  } else if (r < 52) {
    h.host(rng.pick([HostCall.DESTROY_ENCLAVE, HostCall.DESTROY_SERVER, HostCall.STOP_ENCLAVE]), knownEid(h, rng));
  } else if (r < 60) {
    h.host(HostCall.ATTEST_ENCLAVE, knownEid(h, rng), hostileAddress(rng, [HOST_SCRATCH]), rng.next());
  } else if (r < 70) {
    const fn = rng.pick([HostCallExtension.SHM_GET, HostCallExtension.RELAY_GET]);
    const answer = h.host(fn, hostileSize(rng, 1 << 20));
    if (answer && answer.status === 0n && rng.chance(70)) {
      const bind = fn === HostCallExtension.SHM_GET ? HostCallExtension.SHM_BIND : HostCallExtension.RELAY_BIND;
      h.host(bind, knownEid(h, rng), answer.value, BigInt(1 + rng.below(4)) * page);
    }
  } else if (r < 82) {
    const nr = rng.pick([LinuxSyscall.BRK, LinuxSyscall.MMAP, LinuxSyscall.MUNMAP, LinuxSyscall.WRITE]);
    const live = [HOST_SCRATCH, HOST_SCRATCH + BigInt(HOST_SCRATCH_SIZE), 0x20_0000_0000n - page];
    if (nr === LinuxSyscall.MMAP) h.syscall(nr, 0n, hostileSize(rng, 1 << 22), 3n, 0x22n, -1n, 0n);
    else if (nr === LinuxSyscall.BRK) h.syscall(nr, hostileAddress(rng, [...live, 0x30000000n]));
    else if (nr === LinuxSyscall.MUNMAP) h.syscall(nr, hostileAddress(rng, live) & ~(page - 1n), hostileSize(rng, 1 << 22));
    else h.syscall(nr, 1n, hostileAddress(rng, live), hostileSize(rng, 1 << 16));
  } else {
    h.host(rng.below(300), rng.next(), rng.next(), rng.next(), rng.next());
  }
}

function enclaveStep(h: EcallHarness, rng: Rng, counts: FuzzCounts): void {
  const monitor = h.monitor;
  const me = monitor.current!;
  const pool = monitor.plan.secureSize;
  const regions = me.space.regions.map((region) => region.va);
  const live = [...regions, EnclaveVA.STACK_TOP - 0x100n, me.heapTop - page, EnclaveVA.TEXT_BASE];
  const r = rng.below(100);
  if (r < 3) {
    counts.budgetExhaustions++;
    h.exhaustBudget();
    return;
  }
  if (r < 5) {
    counts.faults++;
    h.trap(rng.pick([2, 12, 13, 15]), hostileAddress(rng, live));
    return;
  }
  if (r < 8 && h.endSlice()) return;
  counts.enclaveCalls++;
  if (r < 22) {
    if (h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), rng.chance(90) ? 0n : rng.next(), hostileSize(rng, pool)) === -1n) {
      if (me.lastError === AbiError.NO_MEM) counts.outOfMemory++;
    }
  } else if (r < 30) {
    const increment = rng.chance(20) ? rng.next() : hostileSize(rng, pool);
    h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.SBRK), increment);
  } else if (r < 37) {
    const region = me.space.regions.length > 0 && rng.chance(80) ? rng.pick(me.space.regions) : undefined;
    h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.UNMAP), region?.va ?? hostileAddress(rng, live), region ? BigInt(region.size) : hostileSize(rng, pool));
  } else if (r < 55) {
    callSomeServer(h, rng, live);
  } else if (r < 67) {
    if (me.isServer && me.frame) answerCall(h, rng, live);
    else if (rng.chance(35)) h.enclaveCall(EnclaveCall.EAPP_RETURN, rng.next());
    else h.enclaveCall(EnclaveCall.OCALL, BigInt(Ocall.MMAP), 0n, BigInt(1 + rng.below(8)) * page);
  } else if (r < 75) {
    const id = rng.pick([Ocall.SHM_GET, Ocall.SHM_DETACH, Ocall.SHM_DESTROY]);
    h.enclaveCall(EnclaveCall.OCALL, BigInt(id), BigInt(rng.below(4)), hostileSize(rng, 1 << 20));
    if (rng.chance(50)) h.enclaveCall(rng.pick([EnclaveCall.SHM_ATTACH, EnclaveCall.SHM_STAT]), BigInt(rng.below(4)), hostileAddress(rng, live));
  } else if (r < 82) {
    const region = me.space.regions.length > 0 ? rng.pick(me.space.regions) : undefined;
    if (rng.chance(50) && region) {
      h.enclaveCall(EnclaveCall.SPLIT_MEM_REGION, region.va, BigInt(region.size), BigInt(rng.below(region.size / PAGE_SIZE + 1)) * page);
    } else {
      const name = h.enclaveBytes(0x800, new TextEncoder().encode(`e${rng.below(4)}\0`));
      const arg = new Uint8Array(CallArg.SIZE);
      const view = new DataView(arg.buffer);
      view.setBigUint64(CallArg.REQ_VADDR, region?.va ?? rng.next(), true);
      view.setBigUint64(CallArg.REQ_SIZE, region ? BigInt(region.size) : rng.next(), true);
      h.enclaveCall(EnclaveCall.ASYN_ENCLAVE_CALL, name, h.enclaveBytes(0x900, arg));
    }
  } else if (r < 90) {
    const number = rng.pick([EnclaveCall.GET_REPORT, EnclaveCall.GET_KEY, EnclaveCall.YIELD, EnclaveCall.GET_CALLER_ID, EnclaveCall.LAST_ERROR, EnclaveCall.ACQUIRE_ENCLAVE]);
    h.enclaveCall(number, rng.chance(50) ? BigInt(rng.below(4)) : hostileAddress(rng, live), hostileAddress(rng, live), hostileSize(rng, 256));
  } else if (r < 95) {
    const id = rng.pick([Ocall.GETRANDOM, Ocall.READ_SECT, Ocall.WRITE_SECT, Ocall.RETURN_RELAY_PAGE, Ocall.SYS_WRITE, Ocall.SHM_EXTEND_MEMORY]);
    h.enclaveCall(EnclaveCall.OCALL, BigInt(id), hostileAddress(rng, live), hostileAddress(rng, live), hostileSize(rng, 1 << 16));
  } else {
    // Anything at all: an unknown number destroys the caller, a known one answers.
    h.enclaveCall(rng.chance(50) ? rng.below(256) : Number(rng.next() & 0xffffn), rng.next(), rng.next(), rng.next(), rng.next());
  }
}

/** CALL_ENCLAVE on a live server (usually), lending one of the caller's regions (often). */
function callSomeServer(h: EcallHarness, rng: Rng, live: readonly bigint[]): void {
  const me = h.monitor.current!;
  const servers = [...h.monitor.servers.values()];
  const handle = servers.length > 0 && rng.chance(85) ? BigInt(rng.pick(servers).eid) : BigInt(rng.below(16));
  const arg = new Uint8Array(CallArg.SIZE);
  const view = new DataView(arg.buffer);
  view.setBigUint64(CallArg.REQ_ARG, rng.next(), true);
  const region = me.space.regions.length > 0 && rng.chance(60) ? rng.pick(me.space.regions) : undefined;
  if (region) {
    view.setBigUint64(CallArg.REQ_VADDR, region.va, true);
    view.setBigUint64(CallArg.REQ_SIZE, BigInt(region.size), true);
  } else if (rng.chance(30)) {
    view.setBigUint64(CallArg.REQ_VADDR, hostileAddress(rng, live), true);
    view.setBigUint64(CallArg.REQ_SIZE, rng.next(), true);
  }
  h.enclaveCall(EnclaveCall.CALL_ENCLAVE, handle, rng.chance(95) ? h.enclaveBytes(0x100, arg) : hostileAddress(rng, live));
}

/** SERVER_RETURN, usually well formed, maybe answering with one of the server's own regions. */
function answerCall(h: EcallHarness, rng: Rng, live: readonly bigint[]): void {
  const me = h.monitor.current!;
  const ret = new Uint8Array(CallArg.SIZE);
  const view = new DataView(ret.buffer);
  view.setBigUint64(CallArg.RESP_VAL, rng.next(), true);
  const lent = me.frame?.request?.region.pages;
  const own = me.space.regions.filter((region) => region.pages !== lent);
  if (own.length > 0 && rng.chance(40)) {
    const region = rng.pick(own);
    view.setBigUint64(CallArg.RESP_VADDR, region.va, true);
    view.setBigUint64(CallArg.RESP_SIZE, BigInt(region.size), true);
  } else if (rng.chance(10)) {
    view.setBigUint64(CallArg.RESP_VADDR, hostileAddress(rng, live), true);
    view.setBigUint64(CallArg.RESP_SIZE, rng.next(), true);
  }
  h.enclaveCall(EnclaveCall.SERVER_RETURN, rng.chance(95) ? h.enclaveBytes(0x200, ret) : hostileAddress(rng, live));
}

/** The images the fuzzer creates enclaves from: small, larger, and one with a huge bss. */
export function fuzzImages(): Uint8Array[] {
  return [
    tinyEnclave(1),
    tinyEnclave(8, 0x33),
    tinyElf(EnclaveVA.TEXT_BASE, [
      { vaddr: EnclaveVA.TEXT_BASE, flags: 5, data: new Uint8Array(16).fill(0x13) },
      { vaddr: 0x10_0000n, flags: 6, data: new Uint8Array(8), memSize: 1n << 47n },
    ]),
  ];
}
