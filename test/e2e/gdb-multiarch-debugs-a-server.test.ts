// The real client: Debian's gdb-multiarch in batch mode against `penglaic run --gdb`,
// on samples/server-chain. A breakpoint in a server function (by file and line), the
// backtrace and an argument, locals, next/step/finish, the thread list showing which
// domain runs and which wait in calls, and the run to the end: the program's output and
// exit status are the same as without the debugger.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copySample, penglaic, repoRoot } from './cli.js';

function requireTool(name: string): void {
  if (spawnSync('which', [name]).status !== 0) throw new Error(`required external tool missing: ${name} (apt-get install gdb-multiarch)`);
}

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

describe('gdb-multiarch debugs a server', () => {
  it('breaks in Adder.fill, shows bt, arguments, locals and threads, steps, finishes, and the run ends as without gdb', async () => {
    requireTool('gdb-multiarch');
    const dir = copySample('server-chain');
    expect(penglaic(['build', 'main.pen'], dir).status).toBe(0);
    const plain = penglaic(['run'], dir);
    writeFileSync(join(dir, 'gdb.cmd'), commands);

    const run = spawn(process.execPath, [join(repoRoot, 'bin/penglaic.js'), 'run', '--gdb', '0'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      run.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        const m = /waiting for gdb on 127\.0\.0\.1:(\d+) /.exec(stderr);
        if (m) resolve(m[1]);
      });
      run.on('exit', () => reject(new Error(`penglaic exited early: ${stderr}`)));
    });
    const status = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
    const gdb = spawnSync('gdb-multiarch', ['-q', '-batch', '-nx', 'build/Adder.elf', '-ex', `target remote :${port}`, '-x', 'gdb.cmd'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
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
      'sum = 18446744073709551615',
      '9\t    for i in 0..4096 { sum += nums[i]; }',
      '10\t    print("test-server: tag + sum = ", hex(sum));',
      'sum = 429268992',
      '9\t    for i in 0..4096 { sum += nums[i]; }',
      '10\t    print("test-server: tag + sum = ", hex(sum));',
      '11\t    for i in 0..4096 { reply[i] = 2; }',
      '  Id   Target Id                                                                 Frame ',
      '  1    Thread 1 "host" (waiting in RUN of Caller)                                0x00000000000106d8 in ?? ()',
      '* 2    Thread 2 "Adder (server test-server)" (running)                           fill (tag=<optimized out>) at main.pen:11',
      '  3    Thread 3 "Relay (server test-server1)" (waiting in a call to test-server) 0x0000000000001784 in ?? ()',
      '  4    Thread 4 "Caller (enclave)" (waiting in a call to test-server1)           0x00000000000018e4 in ?? ()',
      '0x00000000000010d4 in _start ()',
      'Value returned is $2 = 2',
      '[Inferior 1 (Remote target) exited normally]',
      '',
    ]);
    expect(await status).toBe(plain.status);
    expect(plain.status).toBe(0);
    expect(stdout).toBe(plain.stdout);
  }, 180_000);

  it('refuses a port that is not a number', () => {
    const dir = copySample('hello');
    expect(penglaic(['build', 'main.pen'], dir).status).toBe(0);
    const bad = penglaic(['run', '--gdb', 'http'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--gdb takes a TCP port number (0-65535), not "http"');
  });
});
