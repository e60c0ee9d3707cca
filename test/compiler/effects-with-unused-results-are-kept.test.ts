import { describe, expect, it } from 'vitest';
import { BUILTIN_NAMES, isEffectBuiltin, type BuiltinName } from '../../compiler/builtins.js';
import { optimizeFunction } from '../../compiler/ir/optimize.js';
import type { IrFunction } from '../../compiler/ir/ir.js';
import { printFunction } from '../../compiler/ir/print-ir.js';
import { runSource } from './run-program.js';

const enclave = (body: string) =>
  `enclave A { var g: u64 = 7; fn main() -> i64 { ${body} return 1; } }\nhost { let a = create A; print("A returned ", run a); }\n`;

type Outcome = { stdout: string; faults: string[] };

function outcome(body: string): Outcome {
  const run = runSource(enclave(body));
  return {
    stdout: run.stdout,
    faults: run.events.map((e) => (e.kind === 'fault' ? `${e.report.cause} at 0x${e.report.address?.toString(16)}` : e.kind)),
  };
}

const loadFault: Outcome = { stdout: 'A returned -19\n', faults: ['load page fault at 0x10000'] };
const storeFault: Outcome = { stdout: 'A returned -19\n', faults: ['store page fault at 0x10000'] };

// Every builtin the table calls an effect, used so that its result (if any) is unused: the
// effect must still happen. A new effectful builtin fails the last test until it has a case.
const CASES: Record<string, { body: string; expected: Outcome }[]> = {
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
  assert: [{ body: 'assert(g == 8); print("not reached");', expected: { stdout: 'error: assertion failed at test.pen:1:48\nA returned -1\n', faults: [] } }],
  assert_eq: [{ body: 'assert_eq(g, 8); print("not reached");', expected: { stdout: 'error: assert_eq failed at test.pen:1:48: left 7, right 8\nA returned -1\n', faults: [] } }],
};

describe('effects whose results are unused still happen', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    for (const { body, expected } of cases) {
      it(`${name}: \`${body}\``, () => {
        expect(outcome(body)).toEqual(expected);
      });
    }
  }

  it('every builtin the table marks as an effect has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual(BUILTIN_NAMES.filter((n: BuiltinName) => isEffectBuiltin(n)).sort());
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
