// Shared helpers for the checker tests: check a program held in memory and describe each
// diagnostic in one line (`code line:col-line:col message`) so tests assert exact output.
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { checkProgram, type SourceHost } from '../../compiler/check/index.js';

export function memoryHost(files: Record<string, string>): SourceHost {
  return { readFile: (path) => files[path] };
}

export function check(source: string, file = 'main.pen') {
  return checkProgram(file, memoryHost({ [file]: source }));
}

export function describe1(d: Diagnostic): string {
  const s = d.span;
  return `${d.code} ${s.startLine}:${s.startCol}-${s.endLine}:${s.endCol} ${d.message}`;
}

/** Every diagnostic of a program, one line each. */
export function diagnosticsOf(source: string): string[] {
  return check(source).diagnostics.map(describe1);
}

/** The DESIGN.md §2 example, verbatim. */
export const designExample = `server Adder "test-server" {            // a SERVER enclave, registered under this name (<= 15 bytes)
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    var sum: u64 = tag;
    for i in 0..4096 { sum += nums[i]; nums[i] = 2; }
    print("server sum ", sum);
    return 2;
  }
}

server Relay "test-server1" {            // a server that is also a caller: an enclave chain
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    for i in 0..4096 { nums[i] += 1; }
    let next = acquire Adder;
    next.fill(tag + 0x1000, nums);
    return 3;
  }
}

enclave Caller {                         // a NORMAL enclave: the host runs it, it returns an i64
  fn main() -> i64 {
    var nums: u32[4096];
    for i in 0..4096 { nums[i] = 1; }
    let s = acquire Relay;               // acquire_enclave("test-server1")
    let v = s.fill(0x19960000, nums);    // call_enclave, checked against Relay.fill
    print("resp ", v);
    return 0;
  }
}

host {
  let a = create Adder;                  // SERVER_ENCLAVE: created, never run
  let r = create Relay;
  let c = create Caller;                 // NORMAL_ENCLAVE
  print("caller returned ", run c);
  destroy r;
  destroy a;
}
`;

/** A program that uses every construct of the language once, and is correct. */
export const everyConstruct = `import "shared.pen";
/// Limits shared by everyone.
const LIMIT: u64 = 16;
const HALF = LIMIT / 2;
struct Point { x: i32, y: i64, tag: u8 }
struct Pair { a: Point, b: Point }

server Store "store" {
  var calls: u64 = 0;
  let base: u32 = 7;
  const SCALE: u8 = 3;
  var table: u16[4] = [1, 2, 3, 4];
  fn put(key: u64, data: in u8[16], p: inout Point) -> bool {
    calls += 1;
    p.x = p.x + 1;
    p.y += data[0] as i64;
    return key < LIMIT && !(data[1] == 0) || false;
  }
  fn total(out_data: out u32[LIMIT]) {
    for i in 0..LIMIT { out_data[i] = base * (i as u32) + helper(SCALE); }
  }
  private fn helper(x: u8) -> u32 {
    var y: u32 = x;
    while y < 100 { y <<= 1; if y > 50 { break; } else if y == 3 { continue; } else { y |= 1; } }
    return y ^ ~0 & 0xff | (y >> 2) % 7 - 1 * 2;
  }
}

enclave Client {
  fn main() -> i64 {
    var buffer: u8[16];
    var p: Point;
    var pair: Pair;
    pair.a = p;
    pair.b.tag = 200;
    let s = acquire Store;
    let ok = s.put(5, buffer, p);
    var results: u32[LIMIT];
    s.total(results);
    let raw = peek64(0x1000);
    poke64(0x2000, raw);
    poke8(0x2000, peek8(0x1000));
    let negative: i8 = -128;
    let wide: i64 = negative;
    let sum = local(wide, [1, 2, 3]);
    assert(ok || sum > 0);
    assert_eq(sum, 6);
    print("ok ", ok, " sum ", sum, " hex ", hex(results[0]), " shared ", SHARED);
    if ok { return 1; }
    return sum - wide;
  }
  fn local(first: i64, values: in i64[3]) -> i64 {
    var total = first;
    for i in 0..3 { total += values[i]; }
    return total;
  }
}

host {
  fn announce(h: enclave<Client>) -> bool {
    print("running");
    return run h == 0;
  }
  let store = create Store;
  let client = create Client;
  let passed = announce(client);
  let report = attest client with 0x1234;
  let plain = attest store;
  print(passed, report, plain);
  stop client;
  resume client;
  destroy client;
  destroy store;
}

test "arithmetic wraps" {
  let x: u8 = 255;
  assert_eq(x + 1, 0);
  assert(true);
}
`;

export const sharedFile = `const SHARED: u32 = 42;\n`;
