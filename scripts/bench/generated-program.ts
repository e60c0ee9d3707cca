// A large, valid program for throughput benchmarks: servers with interfaces, enclaves
// that call them, and plenty of ordinary functions with loops and arithmetic.
export function generateProgram(targetLines: number): string {
  const lines: string[] = ['struct Sample { a: u64, b: i32, c: u8[16] }', ''];
  let section = 0;
  while (lines.length < targetLines) {
    const server = `Server${section}`;
    lines.push(`server ${server} "srv-${section}" {`, '  var calls: u64 = 0;');
    for (let f = 0; f < 4; f++) {
      lines.push(
        `  /// Function ${f} of ${server}.`,
        `  fn work${f}(tag: u64, data: inout u32[64]) -> u64 {`,
        '    calls += 1;',
        '    var sum: u64 = tag;',
        '    for i in 0..64 {',
        '      data[i] = data[i] * 3 + 1;',
        '      sum += data[i];',
        '    }',
        '    return sum;',
        '  }',
      );
    }
    lines.push('}', '', `enclave Client${section} {`);
    for (let f = 0; f < 6; f++) {
      lines.push(
        `  fn helper${f}(x: i64, y: i64) -> i64 {`,
        '    var acc: i64 = 0;',
        '    var i: i64 = 0;',
        '    while i < y {',
        `      if (x + i) % ${f + 2} == 0 { acc += x * i; } else { acc -= i; }`,
        '      i += 1;',
        '    }',
        '    return acc;',
        '  }',
      );
    }
    lines.push(
      '  fn main() -> i64 {',
      `    let s = acquire ${server};`,
      '    var data: u32[64];',
      '    for i in 0..64 { data[i] = i as u32; }',
      '    let r = s.work0(7, data);',
      '    var sample: Sample;',
      '    sample.a = r;',
      '    sample.b = -3;',
      '    print("result ", r, " ", helper0(3, 10), " ", sample.b);',
      '    return 0;',
      '  }',
      '}',
      '',
    );
    section++;
  }
  lines.push('host {');
  for (let s = 0; s < section; s++) lines.push(`  let s${s} = create Server${s};`, `  let c${s} = create Client${s};`, `  print("client ", run c${s});`, `  destroy s${s};`);
  lines.push('}', '');
  return lines.join('\n');
}
