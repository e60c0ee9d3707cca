// Monitor events as the readable lines `run` and `test` print: a fault names its cause, pc,
// source position and address; a budget stop names where the enclave was.
import type { MonitorEvent } from '../../emulator/index.js';
import { sourcePositionOf } from '../line-table.js';

/** Finds the image an enclave was created from, by the name the monitor knows it by. */
export type ImageLookup = (monitorName: string) => Uint8Array | undefined;

export function describeEvent(event: MonitorEvent, imageOf: ImageLookup): string {
  const where = (enclave: string, pc: bigint) => {
    const image = imageOf(enclave);
    const position = image && sourcePositionOf(image, pc);
    return position ? ` (${position.file}:${position.line}:${position.column})` : '';
  };
  const pc = (value: bigint) => `0x${BigInt.asUintN(64, value).toString(16)}`;
  if (event.kind === 'step-limit') {
    // The pc is in the server that was executing, when the budget ran out inside a call.
    const at = where(event.inServer ?? event.enclave, event.pc).replace(/^ \(/, ', ').replace(/\)$/, '');
    const inServer = event.inServer === undefined ? '' : ` (server ${event.inServer} was serving its call; the call was aborted and the server is idle)`;
    return `enclave ${event.enclave} stopped: it ran ${event.steps} instructions without finishing${inServer} (pc ${pc(event.pc)}${at})\n  the monitor destroyed it; raise the budget with --max-steps\n`;
  }
  const r = event.report;
  const address = r.address !== undefined ? `, address ${pc(r.address)}` : '';
  // A fault inside a runtime routine (a copy, a zeroing) has no source position of its own:
  // name the statement that called it (the call instruction ends just before ra).
  const at = where(r.enclave, r.pc) || where(r.enclave, r.returnAddress - 1n).replace(/^ \(/, ' (in runtime code called from ');
  return `enclave ${r.enclave} faulted: ${r.cause} at pc ${pc(r.pc)}${at}${address}\n  ${r.detail}; the monitor destroyed it\n`;
}
