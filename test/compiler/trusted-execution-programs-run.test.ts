// The trusted-execution builtins, run: programs in the language built and run on the
// emulator under the monitor, asserting exact output (grammar/README.md, "Trusted
// execution"). The monitor's answers to bad arguments, which only hand-written machine code
// can pass, are in test/emulator/monitor/tee-calls-refuse-bad-arguments.test.ts.
import { describe, expect, it } from 'vitest';
import { readElf } from '../../compiler/asm/index.js';
import { predictMeasurement } from '../../emulator/monitor/measurement-plan.js';
import { elfImage } from '../../emulator/monitor/platform.js';
import type { ElfImage } from '../../emulator/monitor/elf-image.js';
import { buildSource, runSource } from './run-program.js';
import { runScenario } from '../emulator/monitor/support/scenario.js';

const ok = (stdout: string) => ({ stdout, exitCode: 0, events: [] });
const run = (source: string) => {
  const r = runSource(source);
  return { stdout: r.stdout, exitCode: r.exitCode, events: r.events };
};

describe('measurements and the caller', () => {
  const source = `
server Gate "gate" {
  const TRUSTED: u8[32] = measurement(Friend);
  fn enter() -> u64 {
    let who = caller_measurement();
    print("gate: caller ", caller_id(), " trusted ", who == TRUSTED, " first byte ", hex(who[0]));
    if who != TRUSTED { return 0; }
    return 1;
  }
}
enclave Friend { fn main() -> i64 { let g = acquire Gate; return g.enter() as i64; } }
enclave Stranger { fn main() -> i64 { let g = acquire Gate; return g.enter() as i64 + 10; } }
host {
  let gate = create Gate;
  let friend = create Friend;
  let stranger = create Stranger;
  print("friend ", run friend);
  print("stranger ", run stranger);
  destroy gate;
}
`;

  it('measurement(X) is the measurement the build predicts for X, and the server sees it as its caller', () => {
    const built = buildSource(source);
    const friend = built.images.find((i) => i.source.section.name === 'Friend')!;
    const predicted = predictMeasurement(elfImage(friend.elf) as ElfImage);
    // The bytes placed in the gate's image are that prediction.
    const gate = built.images.find((i) => i.source.section.name === 'Gate')!;
    const elf = readElf(gate.elf);
    if (!elf.ok) throw new Error(elf.error.message);
    const symbol = elf.value.symbols.find((s) => s.name === '__pgl_measurement_Friend')!;
    const rodata = elf.value.sections.find((s) => s.name === '.rodata')!;
    const at = rodata.offset + Number(symbol.value - rodata.address);
    expect(Buffer.from(gate.elf.subarray(at, at + 32)).toString('hex')).toBe(Buffer.from(predicted).toString('hex'));
    const stranger = predictMeasurement(elfImage(built.images.find((i) => i.source.section.name === 'Stranger')!.elf) as ElfImage);
    expect(run(source)).toEqual(
      ok(`gate: caller 1 trusted true first byte 0x${predicted[0].toString(16)}\nfriend 1\ngate: caller 2 trusted false first byte 0x${stranger[0].toString(16)}\nstranger 10\n`),
    );
  });
});

describe('reports and nonces', () => {
  it('a report verifies for its measurement and nonce only: a replayed or changed one fails', () => {
    const source = `
server Witness "witness" { fn ping() -> u64 { return 7; } }
server Judge "judge" {
  /// Checks a report of Prover on itself against Prover's measurement.
  fn check(r: in u8[328], nonce: u64) -> bool { return verify_report(r, measurement(Prover), nonce); }
}
enclave Prover {
  fn main() -> i64 {
    let nonce = random_u64();
    var r = server_report(Witness, nonce);
    print("fresh ", verify_report(r, measurement(Witness), nonce));
    print("replayed ", verify_report(r, measurement(Witness), nonce + 1));
    print("wrong measurement ", verify_report(r, sealing_key(), nonce));
    r[200] = r[200] ^ 1;
    print("changed signature ", verify_report(r, measurement(Witness), nonce));
    let mine = report(nonce);
    let judge = acquire Judge;
    print("judge on my report ", judge.check(mine, nonce), ", on a replay ", judge.check(mine, nonce ^ 1));
    return 0;
  }
}
host {
  let w = create Witness;
  let j = create Judge;
  let p = create Prover;
  print("prover ", run p);
}
`;
    expect(run(source)).toEqual(
      ok('fresh true\nreplayed false\nwrong measurement false\nchanged signature false\njudge on my report true, on a replay false\nprover 0\n'),
    );
  });

  it('a report on a server that does not exist stops the enclave with a readable error', () => {
    const source = `
server Absent "absent" { }
enclave E { fn main() -> i64 { let r = server_report(Absent, 1); return r[0] as i64; } }
host { let e = create E; print("E returned ", run e); }
`;
    expect(run(source)).toEqual(ok('error: server_report "absent" at test.pen:3:40: not found\nE returned -10\n'));
  });
});

describe('sealing', () => {
  const source = `
struct Account { id: u32, balance: u64 }
/// Keeps one sealed blob between runs: the host's disk, in effect.
server Shelf "shelf" {
  var kept: u8[44];
  fn put(b: in u8[44]) { kept = b; }
  fn get(b: out u8[44]) { b = kept; }
}
enclave Owner {
  fn main(first: bool) -> i64 {
    let shelf = acquire Shelf;
    var a: Account;
    if first {
      a.id = 7;
      a.balance = 250;
      var blob: u8[44];
      seal(a, blob);
      shelf.put(blob);
      print("owner sealed");
      return 0;
    }
    var blob: u8[44];
    shelf.get(blob);
    if !unseal(blob, a) { print("owner cannot unseal"); return 1; }
    print("owner unsealed account ", a.id, " balance ", a.balance);
    blob[30] = blob[30] ^ 0x40;
    a.balance = 999;
    print("tampered: ", unseal(blob, a), ", balance now ", a.balance);
    return 0;
  }
}
/// Owner's code but for one constant: another image, another sealing key.
enclave Thief {
  const MARK: u64 = 2;
  fn main() -> i64 {
    let shelf = acquire Shelf;
    var blob: u8[44];
    shelf.get(blob);
    var a: Account;
    a.balance = MARK;
    print("thief unsealed: ", unseal(blob, a), ", balance ", a.balance);
    return 0;
  }
}
host {
  let shelf = create Shelf;
  let owner = create Owner;
  print(run owner(true));
  let thief = create Thief;
  print(run thief);
  let again = create Owner;
  print(run again(false));
}
`;

  it('only the image that sealed a value unseals it; a changed blob never does, and the value reads as zeros', () => {
    expect(run(source)).toEqual(
      ok('owner sealed\n0\nthief unsealed: false, balance 0\n0\nowner unsealed account 7 balance 250\ntampered: false, balance now 0\n0\n'),
    );
  });

  it('the sealing key is the same for two instances of one image and differs between images', () => {
    const keys = `
fn head(k: in u8[32]) -> u64 { var v: u64 = 0; for i in 0..8 { v = (v << 8) | (k[i] as u64); } return v; }
enclave A { fn main() -> i64 { print("A ", hex(head(sealing_key()))); return 0; } }
enclave B { fn main() -> i64 { print("B ", hex(head(sealing_key()))); return 0; } }
host { let a1 = create A; let a2 = create A; let b = create B; run a1; run a2; run b; }
`;
    const lines = run(keys).stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(lines[1]);
    expect(lines[2].slice(2)).not.toBe(lines[0].slice(2));
  });
});

describe('randomness', () => {
  it('random_u64 gives the seeded stream: the same numbers on every run, different from call to call', () => {
    const source = `
enclave E { fn main() -> i64 { print(hex(random_u64()), " ", hex(random_u64()), " ", hex(random_u64())); return 0; } }
host { let e = create E; run e; }
`;
    // xorshift64* from the monitor's default seed (emulator/monitor/deterministic-random.ts).
    const expected = ok('0xd83b3e29a21487a 0x54c44c79f1fe9d67 0xa845f342007a0e78\n');
    expect(run(source)).toEqual(expected);
    expect(run(source)).toEqual(expected);
  });
});

describe('run arguments', () => {
  it('run e(args) passes each value to main, in its type', () => {
    const source = `
enclave Calc {
  fn main(a: u64, b: i8, c: bool, d: u16) -> i64 {
    print("a ", hex(a), " b ", b, " c ", c, " d ", d);
    if c { return (a as i64) + (b as i64) + (d as i64); }
    return -1;
  }
}
fn twice(x: u64) -> u64 { return 2 * x; }
host {
  let c = create Calc;
  print("Calc returned ", run c(twice(0x20), -3, true, 65535));
  let d = create Calc;
  print("done ", run d(1, 127, false, 0) for 100000);
}
test "main gets its arguments" {
  let c = create Calc;
  assert_eq(run c(10, -10, true, 5), 5);
}
`;
    expect(run(source)).toEqual(ok('a 0x40 b -3 c true d 65535\nCalc returned 65596\na 0x1 b 127 c false d 0\ndone true\n'));
  });

  it('a second run with arguments gives the error code, as a second plain run does', () => {
    const source = `
enclave Sq { fn main(x: i64) -> i64 { return x * x; } }
host { let s = create Sq; print("first ", run s(12)); print("again ", run s(3)); }
`;
    expect(run(source)).toEqual(ok('first 144\nnote: run at test.pen:3:71 gives -10: Sq is gone; it already ran to its end (an enclave runs once) or was destroyed. `create` it again to run it again\nagain -10\n'));
  });

  it('an enclave whose main takes arguments, run by a host that binds none or garbage, refuses to start', () => {
    const built = buildSource('enclave Calc { fn main(a: u64, b: u8) -> i64 { return (a + b as u64) as i64; } } host { }');
    const elf = built.images.find((i) => i.source.section.name === 'Calc')!.elf;
    const { transcript } = runScenario({
      files: { 'calc.elf': elf },
      steps: ['run:bare:calc.elf', 'create:bound:calc.elf', 'shm:bound:1000:1234', 'start:bound'],
    });
    const refusal = 'error: main takes 2 arguments: the host must run this enclave with them, as run e(...)';
    expect(transcript).toBe(
      [refusal, 'host: run bare: status 0, value 0xfffffffffffffff0', 'host: create: 0', 'host: shm: 0', refusal, 'host: start bound: status 0, value 0xfffffffffffffff0', ''].join('\n'),
    );
  });
});

describe('top-level functions', () => {
  it('are compiled into each image that calls them, and only those', () => {
    const source = `
fn square(x: u64) -> u64 { return x * x; }
fn cube(x: u64) -> u64 { return square(x) * x; }
fn unused_here(x: u64) -> u64 { return x + 1; }
server S "s" { fn f(x: u64) -> u64 { return cube(x); } }
enclave E { fn main() -> i64 { let s = acquire S; return (s.f(3) + square(2)) as i64; } }
host { let s = create S; let e = create E; print("E returned ", run e, ", host ", unused_here(square(5))); }
`;
    expect(run(source)).toEqual(ok('E returned 31, host 26\n'));
    const symbols = (name: string) => {
      const elf = readElf(buildSource(source).images.find((i) => i.source.section.name === name)!.elf);
      if (!elf.ok) throw new Error(elf.error.message);
      return elf.value.symbols.map((s) => s.name).filter((n) => ['f_square', 'f_cube', 'f_unused_here'].includes(n)).sort();
    };
    expect(symbols('S')).toEqual(['f_cube', 'f_square']);
    expect(symbols('E')).toEqual(['f_square']);
    expect(symbols('host')).toEqual(['f_square', 'f_unused_here']);
  });
});

describe('array equality', () => {
  it('compares arrays element by element, nested ones included', () => {
    const source = `
enclave E {
  fn main() -> i64 {
    var a: u16[3] = [1, 2, 3];
    var b: u16[3] = [1, 2, 3];
    var m: bool[2][2];
    var n: bool[2][2];
    n[1][0] = true;
    print(a == b, " ", a != b, " ", m == n);
    b[2] = 0x103;
    print(a == b, " ", [1, 2, 3] == a);
    return 0;
  }
}
host { let e = create E; run e; }
`;
    expect(run(source)).toEqual(ok('true false false\nfalse true\n'));
  });
});
