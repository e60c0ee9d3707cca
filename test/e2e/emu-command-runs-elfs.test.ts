// `penglaic emu` runs one ELF: a static Linux user program (same output and status as
// under qemu-riscv64), or with --bare a bare-metal program that exits through HTIF.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleElf, compileC, compileGlibc, requireTool } from '../emulator/helpers/cross-tools.js';
import { LINUX_STUBS_C } from '../emulator/helpers/linux-stubs.js';
import { bareSource } from '../emulator/helpers/bare-program.js';
import { binary, penglaic, scratchDir } from './cli.js';

const PROGRAM = String.raw`
int main(int argc, char **argv) {
  puts_("args:");
  for (int i = 1; i < argc; i++) { puts_(" "); puts_(argv[i]); }
  puts_("\n");
  u64 f = 1;
  for (int i = 1; i <= 20; i++) f *= i;
  puts_("20! = "); putu(f); puts_("\n");
  return 7;
}`;

/** Echoes standard input in upper case as it reads it, then the byte count. */
const ECHO_UPPER = String.raw`
int main() {
  char buf[64]; long n; u64 total = 0;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (long i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    write(1, buf, n); total += n;
  }
  puts_("\n"); putu(total); puts_(" bytes\n");
  return n;
}`;

describe('penglaic emu', () => {
  it('runs a static Linux ELF like qemu-riscv64: same output, same exit status', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + PROGRAM });
    const ours = penglaic(['emu', elf.path, 'one', 'two'], scratchDir());
    const qemu = spawnSync(requireTool('qemu-riscv64'), [elf.path, 'one', 'two'], { encoding: 'utf8' });
    expect(ours.stdout).toBe('args: one two\n20! = 2432902008176640000\n');
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(7);
    expect(qemu.status).toBe(7);
  });

  it('runs a static glibc rv64gc program (printf of doubles) like qemu-riscv64', () => {
    const elf = compileGlibc(join(import.meta.dirname, '../emulator/glibc/printf-doubles.c'));
    const ours = penglaic(['emu', elf.path], scratchDir());
    const qemu = spawnSync(requireTool('qemu-riscv64'), [elf.path], { encoding: 'utf8' });
    expect(ours.stdout.split('\n')[4]).toBe('3.14159 3.141593 3.141593e+00 3.1415926535897931 0x1.921fb54442d18p+1');
    expect({ stdout: ours.stdout, status: ours.status }).toEqual({ stdout: qemu.stdout, status: qemu.status });
  });

  it('--stats reports retired instructions, wall time, MIPS and each tier\'s share, the tiers adding up', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + PROGRAM });
    const run = penglaic(['emu', '--stats', elf.path], scratchDir());
    const tier = (name: string) => `tier ${name}: (\\d+) instructions \\([\\d.]+%\\), [\\d.]+ ms \\([\\d.]+%\\)\\n`;
    const shape = new RegExp(`^instructions: (\\d+)\\nwall time: [\\d.]+ ms\\nMIPS: [\\d.]+\\n${tier('interpreter \\(and syscalls, traps\\)')}${tier('JS blocks')}${tier('wasm regions')}`
      + 'translation: \\d+ blocks in [\\d.]+ ms, \\d+ regions in [\\d.]+ ms \\([\\d.]+%\\)\\n$');
    const m = shape.exec(run.stderr);
    expect(m, run.stderr).not.toBeNull();
    expect(Number(m![2]) + Number(m![3]) + Number(m![4])).toBe(Number(m![1]));
  });

  it('--bare boots in M-mode and exits with the HTIF status', () => {
    const elf = assembleElf(bareSource('li a0, 3\nj exit'));
    const run = penglaic(['emu', '--bare', elf.path], scratchDir());
    expect(run.status).toBe(3);
  });

  it('gives the program its standard input, piped all at once, like qemu-riscv64', () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + ECHO_UPPER });
    const input = 'hello from the pipe\n'.repeat(300) + 'no newline at the end';
    const ours = penglaic(['emu', elf.path], scratchDir(), { input });
    const qemu = spawnSync(requireTool('qemu-riscv64'), [elf.path], { input, encoding: 'utf8' });
    expect(ours.stdout).toBe(`${input.toUpperCase()}\n${input.length} bytes\n`);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
  });

  it('reads input as it arrives: each read returns what the pipe holds, not only at end of file', async () => {
    const elf = compileC({ 'prog.c': LINUX_STUBS_C + ECHO_UPPER });
    const child = spawn(process.execPath, [binary, 'emu', elf.path], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('latin1')));
    const echoed = (text: string) => new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => (stdout.includes(text) ? resolve() : Date.now() - started > 20_000 ? reject(new Error(`no echo of ${text}: ${stdout}`)) : setTimeout(poll, 10));
      poll();
    });
    child.stdin.write('first line\n');
    await echoed('FIRST LINE\n');
    child.stdin.write('second\n');
    await echoed('SECOND\n');
    child.stdin.end();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toBe('FIRST LINE\nSECOND\n\n18 bytes\n');
    expect(status).toBe(0);
  });

  it('--bare with an entry point outside RAM stops at once with the trap loop it is in', () => {
    const bytes = assembleElf(bareSource('li a0, 0\nj exit')).bytes.slice();
    new DataView(bytes.buffer).setBigUint64(24, 0x1000_0000n, true);
    const dir = scratchDir();
    writeFileSync(join(dir, 'far.elf'), bytes);
    const started = Date.now();
    const run = penglaic(['emu', '--bare', '--max-steps', '100000000', 'far.elf'], dir);
    expect(run.stderr).toBe('penglaic: far.elf is stuck in a trap loop: instruction access fault at pc 0x0 (tval 0x0) traps back to the same pc with no instruction retired, after 0 instructions\n');
    expect(run.status).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('runs an rv64gc lp64d ELF and refuses a quad-float one at load time', () => {
    const elf = compileC({ 'prog.c': `${LINUX_STUBS_C}\nvolatile double x = 2.5;\nint main(){ return (int)(x * 2); }` }, ['-march=rv64gc', '-mabi=lp64d']);
    expect(penglaic(['emu', elf.path], scratchDir()).status).toBe(5);
    const quad = join(scratchDir(), 'quad.elf');
    const bytes = readFileSync(elf.path);
    bytes[48] |= 6; // e_flags EF_RISCV_FLOAT_ABI = quad
    writeFileSync(quad, bytes);
    const run = penglaic(['emu', quad], scratchDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^penglaic: error: .*quad\.elf: the ELF needs the Q extension \(float ABI quad \(lp64q\) in e_flags, ISA rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0[^)]*\); this emulator implements RV64GC \(IMAFDC with Zicsr and Zifencei\) only\n$/);
  });

  it('a file that is not an ELF is a clear error', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'junk.elf'), 'not an elf at all');
    const run = penglaic(['emu', 'junk.elf'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^penglaic: error: junk.elf: .+\n$/);
  });
});

describe('penglaic attest and verify', () => {
  it('a report verifies against the measurement build predicts, and not against another image or nonce', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'main.pen'), 'enclave E { fn main() -> i64 { return 1; } }\nenclave F { fn main() -> i64 { return 2; } }\nhost { }\n');
    expect(penglaic(['build'], dir).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8'));
    expect(manifest.images[0].measurement).toMatch(/^[0-9a-f]{64}$/);
    expect(penglaic(['attest', 'build/E.elf', '--nonce', '1234', '--out', 'report.bin'], dir).stdout).toBe('wrote report.bin: report of build/E.elf for nonce 1234\n');
    const good = penglaic(['verify', 'report.bin', '--elf', 'build/E.elf', '--nonce', '1234'], dir);
    expect(good.stdout).toBe(`report verified: build/E.elf (measurement ${manifest.images[0].measurement}), nonce 1234\n`);
    expect(good.status).toBe(0);
    const other = penglaic(['verify', 'report.bin', '--elf', 'build/F.elf'], dir);
    expect(other.stdout).toBe('report rejected: the enclave measurement is not the expected one\n');
    expect(other.status).toBe(1);
    const stale = penglaic(['verify', 'report.bin', '--elf', 'build/E.elf', '--nonce', '99'], dir);
    expect(stale.stdout).toBe('report rejected: the report answers nonce 1234, not 99\n');
    const tampered = readFileSync(join(dir, 'report.bin'));
    tampered[200] ^= 1;
    writeFileSync(join(dir, 'report.bin'), tampered);
    expect(penglaic(['verify', 'report.bin', '--elf', 'build/E.elf'], dir).status).toBe(1);
  });
});
