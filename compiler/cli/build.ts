// `penglaic build`: check, compile and write build/ (one ELF per section and manifest.json).
import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { elfImage, planMeasurement } from '../../emulator/index.js';
import { DEFAULT_STACK_SIZE, EnclaveType, MAX_NAME_CHARS } from '../../runtime/abi.js';
import { enclaveIdentity, NORMAL_IDENTITY, type EnclaveIdentity } from '../../runtime/measurement.js';
import { buildProgram } from '../build.js';
import { checkProgram } from '../check/index.js';
import { hasErrors } from '../check/model.js';
import { generateImages, generateIr } from '../codegen/image-codegen.js';
import { printModule } from '../ir/print-ir.js';
import { DiskSources, displayPath, err, findSource, out, report, UsageError } from './common.js';

/** The measurement the monitor will compute when it creates an enclave from this image as `identity`. */
export function predictedMeasurement(elf: Uint8Array, name: string, identity: EnclaveIdentity = NORMAL_IDENTITY): Uint8Array {
  const image = elfImage(elf);
  if ('error' in image) throw new UsageError(`${name}: ${image.error}`);
  const planned = planMeasurement(image, DEFAULT_STACK_SIZE, identity);
  if ('error' in planned) throw new UsageError(`${name}: ${planned.error}`);
  return planned.measurement;
}

function emitStage(source: string, sources: DiskSources, stage: 'ir' | 'asm', json: boolean): number {
  const checked = checkProgram(displayPath(source), sources);
  report(checked.diagnostics, sources, json);
  if (hasErrors(checked)) return 1;
  if (stage === 'ir') {
    for (const { section, module } of generateIr(checked)) out(`; ---- ${section.kind} ${section.name} ----\n${printModule(module)}\n`);
    return 0;
  }
  for (const image of generateImages(checked).images) {
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
  const result = buildProgram(displayPath(source), sources, basename(source));
  report(result.diagnostics, sources, options.json ?? false);
  if (!result.manifest) return 1;
  const outDir = resolve(options.outDir ?? join(dirname(source), 'build'));
  mkdirSync(outDir, { recursive: true });
  for (const image of result.images) writeFileSync(join(outDir, image.source.fileName), image.elf);
  // The measurement each enclave will have, so a report can be checked against the build.
  for (const [i, image] of result.images.entries()) {
    const entry = result.manifest.images[i];
    if (entry.kind === 'host') continue;
    // The generated host creates a server under its registered name, an enclave as NORMAL.
    const identity = entry.kind === 'server' ? enclaveIdentity(EnclaveType.SERVER, (entry.registeredName ?? entry.name).slice(0, MAX_NAME_CHARS)) : NORMAL_IDENTITY;
    entry.measurement = Buffer.from(predictedMeasurement(image.elf, image.source.fileName, identity)).toString('hex');
  }
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
