// Runs a state program bare-metal: the same ELF (linked in RAM) on a machine in M-mode with
// the MMU off, where a trap hook plays the two system calls the program uses (write and
// exit). This exercises the physical-address paths that the Linux-user runs never take.

import { bootBare } from '../../../../emulator/bare.js';
import type { RunOutput } from './toolchain.js';

const ECALL_M = 11;
const SYS_WRITE = 64;
const SYS_EXIT = 93;

export function runBareState(bytes: Uint8Array, maxInstructions = 200_000_000): RunOutput & { fault: string | null } {
  const booted = bootBare(bytes, { ramSize: 16 * 1024 * 1024 });
  if (!booted.ok) return { stdout: '', exitCode: -1, fault: booted.error.code };
  const m = booted.machine;
  const chunks: Uint8Array[] = [];
  let exitCode = -1;
  let fault: string | null = null;
  m.setTrapHook((t) => {
    if (t.interrupt || t.cause !== ECALL_M) {
      fault = `trap cause ${t.cause} at pc 0x${t.epc.toString(16)}, tval 0x${t.tval.toString(16)}`;
      return 'stop';
    }
    const call = Number(m.getReg(17));
    if (call === SYS_EXIT) {
      exitCode = Number(m.getReg(10) & 0xffn);
      return 'stop';
    }
    if (call === SYS_WRITE) {
      const length = Number(m.getReg(12));
      chunks.push(m.readPhys(m.getReg(11), length));
      m.setReg(10, BigInt(length));
    } else {
      m.setReg(10, BigInt.asUintN(64, -38n));
    }
    m.pc = t.epc + 4n;
    return 'resume';
  });
  m.run(maxInstructions);
  return { stdout: Buffer.concat(chunks).toString('latin1'), exitCode, fault };
}
