import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTestsOnEmulator } from '../../compiler/cli/test-platform.js';
import { diskHost } from '../../compiler/check/index.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/index.js';
import { BUILTIN_NAMES, isEffectBuiltin, type BuiltinName } from '../../compiler/builtins.js';
import { optimizeFunction } from '../../compiler/ir/optimize.js';
import type { IrFunction } from '../../compiler/ir/ir.js';
import { printFunction } from '../../compiler/ir/print-ir.js';
import { runSource } from './run-program.js';
import { checkSource } from '../../compiler/check/index.js';
import { lowerSection } from '../../compiler/ir/lower-module.js';

const enclave = (body: string) =>
  `enclave A { var g: u64 = 7; fn main() -> i64 { ${body} return 1; } }\nhost { let a = create A; print("A returned ", run a); }\n`;

type Outcome = { stdout: string; faults: string[] };

function outcome(body: string, program = ''): Outcome {
  const run = runSource(program + enclave(body));
  return {
    stdout: run.stdout,
    faults: run.events.map((e) => (e.kind === 'fault' ? `${e.report.cause} at 0x${e.report.address?.toString(16)}` : e.kind)),
  };
}

const loadFault: Outcome = { stdout: 'A returned -19\n', faults: ['load page fault at 0x10000'] };
const storeFault: Outcome = { stdout: 'A returned -19\n', faults: ['store page fault at 0x10000'] };

/** The second word of the monitor's GETRANDOM stream under its default seed (xorshift64*). */
const RANDOM_SECOND = '0x54c44c79f1fe9d67';

// Every builtin the table calls an effect, used so that its result (if any) is unused: the
// effect must still happen. A new effectful builtin fails the last test until it has a case.
const CASES: Record<string, { body: string; expected: Outcome; program?: string }[]> = {
  peek64: [
    { body: 'peek64(0x10000); print("the load did not stop me");', expected: loadFault },
    { body: 'let _x = peek64(0x10000); print("the load did not stop me");', expected: loadFault },
    { body: 'peek64(0x10000) + 1; print("the load did not stop me");', expected: loadFault },
    { body: 'let _y = (peek64(0x10000) * 0) as u8; print("the load did not stop me");', expected: loadFault },
    { body: '[peek64(0x10000), 1]; print("the load did not stop me");', expected: loadFault },
    { body: 'if peek64(0x1000) == 0 || true { } print("mapped address: ok");', expected: { stdout: 'mapped address: ok\nA returned 1\n', faults: [] } },
  ],
  peek8: [
    { body: 'peek8(0x10000); print("the load did not stop me");', expected: loadFault },
    { body: 'let _x = peek8(0x10000); print("the load did not stop me");', expected: loadFault },
    { body: 'let _x = peek8(0x10000) as u64 & 0; print("the load did not stop me");', expected: loadFault },
  ],
  poke64: [
    { body: 'poke64(0x10000, 1); print("the store did not stop me");', expected: storeFault },
  ],
  poke8: [
    { body: 'poke8(0x10000, 1); print("the store did not stop me");', expected: storeFault },
  ],
  print: [{ body: 'print("printed although nothing uses it");', expected: { stdout: 'printed although nothing uses it\nA returned 1\n', faults: [] } }],
  assert: [{ body: 'assert(g == 8); print("not reached");', expected: { stdout: 'error: assert failed at test.pen:1:48: `g == 8` (g is 7, 8 is 8)\nA returned -1\n', faults: [] } }],
  assert_eq: [{ body: 'assert_eq(g, 8); print("not reached");', expected: { stdout: 'error: assert_eq failed at test.pen:1:48: left 7, right 8\nA returned -1\n', faults: [] } }],
  // The stream advances: the second call gives the stream's second word.
  random_u64: [{ body: 'random_u64(); print(hex(random_u64()));', expected: { stdout: `${RANDOM_SECOND}\nA returned 1\n`, faults: [] } }],
  seal: [{ body: 'var v: u64[1] = [5]; var s: u8[36]; seal(v, s); print(s[35] != 0 || s[34] != 0);', expected: { stdout: 'true\nA returned 1\n', faults: [] } }],
  unseal: [{ body: 'var v: u64[1] = [5]; var s: u8[36]; seal(v, s); var w: u64[1]; unseal(s, w); print(w[0]);', expected: { stdout: '5\nA returned 1\n', faults: [] } }],
  // No server "vault" was created: the unused report still asks, and the refusal stops A.
  server_report: [{ body: 'server_report(V, 1); print("not reached");', expected: { stdout: 'error: server_report "vault" at test.pen:2:48: not found\nA returned -10\n', faults: [] }, program: 'server V "vault" { }\n' }],
};


// Builtins whose only effect is the question to the monitor: the call stays in the optimised IR.
const MONITOR_CALLS: Record<string, { program: string; section: string; callee: string }> = {
  report: { program: 'enclave A { fn main() -> i64 { report(1); return 0; } }', section: 'A', callee: '__pgl_get_report' },
  sealing_key: { program: 'enclave A { fn main() -> i64 { sealing_key(); return 0; } }', section: 'A', callee: '__pgl_get_key' },
  verify_report: { program: 'enclave A { fn main() -> i64 { verify_report(report(1), sealing_key(), 1); return 0; } }', section: 'A', callee: '__pgl_verify_report' },
  caller_id: { program: 'server S "s" { fn f() { caller_id(); } }', section: 'S', callee: '__pgl_caller_id' },
  caller_measurement: { program: 'server S "s" { fn f() { caller_measurement(); } }', section: 'S', callee: '__pgl_caller_measurement' },
};

const TEST_PROBES: Record<string, string> = {
  expect_fault: 'expect_fault(run a, load_page_fault);',
  expect_output: 'run a; expect_output("goodbye");',
  expect_no_output: 'run a; expect_no_output("hello");',
};

describe('effects whose results are unused still happen', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    for (const { body, expected, program } of cases) {
      it(`${name}: \`${body}\``, () => {
        expect(outcome(body, program)).toEqual(expected);
      });
    }
  }

  for (const [name, { program, section, callee }] of Object.entries(MONITOR_CALLS)) {
    it(`${name}: an unused result still asks the monitor (${callee} stays after optimisation)`, () => {
      const checked = checkSource(program, 'test.pen');
      expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const module = lowerSection(checked, checked.sections.find((s) => s.name === section)!, []);
      expect(module.functions.map(printFunction).join('\n')).toContain(`call ${callee}(`);
    });
  }

  // The test probes exist only in `test` blocks: each one, unused as a statement, still judges the test.
  for (const [name, line] of Object.entries(TEST_PROBES)) {
    it(`${name}: \`${line}\` still fails the test it is in`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'penglaic-probe-'));
      const file = join(dir, 'main.pen');
      writeFileSync(file, `enclave A { fn main() -> i64 { print("hello"); return 7; } }\nhost { }\ntest "probe" { let a = create A; ${line} }\n`);
      const report = runTestsOnEmulator({ files: [file], sources: diskHost, clock: () => 0, deviceSeed: INSECURE_FIXED_DEVICE_SEED });
      expect(report.tests.map((t) => t.status)).toEqual(['failed']);
    });
  }

  it('every builtin the table marks as an effect has a case here', () => {
    expect([...Object.keys(CASES), ...Object.keys(MONITOR_CALLS), ...Object.keys(TEST_PROBES)].sort()).toEqual(BUILTIN_NAMES.filter((n: BuiltinName) => isEffectBuiltin(n)).sort());
  });
});

describe('expression statements whose value is dropped', () => {
  it('a string or an array literal as a statement compiles to nothing but its effects', () => {
    expect(outcome('("a string"); [1, 2]; [g; 4]; print("done");')).toEqual({ stdout: 'done\nA returned 1\n', faults: [] });
  });
});

describe('dead-code elimination', () => {
  const fn = (): IrFunction => ({
    symbol: 'f',
    params: [0],
    slots: [],
    vregCount: 4,
    blocks: [
      {
        label: '.Lf_entry',
        insts: [
          { op: 'load', dst: 1, addr: 0, offset: 0, size: 8, signed: false, effect: true },
          { op: 'load', dst: 2, addr: 0, offset: 8, size: 8, signed: false },
          { op: 'copy', dst: 3, src: 1 },
        ],
        term: { op: 'ret' },
      },
    ],
  });

  it('keeps a load marked as an effect and removes an ordinary one, both unused', () => {
    expect(printFunction(optimizeFunction(fn()))).toBe('fn f(%0) {\n.Lf_entry:\n    %1 = load.8u effect [%0 + 0]\n    ret\n}');
  });
});
