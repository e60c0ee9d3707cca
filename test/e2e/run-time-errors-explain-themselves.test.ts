// Run-time failures read like the compile-time ones: where, what, and why, in the user's terms.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penglaic, scratchDir } from './cli.js';

function buildAndRun(program: string, command: 'run' | 'test' = 'run') {
  const dir = scratchDir();
  writeFileSync(join(dir, 'main.pen'), program);
  if (command === 'test') return penglaic(['test'], dir);
  const build = penglaic(['build'], dir);
  expect(build.status).toBe(0);
  return penglaic(['run'], dir);
}

const vault = `server Vault "vault" {
  fn get(i: u64) -> u64 {
    let x: u64 = i * 3;
    assert(x < 10);
    var table: u64[4];
    return table[i];
  }
  fn peek() -> u64 { return peek64(0x10000); }
}
enclave Caller {
  fn main() -> i64 {
    let v = acquire Vault;
    return v.get(%ARG%) as i64;
  }
}
enclave Late {
  fn main() -> i64 {
    let v = acquire Vault;
    return 0;
  }
}
host {
  let s = create Vault;
  let c = create Caller;
  print("caller returned ", run c);
  print("again ", run c);
  let l = create Late;
  print("late returned ", run l);
}
`;

describe('run-time errors', () => {
  it('show a failed assert as written, with both sides, and no breakpoint report after it', () => {
    const r = buildAndRun(vault.replace('%ARG%', '7'));
    expect(r.stdout).toBe(
      [
        'error: assert failed at main.pen:4:5: `x < 10` (x is 21, 10 is 10)',
        '  server Vault ("vault") stopped after the error above; the monitor destroyed it',
        'error: call Vault.get at main.pen:13:12: fault',
        'caller returned -19',
        'note: run at main.pen:26:19 gives -10: Caller is gone; it already ran to its end (an enclave runs once) or was destroyed. `create` it again to run it again',
        'again -10',
        'error: acquire Vault ("vault") at main.pen:18:13: the server was destroyed by an earlier fault (see its report above)',
        'late returned -24',
        '',
      ].join('\n'),
    );
  });

  it('show an index out of bounds in a server without a breakpoint report', () => {
    const r = buildAndRun(vault.replace('assert(x < 10);', '').replace('%ARG%', '2').replace('return table[i];', 'return table[i * 3];'));
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'error: index out of bounds at main.pen:6:18',
      '  server Vault ("vault") stopped after the error above; the monitor destroyed it',
    ]);
  });

  it('name a faulting server by its section, then its registered name', () => {
    const r = buildAndRun(vault.replace('return v.get(%ARG%) as i64;', 'return v.peek() as i64;'));
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^server Vault \("vault"\) faulted: load page fault at pc 0x[0-9a-f]+ \(main\.pen:8:22\), address 0x10000$/),
      "  the address is not mapped in this enclave; the monitor destroyed it",
    ]);
  });

  it('give fault positions under `penglaic test` as under `penglaic run`', () => {
    const r = buildAndRun(vault.replace('return v.get(%ARG%) as i64;', 'return v.peek() as i64;') + 'test "peek" {\n  let s = create Vault;\n  let c = create Caller;\n  assert(run c == 0);\n}\n', 'test');
    expect(r.stdout).toMatch(/server Vault \("vault"\) faulted: load page fault at pc 0x[0-9a-f]+ \(main\.pen:8:22\), address 0x10000\n/);
  });
});
