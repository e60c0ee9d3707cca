// Call- and branch-heavy workload: recursion, calls through function pointers, a switch
// interpreter for a tiny bytecode, and data-dependent branches.
#include "shim.h"

__attribute__((noinline)) static u64 fib(u64 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static u64 op_add(u64 a, u64 b) { return a + b; }
__attribute__((noinline)) static u64 op_xor(u64 a, u64 b) { return a ^ (b << 1); }
__attribute__((noinline)) static u64 op_mix(u64 a, u64 b) { return (a >> 3) + b * 5; }
__attribute__((noinline)) static u64 op_sub(u64 a, u64 b) { return a - (b | 1); }
static u64 (*const ops[4])(u64, u64) = { op_add, op_xor, op_mix, op_sub };

// bytecode: 0 push imm, 1 add, 2 mul, 3 dup, 4 swap, 5 jnz back, 6 dec, 7 halt
static const u8 program[] = { 0, 40, 3, 0, 3, 2, 4, 6, 3, 5, 6, 7 };
__attribute__((noinline)) static u64 interpret(u64 seed) {
  u64 stack[16];
  int sp = 0;
  u64 acc = seed;
  int pc = 0;
  for (int steps = 0; steps < 400; steps++) {
    u8 op = program[pc++];
    switch (op) {
      case 0: stack[sp++] = program[pc++]; break;
      case 1: sp--; stack[sp - 1] += stack[sp]; break;
      case 2: sp--; stack[sp - 1] *= stack[sp]; acc += stack[sp - 1]; break;
      case 3: stack[sp] = stack[sp - 1]; sp++; break;
      case 4: { u64 t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case 5: if (stack[--sp]) pc = 3; else sp = sp > 1 ? sp - 1 : sp; break;
      case 6: stack[sp - 1]--; break;
      default: return acc + (u64)sp;
    }
    if (sp > 12) sp = 2;
    if (sp < 1) { stack[0] = acc; sp = 1; }
  }
  return acc + (u64)sp;
}

int main(int argc, char **argv) {
  u64 iterations = argc > 1 ? parse_u64(argv[1]) : 10;
  u64 h = 1469598103934665603ull;
  for (u64 it = 0; it < iterations; it++) {
    h = (h ^ fib(16 + (it & 3)) ^ it) * 1099511628211ull;
    for (u64 k = 0; k < 512; k++) {
      u64 v = ops[(h >> (k & 31)) & 3](h, k);
      if (v & 1) h += v; else if (v & 2) h ^= v >> 1; else h -= k;
    }
    h += interpret(h) ^ (it << 7);
  }
  put_str("call-heavy iterations ");
  put_u64(iterations);
  put_str(" hash ");
  put_hex(h);
  put_str("\n");
  return 0;
}
