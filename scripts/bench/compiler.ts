// Compiler throughput on a generated 10,000-line program: parse, check, and a full build
// (check, codegen, assemble, link). The peer, measured in the same run, is GNU as
// assembling the very assembly text we generate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../grammar/index.js';
import { checkSource } from '../../compiler/check/index.js';
import { buildChecked } from '../../compiler/build.js';
import { BUILD_PHASES, PhaseTimings } from '../../compiler/phase-timings.js';
import { elfImage } from '../../emulator/monitor/platform.js';
import { predictMeasurement } from '../../emulator/monitor/measurement-plan.js';
import { generateProgram } from './generated-program.js';
import { fmt, median, time, timeMedian } from './stats.js';

const RUNS = 5;
const source = generateProgram(10_000);
const lines = source.split('\n').length;
const file = 'bench.pen';

const checkedOnce = checkSource(source, file);
const errors = checkedOnce.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`generated program has errors: ${errors[0].message}`);

const parseMs = timeMedian(RUNS, () => parse(source, file));
const checkMs = timeMedian(RUNS, () => checkSource(source, file));
let built = buildChecked(checkedOnce, [], file);
const buildMs = timeMedian(RUNS, () => {
  const checked = checkSource(source, file);
  built = buildChecked(checked, [], file);
});
if (!built.manifest) throw new Error('generated program did not build');
// The optimiser's cost: the same build at -O0, interleaved with the default one run by run,
// so both see the same machine load; the spread is the ratio's range over the runs.
const optimizerRatios: number[] = [];
let o0Ms = 0;
for (let i = 0; i < RUNS; i++) {
  const o0 = time(() => buildChecked(checkSource(source, file), [], file, undefined, undefined, { optimize: false })).ms;
  const o1 = time(() => buildChecked(checkSource(source, file), [], file)).ms;
  optimizerRatios.push(o1 / o0);
  o0Ms += o0 / RUNS;
}

// Where the build's time goes: each phase's exclusive time, averaged over RUNS builds of
// the checked program, plus the measurements `penglaic build` adds to the manifest.
const timings = new PhaseTimings();
for (let i = 0; i < RUNS; i++) buildChecked(checkedOnce, [], file, timings);
const measureMs = timeMedian(RUNS, () => {
  for (const image of built.images) {
    const loaded = elfImage(image.elf);
    if (image.source.section.kind !== 'host' && !('error' in loaded)) predictMeasurement(loaded);
  }
});

// Peer: GNU as on the same generated assembly, one process per image as a build would run it.
const dir = mkdtempSync(join(tmpdir(), 'penglaic-bench-'));
const units = built.images.flatMap((image) => image.source.units.map((u, i) => ({ path: join(dir, `${image.source.section.name}-${i}.s`), text: u.text })));
for (const u of units) writeFileSync(u.path, u.text);
const gnuMs = timeMedian(3, () => {
  for (const image of built.images) {
    const paths = units.filter((u) => u.path.startsWith(join(dir, `${image.source.section.name}-`))).map((u) => u.path);
    execFileSync('riscv64-unknown-elf-as', ['-march=rv64imac_zicsr', '-o', join(dir, 'out.o'), ...paths]);
  }
});

console.log(`compiler: generated program of ${lines} lines, ${built.images.length} images`);
console.log(`  parse            ${fmt(parseMs)} ms   ${fmt(lines / (parseMs / 1000), 0)} lines/s`);
console.log(`  check            ${fmt(checkMs)} ms   ${fmt(lines / (checkMs / 1000), 0)} lines/s   (target >= 100,000)`);
console.log(`  full build       ${fmt(buildMs)} ms   ${fmt(lines / (buildMs / 1000), 0)} lines/s   (target < 1,000 ms)`);
console.log(`  full build -O0   ${fmt(o0Ms)} ms   optimised / -O0: median ${fmt(median(optimizerRatios), 2)}x (range ${fmt(Math.min(...optimizerRatios), 2)}-${fmt(Math.max(...optimizerRatios), 2)}, ${RUNS} runs; the limit is 2x)`);
console.log(`  after checking, per phase (mean of ${RUNS} builds):`);
for (const phase of BUILD_PHASES) console.log(`    ${phase.padEnd(12)} ${fmt(timings.ms[phase] / RUNS).padStart(8)} ms`);
console.log(`    ${'measurement'.padEnd(12)} ${fmt(measureMs).padStart(8)} ms   (SM3 of every enclave image, as penglaic build writes it to the manifest)`);
console.log(`  peer: GNU as on our generated assembly  ${fmt(gnuMs)} ms`);
console.log(`  ratio full build / GNU as: ${fmt(buildMs / gnuMs, 2)}x`);
