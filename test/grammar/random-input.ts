// Deterministic random input for the fuzz tests: a seeded generator and token vocabularies.

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export const KEYWORDS = [
  'import', 'const', 'struct', 'server', 'enclave', 'host', 'test', 'fn', 'private', 'var', 'let', 'if', 'else',
  'while', 'for', 'in', 'out', 'inout', 'return', 'break', 'continue', 'destroy', 'stop', 'resume', 'create',
  'acquire', 'run', 'attest', 'with', 'as', 'true', 'false', 'u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'bool',
];

export const OPERATORS = [
  '<<=', '>>=', '<<', '>>', '<=', '>=', '<', '>', '==', '!=', '||', '&&', '->', '+=', '-=', '*=', '/=', '%=', '&=',
  '|=', '^=', '=', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '..', '.', ',', ':', ';', '(', ')', '[', ']', '{', '}',
];

export const WORDS = [
  ...KEYWORDS, ...OPERATORS,
  'x', 'nums', 'Adder', 'print', 'main', '_', 'a1', '0', '42', '0x1f', '0b101', '1_000', '0x', '12ab',
  '"str"', '"a\\n"', '"bad\\q"', '"open', '// note', '/// doc', '/* c */', '/* open', '@', 'é', '\\', '\n', '\t',
];

/** A program that uses every construct, for mutation. */
export const SAMPLE = `import "lib.pen";
const LIMIT: u64 = 4096;
struct Point { x: i32, y: i32 }
/// Adds.
server Adder "test-server" {
  var calls: u64 = 0;
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    var sum: u64 = tag;
    for i in 0..4096 { sum += nums[i] as u64; nums[i] = 2; }
    if sum > 3 && !(calls == 0) { calls += 1; } else if sum < 2 { return 0; } else { sum = -sum; }
    while calls < 10 { calls <<= 1; break; }
    return helper(sum);
  }
  private fn helper(x: u64) -> u64 { return x % 7; }
}
enclave Caller {
  fn main() -> i64 {
    var nums: u32[4096];
    let s: server<Adder> = acquire Adder;
    let v = s.fill(0x19960000, nums);
    print("resp\\n", v, [1, 2], [0; 4]);
    return 0;
  }
}
host {
  fn helper() -> u64 { return 1; }
  let c = create Caller;
  print("caller returned ", run c);
  let report = attest c with 0x1234;
  stop c; resume c; destroy c;
}
test "adds" { assert(1 + 1 == 2); assert_eq(peek64(0x1000), 3); }
`;
