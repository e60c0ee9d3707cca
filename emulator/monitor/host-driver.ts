// Host-side enclave calls (Penglai's driver ioctls and SBI_EXT_PENGLAI_HOST functions,
// reference §1 and §3): ecall with a7 = SBI_EXT_PENGLAI_HOST, a6 = the function, a0.. the
// arguments. Every call answers a0 = status (0 or an AbiError code) and a1 = a value.
// The ecall table (`ecall-table.ts`) states the argument checks made before each handler.
import { AbiError, AttestReport, CreateParam, DEFAULT_STACK_SIZE, EnclaveState, EnclaveType, EnclaveVA, HostCall, HostCallExtension, MAX_SHM_SIZE, NAME_LEN, PAGE_SIZE, type EnclaveTypeValue } from '../../runtime/abi.js';
import { abandonRun, resumeRun, startRun, stopRun } from './run-control.js';
import { createEnclave } from './enclave-loader.js';
import { buildReport } from './attestation.js';
import type { TrapVerdict } from './machine-port.js';
import type { HostCallSite } from './call-site.js';
import type { Enclave } from './enclave.js';
import { USER_RW } from './address-space.js';
import { hexOf, bytesHex, regionMove, traceEid } from './trace-records.js';
import { HOST_EID, type EnclaveKind } from '../../runtime/trace-format.js';

const KIND_OF_TYPE: Record<number, EnclaveKind> = { [EnclaveType.NORMAL]: 'normal', [EnclaveType.SERVER]: 'server', [EnclaveType.SHADOW]: 'shadow' };

/** The largest ELF the driver accepts (Penglai's driver rejects more than 512 MiB). */
const MAX_ELF_SIZE = 512n * 1024n * 1024n;

/** Maps host shared pages at HOST_SHM_BASE in a server (normal enclaves get them when they run). */
function mapHostShm(server: Enclave, pages: number[]): boolean {
  const table = server.space.pageTable;
  const vaOf = (i: number) => EnclaveVA.HOST_SHM_BASE + BigInt(i * PAGE_SIZE);
  const failed = pages.findIndex((pa, i) => !table.map(vaOf(i), pa, USER_RW));
  if (failed < 0) return true;
  for (let i = 0; i < failed; i++) table.unmap(vaOf(i));
  return false;
}

export function createCall(call: HostCallSite): TrapVerdict {
  const { monitor, fn } = call;
  const param = monitor.host.space.read(call.arg(0), CreateParam.SIZE);
  if (!param) return call.answer(AbiError.BAD_ARGUMENT);
  const view = new DataView(param.buffer);
  const nameBytes = param.subarray(CreateParam.NAME, CreateParam.NAME + NAME_LEN);
  const nul = nameBytes.indexOf(0);
  if (nul < 0) return call.answer(AbiError.BAD_ARGUMENT);
  const name = Buffer.from(nameBytes.subarray(0, nul)).toString('latin1');
  const type = fn === HostCall.CREATE_SERVER ? EnclaveType.SERVER : Number(view.getBigUint64(CreateParam.TYPE, true));
  if (type === EnclaveType.SERVER && name.length === 0) return call.answer(AbiError.BAD_ARGUMENT);
  const elfSize = view.getBigUint64(CreateParam.ELF_SIZE, true);
  if (elfSize === 0n || elfSize > MAX_ELF_SIZE) return call.answer(AbiError.BAD_ARGUMENT);
  const elf = monitor.host.space.read(view.getBigUint64(CreateParam.ELF_PTR, true), Number(elfSize));
  if (!elf) return call.answer(AbiError.BAD_ARGUMENT);
  const stackField = Number(view.getBigUint64(CreateParam.STACK_SIZE, true));
  const result = createEnclave(monitor, {
    name,
    type: type as EnclaveTypeValue,
    elf,
    stackSize: stackField === 0 ? DEFAULT_STACK_SIZE : stackField,
  });
  if ('code' in result) {
    monitor.print(`monitor: create "${name}" refused: ${result.message}\n`);
    return call.answer(result.code);
  }
  const made = result.enclave;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'create', pc: hexOf(call.epc), eid: made.eid, name: made.name, type: KIND_OF_TYPE[made.type], measurement: bytesHex(made.measurement) });
  return call.answer(AbiError.OK, BigInt(made.eid));
}

export function runCall(call: HostCallSite): TrapVerdict {
  const { monitor, fn, epc } = call;
  // RUN runs to the end; RUN_SLICED and RESUME take a slice in a1 (0: to the end).
  const ended = fn === HostCall.RESUME_ENCLAVE ? monitor.endedRuns.get(Number(BigInt.asUintN(32, call.arg(0)))) : undefined;
  if (ended && call.arg(0) < 1n << 32n) return monitor.ecallReturn(epc, BigInt.asUintN(64, ended.status), ended.value);
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return call.answer(AbiError.NOT_FOUND);
  const slice = fn === HostCall.RUN_ENCLAVE ? 0 : Number(call.arg(1) > 0xffff_ffffn ? 0xffff_ffffn : call.arg(1));
  if (fn === HostCallExtension.RUN_SLICED && slice === 0) return call.answer(AbiError.BAD_ARGUMENT);
  const relayWithHost = enclave.relay?.withHost;
  const pendingRelay = enclave.pendingRelay;
  const started = fn === HostCall.RESUME_ENCLAVE ? resumeRun(monitor, enclave, slice, epc) : startRun(monitor, enclave, slice, epc);
  if (typeof started === 'number') return call.answer(started);
  if (monitor.tracer) traceRunStart(call, enclave, slice, relayWithHost === true, pendingRelay);
  return started;
}

/** RUN or RESUME went ahead: the run (with the instance a SHADOW forked) and the pages that moved in with it. */
function traceRunStart(call: HostCallSite, asked: Enclave, slice: number, relayWasWithHost: boolean, pendingRelay: number[] | undefined): void {
  const { monitor } = call;
  const tracer = monitor.tracer!;
  const top = monitor.runTop!.enclave;
  const base = { t: monitor.machine.instret, at: HOST_EID, pc: hexOf(call.epc) };
  if (call.fn === HostCall.RESUME_ENCLAVE) {
    tracer.event({ ...base, kind: 'resume', eid: top.eid, slice, into: traceEid(monitor.current) });
  } else {
    if (top !== asked) tracer.event({ ...base, kind: 'create', eid: top.eid, name: top.name, type: 'instance', measurement: bytesHex(top.measurement), template: asked.eid });
    tracer.event({ ...base, kind: 'run', eid: top.eid, slice });
  }
  if (pendingRelay && !top.pendingRelay) {
    tracer.event({ ...base, kind: 'move', reason: 'async-receive', region: regionMove(pendingRelay, EnclaveVA.RELAY_BASE, EnclaveVA.RELAY_BASE, top.eid, top.eid) });
  }
  const relay = top.relay;
  if (relay && relayWasWithHost && !relay.withHost) {
    tracer.event({ ...base, kind: 'move', reason: 'relay-send', region: regionMove(relay.pages, relay.hostVa, EnclaveVA.RELAY_BASE, HOST_EID, top.eid) });
  }
}

export function shmGetCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  // The table bounds a0 to 1..MAX_SHM_SIZE.
  const block = monitor.host.shmGet(call.arg(0));
  return block ? call.answer(AbiError.OK, block.va) : call.answer(AbiError.NO_MEM);
}

export function shmBindCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  // Penglai binds shm at create or before run; an enclave sees it from its first
  // instruction. A server (Penglai's create_server_enclave maps it at once) is bound
  // while idle and finds it in a3/a4 at every call.
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return call.answer(AbiError.NOT_FOUND);
  if (enclave.type === EnclaveType.SHADOW) return call.answer(AbiError.NOT_PERMITTED);
  const idle = enclave.isServer ? enclave.state === EnclaveState.RUNNABLE && !enclave.frame : enclave.state === EnclaveState.FRESH;
  if (!idle || enclave.sharedMemory) return call.answer(AbiError.BAD_STATE);
  if (call.arg(2) === 0n || call.arg(2) > BigInt(MAX_SHM_SIZE)) return call.answer(AbiError.BAD_ARGUMENT);
  const pages = monitor.host.sharedPages(call.arg(1), call.arg(2));
  if (!pages) return call.answer(AbiError.BAD_REGION);
  if (enclave.isServer && !mapHostShm(enclave, pages)) return call.answer(AbiError.NO_MEM);
  enclave.sharedMemory = pages;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'shm', pc: hexOf(call.epc), op: 'host-bind', eid: enclave.eid, va: hexOf(call.arg(1)), pages: pages.length, code: 0 });
  return call.answer(AbiError.OK);
}

export function relayGetCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  const block = monitor.host.shmGet(call.arg(0), 'relay');
  return block ? call.answer(AbiError.OK, block.va) : call.answer(AbiError.NO_MEM);
}

export function relayBindCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return call.answer(AbiError.NOT_FOUND);
  if (enclave.isServer || enclave.type === EnclaveType.SHADOW) return call.answer(AbiError.NOT_PERMITTED);
  if (enclave.state !== EnclaveState.FRESH || enclave.relay || enclave.pendingRelay) return call.answer(AbiError.BAD_STATE);
  if (call.arg(2) === 0n || call.arg(2) > BigInt(MAX_SHM_SIZE)) return call.answer(AbiError.BAD_ARGUMENT);
  const pages = monitor.host.sharedPages(call.arg(1), call.arg(2), 'relay');
  if (!pages) return call.answer(AbiError.BAD_REGION);
  // One owner at a time: pages already bound to another enclave are refused.
  // A set: one step per page of each binding, not one per pair of pages.
  const asked = new Set(pages);
  for (const other of monitor.enclaves.values()) {
    if (other.relay?.pages.some((p) => asked.has(p))) return call.answer(AbiError.BAD_STATE);
  }
  enclave.relay = { hostVa: call.arg(1), pages, withHost: true };
  return call.answer(AbiError.OK);
}

export function stopCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  const enclave = monitor.findEnclave(call.arg(0));
  const code = enclave ? stopRun(enclave) : AbiError.NOT_FOUND;
  monitor.tracer?.event({ ...monitor.traceBase(), kind: 'stop', pc: hexOf(call.epc), eid: Number(BigInt.asIntN(32, call.arg(0))), code });
  return call.answer(code);
}

export function attestCall(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  // Read before the answer overwrites a0.
  const enclave = monitor.tracer && monitor.findEnclave(call.arg(0));
  const verdict = attest(call);
  if (monitor.tracer && enclave) {
    const code = Number(BigInt.asIntN(64, monitor.machine.getReg(10)));
    monitor.tracer.event({ ...monitor.traceBase(), kind: 'attest', pc: hexOf(call.epc), eid: enclave.eid, nonce: hexOf(call.arg(2)), measurement: bytesHex(enclave.measurement), code });
  }
  return verdict;
}

function attest(call: HostCallSite): TrapVerdict {
  const { monitor } = call;
  // a0 = eid, a1 = report buffer in the host, a2 = nonce. Penglai attests only FRESH or
  // STOPPED enclaves; a server between calls is as quiet as a FRESH one, so it may be
  // attested too.
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return call.answer(AbiError.NOT_FOUND);
  const quiet =
    enclave.state === EnclaveState.FRESH ||
    enclave.state === EnclaveState.STOPPED ||
    (enclave.isServer && enclave.state === EnclaveState.RUNNABLE && !enclave.frame);
  if (!quiet) return call.answer(AbiError.BAD_STATE);
  if (!monitor.host.space.canAccess(call.arg(1), AttestReport.SIZE, true)) return call.answer(AbiError.BAD_ARGUMENT);
  monitor.host.space.write(call.arg(1), buildReport(monitor.attestation, enclave.measurement, call.arg(2)));
  return call.answer(AbiError.OK);
}

export function destroyCall(call: HostCallSite): TrapVerdict {
  const code = destroy(call);
  call.monitor.tracer?.event({ ...call.monitor.traceBase(), kind: 'destroy', pc: hexOf(call.epc), eid: Number(BigInt.asIntN(32, call.arg(0))), code });
  return call.answer(code);
}

function destroy(call: HostCallSite): number {
  const { monitor } = call;
  // Destroying a sliced run that already ended forgets its outcome.
  if (call.arg(0) < 1n << 32n && monitor.endedRuns.delete(Number(call.arg(0)))) return AbiError.OK;
  const enclave = monitor.findEnclave(call.arg(0));
  if (!enclave) return AbiError.NOT_FOUND;
  if (enclave.state === EnclaveState.RUNNING || enclave.frame) return AbiError.BAD_STATE;
  // A template whose pages an instance still maps stays until the instance is gone.
  if (enclave.instances > 0) return AbiError.BAD_STATE;
  if (enclave.suspended) abandonRun(monitor, enclave);
  else monitor.destroyEnclave(enclave);
  return AbiError.OK;
}
