// The trigger module (RISC-V Debug Specification 1.0, chapter 5, Sdtrig): tselect,
// tdata1..3 and tinfo for the guest, with mcontrol (type 2) and mcontrol6 (type 6)
// address triggers whose action is a breakpoint exception; and, beside them, the
// debugger's own breakpoints and watchpoints (the GDB stub's Z packets). Both are
// consulted only while something is armed: the hart then single-steps with an execute
// check before each instruction and keeps loads and stores off the TLB fast paths, so
// the fast paths carry no check at all (README "Triggers").

/** Guest triggers (tselect 0..TRIGGER_COUNT-1). */
export const TRIGGER_COUNT = 4;

export const TriggerCsr = { TSELECT: 0x7a0, TDATA1: 0x7a1, TDATA2: 0x7a2, TDATA3: 0x7a3, TINFO: 0x7a4 } as const;

const TYPE_SHIFT = 60n;
const TYPE_MCONTROL = 2n;
const TYPE_MCONTROL6 = 6n;
/** "Trigger exists but is disabled" (Sdtrig §5.7.2): what an unsupported type reads as. */
const TYPE_DISABLED = 15n;
/** tinfo: the types we accept, and version 1 (Sdtrig 1.0) in bits 31:24. */
const TINFO = (1n << 24n) | (1n << TYPE_MCONTROL) | (1n << TYPE_MCONTROL6) | (1n << TYPE_DISABLED);

// Fields common to mcontrol and mcontrol6 (§5.7.11, §5.7.17).
const LOAD = 1;
const STORE = 2;
const EXECUTE = 4;
const U_BIT = 1 << 3;
const S_BIT = 1 << 4;
const M_BIT = 1 << 6;
const MATCH_SHIFT = 7;
const MATCH_EQUAL = 0;
const MATCH_AT_LEAST = 2;
const MATCH_BELOW = 3;
/** The hit bit: bit 20 in mcontrol, hit0 (bit 22) in mcontrol6. */
const HIT_MCONTROL = 1n << 20n;
const HIT_MCONTROL6 = 1n << 22n;
/** Writable low bits: match, m, s, u, execute, store, load (action 0, chain 0, timing before). */
const LOW_WRITABLE = (0xf << MATCH_SHIFT) | M_BIT | S_BIT | U_BIT | EXECUTE | STORE | LOAD;

export type DataAccess = 'read' | 'write';

/** Why the debugger's points stopped the hart (the GDB stub turns it into a stop reply). */
export type DebugStop =
  | { kind: 'breakpoint'; pc: number }
  /** The hart switched address space (satp written) while `stopOnSwitch` was set. */
  | { kind: 'switch' }
  | { kind: 'watch'; access: 'write' | 'read' | 'access'; address: number };

interface Watch {
  address: number;
  length: number;
  kind: 'write' | 'read' | 'access';
}

interface GuestTrigger {
  tdata1: bigint;
  tdata2: bigint;
  /** tdata2 as a number when it is an exact JS number (canonical addresses are), else NaN. */
  address: number;
}

/** The hart side of the module: what to recompute when triggers are armed or disarmed. */
export interface TriggerHost {
  triggersChanged(): void;
}

export class Triggers {
  select = 0;
  private readonly guest: GuestTrigger[] = Array.from({ length: TRIGGER_COUNT }, () => ({
    tdata1: TYPE_MCONTROL << TYPE_SHIFT,
    tdata2: 0n,
    address: 0,
  }));
  /** Debugger breakpoints (virtual addresses as numbers), any domain, any privilege. */
  private readonly breaks = new Set<number>();
  private readonly watches: Watch[] = [];
  /** Set by a debugger point that fired; read and cleared by the run loop's caller. */
  debugStop: DebugStop | undefined;
  /** Stop for the debugger whenever satp is written: how a step waits for its domain to come back. */
  stopOnSwitch = false;
  /** Is any execute (data) trigger or debugger point armed? Kept by `update`. */
  executeArmed = false;
  dataArmed = false;

  constructor(private readonly host: TriggerHost) {}

  // ------------------------------------------------------------------ guest CSRs

  read(csr: number): bigint | undefined {
    const t = this.guest[this.select];
    switch (csr) {
      case TriggerCsr.TSELECT: return BigInt(this.select);
      case TriggerCsr.TDATA1: return t.tdata1;
      case TriggerCsr.TDATA2: return t.tdata2;
      case TriggerCsr.TDATA3: return 0n;
      case TriggerCsr.TINFO: return TINFO;
    }
    return undefined;
  }

  /** WARL writes; false when `csr` is not a trigger CSR. */
  write(csr: number, value: bigint): boolean {
    const t = this.guest[this.select];
    switch (csr) {
      case TriggerCsr.TSELECT:
        // Values naming no trigger are not held (§5.7.1): the old selection stays.
        if (value < BigInt(TRIGGER_COUNT)) this.select = Number(value);
        return true;
      case TriggerCsr.TDATA1:
        t.tdata1 = legalTdata1(value);
        this.update();
        return true;
      case TriggerCsr.TDATA2: {
        t.tdata2 = value;
        const signed = BigInt.asIntN(64, value);
        t.address = signed >= -(1n << 53n) && signed < 1n << 53n ? Number(signed) : NaN;
        return true;
      }
      case TriggerCsr.TDATA3:
      case TriggerCsr.TINFO:
        return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ debugger points

  addBreakpoint(va: number): void {
    this.breaks.add(va);
    this.update();
  }

  removeBreakpoint(va: number): boolean {
    const had = this.breaks.delete(va);
    this.update();
    return had;
  }

  addWatch(address: number, length: number, kind: Watch['kind']): void {
    this.watches.push({ address, length, kind });
    this.update();
  }

  removeWatch(address: number, length: number, kind: Watch['kind']): boolean {
    const i = this.watches.findIndex((w) => w.address === address && w.length === length && w.kind === kind);
    if (i >= 0) this.watches.splice(i, 1);
    this.update();
    return i >= 0;
  }

  clearDebugPoints(): void {
    this.breaks.clear();
    this.watches.length = 0;
    this.update();
  }

  get debugPointCount(): number {
    return this.breaks.size + this.watches.length;
  }

  // ------------------------------------------------------------------ matching

  /**
   * Before executing at `pc`: the guest trigger that fires (its index), -2 when a
   * debugger breakpoint is there (debugStop is set), or -1 for neither.
   */
  matchExecute(pc: number, priv: number): number {
    if (this.breaks.has(pc)) {
      this.debugStop = { kind: 'breakpoint', pc };
      return -2;
    }
    for (let i = 0; i < TRIGGER_COUNT; i++) {
      const t = this.guest[i];
      if (enabledFor(t.tdata1, EXECUTE, priv) && addressMatches(t, pc, 1)) return this.fire(i);
    }
    return -1;
  }

  /** Before a load or store of `size` bytes at `va`: as matchExecute. */
  matchData(va: number, size: number, access: DataAccess, priv: number): number {
    for (const w of this.watches) {
      const wanted = w.kind === 'access' || (w.kind === 'write') === (access === 'write');
      if (wanted && va < w.address + w.length && w.address < va + size) {
        this.debugStop = { kind: 'watch', access: w.kind, address: Math.max(va, w.address) };
        return -2;
      }
    }
    const bit = access === 'write' ? STORE : LOAD;
    for (let i = 0; i < TRIGGER_COUNT; i++) {
      const t = this.guest[i];
      if (enabledFor(t.tdata1, bit, priv) && addressMatches(t, va, size)) return this.fire(i);
    }
    return -1;
  }

  private fire(i: number): number {
    const t = this.guest[i];
    t.tdata1 |= t.tdata1 >> TYPE_SHIFT === TYPE_MCONTROL ? HIT_MCONTROL : HIT_MCONTROL6;
    return i;
  }

  private update(): void {
    let execute = this.breaks.size > 0;
    let data = this.watches.length > 0;
    for (const t of this.guest) {
      if (!isAddressTrigger(t.tdata1) || !(Number(t.tdata1 & 0x7fn) & (M_BIT | S_BIT | U_BIT))) continue;
      if (Number(t.tdata1 & 7n) & EXECUTE) execute = true;
      if (Number(t.tdata1 & 7n) & (LOAD | STORE)) data = true;
    }
    const changed = execute !== this.executeArmed || data !== this.dataArmed;
    this.executeArmed = execute;
    this.dataArmed = data;
    if (changed) this.host.triggersChanged();
  }
}

function isAddressTrigger(tdata1: bigint): boolean {
  const type = tdata1 >> TYPE_SHIFT;
  return type === TYPE_MCONTROL || type === TYPE_MCONTROL6;
}

function enabledFor(tdata1: bigint, accessBit: number, priv: number): boolean {
  if (!isAddressTrigger(tdata1)) return false;
  const low = Number(tdata1 & 0x7ffn);
  if (!(low & accessBit)) return false;
  return (low & (priv === 3 ? M_BIT : priv === 1 ? S_BIT : U_BIT)) !== 0;
}

/** match = 0: the access covers tdata2; 2: address >= tdata2; 3: address < tdata2 (§5.7.11). */
function addressMatches(t: GuestTrigger, va: number, size: number): boolean {
  const match = (Number(t.tdata1) >> MATCH_SHIFT) & 0xf;
  if (match === MATCH_AT_LEAST) return va >= t.address;
  if (match === MATCH_BELOW) return va < t.address;
  return t.address >= va && t.address < va + size;
}

/**
 * tdata1 is WARL: mcontrol and mcontrol6 keep their match (0, 2 or 3), privilege and
 * access bits and their hit bit; dmode, action, chain, timing, select, size and (for
 * mcontrol) maskmax read as 0, since only breakpoint exceptions on addresses of any
 * size are supported. Any other type reads back as disabled (15).
 */
function legalTdata1(value: bigint): bigint {
  const type = BigInt.asUintN(64, value) >> TYPE_SHIFT;
  if (type !== TYPE_MCONTROL && type !== TYPE_MCONTROL6) return TYPE_DISABLED << TYPE_SHIFT;
  let low = Number(value & BigInt(LOW_WRITABLE));
  const match = (low >> MATCH_SHIFT) & 0xf;
  if (match !== MATCH_EQUAL && match !== MATCH_AT_LEAST && match !== MATCH_BELOW) low &= ~(0xf << MATCH_SHIFT);
  const hit = type === TYPE_MCONTROL ? HIT_MCONTROL : HIT_MCONTROL6;
  return (type << TYPE_SHIFT) | (value & hit) | BigInt(low);
}
