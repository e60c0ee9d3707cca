// The real client: Debian's gdb-multiarch in batch mode against `penglaic run --gdb`,
// on samples/server-chain. A breakpoint in a server function (by file and line), the
// backtrace and an argument, locals, next/step/finish, the thread list showing which
// domain runs and which wait in calls, and the run to the end: the program's output and
// exit status are the same as without the debugger.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readElf } from '../../compiler/asm/index.js';
import { copySample, penglaic, repoRoot, scratchDir } from './cli.js';
import { debugWithGdb } from './gdb-session.js';

const commands = `
monitor focus Adder
break main.pen:8
continue
bt
print tag
info locals
next
next
info locals
list 9,10
step
info threads
finish
continue
`;

/** Where a domain waits inside `__pgl_call_enclave`, as gdb prints it: the runtime library's
 *  layout moves with the library, so the address is read from the built image. */
function waitingPc(dir: string, image: string): string {
  const elf = readElf(new Uint8Array(readFileSync(join(dir, 'build', image))));
  if (!elf.ok) throw new Error(`${image}: ${elf.error.message}`);
  const symbol = elf.value.symbols.find((s) => s.name === '__pgl_call_enclave');
  if (!symbol) throw new Error(`${image} has no __pgl_call_enclave`);
  return `0x${(symbol.value + WAIT_OFFSET).toString(16).padStart(16, '0')}`;
}
/** The ecall of a call is this far into __pgl_call_enclave (runtime/lib/enclave.ts). */
const WAIT_OFFSET = 0x10n;

describe('gdb-multiarch debugs a server', () => {
  it('breaks in Adder.fill, shows bt, arguments, locals and threads, steps, finishes, and the run ends as without gdb', async () => {
    const dir = copySample('server-chain');
    expect(penglaic(['build', 'main.pen', '-O', '0'], dir).status).toBe(0);
    const plain = penglaic(['run'], dir);
    const { gdb, status, stdout } = await debugWithGdb(dir, 'run', [], 'build/Adder.elf', commands);
    // gdb prints `monitor` output on its standard error.
    expect(gdb.stderr).toBe('breakpoints and watchpoints stop only in domains running Adder\n');
    expect(gdb.stdout.split('\n')).toEqual([
      '0x0000000000010000 in ?? ()',
      'Breakpoint 1 at 0x1144: file main.pen, line 8.',
      '[New Thread 2]',
      '[New Thread 3]',
      '[New Thread 4]',
      '[Switching to Thread 2]',
      '',
      'Thread 2 "Adder (server test-server)" hit Breakpoint 1, fill (tag=429260800) at main.pen:8',
      '8\t    var sum: u64 = tag;',
      '#0  fill (tag=429260800) at main.pen:8',
      '#1  0x00000000000010d4 in _start ()',
      '$1 = 429260800',
      'sum = <optimized out>',
      '9\t    for i in 0..4096 { sum += nums[i]; }',
      '10\t    print("test-server: tag + sum = ", hex(sum));',
      'sum = 429268992',
      '9\t    for i in 0..4096 { sum += nums[i]; }',
      '10\t    print("test-server: tag + sum = ", hex(sum));',
      '11\t    for i in 0..4096 { reply[i] = 2; }',
      '  Id   Target Id                                                                 Frame ',
      // The host waits after its RUN ecall, in runtime code whose address moves with the host's.
      expect.stringMatching(/^ {2}1 {4}Thread 1 "host" \(waiting in RUN of Caller\) {32}0x0000000000010[0-9a-f]{3} in \?\? \(\)$/),
      '* 2    Thread 2 "Adder (server test-server)" (running)                           fill (tag=<optimized out>) at main.pen:11',
      `  3    Thread 3 "Relay (server test-server1)" (waiting in a call to test-server) ${waitingPc(dir, 'Relay.elf')} in ?? ()`,
      `  4    Thread 4 "Caller (enclave)" (waiting in a call to test-server1)           ${waitingPc(dir, 'Caller.elf')} in ?? ()`,
      '0x00000000000010d4 in _start ()',
      'Value returned is $2 = 2',
      '[Inferior 1 (Remote target) exited normally]',
      '',
    ]);
    expect(status).toBe(plain.status);
    expect(plain.status).toBe(0);
    expect(stdout).toBe(plain.stdout);
  }, 180_000);

  it('follows a server call back through its callers: each waiting domain\'s thread, with its own image', async () => {
    const dir = copySample('server-chain');
    expect(penglaic(['build', 'main.pen', '-O', '0'], dir).status).toBe(0);
    const plain = penglaic(['run'], dir);
    const script = 'monitor focus Adder\nbreak fill\ncontinue\nbt\ndelete\nthread 3\nfile build/Relay.elf\nbt\nthread 4\nfile build/Caller.elf\nbt\ncontinue\n';
    const { gdb, status, stdout } = await debugWithGdb(dir, 'run', [], 'build/Adder.elf', script);
    expect(gdb.stdout.split('\n').slice(7)).toEqual([
      'Thread 2 "Adder (server test-server)" hit Breakpoint 1, fill (tag=429260800) at main.pen:8',
      '8\t    var sum: u64 = tag;',
      '#0  fill (tag=429260800) at main.pen:8',
      '#1  0x00000000000010d4 in _start ()',
      '[Switching to thread 3 (Thread 3)]',
      `#0  ${waitingPc(dir, 'Relay.elf')} in ?? ()`,
      `#0  ${waitingPc(dir, 'Relay.elf')} in __pgl_call_enclave ()`,
      '#1  0x0000000000001334 in fill (tag=429260800) at main.pen:26',
      '#2  0x00000000000010d4 in _start ()',
      '[Switching to thread 4 (Thread 4)]',
      `#0  ${waitingPc(dir, 'Caller.elf')} in ?? ()`,
      `#0  ${waitingPc(dir, 'Caller.elf')} in __pgl_call_enclave ()`,
      '#1  0x00000000000012dc in main () at main.pen:37',
      '[Inferior 1 (Remote target) exited normally]',
      '',
    ]);
    expect(status).toBe(plain.status);
    expect(stdout).toBe(plain.stdout);
  }, 180_000);

  it('unwinds recursive calls frame by frame (call frame information), with each frame\'s argument', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'main.pen'), readFileSync(join(repoRoot, 'test/compiler/programs/recursion.pen')));
    expect(penglaic(['build', 'main.pen', '-O', '0'], dir).status).toBe(0);
    const plain = penglaic(['run'], dir);
    const { gdb, status, stdout } = await debugWithGdb(dir, 'run', [], 'build/Rec.elf', 'break fib\ncontinue\ncontinue 3\nbt\nup 2\nprint n\ndelete\ncontinue\n');
    expect(gdb.stdout.split('\n')).toEqual([
      '0x0000000000010000 in ?? ()',
      'Breakpoint 1 at 0x103c: file main.pen, line 4.',
      '[New Thread 2]',
      '[Switching to Thread 2]',
      '',
      'Thread 2 "Rec (enclave)" hit Breakpoint 1, fib (n=20) at main.pen:4',
      '4\t    if n < 2 { return n; }',
      '',
      'Thread 2 "Rec (enclave)" hit Breakpoint 1, fib (n=17) at main.pen:4',
      '4\t    if n < 2 { return n; }',
      '#0  fib (n=17) at main.pen:4',
      '#1  0x000000000000105c in fib (n=18) at main.pen:5',
      '#2  0x000000000000105c in fib (n=19) at main.pen:5',
      '#3  0x000000000000105c in fib (n=20) at main.pen:5',
      '#4  0x0000000000001214 in main () at main.pen:25',
      '#2  0x000000000000105c in fib (n=19) at main.pen:5',
      '5\t    return fib(n - 1) + fib(n - 2);',
      '$1 = 19',
      '[Inferior 1 (Remote target) exited normally]',
      '',
    ]);
    expect(status).toBe(plain.status);
    expect(stdout).toBe(plain.stdout);
  }, 180_000);

  it('refuses a port that is not a number', () => {
    const dir = copySample('hello');
    expect(penglaic(['build', 'main.pen', '-O', '0'], dir).status).toBe(0);
    const bad = penglaic(['run', '--gdb', 'http'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--gdb takes a TCP port number (0-65535), not "http"');
  });
});
