// The GDB stub against a scripted client over TCP, on the real platform running
// samples/server-chain: malformed packets get error replies, memory is read through the
// selected domain's own page table (another domain's bytes read as an error), 10,000
// breakpoints are accepted, points stop in the right domain, and a client that goes away
// mid-step leaves the run to finish with the same output and exit status.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSource } from '../compiler/run-program.js';
import { debugPlatform } from '../../emulator/monitor/debug-target.js';
import { runPlatform } from '../../emulator/monitor/platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/monitor/attestation.js';
import { readElf } from '../../compiler/asm/index.js';
import { GdbClient } from './helpers/gdb-client.js';
import { serveGdb } from '../../emulator/gdb-server.js';
import { monitorDebugTarget } from '../../emulator/monitor/debug-target.js';
import { startPlatform } from '../../emulator/monitor/platform.js';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';

const root = join(import.meta.dirname, '../..');
// Unoptimised, as a debugging build is (`penglaic build -O 0`): the stops and thread numbers below
// follow the source's own statements.
const built = buildSource(readFileSync(join(root, 'samples/server-chain/main.pen'), 'utf8'), 'main.pen', { optimize: false });
const files = new Map(built.images.map((i) => [i.source.fileName, i.elf]));
const hostElf = built.images.find((i) => i.source.section.kind === 'host')!.elf;
const sectionOf = (monitorName: string) => built.images.find((i) => (i.source.section.registeredName ?? i.source.section.name) === monitorName)?.source.section.name;
const elfOf = (section: string) => built.images.find((i) => i.source.section.name === section)!.elf;
const symbol = (section: string, name: string) => {
  const elf = readElf(elfOf(section));
  if (!elf.ok) throw new Error('bad elf');
  return elf.value.symbols.find((s) => s.name === name)!.value;
};
const hex = (n: bigint) => n.toString(16);
const bytesAt = (section: string, va: bigint, length: number) => {
  const elf = readElf(elfOf(section));
  if (!elf.ok) throw new Error('bad elf');
  const segment = elf.value.segments.find((s) => va >= s.vaddr && va < s.vaddr + BigInt(s.fileSize))!;
  const offset = segment.offset + Number(va - segment.vaddr);
  return Buffer.from(elfOf(section).subarray(offset, offset + length)).toString('hex');
};

const expectedOutput = (() => {
  let out = '';
  const outcome = runPlatform({ deviceSeed: INSECURE_FIXED_DEVICE_SEED, hostElf, hostArgs: ['host.elf'], files, stdout: (b) => (out += Buffer.from(b).toString('latin1')) });
  if ('error' in outcome) throw new Error(outcome.error);
  return { out, exitCode: outcome.exitCode };
})();

async function session() {
  let stdout = '';
  let port = 0;
  const ready = new Promise<void>((resolve) => {
    void debugPlatform({ deviceSeed: INSECURE_FIXED_DEVICE_SEED, hostElf, hostArgs: ['host.elf'], files, stdout: (b) => (stdout += Buffer.from(b).toString('latin1')) }, 0, sectionOf, (p) => {
      port = p;
      resolve();
    }).then((outcome) => (result = outcome));
  });
  let result: Awaited<ReturnType<typeof debugPlatform>> | undefined;
  await ready;
  const client = await GdbClient.open(port);
  const finished = async () => {
    for (let i = 0; i < 600 && result === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    if (!result || 'error' in result) throw new Error('the run did not finish');
    return { exitCode: result.exitCode, stdout };
  };
  return { client, finished };
}

describe('GDB stub protocol', () => {
  it('listens on the loopback address only', async () => {
    const platform = startPlatform({ deviceSeed: INSECURE_FIXED_DEVICE_SEED, hostElf, hostArgs: ['host.elf'], files, stdout: () => {} });
    if ('error' in platform) throw new Error(platform.error);
    const server = await serveGdb(monitorDebugTarget(platform), 0);
    expect(server.host).toBe('127.0.0.1');
    const outside = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (outside) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(server.port, outside.address, () => resolve(false));
        socket.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
    const client = await GdbClient.open(server.port);
    expect(await client.ask('D')).toBe('OK');
    expect((await server.finished).exitCode).toBe(expectedOutput.exitCode);
  });

  it('answers malformed and unknown packets with errors, never a crash', async () => {
    const { client, finished } = await session();
    client.raw('$g#00');
    expect(await client.ack()).toBe('-');
    client.raw('junk before a packet');
    expect(await client.ask('qC')).toBe('QC1');
    client.raw('$m100');
    client.raw('$qC#b4');
    expect(await client.ack()).toBe('-'); // the cut-short packet
    expect(await client.packet()).toBe('QC1');
    client.raw('$' + 'x'.repeat(0x5000) + '#00');
    expect(await client.ack()).toBe('-');
    expect(await client.ask('qC')).toBe('QC1');
    for (const bad of ['m', 'mzz,4', 'm10000,', 'M10000,4:zz', 'M10000,4:00', 'X10000,8:ab', 'Z9,1000,4', 'Z0,1000', 'Z2,1000,0', 'p', 'p99', 'Pzz=1', 'G00', 'Hq1', 'Hgzz', 'vCont;q', 'C', 'Sxyz', 'qXfer:features:read:target.xml:zz', 'qRcmd,zz']) {
      expect([bad, await client.ask(bad)]).toEqual([bad, 'E16']);
    }
    expect(await client.ask('Hg77')).toBe('E03');
    expect(await client.ask('T77')).toBe('E03');
    expect(await client.ask('qThreadExtraInfo,77')).toBe('E03');
    expect(await client.ask('qXfer:features:read:other.xml:0,100')).toBe('E00');
    expect(await client.ask('qRcmd,' + Buffer.from('nonsense').toString('hex'))).toMatch(/^O/);
    expect(await client.packet()).toBe('E01');
    expect(await client.ask('vBogus')).toBe('');
    client.raw('-');
    expect(await client.packet()).toBe(''); // a damaged reply is sent again
    expect(await client.ask('?')).toBe('T05thread:1;');
    client.close();
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });

  it('serves the target description, the threads and their registers', async () => {
    const { client, finished } = await session();
    expect(await client.ask('qSupported:multiprocess+;swbreak+;hwbreak+')).toBe('PacketSize=4000;qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+');
    const xml = await client.ask('qXfer:features:read:target.xml:0,3fff');
    expect(xml.startsWith('l<?xml version="1.0"?>')).toBe(true);
    expect(xml).toContain('<feature name="org.gnu.gdb.riscv.cpu">');
    expect(xml).toContain('<reg name="pc" bitsize="64" type="code_ptr" regnum="32"/>');
    expect(await client.ask('qXfer:features:read:target.xml:0,10')).toBe('m<?xml version="1');
    const regs = await client.ask('g');
    expect(regs.length).toBe(33 * 16);
    expect(regs.slice(32 * 16)).toBe('0000010000000000'); // pc = 0x10000, the host's entry
    expect(await client.ask('p20')).toBe('0000010000000000');
    expect(await client.ask('qfThreadInfo')).toBe('m1');
    expect(await client.ask('qsThreadInfo')).toBe('l');
    client.close();
    await finished();
  });

  it('stops in the domain a breakpoint is for; memory is each domain\'s own, and another domain\'s is an error', async () => {
    const { client, finished } = await session();
    const fill = symbol('Adder', 'f_fill');
    expect(await client.ask('qRcmd,' + Buffer.from('focus Adder').toString('hex'))).toMatch(/^O/);
    expect(await client.packet()).toBe('OK');
    expect(await client.ask(`Z1,${hex(fill)},4`)).toBe('OK');
    expect(await client.ask('c')).toBe('T05thread:2;hwbreak:;');
    expect(await client.ask('qfThreadInfo')).toBe('m1,2,3,4');
    const threads = await client.ask('qXfer:threads:read::0,fff');
    expect(threads).toContain('<thread id="2" name="Adder (server test-server)">running</thread>');
    expect(threads).toContain('<thread id="3" name="Relay (server test-server1)">waiting in a call to test-server</thread>');
    expect(threads).toContain('<thread id="1" name="host">waiting in RUN of Caller</thread>');
    expect(await client.ask('qThreadExtraInfo,4')).toBe(Buffer.from('waiting in a call to test-server1').toString('hex'));
    // Each domain reads its own image at the same virtual address.
    const relayFill = symbol('Relay', 'f_fill');
    expect(await client.ask('Hg2')).toBe('OK');
    expect(await client.ask(`m${hex(fill)},10`)).toBe(bytesAt('Adder', fill, 16));
    expect(await client.ask('Hg3')).toBe('OK');
    expect(await client.ask(`m${hex(relayFill)},10`)).toBe(bytesAt('Relay', relayFill, 16));
    // The host cannot see enclave memory, and nobody sees what is not mapped.
    expect(await client.ask('Hg1')).toBe('OK');
    expect(await client.ask(`m${hex(fill)},10`)).toBe('E0e');
    expect(await client.ask('m80000000,10')).toBe('E0e');
    expect(await client.ask('Hg2')).toBe('OK');
    expect(await client.ask('m0,8')).toBe('E0e');
    expect(await client.ask('mffffffffffffffff,8')).toBe('E0e');
    // Code is not writable through the debugger: the enclave's measured pages stay as they are.
    expect(await client.ask(`M${hex(fill)},4:13000000`)).toBe('E0e');
    // A read running past the top of the stack returns what could be read.
    expect(await client.ask('Hg2')).toBe('OK');
    expect(await client.ask('m37fffffff8,10')).toHaveLength(16);
    expect(await client.ask(`z1,${hex(fill)},4`)).toBe('OK');
    // By registered name too: Relay is "test-server1". Its fill has already run (it is
    // waiting in its call), so a breakpoint on the instruction after its call returns stops it.
    expect(await client.ask('qRcmd,' + Buffer.from('focus test-server1').toString('hex'))).toMatch(/^O/);
    expect(await client.packet()).toBe('OK');
    const relayPc = (await client.ask('Hg3'), await client.ask('p20'));
    const resume = BigInt('0x' + Buffer.from(relayPc, 'hex').reverse().toString('hex'));
    expect(await client.ask(`Z0,${hex(resume)},4`)).toBe('OK');
    expect(await client.ask('c')).toBe('T05thread:3;swbreak:;');
    expect(await client.ask(`z0,${hex(resume)},4`)).toBe('OK');
    expect(await client.ask('c')).toBe('W00');
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });

  it('a write watchpoint stops before the store, in the domain that stores', async () => {
    const { client, finished } = await session();
    // The Caller caches its transfer region's address there; the servers have bss there too.
    const incoming = symbol('Caller', '__pgl_placed_0');
    expect(incoming).toBe(symbol('Relay', '__pgl_incoming_region'));
    expect(await client.ask(`Z2,${hex(incoming)},8`)).toBe('OK');
    expect(await client.ask('c')).toBe(`T05thread:4;watch:${hex(incoming)};`);
    expect(await client.ask('Hg4')).toBe('OK');
    expect(await client.ask(`m${hex(incoming)},8`)).toBe('0000000000000000');
    expect(await client.ask(`z2,${hex(incoming)},8`)).toBe('OK');
    expect(await client.ask('s')).toBe('T05thread:4;');
    expect(await client.ask(`m${hex(incoming)},8`)).not.toBe('0000000000000000');
    expect(await client.ask('D')).toBe('OK');
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });

  it('takes 10,000 breakpoints, and the run still ends with the same output and status', async () => {
    const { client, finished } = await session();
    for (let i = 0; i < 10_000; i++) {
      client.raw(`$Z0,${(0x4000_0000 + 4 * i).toString(16)},4#`.replace(/#$/, '') + checksumTail(`Z0,${(0x4000_0000 + 4 * i).toString(16)},4`));
    }
    for (let i = 0; i < 10_000; i++) expect(await client.packet()).toBe('OK');
    expect(await client.ask('c')).toBe('W00');
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });

  it('Ctrl-C stops a continue with SIGINT; continuing then runs to the same end', async () => {
    const { client, finished } = await session();
    client.raw(Buffer.concat([Buffer.from('$c#63', 'latin1'), Uint8Array.of(0x03)]));
    expect(await client.packet()).toMatch(/^T02thread:[0-9a-f]+;$/);
    expect(await client.ask('c')).toBe('W00');
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });

  it('random bytes and random packets never throw and always leave the stub answering', async () => {
    const stub = await import('../../emulator/gdb-stub.js');
    const platform = startPlatform({ deviceSeed: INSECURE_FIXED_DEVICE_SEED, hostElf, hostArgs: ['host.elf'], files, stdout: () => {} });
    if ('error' in platform) throw new Error(platform.error);
    const sent: Uint8Array[] = [];
    const gdb = new stub.GdbStub(monitorDebugTarget(platform), (b) => sent.push(b));
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    const alphabet = 'gGpPmMXZzHTqQv?cs,:;=#$}*0123456789abcdefxX-';
    for (let round = 0; round < 3000; round++) {
      if (round % 2 === 0) {
        gdb.receive(Uint8Array.from({ length: 1 + (next() % 40) }, next));
      } else {
        // Well-framed packets with random bodies from the protocol's own characters (no
        // resumption: c and s would start the run).
        const body = Array.from({ length: 1 + (next() % 24) }, () => alphabet[next() % alphabet.length]).join('').replace(/^[cCsSvDkR]/, 'q');
        let sum = 0;
        for (const c of Buffer.from(body, 'latin1')) sum = (sum + c) & 0xff;
        gdb.receive(Buffer.from(`$${body}#${sum.toString(16).padStart(2, '0')}`, 'latin1'));
      }
    }
    sent.length = 0;
    gdb.receive(Buffer.from('$qC#b4', 'latin1'));
    expect(Buffer.concat(sent).toString('latin1')).toMatch(/\$QC[0-9a-f]+#[0-9a-f]{2}$/);
  });

  it('monitor threads lists the domains; kill ends the run there, without an exit status', async () => {
    const { client, finished } = await session();
    expect(await client.ask('qRcmd,' + Buffer.from('threads').toString('hex'))).toBe('O' + Buffer.from('1 host: running\n').toString('hex'));
    expect(await client.packet()).toBe('OK');
    client.raw('$k#6b');
    expect(await finished()).toEqual({ exitCode: undefined, stdout: '' });
  });

  it('a client that disconnects in the middle of a step leaves the run to finish', async () => {
    const { client, finished } = await session();
    const fill = symbol('Adder', 'f_fill');
    expect(await client.ask(`Z0,${hex(fill)},4`)).toBe('OK');
    expect(await client.ask('c')).toBe('T05thread:4;swbreak:;'); // the Caller's code at the same address: no focus
    // A step over an ecall waits for the domain to come back: hang up while it does.
    client.raw('$vCont;r1000,ffffff#' + sum('vCont;r1000,ffffff'));
    client.close();
    expect(await finished()).toEqual({ exitCode: expectedOutput.exitCode, stdout: expectedOutput.out });
  });
});

function sum(data: string): string {
  let s = 0;
  for (const c of Buffer.from(data, 'latin1')) s = (s + c) & 0xff;
  return s.toString(16).padStart(2, '0');
}

function checksumTail(data: string): string {
  return '#' + sum(data);
}
