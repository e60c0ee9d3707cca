// A GDB remote serial protocol stub over a DebugTarget (gdb manual, "Remote Protocol"):
// registers and memory of the selected thread's domain, software and hardware breakpoints
// and watchpoints kept by the hart's trigger module (never written into guest memory, so
// an enclave's measured code stays as it is), step and continue, the target description
// and the thread list. The transport is the caller's (gdb-server.ts): bytes in through
// `receive`, bytes out through `send`. Bad packets get an error reply, never an exception.
import type { DebugAdvance, DebugTarget, DebugThread } from './debug-target.js';
import type { DebugStop } from './triggers.js';
import {
  PacketReader, framePacket, toHex, fromHex, registerHex, registerFromHex, parseHexNumber, MAX_PACKET,
} from './gdb-packets.js';
import { targetXml, threadsXml } from './gdb-target-xml.js';

/** Steps per slice of a continue: between slices the stub reads the socket (Ctrl-C, disconnects). */
const SLICE = 200_000;
/** Breakpoints plus watchpoints one session may hold. */
export const MAX_POINTS = 100_000;
/** The largest memory read or write one packet may ask for. */
const MAX_MEMORY = (MAX_PACKET - 32) / 2;
const PAGE = 4096n;

const ERR_BAD = 'E16'; // EINVAL-like: the packet does not parse
const ERR_FAULT = 'E0e'; // EFAULT: memory the domain may not access
const ERR_THREAD = 'E03'; // ESRCH: no such thread
const ERR_SPACE = 'E1c'; // ENOSPC: too many points

type PointKind = '0' | '1' | '2' | '3' | '4';
type Stop =
  | { kind: 'signal'; signal: number; thread: number }
  | { kind: 'point'; stop: DebugStop; thread: number; hardware: boolean }
  | { kind: 'ended'; exitCode: number | undefined; reason?: string };

export interface GdbStubOptions {
  /** Told of the run's end when the client is gone or detached, and of stub notices. */
  log?: (line: string) => void;
}

export class GdbStub {
  private readonly reader = new PacketReader();
  private noAck = false;
  private generalThread = 0;
  private running = false;
  private interrupted = false;
  private detached = false;
  private lastStop: Stop;
  private focus: string | undefined;
  private lastSent: Uint8Array | undefined;
  /** Points by address and kind (a count, as gdb may insert the same one twice). */
  private readonly points = new Map<string, number>();
  private resolveEnd!: (end: Extract<Stop, { kind: 'ended' }>) => void;
  /** Settles when the run is over, whatever the client did. */
  readonly finished: Promise<{ exitCode: number | undefined; reason?: string }>;

  constructor(
    private readonly target: DebugTarget,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly options: GdbStubOptions = {},
  ) {
    this.lastStop = { kind: 'signal', signal: 5, thread: target.currentThread() };
    this.finished = new Promise((resolve) => (this.resolveEnd = resolve));
  }

  receive(chunk: Uint8Array): void {
    for (const event of this.reader.push(chunk)) {
      if (event.kind === 'interrupt') this.interrupted = true;
      else if (event.kind === 'nak') {
        // The client got our last packet damaged: send it again.
        if (!this.noAck && this.lastSent && !this.detached) this.send(this.lastSent);
      } else if (event.kind === 'bad-packet') {
        if (!this.noAck) this.send(Uint8Array.of(0x2d));
      } else if (event.kind === 'packet') {
        if (!this.noAck) this.send(Uint8Array.of(0x2b));
        if (this.running) continue; // all-stop: nothing but ^C is meaningful while running
        const reply = this.handle(event.data);
        if (reply !== undefined) this.reply(reply);
      }
    }
  }

  /** The client went away: drop every point and let the run finish on its own. */
  disconnected(): void {
    if (this.detached) return;
    this.detach();
  }

  private detach(): void {
    this.detached = true;
    this.points.clear();
    this.target.triggers.clearDebugPoints();
    this.target.triggers.stopOnSwitch = false;
    if (!this.running) void this.runDetached();
  }

  private reply(data: string): void {
    if (this.detached) return;
    this.lastSent = framePacket(data);
    this.send(this.lastSent);
  }

  // ------------------------------------------------------------------ packets

  private handle(packet: string): string | undefined {
    const head = packet[0];
    const body = packet.slice(1);
    switch (head) {
      case '?': return this.stopReply(this.lastStop);
      case 'g': return this.readAllRegisters();
      case 'G': return this.writeAllRegisters(body);
      case 'p': return this.readRegister(body);
      case 'P': return this.writeRegister(body);
      case 'm': return this.readMemory(body);
      case 'M': return this.writeMemory(body, false);
      case 'X': return this.writeMemory(body, true);
      case 'Z': return this.setPoint(body, true);
      case 'z': return this.setPoint(body, false);
      case 'H': return this.selectThread(body);
      case 'T': return this.isAlive(parseThread(body)) ? 'OK' : ERR_THREAD;
      case 'c':
      case 's':
      case 'C':
      case 'S': return this.resumeFromPacket(head, body);
      case 'D':
        this.reply('OK');
        this.detach();
        return undefined;
      case 'k':
        this.target.kill();
        this.detach();
        return undefined;
      case 'q':
      case 'Q': return this.query(packet);
      case 'v': return this.verbose(packet);
    }
    return '';
  }

  private query(packet: string): string | undefined {
    if (packet.startsWith('qSupported')) {
      return `PacketSize=${MAX_PACKET.toString(16)};qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+`;
    }
    if (packet === 'QStartNoAckMode') {
      // The OK still travels under acks; after it, none.
      this.reply('OK');
      this.noAck = true;
      return undefined;
    }
    if (packet === 'qAttached') return '1';
    if (packet === 'qC') return `QC${this.target.currentThread().toString(16)}`;
    if (packet === 'qfThreadInfo') return 'm' + this.target.threads().map((t) => t.id.toString(16)).join(',');
    if (packet === 'qsThreadInfo') return 'l';
    if (packet.startsWith('qThreadExtraInfo,')) {
      const thread = this.thread(parseThread(packet.slice('qThreadExtraInfo,'.length)));
      return thread ? toHex(Buffer.from(thread.state)) : ERR_THREAD;
    }
    if (packet.startsWith('qXfer:')) return this.transfer(packet);
    if (packet.startsWith('qRcmd,')) return this.monitorCommand(packet.slice('qRcmd,'.length));
    if (packet === 'qSymbol::') return 'OK';
    return '';
  }

  private verbose(packet: string): string | undefined {
    if (packet === 'vCont?') return 'vCont;c;C;s;S;r';
    if (packet.startsWith('vCont;')) {
      // The first action that steps decides; the rest of the domains run anyway (one hart:
      // only one domain executes at a time). `r START,END` steps while pc stays in the range.
      const actions = packet.slice('vCont;'.length).split(';');
      const valid = actions.every((a) => /^([cCsS]([0-9a-fA-F]{2})?|r[0-9a-fA-F]{1,16},[0-9a-fA-F]{1,16})(:-?[0-9a-fA-F]+)?$/.test(a) || /^t(:.*)?$/.test(a));
      if (!valid) return ERR_BAD;
      const step = actions.map((a) => /^(?:[sS](?:[0-9a-fA-F]{2})?|r([0-9a-fA-F]+),([0-9a-fA-F]+))(?::(-?[0-9a-fA-F]+))?$/.exec(a)).find((m) => m);
      const range = step?.[1] !== undefined ? { start: BigInt('0x' + step[1]), end: BigInt('0x' + step[2]) } : undefined;
      void this.resume(step !== undefined && step !== null, step?.[3] !== undefined ? parseThread(step[3]) : undefined, range);
      return undefined;
    }
    if (packet.startsWith('vKill')) {
      this.target.kill();
      this.reply('OK');
      this.detach();
      return undefined;
    }
    return '';
  }

  private transfer(packet: string): string {
    const m = /^qXfer:(features|threads):read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(packet);
    if (!m) return ERR_BAD;
    const [, object, annex, offsetHex, lengthHex] = m;
    let text: string;
    if (object === 'features') {
      if (annex !== 'target.xml') return 'E00';
      text = targetXml();
    } else text = threadsXml(this.target.threads());
    const offset = parseInt(offsetHex, 16);
    const length = Math.min(parseInt(lengthHex, 16), MAX_PACKET - 16);
    const piece = text.slice(offset, offset + length);
    return (offset + length >= text.length ? 'l' : 'm') + piece;
  }

  private monitorCommand(hex: string): string {
    const bytes = fromHex(hex);
    if (!bytes) return ERR_BAD;
    const words = Buffer.from(bytes).toString('latin1').trim().split(/\s+/);
    const say = (text: string) => this.reply('O' + toHex(Buffer.from(text)));
    if (words[0] === 'focus') {
      if (words.length === 1) {
        this.focus = undefined;
        say('breakpoints and watchpoints stop in every domain\n');
      } else {
        this.focus = words.slice(1).join(' ');
        say(`breakpoints and watchpoints stop only in domains running ${this.focus}\n`);
      }
      return 'OK';
    }
    if (words[0] === 'threads') {
      say(this.target.threads().map((t) => `${t.id} ${t.name}: ${t.state}\n`).join(''));
      return 'OK';
    }
    say('monitor commands: focus NAME (breakpoints only in that section\'s domains), focus (all domains), threads\n');
    return words[0] === 'help' || words[0] === '' ? 'OK' : 'E01';
  }

  // ------------------------------------------------------------------ threads

  private threadFor(id: number): number {
    return id <= 0 ? this.target.currentThread() : id;
  }

  private thread(id: number | undefined): DebugThread | undefined {
    if (id === undefined) return undefined;
    const wanted = this.threadFor(id);
    return this.target.threads().find((t) => t.id === wanted);
  }

  private isAlive(id: number | undefined): boolean {
    return this.thread(id) !== undefined;
  }

  private selectThread(body: string): string {
    const id = parseThread(body.slice(1));
    if ((body[0] !== 'g' && body[0] !== 'c') || id === undefined) return ERR_BAD;
    if (id > 0 && !this.isAlive(id)) return ERR_THREAD;
    if (body[0] === 'g') this.generalThread = id;
    return 'OK';
  }

  // ------------------------------------------------------------------ registers and memory

  private registers(): bigint[] | undefined {
    return this.target.readRegisters(this.threadFor(this.generalThread));
  }

  private readAllRegisters(): string {
    const regs = this.registers();
    return regs ? regs.map(registerHex).join('') : ERR_THREAD;
  }

  private writeAllRegisters(body: string): string {
    if (body.length !== 33 * 16) return ERR_BAD;
    const values = Array.from({ length: 33 }, (_, i) => registerFromHex(body.slice(i * 16, i * 16 + 16)));
    if (values.some((v) => v === undefined)) return ERR_BAD;
    const thread = this.threadFor(this.generalThread);
    for (let i = 1; i < 33; i++) if (!this.target.writeRegister(thread, i, values[i]!)) return ERR_THREAD;
    return 'OK';
  }

  private readRegister(body: string): string {
    const index = parseHexNumber(body);
    if (index === undefined) return ERR_BAD;
    const regs = this.registers();
    if (!regs) return ERR_THREAD;
    return index < 33n ? registerHex(regs[Number(index)]) : ERR_BAD;
  }

  private writeRegister(body: string): string {
    const m = /^([0-9a-fA-F]+)=([0-9a-fA-F]{16})$/.exec(body);
    const index = m && parseHexNumber(m[1]);
    const value = m && registerFromHex(m[2]);
    if (index === undefined || index === null || value === undefined || value === null || index >= 33n) return ERR_BAD;
    if (index === 0n) return 'OK';
    return this.target.writeRegister(this.threadFor(this.generalThread), Number(index), value) ? 'OK' : ERR_THREAD;
  }

  private readMemory(body: string): string {
    const m = /^([0-9a-fA-F]{1,16}),([0-9a-fA-F]{1,8})$/.exec(body);
    if (!m) return ERR_BAD;
    const address = BigInt('0x' + m[1]);
    const length = Math.min(parseInt(m[2], 16), MAX_MEMORY);
    const thread = this.threadFor(this.generalThread);
    const whole = this.target.readMemory(thread, address, length);
    if (whole) return toHex(whole);
    // As much as the domain can read from the start, page by page (gdb accepts a short read).
    let done = '';
    for (let at = address; at < address + BigInt(length); ) {
      const end = (at / PAGE + 1n) * PAGE;
      const piece = this.target.readMemory(thread, at, Number((end < address + BigInt(length) ? end : address + BigInt(length)) - at));
      if (!piece) break;
      done += toHex(piece);
      at = end;
    }
    return done.length > 0 ? done : ERR_FAULT;
  }

  private writeMemory(body: string, binary: boolean): string {
    const m = /^([0-9a-fA-F]{1,16}),([0-9a-fA-F]{1,8}):/s.exec(body);
    if (!m) return ERR_BAD;
    const address = BigInt('0x' + m[1]);
    const length = parseInt(m[2], 16);
    const data = body.slice(m[0].length);
    const bytes = binary ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : fromHex(data);
    if (!bytes || bytes.length !== length || length > MAX_MEMORY) return ERR_BAD;
    if (length === 0) return 'OK';
    return this.target.writeMemory(this.threadFor(this.generalThread), address, bytes) ? 'OK' : ERR_FAULT;
  }

  // ------------------------------------------------------------------ breakpoints and watchpoints

  private setPoint(body: string, insert: boolean): string {
    const m = /^([0-4]),([0-9a-fA-F]{1,16}),([0-9a-fA-F]{1,8})(;.*)?$/s.exec(body);
    if (!m) return ERR_BAD;
    const kind = m[1] as PointKind;
    const address = toAddress(BigInt('0x' + m[2]));
    const length = parseInt(m[3], 16);
    if (address === undefined || (kind >= '2' && (length === 0 || length > 1 << 20))) return ERR_BAD;
    const key = `${kind}:${address}:${kind >= '2' ? length : 0}`;
    const triggers = this.target.triggers;
    const count = this.points.get(key) ?? 0;
    if (insert) {
      if (count === 0 && this.points.size >= MAX_POINTS) return ERR_SPACE;
      this.points.set(key, count + 1);
      if (count > 0) return 'OK';
      if (kind <= '1') {
        if (!this.hasBreakpointAt(address, kind)) triggers.addBreakpoint(address);
      } else triggers.addWatch(address, length, watchKind(kind));
      return 'OK';
    }
    if (count === 0) return 'OK';
    if (count > 1) {
      this.points.set(key, count - 1);
      return 'OK';
    }
    this.points.delete(key);
    if (kind <= '1') {
      if (!this.hasBreakpointAt(address, kind)) triggers.removeBreakpoint(address);
    } else triggers.removeWatch(address, length, watchKind(kind));
    return 'OK';
  }

  /** Is there a breakpoint of the other kind (software/hardware) at `address`? They share the trigger. */
  private hasBreakpointAt(address: number, except: PointKind): boolean {
    return this.points.has(`${except === '0' ? '1' : '0'}:${address}:0`);
  }

  // ------------------------------------------------------------------ running

  private resumeFromPacket(head: string, body: string): string | undefined {
    // `c [addr]`, `s [addr]`, `C sig[;addr]`, `S sig[;addr]`: signals mean nothing here.
    const addressText = head === 'C' || head === 'S' ? body.split(';')[1] : body;
    if (head === 'C' || head === 'S') {
      if (!/^[0-9a-fA-F]{2}(;[0-9a-fA-F]{1,16})?$/.test(body)) return ERR_BAD;
    }
    if (addressText !== undefined && addressText !== '') {
      const address = parseHexNumber(addressText);
      if (address === undefined) return ERR_BAD;
      this.target.writeRegister(this.target.currentThread(), 32, address);
    }
    void this.resume(head === 's' || head === 'S', undefined);
    return undefined;
  }

  private async resume(step: boolean, thread: number | undefined, range?: { start: bigint; end: bigint }): Promise<void> {
    this.running = true;
    this.interrupted = false;
    const stop = step ? await this.stepRange(thread, range) : await this.continueRun();
    this.running = false;
    if (stop.kind === 'ended') {
      this.finish(stop);
      return;
    }
    this.lastStop = stop;
    if (this.detached) {
      void this.runDetached();
      return;
    }
    this.reply(this.stopReply(stop));
  }

  private async continueRun(): Promise<Stop> {
    for (;;) {
      if (this.detached) return this.runToEnd();
      if (this.interrupted) return { kind: 'signal', signal: 2, thread: this.target.currentThread() };
      const outcome = this.target.advance(SLICE);
      const stop = this.stopFrom(outcome);
      if (stop) return stop;
      await nextTurn();
    }
  }

  /** Steps the thread while its pc stays in [start, end) (gdb's range stepping), else once. */
  private async stepRange(requested: number | undefined, range: { start: bigint; end: bigint } | undefined): Promise<Stop> {
    for (let steps = 1; ; steps++) {
      const stop = await this.step(requested);
      if (!range || stop.kind !== 'signal' || stop.signal !== 5 || this.interrupted || this.detached) return stop;
      const pc = this.target.readRegisters(stop.thread)?.[32];
      if (pc === undefined || pc < range.start || pc >= range.end) return stop;
      requested = stop.thread;
      if (steps % 20_000 === 0) await nextTurn();
    }
  }

  /**
   * One instruction of the thread gdb steps (the current one unless it names another).
   * When that instruction leaves the domain (an ecall into a server, or into the host),
   * the others run until it is back, so `stepi` over a call lands after the ecall.
   */
  private async step(requested: number | undefined): Promise<Stop> {
    const thread = requested !== undefined && requested > 0 && this.isAlive(requested) ? requested : this.target.currentThread();
    const triggers = this.target.triggers;
    if (thread === this.target.currentThread()) {
      const stop = this.stopFrom(this.target.advance(1));
      if (stop) return stop;
      if (this.target.currentThread() === thread) return { kind: 'signal', signal: 5, thread };
    }
    triggers.stopOnSwitch = true;
    try {
      for (;;) {
        if (this.detached) return this.runToEnd();
        if (this.interrupted) return { kind: 'signal', signal: 2, thread: this.target.currentThread() };
        const stop = this.stopFrom(this.target.advance(SLICE));
        if (stop) return stop;
        const current = this.target.currentThread();
        if (current === thread || !this.isAlive(thread)) return { kind: 'signal', signal: 5, thread: current };
        await nextTurn();
      }
    } finally {
      triggers.stopOnSwitch = false;
    }
  }

  /** What an advance means for gdb: a stop to report, or undefined to keep going. */
  private stopFrom(outcome: DebugAdvance): Stop | undefined {
    if (outcome.kind === 'ended') return outcome;
    if (outcome.kind === 'paused') return undefined;
    const triggers = this.target.triggers;
    const stop = triggers.debugStop;
    triggers.debugStop = undefined;
    // A domain switch only matters to `step`, which looks at the current thread itself.
    if (!stop || stop.kind === 'switch') return undefined;
    const thread = this.target.currentThread();
    if (this.focus !== undefined && !this.focused(thread)) {
      this.stepOverPoints();
      return undefined;
    }
    const hardware = stop.kind === 'breakpoint' && !this.points.has(`0:${stop.pc}:0`);
    return { kind: 'point', stop, thread, hardware };
  }

  private focused(thread: number): boolean {
    const t = this.thread(thread);
    return t !== undefined && this.focus !== undefined && t.names.includes(this.focus);
  }

  /** Executes the instruction a point stopped at with every point lifted, then puts them back. */
  private stepOverPoints(): void {
    const triggers = this.target.triggers;
    triggers.clearDebugPoints();
    const outcome = this.target.advance(1);
    triggers.debugStop = undefined;
    for (const key of this.points.keys()) {
      const [kind, address, length] = key.split(':');
      if (kind <= '1') triggers.addBreakpoint(Number(address));
      else triggers.addWatch(Number(address), Number(length), watchKind(kind as PointKind));
    }
    if (outcome.kind === 'ended') this.finish(outcome);
  }

  private async runToEnd(): Promise<Stop> {
    for (;;) {
      const outcome = this.target.advance(SLICE * 10);
      if (outcome.kind === 'ended') return outcome;
      this.target.triggers.debugStop = undefined;
      await nextTurn();
    }
  }

  private async runDetached(): Promise<void> {
    const end = await this.runToEnd();
    if (end.kind === 'ended') this.finish(end);
  }

  private finish(end: Extract<Stop, { kind: 'ended' }>): void {
    if (!this.detached) this.reply(end.exitCode === undefined ? 'X0f' : `W${(end.exitCode & 0xff).toString(16).padStart(2, '0')}`);
    this.resolveEnd(end);
  }

  private stopReply(stop: Stop): string {
    if (stop.kind === 'ended') return stop.exitCode === undefined ? 'X0f' : `W${(stop.exitCode & 0xff).toString(16).padStart(2, '0')}`;
    const thread = `thread:${stop.thread.toString(16)};`;
    if (stop.kind === 'signal') return `T${stop.signal.toString(16).padStart(2, '0')}${thread}`;
    const s = stop.stop;
    if (s.kind === 'watch') {
      const name = s.access === 'write' ? 'watch' : s.access === 'read' ? 'rwatch' : 'awatch';
      return `T05${thread}${name}:${BigInt.asUintN(64, BigInt(s.address)).toString(16)};`;
    }
    return `T05${thread}${stop.hardware ? 'hwbreak' : 'swbreak'}:;`;
  }
}

function parseThread(text: string): number | undefined {
  if (text === '-1') return -1;
  if (!/^[0-9a-fA-F]{1,8}$/.test(text)) return undefined;
  return parseInt(text, 16);
}

/** A guest virtual address as the hart holds pcs (a signed JS number), if it is one. */
function toAddress(value: bigint): number | undefined {
  const signed = BigInt.asIntN(64, value);
  return signed >= -(1n << 53n) && signed < 1n << 53n ? Number(signed) : undefined;
}

function watchKind(kind: PointKind): 'write' | 'read' | 'access' {
  return kind === '2' ? 'write' : kind === '3' ? 'read' : 'access';
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
