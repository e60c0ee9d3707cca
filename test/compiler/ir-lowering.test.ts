// The IR is a real intermediate form: control flow as blocks, variables as virtual
// registers, constants folded, dead code gone. These tests pin its exact text.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { lowerSection } from '../../compiler/ir/lower-module.js';
import { printFunction } from '../../compiler/ir/print-ir.js';

function irOf(source: string, functionName: string, optimize = true): string {
  const checked = checkSource(source, 'ir.pen');
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const section = checked.sections.find((s) => s.functions.some((f) => f.name === functionName))!;
  const module = lowerSection(checked, section, [], optimize);
  return printFunction(module.functions.find((f) => f.symbol === `f_${functionName}`)!);
}

const wrap = (body: string) => `enclave E {\n${body}\n  fn main() -> i64 { return 0; }\n}\nhost { }\n`;

describe('lowering to IR', () => {
  it('a loop becomes blocks over one mutable virtual register per variable', () => {
    const ir = irOf(wrap('  fn sum(n: u64) -> u64 {\n    var total: u64 = 0;\n    for i in 0..n { total += i; }\n    return total;\n  }'), 'sum', false);
    expect(ir).toBe(
      [
        'fn f_sum(%0) {',
        '.Lf_sum_entry:',
        '    ; ir.pen:3:5',
        '    %1 = const 0',
        '    %2 = %1',
        '    ; ir.pen:4:5',
        '    %4 = const 0',
        '    %3 = %4',
        '    %5 = %0',
        '    jump .Lf_sum_for_0',
        '.Lf_sum_for_0:',
        '    %6 = sltu %3, %5',
        '    branch %6, .Lf_sum_forbody_1, .Lf_sum_endfor_3',
        '.Lf_sum_forbody_1:',
        '    ; ir.pen:4:21',
        '    %7 = add %2, %3',
        '    %2 = %7',
        '    jump .Lf_sum_forstep_2',
        '.Lf_sum_forstep_2:',
        '    %8 = const 1',
        '    %3 = add %3, %8',
        '    jump .Lf_sum_for_0',
        '.Lf_sum_endfor_3:',
        '    ; ir.pen:5:5',
        '    ret %2',
        '}',
      ].join('\n'),
    );
  });

  it('narrow arithmetic is renormalised, which is the wrap-around', () => {
    const ir = irOf(wrap('  fn add(a: i8, b: i8) -> i8 {\n    return a + b;\n  }'), 'add');
    expect(ir).toBe(['fn f_add(%0, %1) {', '.Lf_add_entry:', '    ; ir.pen:3:5', '    %2 = add %0, %1', '    %3 = sext.8 %2', '    ret %3', '}'].join('\n'));
  });

  it('constants fold and dead code disappears', () => {
    const source = wrap('  fn k() -> u64 {\n    let unused = 7 * 6;\n    let x: u64 = 2;\n    return x * 21 + 0;\n  }');
    const optimized = irOf(source, 'k');
    expect(optimized).toBe(['fn f_k() {', '.Lf_k_entry:', '    ; ir.pen:3:5', '    %0 = const 42', '    ; ir.pen:4:5', '    ; ir.pen:5:5', '    ret %0', '}'].join('\n'));
    expect(irOf(source, 'k', false)).toContain('%5 = mul %3, %4');
  });

  it('array indexing checks bounds on a path of its own', () => {
    const ir = irOf(wrap('  fn get(values: in u32[4], i: u64) -> u32 {\n    return values[i];\n  }'), 'get');
    expect(ir).toContain('sltu %1, %2');
    expect(ir).toContain('call __pgl_panic(');
    expect(ir).toContain('unreachable');
    expect(ir).toMatch(/load\.4u \[%\d+ \+ 0\]/);
  });
});
