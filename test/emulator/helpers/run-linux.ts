// Runs a static Linux ELF under our linux-user shim, collecting stdout like runQemu does.

import { runLinuxElf } from '../../../emulator/linux-user.js';
import type { ProcessResult } from './cross-tools.js';

export function runOurs(bytes: Uint8Array, stdin = '', args: string[] = ['prog'], maxInstructions = 500_000_000): ProcessResult & { instret: number; reason: string } {
  const chunks: Uint8Array[] = [];
  const r = runLinuxElf(bytes, { stdin, args, stdout: (b) => chunks.push(b.slice()), maxInstructions });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const stdout = Buffer.concat(chunks).toString('latin1');
  return { stdout, exitCode: r.value.exitCode ?? -1, instret: r.value.instret, reason: r.value.reason };
}
