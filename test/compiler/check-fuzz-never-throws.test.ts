// Bad input never crashes the checker (DESIGN.md §6): thousands of mutated valid programs and
// random token soups, from a fixed seed, all come back with a result and no internal error.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, designExample, everyConstruct } from './check-harness.js';
import { buildSource } from './run-program.js';

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'server', 'enclave', 'host', 'test', 'fn', 'private', 'let', 'var', 'const', 'struct', 'import', 'if', 'else', 'while',
  'for', 'in', 'out', 'inout', 'return', 'break', 'continue', 'create', 'acquire', 'run', 'destroy', 'attest', 'with',
  'stop', 'resume', 'as', 'true', 'false', 'u8', 'u64', 'i64', 'bool', 'x', 'main', 'Adder', 'fill', 'print', 'hex',
  'assert_eq', 'peek64', 'poke8', '0', '1', '4096', '0xffff_ffff_ffff_ffff', '-', '"s"', '""', '{', '}', '(', ')', '[',
  ']', ';', ',', ':', '.', '..', '->', '=', '+=', '<<=', '+', '*', '/', '%', '<<', '>>', '==', '<', '&&', '||', '!',
  '~', '&', '|', '^', 'server<Adder>', 'enclave<Caller>', 'measurement', 'caller_measurement', 'caller_id', 'report',
  'server_report', 'verify_report', 'seal', 'unseal', 'sealing_key', 'random_u64', 'Vault', 'Client', 'u8[32]', 'u8[36]',
];

const vaultSample = readFileSync(join(import.meta.dirname, '../../samples/attested-vault/main.pen'), 'utf8');

function mutate(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * result.length);
    const choice = next();
    if (choice < 0.4) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 12));
    else if (choice < 0.8) result = result.slice(0, at) + ' ' + PIECES[Math.floor(next() * PIECES.length)] + ' ' + result.slice(at);
    else {
      const from = Math.floor(next() * result.length);
      result = result.slice(0, at) + result.slice(from, from + 30) + result.slice(at);
    }
  }
  return result;
}

function expectNoInternalError(text: string): void {
  let result;
  try {
    result = check(text);
  } catch (error) {
    throw new Error(`checker threw on:\n${text}\n${String(error)}`);
  }
  const internal = result.diagnostics.filter((d) => d.code === 'E0999');
  if (internal.length) throw new Error(`internal error on:\n${text}\n${internal[0].message}`);
  expect(Array.isArray(result.diagnostics)).toBe(true);
}

describe('the checker on broken input', () => {
  it('survives 1500 mutations of valid programs', () => {
    const next = random(20240601);
    for (let i = 0; i < 1500; i++) expectNoInternalError(mutate(i % 2 ? designExample : everyConstruct, next));
  });

  it('survives 600 mutations of the attested vault (measurements, shared functions, trusted-execution builtins)', () => {
    const next = random(11);
    for (let i = 0; i < 600; i++) expectNoInternalError(mutate(vaultSample, next));
  });

  it('builds every mutation of the attested vault that checks clean, without a compiler error', () => {
    const next = random(12);
    let built = 0;
    for (let i = 0; i < 300 && built < 25; i++) {
      const text = mutate(vaultSample, next);
      if (check(text).diagnostics.some((d) => d.severity === 'error')) continue;
      try {
        buildSource(text);
      } catch (error) {
        throw new Error(`build failed on:\n${text}\n${String(error)}`);
      }
      built++;
    }
    expect(built).toBeGreaterThan(5);
  });

  it('survives 1500 random token sequences', () => {
    const next = random(7);
    for (let i = 0; i < 1500; i++) {
      const length = 1 + Math.floor(next() * 60);
      const pieces: string[] = [];
      for (let j = 0; j < length; j++) pieces.push(PIECES[Math.floor(next() * PIECES.length)]);
      expectNoInternalError(pieces.join(' '));
    }
  });

  it('survives deep nesting, huge literals and cyclic constants', () => {
    for (const text of [
      'enclave E { fn main() -> i64 { return ' + '('.repeat(500) + '1' + ')'.repeat(500) + '; } }',
      'enclave E { fn main() -> i64 { return ' + '-'.repeat(300) + '1; } }',
      'const A = B; const B = A; enclave E { fn main() -> i64 { var x: u8[A]; return 0; } }',
      'enclave E { fn main() -> i64 { var a: u8[99999999999999999999]; return 0; } }',
      'struct A { b: B } struct B { a: A }',
      'enclave E { fn main() -> i64 { return 1 / 0 + 1 % 0 + (1 << 99); } }',
      '\u0000\uffff\ud800',
    ]) {
      expectNoInternalError(text);
    }
  });
});
