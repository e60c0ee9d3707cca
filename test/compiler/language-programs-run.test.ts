import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcePositionOf } from '../../compiler/line-table.js';
import { buildSource, expectProgram, runSource } from './run-program.js';

describe('self-checking programs, built and run on the emulator', () => {
  it('integer arithmetic wraps at every width and respects signedness', () => {
    expectProgram('arithmetic.pen', 'arithmetic ok\nreturned 0\n');
  });

  it('control flow: if/else chains, loops, break, continue, early return', () => {
    expectProgram('control-flow.pen', 'control flow ok\nreturned 0\n');
  });

  it('arrays and structs: element widths, nesting, copies, references', () => {
    expectProgram('arrays-and-structs.pen', 'arrays and structs ok\nreturned 0\n');
  });

  it('functions and server calls with more than 8 parameters, of every kind, recursive and nested', () => {
    expectProgram('many-arguments.pen', 'many arguments ok\nreturned 0\n');
  });

  it('recursion and mutual recursion', () => {
    expectProgram('recursion.pen', 'fib(25) = 75025\nreturned 0\n');
  });

  it('IPC with in, out, inout and struct parameters; server globals persist between calls and runs', () => {
    expectProgram('ipc-modes.pen', 'calls so far 4\nfirst run 0\ncalls so far 8\nsecond run 0\n');
  });

  it('arrays that live in the transfer region are not copied, and still behave like copies', () => {
    expectProgram('ipc-zero-copy.pen', 'zero copy ok\nreturned 0\n');
  });
});

describe('failure paths', () => {
  it('a missing server and a faulting server are reported; the host carries on', () => {
    const source = readFileSync(join(import.meta.dirname, 'programs', 'failure-paths.pen'), 'utf8');
    const run = runSource(source);
    expect(run.stdout).toBe(
      [
        'error: acquire Missing ("missing") at test.pen:15:13: not found',
        'Lonely returned -10',
        'calling the faulty server',
        'error: call Faulty.crash at test.pen:24:13: fault',
        'Victim returned -19',
        'host done',
        '',
      ].join('\n'),
    );
    expect(run.events).toHaveLength(1);
    expect(run.events[0]).toMatchObject({ kind: 'fault', report: { enclave: 'faulty', cause: 'load page fault', address: 0x10000n } });
    expect(run.exitCode).toBe(0);
  });
});

describe('stack overflow', () => {
  const overflowDetail = "the address is below this enclave's 64 KiB stack: the stack overflowed (deep recursion or large local arrays)";

  it('deep recursion is reported as a stack overflow at the declaration of the function whose frame did not fit', () => {
    const source = [
      'enclave R {',
      '  fn down(n: u64) -> u64 { if n == 0 { return 0; } return 1 + down(n - 1); }',
      '  fn main() -> i64 { return down(100000000) as i64; }',
      '}',
      'host { let r = create R; print(run r); }',
    ].join('\n');
    const run = runSource(source);
    expect(run.stdout).toBe('-19\n');
    expect(run.events).toHaveLength(1);
    const event = run.events[0];
    expect(event).toMatchObject({ kind: 'fault', report: { enclave: 'R', cause: 'store page fault', detail: overflowDetail } });
    const image = buildSource(source).images.find((i) => i.source.fileName === 'R.elf')!;
    // The prologue of `down` (its first store below the stack), not the last statement of `main`.
    expect(event.kind === 'fault' && sourcePositionOf(image.elf, event.report.pc)).toEqual({ file: 'test.pen', line: 2, column: 3 });
  });

  it('frames that fit the stack one by one but not together are reported as a stack overflow', () => {
    const run = runSource(
      'enclave E {\n  fn inner() -> i64 { var b: u8[40000]; b[0] = 1; return b[0] as i64; }\n' +
        '  fn main() -> i64 { var a: u8[40000]; a[0] = 2; return inner() + (a[0] as i64); }\n}\nhost { let e = create E; print(run e); }',
    );
    expect(run.stdout).toBe('-19\n');
    expect(run.events).toMatchObject([{ kind: 'fault', report: { enclave: 'E', detail: overflowDetail } }]);
  });
});

describe('assertions', () => {
  it('a failed assert_eq prints both values as their types print: signed, unsigned, bool; an enclave\'s run gives -1', () => {
    const run = runSource(
      [
        'enclave Signed { fn main() -> i64 { let a: i8 = -3; let b: i16 = 250; assert_eq(a, b); return 0; } }',
        'enclave Unsigned { fn main() -> i64 { let a: u8 = 250; assert_eq(a as u64 + 1, 0xffffffffffffffff); return 0; } }',
        'host {',
        '  let s = create Signed; let u = create Unsigned;',
        '  print("Signed gave ", run s); print("Unsigned gave ", run u);',
        '  assert_eq(1 == 2, true);',
        '  print("never");',
        '}',
      ].join('\n'),
    );
    expect(run.stdout).toBe(
      [
        'error: assert_eq failed at test.pen:1:71: left -3, right 250',
        'Signed gave -1',
        'error: assert_eq failed at test.pen:2:56: left 251, right 18446744073709551615',
        'Unsigned gave -1',
        'error: assert_eq failed at test.pen:6:3: left false, right true',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(1);
  });
});

describe('time slices, stop and resume', () => {
  it('runs an enclave slice by slice, stops and attests it mid-run, resumes it and takes its result; a fault in a slice ends the run', () => {
    const run = runSource(readFileSync(join(import.meta.dirname, 'programs', 'sliced-runs.pen'), 'utf8'));
    expect(run.stdout).toBe(
      [
        'worker ended after 5 slices, stopped fingerprint known: true',
        'worker returned 199990000',
        'asked again: 199990000',
        'quick ended in one slice: true',
        'quick returned 7 after 70 other enclaves',
        'once destroyed: -10',
        'second worker ended in the first slice: false',
        'second worker returned 199990000',
        'crasher ended: true',
        'crasher returned -19',
        'third worker ended: false',
        'host done',
        '',
      ].join('\n'),
    );
    expect(run.events).toHaveLength(1);
    expect(run.events[0]).toMatchObject({ kind: 'fault', report: { cause: 'store page fault', address: 0x10n } });
    expect(run.exitCode).toBe(0);
  });

  it('a slice counts every instruction: the caller\'s, the servers\' it calls, and those around each monitor call', () => {
    // A round trip to a server costs over 100 instructions, so 1,000 of them cannot fit in
    // fewer than 100 slices of 1,000.
    const run = runSource(
      [
        'server S "s" { fn nop() -> u64 { return 1; } }',
        'enclave C { fn main() -> i64 { let s = acquire S; var n: u64 = 0; for i in 0..1000 { n += s.nop(); } return n as i64; } }',
        'host {',
        '  let s = create S; let c = create C;',
        '  var slices: u64 = 1;',
        '  var ended = run c for 1000;',
        '  while !ended { ended = resume c for 1000; slices += 1; }',
        '  print("at least 100 slices: ", slices >= 100, ", result ", resume c);',
        '}',
      ].join('\n'),
    );
    expect(run.stdout).toBe('at least 100 slices: true, result 1000\n');
  });

  it('a slice of 0 worked out at run time is refused, for resume as for run', () => {
    const run = runSource(
      'enclave E { fn main() -> i64 { var t: u64 = 0; for i in 0..100000 { t += 1; } return t as i64; } }\n' +
        'host { let e = create E; print(run e for 100); var n: u64 = 0; print(resume e for n); }\n',
    );
    expect(run.stdout).toBe('false\nerror: resume at test.pen:2:70: bad argument\n');
    expect(run.exitCode).toBe(1);
  });

  it('stop of an enclave that is not suspended is refused: the host says where and why, and exits 1', () => {
    const run = runSource('enclave E { fn main() -> i64 { return 1; } }\nhost { let e = create E; print("before"); stop e; print("after"); }\n');
    expect(run.stdout).toBe('before\nerror: stop at test.pen:2:43: bad state\n');
    expect(run.exitCode).toBe(1);
  });
});

describe('attestation from the host', () => {
  it('attest gives the same fingerprint for the same nonce and another for another nonce', () => {
    const run = runSource(
      'enclave E { fn main() -> i64 { return 1; } }\nhost { let e = create E; let a = attest e with 42; let b = attest e with 42; let c = attest e with 43; print(a == b, " ", a == c); print("ran ", run e); }\n',
    );
    expect(run.stdout).toBe('true false\nran 1\n');
  });
});
