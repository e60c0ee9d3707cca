// One ecall in progress, as its handler sees it, and the argument checks the ecall
// table (`ecall-table.ts`) states for each call. One site object per monitor is reused
// for every call (the IPC hot path allocates nothing to dispatch).
import { AbiError } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';
import type { TrapVerdict } from './machine-port.js';
import type { MonitorCore } from './monitor-core.js';

/**
 * A check on one argument register, made before the handler runs. Lengths and sizes are
 * bounded here, so no handler loops over a length the caller chose without a bound.
 */
export type ArgCheck =
  /** min ≤ a[reg] ≤ max, unsigned. */
  | { reg: number; kind: 'range'; min: bigint; max: bigint }
  /** a[reg] = 0 (a reserved argument). */
  | { reg: number; kind: 'zero' }
  /** [a[reg], +length) is writable by the caller; `length` is bytes or another register (checked before). */
  | { reg: number; kind: 'writable'; length: number | { reg: number } }
  /** [a[reg], +length) is readable by the caller. */
  | { reg: number; kind: 'readable'; length: number | { reg: number } };

/** The first check that fails, or undefined when all pass. Every failure is BAD_ARGUMENT. */
export function failedCheck(checks: readonly ArgCheck[], arg: (i: number) => bigint, canAccess: (va: bigint, length: number, write: boolean) => boolean): number | undefined {
  for (const check of checks) {
    const value = arg(check.reg);
    switch (check.kind) {
      case 'range':
        if (value < check.min || value > check.max) return AbiError.BAD_ARGUMENT;
        break;
      case 'zero':
        if (value !== 0n) return AbiError.BAD_ARGUMENT;
        break;
      case 'writable':
      case 'readable': {
        const length = typeof check.length === 'number' ? check.length : Number(arg(check.length.reg));
        if (!canAccess(value, length, check.kind === 'writable')) return AbiError.BAD_ARGUMENT;
        break;
      }
    }
  }
  return undefined;
}

/** An enclave's ecall (a6 = SBI_EXT_PENGLAI_ENCLAVE): its arguments in a0.., its answer in a0. */
export class EnclaveCallSite {
  monitor!: MonitorCore;
  enclave!: Enclave;
  epc = 0n;
  /** The ocall id (a0) when the call is OCALL. */
  ocall = -1;

  arg(index: number): bigint {
    return this.monitor.machine.getReg(10 + index);
  }

  /** `value` in a0, as an unsigned 64-bit register. */
  answer(value: number | bigint): TrapVerdict {
    return this.monitor.ecallReturn(this.epc, BigInt.asUintN(64, BigInt(value)));
  }

  /** A Penglai-style failure: `penglaiValue` (-1) to the enclave, the precise code kept for LAST_ERROR. */
  fail(code: number, penglaiValue: number = AbiError.ERROR): TrapVerdict {
    this.enclave.lastError = code;
    return this.answer(penglaiValue);
  }

  /** `value`, or a Penglai failure when it is an error code (a negative number). */
  answerOrFail(value: number | bigint | undefined, penglaiValue: number = AbiError.ERROR): TrapVerdict {
    if (value === undefined) return this.answer(0);
    return typeof value === 'number' && value < 0 ? this.fail(value, penglaiValue) : this.answer(value);
  }

  /** The call may not be made, or not like this: destroy the caller. */
  kill(detail: string): TrapVerdict {
    return this.monitor.killForBadCall(this.enclave, this.epc, detail);
  }
}

/** A host driver call (a7 = SBI_EXT_PENGLAI_HOST): a0 = status, a1 = value. */
export class HostCallSite {
  monitor!: MonitorCore;
  epc = 0n;
  fn = -1;

  arg(index: number): bigint {
    return this.monitor.machine.getReg(10 + index);
  }

  answer(status: number, value = 0n): TrapVerdict {
    return this.monitor.ecallReturn(this.epc, BigInt.asUintN(64, BigInt(status)), value);
  }
}
