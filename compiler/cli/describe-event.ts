// Monitor events as the readable lines `run` and `test` print: a fault names the domain (the
// section name, then the registered name for a server), its cause, pc, source position and
// address; a budget stop names where the enclave was.
import type { MonitorEvent } from '../../emulator/index.js';
import type { Manifest } from '../manifest.js';
import { sourcePositionOf, symbolAt } from '../line-table.js';
import { monitorNameOf } from '../trace/domain-images.js';

/** What the CLI knows of an enclave, by the name the monitor knows it by. */
export interface DomainInfo {
  /** The image it was created from, for source positions. */
  image?: Uint8Array;
  /** How reports name it: `enclave Caller`, `server Adder ("test-server")`. */
  label?: string;
}

/** Finds what the CLI knows of an enclave, by the name the monitor knows it by. */
export type DomainLookup = (monitorName: string) => DomainInfo | undefined;

/** The routine a compiled server ends itself through after printing an error (a failed
 *  assertion, an index out of bounds): it executes `ebreak`, which the monitor reports as a
 *  breakpoint fault. The error line was the report; the breakpoint is not news. */
const ABORT_SYMBOL = '__pgl_abort';

export function describeEvent(event: MonitorEvent, lookup: DomainLookup): string {
  const label = (enclave: string) => lookup(enclave)?.label ?? `enclave ${enclave}`;
  const where = (enclave: string, pc: bigint) => {
    const image = lookup(enclave)?.image;
    const position = image && sourcePositionOf(image, pc);
    return position ? ` (${position.file}:${position.line}:${position.column})` : '';
  };
  const pc = (value: bigint) => `0x${BigInt.asUintN(64, value).toString(16)}`;
  if (event.kind === 'step-limit') {
    // The pc is in the server that was executing, when the budget ran out inside a call.
    const at = where(event.inServer ?? event.enclave, event.pc).replace(/^ \(/, ', ').replace(/\)$/, '');
    const inServer = event.inServer === undefined ? '' : ` (${label(event.inServer)} was serving its call; the call was aborted and the server is idle)`;
    return `${label(event.enclave)} stopped: it ran ${event.steps} instructions without finishing${inServer} (pc ${pc(event.pc)}${at})\n  the monitor destroyed it; raise the budget with --max-steps\n`;
  }
  const r = event.report;
  const image = lookup(r.enclave)?.image;
  if (r.cause === 'breakpoint' && image && symbolAt(image, r.pc) === ABORT_SYMBOL) {
    return `  ${label(r.enclave)} stopped after the error above; the monitor destroyed it\n`;
  }
  const address = r.address !== undefined ? `, address ${pc(r.address)}` : '';
  // A fault inside a runtime routine (a copy, a zeroing) has no source position of its own:
  // name the statement that called it (the call instruction ends just before ra).
  const at = where(r.enclave, r.pc) || where(r.enclave, r.returnAddress - 1n).replace(/^ \(/, ' (in runtime code called from ');
  return `${label(r.enclave)} faulted: ${r.cause} at pc ${pc(r.pc)}${at}${address}\n  ${r.detail}; the monitor destroyed it\n`;
}

/** Reports name a domain by its section, then (servers) its registered name: `server Adder ("test-server")`. */
export function manifestLookup(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): DomainLookup {
  return (name) => {
    const image = manifest.images.find((i) => i.kind !== 'host' && monitorNameOf(i) === name);
    if (!image) return undefined;
    const label = image.kind === 'server' ? `server ${image.name} ("${image.registeredName ?? image.name}")` : `enclave ${image.name}`;
    return { image: files.get(image.file), label };
  };
}
