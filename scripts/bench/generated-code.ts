// Generated code against gcc -O2 (rv64imac), by retired instructions on our emulator: each
// kernel of generated-code-kernels.ts in our language (at the default and at -O0) and in C,
// the checksums compared, the ratio per kernel, the geometric mean, and the kernel's code
// size in bytes. Instruction counts are deterministic, so one run of each is the figure;
// how the kernel alone is counted is in generated-code-measure.ts.
import { KERNELS } from './generated-code-kernels.js';
import { checksumOf, measureGcc, measurePen, type Measured } from './generated-code-measure.js';
import { fmt } from './stats.js';

const only = process.env.PENGLAIC_BENCH_KERNEL;
const rows: { name: string; ours: Measured; o0: Measured; gcc: Measured }[] = [];
for (const kernel of KERNELS) {
  if (only && !kernel.name.includes(only)) continue;
  const size = kernel.sizes.bench;
  const gcc = measureGcc(kernel, size);
  const ours = measurePen(kernel, size);
  const o0 = measurePen(kernel, size, { optimize: false });
  for (const [who, m] of [['ours', ours], ['-O0', o0]] as const) {
    if (checksumOf(m.output) !== checksumOf(gcc.output)) throw new Error(`${kernel.name}: ${who} printed ${m.output.trim()}, gcc ${gcc.output.trim()}`);
  }
  rows.push({ name: kernel.name, ours, o0, gcc });
}

const geomean = (values: number[]) => Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
const pad = (s: string, n: number) => s.padStart(n);
console.log('generated code vs gcc -O2 -march=rv64imac (retired instructions of the kernel; checksums match)');
console.log(`${'kernel'.padEnd(20)} ${pad('gcc -O2', 11)} ${pad('ours', 11)} ${pad('ratio', 7)} ${pad('-O0', 11)} ${pad('ratio', 7)} ${pad('gcc bytes', 10)} ${pad('our bytes', 10)} ${pad('ratio', 7)}`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(20)} ${pad(r.gcc.instructions.toLocaleString('en-US'), 11)} ${pad(r.ours.instructions.toLocaleString('en-US'), 11)} ${pad(fmt(r.ours.instructions / r.gcc.instructions, 2), 7)} ` +
      `${pad(r.o0.instructions.toLocaleString('en-US'), 11)} ${pad(fmt(r.o0.instructions / r.gcc.instructions, 2), 7)} ` +
      `${pad(String(r.gcc.codeBytes), 10)} ${pad(String(r.ours.codeBytes), 10)} ${pad(fmt(r.ours.codeBytes / r.gcc.codeBytes, 2), 7)}`,
  );
}
const ratio = geomean(rows.map((r) => r.ours.instructions / r.gcc.instructions));
const ratioO0 = geomean(rows.map((r) => r.o0.instructions / r.gcc.instructions));
const size = geomean(rows.map((r) => r.ours.codeBytes / r.gcc.codeBytes));
console.log(`geometric mean: ${fmt(ratio, 2)}x gcc -O2 instructions (at -O0 ${fmt(ratioO0, 2)}x), code size ${fmt(size, 2)}x gcc's`);
console.log('(instruction counts are deterministic: no spread; each figure is the kernel run minus the same program with the kernel call replaced by its result)');
