// The host program behind `penglaic run --caller ... --server name=...`: it does what
// Penglai's `test-caller` host does with ELF files given on the command line (reference
// §4): create each server under its name, create the caller as a NORMAL enclave, run it,
// report its return value, destroy the servers. Enclaves written in C against the
// Penglai eapp ABI run this way unchanged.
import { EnclaveType, HOST_TEXT_BASE } from '../../runtime/abi.js';
import { commonLibrary } from '../../runtime/lib/common.js';
import { hostEntry, hostLibrary } from '../../runtime/lib/host.js';
import { printLibrary } from '../../runtime/lib/print.js';
import { assemble, link, type AsmError } from '../asm/index.js';
import { AsmWriter } from './asm-writer.js';
import { appendAll } from '../append-all.js';

export interface LaunchedEnclave {
  /** The name registered with the monitor (servers) or reported (the caller). */
  name: string;
  /** The file name the host opens; the run gives it the bytes under this name. */
  file: string;
}

export function launcherHost(caller: LaunchedEnclave, servers: readonly LaunchedEnclave[]): { elf: Uint8Array } | { errors: AsmError[] } {
  const w = new AsmWriter();
  const create = (enclave: LaunchedEnclave, type: number, slot: number) => {
    const name = w.stringLiteral(enclave.name + '\0');
    const file = w.stringLiteral(enclave.file + '\0');
    w.emit(`la a0, ${name.label}`);
    w.emit(`li a1, ${type}`);
    w.emit(`la a2, ${file.label}`);
    w.emit('call __pgl_create');
    w.emit('mv a2, a0');
    const ok = w.newLabel('created');
    w.emit(`beqz a2, ${ok}`);
    const what = w.stringLiteral(`create "${enclave.name}" from ${enclave.file}`);
    w.emit(`la a0, ${what.label}`);
    w.emit(`li a1, ${what.length}`);
    w.emit('call __pgl_fail');
    w.label(ok);
    w.emit(`sd a1, ${8 * slot}(s1)`);
  };
  const text = (value: string) => {
    const literal = w.stringLiteral(value);
    w.emit(`la a0, ${literal.label}`);
    w.emit(`li a1, ${literal.length}`);
    w.emit('call __pgl_print_bytes');
  };

  w.globl('launcher_main');
  w.label('launcher_main');
  w.emit('addi sp, sp, -16');
  w.emit('sd ra, 8(sp)');
  w.emit('la s1, eids');
  servers.forEach((server, i) => create(server, EnclaveType.SERVER, i));
  create(caller, EnclaveType.NORMAL, servers.length);
  w.emit(`ld a0, ${8 * servers.length}(s1)`);
  w.emit('call __pgl_run');
  w.emit('sd a0, 0(sp)');
  w.emit('mv s2, a1');
  const failed = w.newLabel('runfailed');
  const reported = w.newLabel('reported');
  w.emit(`bnez a0, ${failed}`);
  text(`host: ${caller.name} returned `);
  w.emit('mv a0, s2');
  w.emit('call __pgl_print_i64');
  w.emit(`j ${reported}`);
  w.label(failed);
  text(`host: run ${caller.name} failed: code `);
  w.emit('ld a0, 0(sp)');
  w.emit('call __pgl_print_i64');
  w.label(reported);
  text('\n');
  w.emit('call __pgl_print_flush');
  servers.forEach((_, i) => {
    w.emit(`ld a0, ${8 * i}(s1)`);
    w.emit('call __pgl_destroy');
  });
  w.emit('ld ra, 8(sp)');
  w.emit('addi sp, sp, 16');
  w.emit('ret');
  w.bssBlock('eids', 8 * (servers.length + 1), 8);

  const units = [w.toString(), hostEntry('launcher_main'), printLibrary('host'), commonLibrary(), hostLibrary()];
  const errors: AsmError[] = [];
  const objects = units.map((unit, i) => {
    const result = assemble(unit, `launcher-${i}.s`);
    appendAll(errors, result.errors);
    return result.object;
  });
  if (errors.length > 0) return { errors };
  const linked = link(objects, { textBase: HOST_TEXT_BASE, entry: '_start' });
  if (linked.errors.length > 0) return { errors: linked.errors };
  return { elf: linked.elf };
}
