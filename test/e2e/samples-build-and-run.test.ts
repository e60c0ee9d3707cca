import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copySample, penglaic, scratchDir } from './cli.js';

describe('penglaic build && penglaic run on the samples', () => {
  it('hello: the host prints what the enclave returned', () => {
    const dir = copySample('hello');
    const build = penglaic(['build'], dir);
    expect(build.status).toBe(0);
    expect(build.stderr).toBe('built build/: Hello.elf, host.elf\n');
    const run = penglaic(['run'], dir);
    expect(run.stdout).toBe('hello from enclave Hello\nhost: Hello returned 42\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('server-call: caller → test-server with a typed call, output in program order', () => {
    const dir = copySample('server-call');
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run'], dir);
    expect(run.stdout).toBe(
      ['server: tag 0x19960000', 'caller: reply 0x19960002', 'host: Caller returned 0', ''].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it('build writes one ELF per section and a manifest describing them', () => {
    const dir = copySample('server-call');
    expect(penglaic(['build'], dir).status).toBe(0);
    for (const file of ['Adder.elf', 'Caller.elf', 'host.elf', 'manifest.json']) expect(existsSync(join(dir, 'build', file))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8'));
    expect(manifest.version).toBe(1);
    expect(manifest.source).toBe('main.pen');
    expect(manifest.images.map((i: { name: string; kind: string; file: string; entry: string }) => [i.name, i.kind, i.file, i.entry])).toEqual([
      ['Adder', 'server', 'Adder.elf', '0x1000'],
      ['Caller', 'enclave', 'Caller.elf', '0x1000'],
      ['host', 'host', 'host.elf', '0x10000'],
    ]);
    const adder = manifest.images[0];
    expect(adder.registeredName).toBe('test-server');
    expect(adder.interface).toEqual(['penglai-interface 1', 'fn 0 add_two(u64) -> u64']);
    expect(adder.interfaceDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('build FILE.pen and run DIR work from anywhere', () => {
    const dir = copySample('hello');
    expect(penglaic(['build', join(dir, 'main.pen')], '/').status).toBe(0);
    const run = penglaic(['run', dir], '/');
    expect(run.stdout).toBe('hello from enclave Hello\nhost: Hello returned 42\n');
  });
});

describe('the language samples', () => {
  const runSample = (name: string) => {
    const dir = copySample(name);
    expect(penglaic(['build'], dir).status).toBe(0);
    return penglaic(['run'], dir);
  };

  it('attested-vault reveals the secret to Client only; the impostor, one constant apart, is refused', () => {
    const dir = copySample('attested-vault');
    const build = penglaic(['build'], dir);
    expect(build.stderr).toBe('built build/: Vault.elf, Client.elf, Impostor.elf, host.elf\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'build/manifest.json'), 'utf8'));
    const measurementOf = (name: string): string => manifest.images.find((i: { name: string }) => i.name === name).measurement;
    // The vault prints the first 8 bytes of its caller's measurement, which the monitor gives it.
    const tag = (name: string) => '0x' + BigInt('0x' + measurementOf(name).slice(0, 16)).toString(16);
    expect(measurementOf('Client')).not.toBe(measurementOf('Impostor'));
    const run = penglaic(['run'], dir);
    expect(run.stdout).toBe(
      [
        `vault: caller 1 is Client (measurement ${tag('Client')}...)`,
        'v1 got 0x5ec2e7c0ffee',
        'host: Client returned 0x5ec2e7c0ffee',
        `vault: refused caller 2 (measurement ${tag('Impostor')}...)`,
        'v2 got 0x0',
        'host: Impostor returned 0x0',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
    // The vault's image holds Client's measurement as the build predicted it: the same bytes as the manifest's.
    const vault = readFileSync(join(dir, 'build/Vault.elf'));
    expect(vault.includes(Buffer.from(measurementOf('Client'), 'hex'))).toBe(true);
    const tests = penglaic(['test'], dir);
    expect(tests.stdout).toBe(
      ['test "the vault reveals its secret to Client" ... ok', 'test "the vault refuses the impostor" ... ok', '', '2 passed, 0 failed', 'score: 2/2 points', ''].join('\n'),
    );
    expect(tests.status).toBe(0);
  });

  it('attested-vault: a changed Client is trusted after a rebuild, with no hex to update', () => {
    const dir = copySample('attested-vault');
    const source = join(dir, 'main.pen');
    writeFileSync(source, readFileSync(source, 'utf8').replace('const VERSION: u64 = 1;', 'const VERSION: u64 = 3;'));
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run'], dir);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('host:'))).toEqual([
      'host: Client returned 0x5ec2e7c0ffee',
      'host: Impostor returned 0x0',
    ]);
  });

  it('server-chain reproduces Penglai\'s IPC demo results', () => {
    const run = runSample('server-chain');
    expect(run.stdout).toBe(
      [
        'test-server1: tag + sum = 0x19961000',
        'test-server: tag + sum = 0x19962000',
        'caller: request sum 0x2000',
        'caller: response sum 0x2000',
        'caller: resp_val 0x3',
        'host: caller returned 0',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it('kv-store keeps its table between calls and between callers', () => {
    const run = runSample('kv-store');
    expect(run.stdout).toBe(
      [
        'writer: stored 10 keys',
        'host: writer returned 0',
        'reader: 7 -> 700',
        'reader: 71 -> 5041',
        'reader: 583 -> 339889',
        'reader: has 8? false',
        'host: reader returned 10',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it('time-slices: the host runs an enclave slice by slice, attests it while stopped, and takes its result', () => {
    const run = runSample('time-slices');
    expect(run.stdout).toMatch(
      new RegExp(
        [
          '^host: stopped after 3 slices, attested mid-run: 0x[0-9a-f]{16}',
          'counter: 430 primes below 3000',
          'host: the counter ended in slice [4-9]',
          'host: counter returned 430',
          '$',
        ].join('\n'),
      ),
    );
    expect(run.status).toBe(0);
  });

  it('attack-host-memory: the snooping enclave is stopped, everyone else carries on', () => {
    const run = runSample('attack-host-memory');
    expect(run.stdout).toMatch(
      new RegExp(
        [
          '^snoop: reading the host\'s code at 0x10000',
          'enclave Snoop faulted: load page fault at pc 0x[0-9a-f]+ \\(main.pen:8:5\\), address 0x10000',
          '  the address is not mapped in this enclave; the monitor destroyed it',
          'host: Snoop returned -19',
          'honest: still running',
          'host: Honest returned 7',
          '$',
        ].join('\n'),
      ),
    );
    expect(run.stdout).not.toContain('stole');
    expect(run.status).toBe(0);
  });
});

describe('penglaic test', () => {
  it('runs every test block on a fresh machine and reports each', () => {
    const dir = copySample('kv-store');
    const run = penglaic(['test'], dir);
    expect(run.stdout).toBe(
      [
        'test "a value written by one enclave is read by another" ... ok',
        'test "a reader without a store fails to acquire it" ... ok',
        '',
        '2 passed, 0 failed',
        'score: 2/2 points',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });

  it('a failing test prints what it printed and why it failed, and exits 1', () => {
    const dir = copySample('kv-store');
    const run = penglaic(['test', '--filter', 'without'], dir);
    expect(run.status).toBe(0);
    const failing = scratchDir();
    writeFileSync(join(failing, 'main.pen'), 'host { }\ntest "two is three" {\n  print("checking");\n  assert_eq(2, 3);\n}\n');
    const bad = penglaic(['test'], failing);
    expect(bad.stdout).toBe(
      ['test "two is three" ... FAILED', '    checking', '    error: assert_eq failed at main.pen:4:3: left 2, right 3', '', '0 passed, 1 failed', 'score: 0/1 point', ''].join('\n'),
    );
    expect(bad.status).toBe(1);
  });
});

describe('the typed acquire', () => {
  it('refuses a server built from another interface, with a readable error', () => {
    const server = scratchDir();
    writeFileSync(join(server, 'main.pen'), 'server S "shared-name" { fn f(a: u64) -> u64 { return a; } }\nhost { }\n');
    const client = scratchDir();
    writeFileSync(
      join(client, 'main.pen'),
      'server S "shared-name" { fn f(a: u64, b: u64) -> u64 { return a + b; } }\nenclave C { fn main() -> i64 { let s = acquire S; return s.f(1, 2) as i64; } }\nhost { }\n',
    );
    expect(penglaic(['build'], server).status).toBe(0);
    expect(penglaic(['build'], client).status).toBe(0);
    const mismatched = penglaic(['run', '--caller', join(client, 'build/C.elf'), '--server', `shared-name=${join(server, 'build/S.elf')}`], '/');
    expect(mismatched.stdout).toBe('error: acquire S ("shared-name") at main.pen:2:40: interface mismatch\nhost: test-caller returned -14\n');
    const matched = penglaic(['run', '--caller', join(client, 'build/C.elf'), '--server', `shared-name=${join(client, 'build/S.elf')}`], '/');
    expect(matched.stdout).toBe('host: test-caller returned 3\n');
  });
});

describe('concurrent-kv: four clients on four harts and one queue server', () => {
  const expected = ["host: the four clients' sums add up to 453600", 'checker: 100 keys, values sum to 453600', 'host: checker agrees: true', ''].join('\n');

  it('gives the same output round-robin and under random schedules, and the sums are those of the keys stored', () => {
    const dir = copySample('concurrent-kv');
    const build = penglaic(['build'], dir);
    expect(build.stderr).toBe('built build/: Kv.elf, Client.elf, Checker.elf, host.elf\n');
    // 4 blocks of 25 keys, block b holding keys 1000b + k with value 3 * key.
    let sum = 0;
    for (let b = 0; b < 4; b++) for (let k = 0; k < 25; k++) sum += 3 * (1000 * b + k);
    expect(expected).toContain(String(sum));
    for (const flags of [[], ['--schedule', 'random', '--seed', '3'], ['--schedule', 'random', '--seed', '11', '--quantum', '40']]) {
      const run = penglaic(['run', '--harts', '5', ...flags], dir);
      expect(run.stdout, flags.join(' ')).toBe(expected);
      expect(run.status).toBe(0);
    }
  });

  it('its test blocks pass with penglaic test --harts 5, and stop with the error on one hart', () => {
    const dir = copySample('concurrent-kv');
    const five = penglaic(['test', '--harts', '5'], dir);
    expect(five.stdout).toBe(['test "four clients at once store every key" ... ok', 'test "each client took its own block of keys" ... ok', '', '2 passed, 0 failed', 'score: 2/2 points', ''].join('\n'));
    expect(five.status).toBe(0);
    const one = penglaic(['test'], dir);
    expect(one.stdout).toContain('error: start at main.pen:94:11: no free hart: every other hart runs an enclave already');
    expect(one.status).toBe(1);
  });

  it('with one hart, the first start has no hart to run on and says so', () => {
    const dir = copySample('concurrent-kv');
    penglaic(['build'], dir);
    const run = penglaic(['run'], dir);
    expect(run.stdout).toBe('error: start at main.pen:80:11: no free hart: every other hart runs an enclave already\n');
    expect(run.status).toBe(1);
  });
});
