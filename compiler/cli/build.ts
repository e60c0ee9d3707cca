// `penglaic build`: check, compile and write build/ (one ELF per section and manifest.json).
import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildChecked, buildProgram } from '../build.js';
import { checkProgram } from '../check/index.js';
import { hasErrors, type SectionInfo } from '../check/model.js';
import { generateImages, generateIr } from '../codegen/image-codegen.js';
import { printModule } from '../ir/print-ir.js';
import { DiskSources, displayPath, err, findSource, out, report } from './common.js';
import { predictImage } from './predict-image.js';

export { predictedMeasurement, predictImage } from './predict-image.js';

function emitStage(source: string, sources: DiskSources, stage: 'ir' | 'asm', json: boolean): number {
  const checked = checkProgram(displayPath(source), sources);
  report(checked.diagnostics, sources, json);
  if (hasErrors(checked)) return 1;
  // `measurement(X)` constants are X's predicted measurement: the images are built for them.
  const measurements = checked.sections.some((s) => s.measures) ? buildChecked(checked, [], basename(source), undefined, predictImage).measurements : new Map();
  const measurementOf = (section: SectionInfo) => measurements.get(section);
  if (stage === 'ir') {
    for (const { section, module } of generateIr(checked, measurementOf)) out(`; ---- ${section.kind} ${section.name} ----\n${printModule(module)}\n`);
    return 0;
  }
  for (const image of generateImages(checked, measurementOf).images) {
    out(`# ---- ${image.fileName}: ${image.section.kind} ${image.section.name} ----\n`);
    out(image.units[0].text);
  }
  return 0;
}

function build(target: string | undefined, options: { outDir?: string; emit?: 'ir' | 'asm'; json?: boolean }): number {
  const source = findSource(target);
  const sources = new DiskSources();
  if (options.emit) return emitStage(source, sources, options.emit, options.json ?? false);
  // Diagnostics name files as the user would type them: relative to the working directory.
  // The manifest gives the measurement each enclave will have, so a report can be checked against the build.
  const result = buildProgram(displayPath(source), sources, basename(source), predictImage);
  report(result.diagnostics, sources, options.json ?? false);
  if (!result.manifest) return 1;
  const outDir = resolve(options.outDir ?? join(dirname(source), 'build'));
  mkdirSync(outDir, { recursive: true });
  for (const image of result.images) writeFileSync(join(outDir, image.source.fileName), image.elf);
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(result.manifest, null, 2) + '\n');
  if (!options.json) err(`built ${displayPath(outDir)}/: ${result.images.map((i) => i.source.fileName).join(', ')}\n`);
  return 0;
}

export function buildCommand(setStatus: (status: number) => void): Command {
  return new Command('build')
    .description('check a program and compile it to build/: one ELF per enclave and server, host.elf and manifest.json')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('-o, --out-dir <dir>', 'where to write the images (default: build/ next to the source)')
    .addOption(new Option('--emit <stage>', 'print a stage instead of writing files: the IR or the RV64 assembly').choices(['ir', 'asm']))
    .option('--json', 'print diagnostics as JSON')
    .action((path, options) => setStatus(build(path, options)));
}
