import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copySample, penglaic, repoRoot, scratchDir } from './cli.js';

function project(source: string): string {
  const dir = scratchDir();
  writeFileSync(join(dir, 'main.pen'), source);
  return dir;
}

describe('bad input gets a clear error, never a stack trace', () => {
  it('a program with errors makes build exit 1 and print every diagnostic with a code frame', () => {
    const dir = project(
      [
        'server S "s" { fn f(a: u64) -> u64 { return a; } }',
        'enclave E {',
        '  fn main() -> i64 {',
        '    let s = acquire S;',
        '    let v = s.f(1, 2);',
        '    return undefined_name;',
        '  }',
        '}',
        'host { let s = create S; run s; }',
        '',
      ].join('\n'),
    );
    const build = penglaic(['build'], dir);
    expect(build.status).toBe(1);
    expect(build.stdout).toBe('');
    expect(build.stderr).toContain('error[E0312]: `S.f` takes 1 argument but 2 were given\n --> main.pen:5:13\n');
    expect(build.stderr).toContain('error[E0101]');
    expect(build.stderr).toContain('--> main.pen:6:12');
    expect(build.stderr).toContain('--> main.pen:9:26');
    expect(build.stderr).toMatch(/error: 3 errors, 1 warning found\nFor more about a code \(E0312, E0101, E0409, W0101\), try `penglaic explain E0312`.\n$/);
    expect(build.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a syntax error gives diagnostics and exit 1', () => {
    const dir = project('enclave E { fn main() -> i64 { return 1 } }\nhost { }\n');
    const build = penglaic(['build'], dir);
    expect(build.status).toBe(1);
    expect(build.stderr).toContain('error[E0001]');
    expect(build.stderr).toContain('--> main.pen:1:');
  });

  it('--json prints machine-readable diagnostics on stdout', () => {
    const dir = project('host { let _x: u64 = true; }\n');
    const check = penglaic(['check', '--json'], dir);
    expect(check.status).toBe(1);
    const diagnostics = JSON.parse(check.stdout);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'main.pen', line: 1, column: 22 });
  });

  it('run with nothing built says what to do', () => {
    const dir = copySample('hello');
    const run = penglaic(['run'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('penglaic: error: nothing is built in .: run `penglaic build` first (it writes build/manifest.json)\n');
  });

  it('a corrupt manifest is a clear error', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build/manifest.json'), '{ not json');
    const run = penglaic(['run'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^penglaic: error: build\/manifest.json is not valid JSON \(.*\); rebuild with `penglaic build`\n$/);
  });

  it('a corrupt host ELF is a clear error', () => {
    const dir = copySample('hello');
    expect(penglaic(['build'], dir).status).toBe(0);
    writeFileSync(join(dir, 'build/host.elf'), 'garbage');
    const run = penglaic(['run'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^penglaic: error: cannot start host.elf: the host ELF is not valid: .+\n$/);
  });

  it('a corrupt enclave ELF makes create fail readably while the host keeps control', () => {
    const dir = copySample('hello');
    expect(penglaic(['build'], dir).status).toBe(0);
    writeFileSync(join(dir, 'build/Hello.elf'), new Uint8Array(100));
    const run = penglaic(['run'], dir);
    expect(run.stdout).toMatch(/^monitor: create "Hello" refused: the enclave ELF is not valid: .+\nerror: create Hello: bad argument\n$/);
    expect(run.status).toBe(1);
  });

  it('an enclave that never stops is halted after the instruction budget and reported', () => {
    const dir = project(
      ['enclave Spin {', '  fn main() -> i64 {', '    var x: u64 = 0;', '    while x < 10 { x = x * 1; }', '    return 0;', '  }', '}', 'host { let s = create Spin; print("returned ", run s); print("host continues"); }', ''].join('\n'),
    );
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run', '--max-steps', '100000'], dir);
    expect(run.stdout).toMatch(
      /^enclave Spin stopped: it ran 100000 instructions without finishing \(pc 0x[0-9a-f]+, main.pen:4:\d+\)\n  the monitor destroyed it; raise the budget with --max-steps\nreturned -20\nhost continues\n$/,
    );
    expect(run.status).toBe(0);
  });

  it('an enclave reading host memory is stopped with a fault report; the host continues', () => {
    const dir = project(
      ['enclave Snoop {', '  fn main() -> i64 {', '    print("read ", peek64(0x10000));', '    return 0;', '  }', '}', 'host { let s = create Snoop; print("returned ", run s); }', ''].join('\n'),
    );
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run'], dir);
    expect(run.stdout).toMatch(
      /^enclave Snoop faulted: load page fault at pc 0x[0-9a-f]+ \(main.pen:3:5\), address 0x10000\n  the address is not mapped in this enclave; the monitor destroyed it\nreturned -19\n$/,
    );
    expect(run.status).toBe(0);
  });

  it('a stack overflow inside a runtime routine names the statement that called it', () => {
    const dir = project(
      [
        'enclave E {',
        '  fn inner() -> i64 {',
        '    var b: u8[40000];',
        '    b[0] = 1;',
        '    return b[0] as i64;',
        '  }',
        '  fn main() -> i64 { var a: u8[40000]; a[0] = 2; return inner() + (a[0] as i64); }',
        '}',
        'host { let e = create E; print("returned ", run e); }',
        '',
      ].join('\n'),
    );
    expect(penglaic(['build'], dir).status).toBe(0);
    const run = penglaic(['run'], dir);
    expect(run.stdout).toMatch(
      /^enclave E faulted: store page fault at pc 0x[0-9a-f]+ \(in runtime code called from main.pen:3:5\), address 0x37[0-9a-f]+\n  the address is below this enclave's 64 KiB stack: the stack overflowed \(deep recursion or large local arrays\); the monitor destroyed it\nreturned -19\n$/,
    );
    expect(run.status).toBe(0);
  });

  it('bad command-line values are refused with a sentence', () => {
    const dir = copySample('hello');
    expect(penglaic(['run', '--max-steps', 'lots'], dir).stderr).toBe('penglaic: error: --max-steps must be a positive whole number, not "lots"\n');
    expect(penglaic(['build', 'nope.pen'], dir).stderr).toBe('penglaic: error: nope.pen does not exist\n');
    const unknown = penglaic(['frobnicate'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
  });

  it('--help describes every command', () => {
    const help = penglaic(['--help'], '/');
    expect(help.status).toBe(0);
    for (const command of ['build', 'check', 'run', 'emu']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});

describe('penglaic fmt and penglaic lsp', () => {
  it('fmt rewrites a file in the canonical layout; --check lists files that differ', () => {
    const dir = project('host{print("x");}\n');
    const check = penglaic(['fmt', '--check'], dir);
    expect(check.stdout).toBe('main.pen is not formatted\n');
    expect(check.status).toBe(1);
    expect(penglaic(['fmt'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'main.pen'), 'utf8')).toBe('host { print("x"); }\n');
    expect(penglaic(['fmt', '--check'], dir).status).toBe(0);
  });

  it('fmt leaves a file that is not UTF-8 untouched and says so', () => {
    const dir = scratchDir();
    const bytes = Buffer.from('host{print("caf\xe9");}\n', 'latin1');
    writeFileSync(join(dir, 'main.pen'), bytes);
    const run = penglaic(['fmt'], dir);
    expect(run.stderr).toBe('penglaic: error: main.pen is not UTF-8 text; it was left unchanged (`penglaic check` shows where)\n');
    expect(run.status).toBe(2);
    expect(readFileSync(join(dir, 'main.pen')).equals(bytes)).toBe(true);
  });

  it('lsp --stdio answers a shutdown request and exits cleanly', () => {
    const message = (body: object) => {
      const json = JSON.stringify(body);
      return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    };
    const input =
      message({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }) +
      message({ jsonrpc: '2.0', method: 'initialized', params: {} }) +
      message({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null }) +
      message({ jsonrpc: '2.0', method: 'exit' });
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin/penglaic.js'), 'lsp', '--stdio'], { input, encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout.endsWith(message({ jsonrpc: '2.0', id: 2, result: null }))).toBe(true);
    expect(run.status).toBe(0);
    // Before `initialize`, a request gets the protocol's answer (-32002), not silence.
    const early = spawnSync(process.execPath, [join(repoRoot, 'bin/penglaic.js'), 'lsp', '--stdio'], {
      input: message({ jsonrpc: '2.0', id: 1, method: 'shutdown', params: null }) + message({ jsonrpc: '2.0', method: 'exit' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(JSON.parse(early.stdout.slice(early.stdout.indexOf('{'))).error.code).toBe(-32002);
  });

  it('lsp without --stdio says how to start it', () => {
    expect(penglaic(['lsp'], '/').stderr).toBe('penglaic: error: the language server speaks over standard input and output: use `penglaic lsp --stdio`\n');
  });
});
