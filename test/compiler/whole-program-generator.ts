// Random whole programs for the optimiser's differential test: an enclave with global and
// local arrays, nested `for` and `while` loops with `break` and `continue`, `if`/`else`,
// calls of its own functions (scalars and an `inout` array), prints, raw-memory peeks and
// pokes, and array indexes that are sometimes out of range (so some runs end in the located
// bounds error, some in a fault, most normally). Built at -O0 and at the default, a program
// must print the same and end the same way (optimizer-keeps-behaviour.test.ts).
import { pick, seededRandom } from '../grammar/random-input.js';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked } from '../../compiler/build.js';
import { predictImage } from '../../compiler/cli/build.js';
import { INSECURE_FIXED_DEVICE_SEED, runPlatform } from '../../emulator/index.js';

/** What a run printed and how it ended (monitor events without the pc, which the code decides). */
export interface Outcome {
  stdout: string;
  events: string[];
}

function runOnce(source: string, optimize: boolean): Outcome {
  const checked = checkSource(source, 'test.pen');
  const built = buildChecked(checked, [...checked.diagnostics], 'test.pen', undefined, predictImage, { optimize });
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`does not build: ${errors[0].code} ${errors[0].message} at ${errors[0].span.startLine}:${errors[0].span.startCol}`);
  const files = new Map(built.images.map((i) => [i.source.fileName, i.elf]));
  let stdout = '';
  const outcome = runPlatform({ hostElf: files.get('host.elf')!, files, stdout: (b) => (stdout += Buffer.from(b).toString('utf8')), enclaveMaxSteps: 50_000_000, deviceSeed: INSECURE_FIXED_DEVICE_SEED });
  if ('error' in outcome) throw new Error(outcome.error);
  const ignored = new Set(['pc', 'returnAddress']);
  return { stdout, events: outcome.events.map((e) => JSON.stringify(e, (key, v) => (ignored.has(key) ? undefined : typeof v === 'bigint' ? `0x${v.toString(16)}` : v))) };
}

/** One program built at -O0 and optimised, each run under the monitor. */
export function runBothWays(source: string): { o0: Outcome; optimized: Outcome } {
  return { o0: runOnce(source, false), optimized: runOnce(source, true) };
}

const VARIABLES = 4;

export function generateWholeProgram(seed: number): string {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const constant = () => String(pick(random, [0, 1, 2, 3, 5, 7, 15, 16, 17, 63, 255, 1000, 65535, int(100000)]));
  const variable = () => `v${int(VARIABLES)}`;
  let loopVars: string[] = [];
  let loopDepth = 0;
  let counters = 0;

  const operand = (): string => {
    const r = int(6);
    if (r === 0 && loopVars.length) return pick(random, loopVars);
    if (r === 1) return constant();
    return variable();
  };
  // Every operation has a variable under it, so the checker folds nothing into a
  // compile-time division by zero.
  const expr = (depth: number): string => {
    if (depth <= 0 || int(3) === 0) return int(4) === 0 && loopVars.length ? pick(random, loopVars) : variable();
    const op = pick(random, ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>'] as const);
    if (op === '<<' || op === '>>') return `(${expr(depth - 1)} ${op} (${operand()} & 63))`;
    return random() < 0.5 ? `(${expr(depth - 1)} ${op} ${operand()})` : `(${operand()} ${op} ${expr(depth - 1)})`;
  };
  /** An index into an array of `length`: mostly in range, sometimes not. */
  const index = (length: number): string => {
    const r = int(10);
    if (r < 3) return `(${expr(1)} % ${length})`;
    if (r < 5 && loopVars.length) return `(${pick(random, loopVars)} % ${length})`;
    if (r < 6 && loopVars.length) return pick(random, loopVars);
    if (r < 7) return `(${expr(1)} & ${length - 1})`;
    if (r < 8) return `(${variable()} % ${length + 1})`;
    if (r < 9) return String(int(length));
    return variable();
  };
  const cmp = () => pick(random, ['==', '!=', '<', '<=', '>', '>='] as const);

  const statements = (depth: number, count: number, inFunction: boolean): string[] => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(...statement(depth, inFunction));
    return out;
  };
  const statement = (depth: number, inFunction: boolean): string[] => {
    const r = int(depth > 0 ? 16 : 10);
    const array = inFunction ? 'arr' : pick(random, ['g', 'loc']);
    const length = array === 'loc' ? 8 : 16;
    switch (r) {
      case 0:
      case 1:
        return [`${variable()} = ${expr(2)};`];
      case 2:
        return [`${array}[${index(length)}] = ${expr(2)} as u32;`];
      case 3:
        return [`${variable()} += ${array}[${index(length)}] as u64;`];
      case 4:
        return [`h[${index(8)}] = ${expr(1)};`, `${variable()} ^= h[${index(8)}];`];
      case 5:
        return [`print("p${int(100)} ", ${expr(2)});`];
      case 6:
        return inFunction ? [`${variable()} -= ${expr(1)};`] : [`${variable()} = step(${expr(1)}, ${expr(1)}, g);`];
      case 7:
        if (int(8) === 0) return [`poke64(${pick(random, ['0x1000', '0x1008', '0x20000'])}, ${expr(1)});`];
        return [`${variable()} += peek8(${pick(random, ['0x1000', '0x1004'])}) as u64;`];
      case 8:
        if (loopDepth > 0) return [`if ${variable()} % ${pick(random, [2, 3, 5, 7])} == 0 { ${pick(random, ['break;', 'continue;'])} }`];
        return [`${variable()} = ${variable()} * 3 + 1;`];
      case 9:
        return [`${variable()} = (${expr(1)}) as u8 as u64 + (${expr(1)}) as i32 as u64;`];
      case 10:
      case 11: {
        const name = `i${loopDepth}`;
        const bound = pick(random, [1, 3, 8, 16, 17, int(20)]);
        loopVars.push(name);
        loopDepth++;
        const body = statements(depth - 1, 1 + int(3), inFunction);
        loopDepth--;
        loopVars.pop();
        return [`for ${name} in (0 as u64)..${bound} {`, ...body.map((s) => `  ${s}`), '}'];
      }
      case 12: {
        const counter = `w${counters++}`;
        loopDepth++;
        const body = statements(depth - 1, 1 + int(3), inFunction);
        loopDepth--;
        return [`var ${counter}: u64 = 0;`, `while ${counter} < ${pick(random, [2, 5, 10, 16])} {`, `  ${counter} += 1;`, ...body.map((s) => `  ${s}`), '}'];
      }
      default: {
        const then = statements(depth - 1, 1 + int(2), inFunction);
        const otherwise = random() < 0.5 ? statements(depth - 1, 1 + int(2), inFunction) : [];
        return [`if ${expr(1)} ${cmp()} ${operand()} {`, ...then.map((s) => `  ${s}`), ...(otherwise.length ? ['} else {', ...otherwise.map((s) => `  ${s}`)] : []), '}'];
      }
    }
  };

  const declarations = Array.from({ length: VARIABLES }, (_, i) => `var v${i}: u64 = ${constant()};`);
  loopVars = [];
  const stepBody = statements(2, 2 + int(3), true);
  const mainBody = statements(3, 4 + int(5), false);
  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l).join('\n');
  return `enclave E {
  var g: u32[16];
  var h: u64[8];
  fn step(a: u64, b: u64, arr: inout u32[16]) -> u64 {
    var v0: u64 = a;
    var v1: u64 = b;
    var v2: u64 = a ^ b;
    var v3: u64 = arr[a % 16] as u64;
${indent(stepBody, 4)}
    return v0 + v1 * 3 + v2 + v3;
  }
  fn main() -> i64 {
    var loc: u32[8];
${indent(declarations, 4)}
${indent(mainBody, 4)}
    print("end ", v0, " ", v1, " ", v2, " ", v3, " ", g[3], " ", loc[5], " ", h[2]);
    return (v0 % 1000) as i64;
  }
}

host {
  let e = create E;
  print("returned ", run e);
}
`;
}
