// A large, valid .pen program for latency measurements (bench/lsp-latency.mjs and the burst
// test): one server and enough enclaves of 20 server calls each to reach `lines` lines.
export function generateSource(lines) {
  const out = ['server Adder "test-server" {', '  /// Adds 2.', '  fn add_two(tag: u64) -> u64 {', '    return tag + 2;', '  }', '}', ''];
  for (let i = 0; out.length < lines - 8; i++) {
    out.push(`enclave E${i} {`, '  fn main() -> i64 {', '    let adder = acquire Adder;', '    var total: u64 = 0;');
    for (let k = 0; k < 20; k++) out.push(`    total += adder.add_two(${k});`);
    out.push('    return total as i64;', '  }', '}', '');
  }
  out.push('host {', '  let a = create Adder;', '  let e = create E0;', '  print(run e);', '  destroy a;', '}', '');
  return out.join('\n');
}
