// The security monitor: Penglai's SM (in OpenSBI) plus the host's enclave driver, as the
// M-mode trap handler of the emulated machine. Host and enclaves all run in U-mode, each
// under its own Sv39 page table; every ecall and every fault lands here through the
// machine's trap hook. This file only routes traps: the state and context switches are
// the core's (monitor-core.ts), each ecall's checks and handler are a row of the ecall
// table (ecall-table.ts).
import { SBI_EXT_PENGLAI_ENCLAVE, SBI_EXT_PENGLAI_HOST } from '../../runtime/abi.js';
import type { MonitorTrap, TrapVerdict } from './machine-port.js';
import { MonitorCore, SCAUSE_ECALL_U, hex, stackOverflow } from './monitor-core.js';
import { HostProcess } from './host-process.js';
import { describeTrap } from './trap-names.js';
import { EnclaveCallSite, HostCallSite } from './call-site.js';
import { dispatchEnclaveCall, dispatchHostCall } from './ecall-table.js';
import { IPI_CAUSE, onIpi } from './harts.js';

export { OWNER_HOST, ownerOf, smallNumber, hex, type MonitorOptions, type MonitorEvent, type ActiveRun, type EndedRun } from './monitor-core.js';

export class Monitor extends MonitorCore {
  /** One site per kind of call, reused by every trap (nothing allocated to dispatch). */
  private readonly enclaveSite = new EnclaveCallSite();
  private readonly hostSite = new HostCallSite();

  loadHost(elf: Uint8Array, args: string[]): string | undefined {
    const image = this.options.parseElf(elf);
    if ('error' in image) return `the host ELF is not valid: ${image.error}`;
    const host = HostProcess.load(this, image, args);
    if (typeof host === 'string') return host;
    this.host = host;
    this.current = undefined;
    this.restore(host.context, host.space.pageTable, 0);
    return undefined;
  }

  /** The machine's trap hook: every ecall, fault and interrupt not delegated lands here. */
  onTrap(trap: MonitorTrap): TrapVerdict {
    const hart = this.machine.hart?.hartIndex ?? 0;
    if (hart !== this.hartIndex) this.onHart(hart);
    if (trap.interrupt) {
      if (trap.cause === IPI_CAUSE && this.hartSlots.length > 1) return onIpi(this, trap);
      return 'resume'; // timer: the driver resumes at once (reference §1 PLenclave_run)
    }
    const enclave = this.current;
    if (enclave === undefined) return this.onHostTrap(trap);
    if (trap.cause === SCAUSE_ECALL_U) {
      if (this.smallReg(16) !== SBI_EXT_PENGLAI_ENCLAVE) {
        const a6 = this.machine.getReg(16);
        return this.killCurrent(enclave, trap, `ecall with a6 = ${hex(a6)}, which is not the Penglai enclave extension`);
      }
      const call = this.enclaveSite;
      call.monitor = this;
      call.enclave = enclave;
      call.epc = trap.epc;
      // Register values beyond any call number become -1, which no call has (so it is refused).
      return dispatchEnclaveCall(call, this.smallReg(17));
    }
    return this.killCurrent(enclave, trap, stackOverflow(enclave, trap) ?? describeTrap(trap.cause).detail);
  }

  private onHostTrap(trap: MonitorTrap): TrapVerdict {
    if (trap.cause === SCAUSE_ECALL_U) {
      const a7 = this.smallReg(17);
      if (a7 === SBI_EXT_PENGLAI_HOST) {
        const call = this.hostSite;
        call.monitor = this;
        call.epc = trap.epc;
        call.fn = this.smallReg(16);
        return dispatchHostCall(call);
      }
      return this.host.syscall(a7, trap.epc);
    }
    const what = describeTrap(trap.cause);
    this.print(`host faulted: ${what.name} at pc ${hex(trap.epc)}${what.hasAddress ? `, address ${hex(trap.tval)}` : ''}\n`);
    this.exitCode = 139;
    return 'stop';
  }
}
