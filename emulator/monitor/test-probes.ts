// The host calls behind a test's observations (runtime/abi.ts EXPECT_STOP and EXPECT_OUTPUT;
// grammar/README.md "Tests and grading"). The monitor is the one party that saw how each
// enclave ended, so it judges `expect_fault` from its own reports (the events it already
// records, by eid), and it keeps `expect_output` texts for the test runner, which alone sees
// everything printed.
import { AbiError, ExpectAddress, FaultKind, faultKindName, OutputExpectation, PROBE_LOCATION_MAX } from '../../runtime/abi.js';
import type { TrapVerdict } from './machine-port.js';
import { hex, type MonitorCore as Monitor, type MonitorEvent } from './monitor-core.js';
import { describeTrap } from './trap-names.js';

/** An `expect_output` / `expect_no_output` of the running test. */
export interface RecordedExpectation {
  mode: 'contains' | 'never';
  text: string;
  location: string;
}

/** The longest text `expect_output` may pass (the host's print buffer is 4 KiB). */
const MAX_EXPECTED_TEXT = 64 * 1024;

export function handleExpectOutput(monitor: Monitor, epc: bigint): TrapVerdict {
  const m = monitor.machine;
  const length = m.getReg(11);
  const mode = m.getReg(12);
  const location = monitor.host.space.readCString(m.getReg(13), PROBE_LOCATION_MAX);
  if (length > BigInt(MAX_EXPECTED_TEXT) || location === undefined || (mode !== BigInt(OutputExpectation.CONTAINS) && mode !== BigInt(OutputExpectation.NEVER))) {
    return monitor.ecallReturn(epc, BigInt.asUintN(64, BigInt(AbiError.BAD_ARGUMENT)));
  }
  const bytes = length === 0n ? new Uint8Array(0) : monitor.host.space.read(m.getReg(10), Number(length));
  if (!bytes) return monitor.ecallReturn(epc, BigInt.asUintN(64, BigInt(AbiError.BAD_ARGUMENT)));
  monitor.expectations.push({
    mode: mode === BigInt(OutputExpectation.NEVER) ? 'never' : 'contains',
    text: Buffer.from(bytes).toString('utf8'),
    location,
  });
  return monitor.ecallReturn(epc, 0n);
}

export function handleExpectStop(monitor: Monitor, epc: bigint): TrapVerdict {
  const m = monitor.machine;
  const eid = m.getReg(10);
  const kind = Number(m.getReg(11) > 0xffffn ? 0xffffn : m.getReg(11));
  const address = m.getReg(12);
  const flags = Number(m.getReg(13) & 0xffn);
  const location = monitor.host.space.readCString(m.getReg(14), PROBE_LOCATION_MAX);
  const name = location === undefined ? undefined : monitor.host.space.readCString(m.getReg(14) + BigInt(location.length + 1), PROBE_LOCATION_MAX);
  if (location === undefined || name === undefined || faultKindName(kind) === undefined) return monitor.ecallReturn(epc, BigInt.asUintN(64, BigInt(AbiError.BAD_ARGUMENT)));
  const stop = lastStopOf(monitor, eid);
  const why = verdict(monitor, stop, name, kind, address, flags, BigInt.asIntN(64, m.getReg(15)));
  if (why === undefined) return monitor.ecallReturn(epc, 0n);
  monitor.print(`error: expect_fault failed at ${location}: ${why}\n`);
  return monitor.ecallReturn(epc, 1n);
}

/** The monitor's last report about enclave `eid`, if it stopped it. */
function lastStopOf(monitor: Monitor, eid: bigint): MonitorEvent | undefined {
  for (let i = monitor.events.length - 1; i >= 0; i--) {
    const event = monitor.events[i];
    const id = event.kind === 'fault' ? event.report.eid : event.eid;
    if (BigInt(id) === eid) return event;
  }
  return undefined;
}

/** Why the expectation does not hold, or undefined when it does. */
function verdict(monitor: Monitor, stop: MonitorEvent | undefined, name: string, kind: number, address: bigint, flags: number, ranValue: bigint): string | undefined {
  const expected = expectedText(kind, address, flags);
  if (!stop) {
    const what = flags & ExpectAddress.EXPECT_RAN ? `${name} returned ${ranValue}` : `the monitor did not stop ${name}`;
    return `${what}, expected ${expected}`;
  }
  if (stop.kind === 'step-limit') {
    return kind === FaultKind.step_limit ? undefined : `${stop.enclave} ran out of its instruction budget, expected ${expected}`;
  }
  const r = stop.report;
  const actual = `${r.enclave} faulted with ${withArticle(r.cause)}${r.address !== undefined ? ` at address ${hex(r.address)}` : ''}`;
  const kindHolds = kind === FaultKind.any_fault || kind === r.causeCode;
  const mode = flags & (ExpectAddress.EXACT | ExpectAddress.HOST_MEMORY);
  const addressHolds =
    mode === ExpectAddress.ANY ||
    (mode === ExpectAddress.EXACT && r.address === address) ||
    (mode === ExpectAddress.HOST_MEMORY && r.address !== undefined && monitor.host.space.isMapped(r.address));
  return kindHolds && addressHolds ? undefined : `${actual}, expected ${expected}`;
}

function expectedText(kind: number, address: bigint, flags: number): string {
  const what = kind === FaultKind.step_limit ? 'it to run out of its instruction budget' : kind === FaultKind.any_fault ? 'a fault' : withArticle(describeTrap(kind).name);
  const mode = flags & (ExpectAddress.EXACT | ExpectAddress.HOST_MEMORY);
  if (mode === ExpectAddress.EXACT) return `${what} at address ${hex(address)}`;
  if (mode === ExpectAddress.HOST_MEMORY) return `${what} at an address in the host's memory`;
  return what;
}

const withArticle = (text: string) => `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
