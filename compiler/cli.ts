// The `penglaic` command line: the only place that joins compiler and emulator. Every
// failure ends as a located, readable message and an exit status, never a stack trace.
import { Command, CommanderError, Option } from 'commander';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatSource } from '../grammar/format.js';
import type { Diagnostic } from '../grammar/diagnostic.js';
import { buildChecked, buildProgram, MANIFEST_VERSION, type Manifest, type MeasurementPredictor } from './build.js';
import type { SourceHost } from './check/index.js';
import { checkProgram } from './check/index.js';
import { renderDiagnostics, renderJson } from './diagnostics/render.js';
import { generateImages, generateIr } from './codegen/image-codegen.js';
import { printModule } from './ir/print-ir.js';
import { hasErrors, type SectionInfo } from './check/model.js';
import { elfImage, runPlatform } from '../emulator/monitor/platform.js';
import { predictMeasurement } from '../emulator/monitor/measurement-plan.js';
import { deriveAttestationKeys, verifyReport } from '../emulator/monitor/attestation.js';
import { attestImage } from '../emulator/monitor/attest-image.js';
import type { MonitorEvent } from '../emulator/monitor/monitor.js';
import { BlockDevice } from '../emulator/monitor/block-device.js';
import { runLinuxElf } from '../emulator/linux-user.js';
import { runBare } from '../emulator/bare.js';
import { launcherHost } from './codegen/launcher-host.js';
import { sourcePositionOf } from './line-table.js';
import { MAX_NAME_CHARS } from '../runtime/abi.js';

const VERSION = '0.1.0';

/** A user-facing failure: printed as `penglaic: error: ...`, exit status 2. */
class UsageError extends Error {}

/** Writes to a standard stream; a reader that went away (`| head`) ends the program quietly. */
function write(fd: number, data: string | Uint8Array): void {
  try {
    if (typeof data === "string") writeSync(fd, data);
    else writeSync(fd, data);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    throw e;
  }
}
const out = (text: string) => write(1, text);
const err = (text: string) => write(2, text);

/** Reads sources from disk, remembering them for rendering diagnostics. */
class DiskSources implements SourceHost {
  readonly texts = new Map<string, string>();
  readFile(path: string): string | undefined {
    try {
      const text = readFileSync(path, 'utf8');
      this.texts.set(path, text);
      return text;
    } catch {
      return undefined;
    }
  }
}

/** The .pen file a command works on: the given file, or `main.pen` / the only .pen file of a directory. */
function findSource(target: string | undefined): string {
  const path = resolve(target ?? '.');
  if (!existsSync(path)) throw new UsageError(`${target} does not exist`);
  if (statSync(path).isFile()) {
    if (!path.endsWith('.pen')) throw new UsageError(`${target} is not a .pen source file`);
    return path;
  }
  if (existsSync(join(path, 'main.pen'))) return join(path, 'main.pen');
  const sources = readdirSync(path).filter((f) => f.endsWith('.pen'));
  if (sources.length === 1) return join(path, sources[0]);
  if (sources.length === 0) throw new UsageError(`no .pen source file in ${displayPath(path)}`);
  throw new UsageError(`${displayPath(path)} has several .pen files (${sources.join(', ')}); name the one to build, or call it main.pen`);
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function report(diagnostics: readonly Diagnostic[], sources: DiskSources, json: boolean): void {
  if (json) {
    out(renderJson(diagnostics) + '\n');
    return;
  }
  if (diagnostics.length === 0) return;
  const relativeSources = new Map<string, string>();
  for (const [path, text] of sources.texts) relativeSources.set(path, text);
  err(renderDiagnostics(diagnostics, relativeSources) + '\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  err(`${errors ? 'error' : 'warning'}: ${parts.join(', ')} found\n`);
}

function commandCheck(target: string | undefined, options: { json?: boolean }): number {
  const source = findSource(target);
  const sources = new DiskSources();
  const checked = checkProgram(displayPath(source), sources);
  report(checked.diagnostics, sources, options.json ?? false);
  return hasErrors(checked) ? 1 : 0;
}

function commandBuild(target: string | undefined, options: { outDir?: string; emit?: string; json?: boolean }): number {
  const source = findSource(target);
  const sources = new DiskSources();
  if (options.emit === 'asm' || options.emit === 'ir') {
    const checked = checkProgram(displayPath(source), sources);
    report(checked.diagnostics, sources, options.json ?? false);
    if (hasErrors(checked)) return 1;
    // `measurement(X)` constants are X's predicted measurement: the images are built for them.
    const measurements = checked.sections.some((s) => s.measures) ? buildChecked(checked, [], basename(source), undefined, predictImage).measurements : new Map();
    const measurementOf = (section: SectionInfo) => measurements.get(section);
    if (options.emit === 'ir') {
      for (const { section, module } of generateIr(checked, measurementOf)) {
        out(`; ---- ${section.kind} ${section.name} ----\n${printModule(module)}\n`);
      }
      return 0;
    }
    const generated = generateImages(checked, measurementOf);
    for (const image of generated.images) {
      out(`# ---- ${image.fileName}: ${image.section.kind} ${image.section.name} ----\n`);
      out(image.units[0].text);
    }
    return 0;
  }
  // Diagnostics name files as the user would type them: relative to the working directory.
  // The manifest gives the measurement each enclave will have, so a report can be checked against the build.
  const result = buildProgram(displayPath(source), sources, basename(source), predictImage);
  report(result.diagnostics, sources, options.json ?? false);
  if (!result.manifest) return 1;
  const outDir = resolve(options.outDir ?? join(dirname(source), 'build'));
  mkdirSync(outDir, { recursive: true });
  for (const image of result.images) writeFileSync(join(outDir, image.source.fileName), image.elf);
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(result.manifest, null, 2) + '\n');
  if (!options.json) {
    const list = result.images.map((i) => i.source.fileName).join(', ');
    err(`built ${displayPath(outDir)}/: ${list}\n`);
  }
  return 0;
}

/** The build directory a `run` works on: DIR itself when it has a manifest, else DIR/build. */
function findBuild(target: string | undefined): string {
  const path = resolve(target ?? '.');
  if (!existsSync(path)) throw new UsageError(`${target} does not exist`);
  if (statSync(path).isFile()) {
    if (path.endsWith('.pen')) return findBuild(dirname(path));
    throw new UsageError(`${target} is not a build directory; \`penglaic emu ${target}\` runs a single ELF`);
  }
  if (existsSync(join(path, 'manifest.json'))) return path;
  if (existsSync(join(path, 'build', 'manifest.json'))) return join(path, 'build');
  throw new UsageError(`nothing is built in ${displayPath(path)}: run \`penglaic build\` first (it writes build/manifest.json)`);
}

function readManifest(buildDir: string): Manifest {
  const path = join(buildDir, 'manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${displayPath(path)} is not valid JSON (${(e as Error).message}); rebuild with \`penglaic build\``);
  }
  const m = manifest as Manifest;
  const valid =
    typeof m === 'object' && m !== null && m.version === MANIFEST_VERSION && Array.isArray(m.images) &&
    m.images.every((i) => typeof i === 'object' && i !== null && typeof i.file === 'string' && typeof i.kind === 'string' && !i.file.includes('/') && !i.file.includes('\\'));
  if (!valid) throw new UsageError(`${displayPath(path)} is not a penglaic ${MANIFEST_VERSION} manifest; rebuild with \`penglaic build\``);
  return m;
}

/** Finds the image an enclave was created from, by the name the monitor knows it by. */
type ImageLookup = (monitorName: string) => Uint8Array | undefined;

function describeEvent(event: MonitorEvent, imageOf: ImageLookup): string {
  const where = (enclave: string, pc: bigint) => {
    const image = imageOf(enclave);
    const position = image && sourcePositionOf(image, pc);
    return position ? ` (${position.file}:${position.line}:${position.column})` : '';
  };
  const pc = (value: bigint) => `0x${BigInt.asUintN(64, value).toString(16)}`;
  if (event.kind === 'step-limit') {
    return `enclave ${event.enclave} stopped: it ran ${event.steps} instructions without finishing (pc ${pc(event.pc)}${where(event.enclave, event.pc).replace(/^ \(/, ', ').replace(/\)$/, '')})\n  the monitor destroyed it; raise the budget with --max-steps\n`;
  }
  const r = event.report;
  const address = r.address !== undefined ? `, address ${pc(r.address)}` : '';
  // A fault inside a runtime routine (a copy, a zeroing) has no source position of its own:
  // name the statement that called it (the call instruction ends just before ra).
  const at = where(r.enclave, r.pc) || where(r.enclave, r.returnAddress - 1n).replace(/^ \(/, ' (in runtime code called from ');
  return `enclave ${r.enclave} faulted: ${r.cause} at pc ${pc(r.pc)}${at}${address}\n  ${r.detail}; the monitor destroyed it\n`;
}

function parseCount(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

/** `--max-steps` bounds each enclave run; the whole program gets ten times that. */
function budgets(maxSteps: number | undefined): { enclaveMaxSteps?: number; totalMaxSteps?: number } {
  return maxSteps === undefined ? {} : { enclaveMaxSteps: maxSteps, totalMaxSteps: maxSteps * 10 };
}

interface RunOptions {
  maxSteps?: string;
  caller?: string;
  server?: string[];
  disk?: string;
}

/** The largest `--disk` file accepted: the block device lives in memory. */
const MAX_DISK_BYTES = 512 * 1024 * 1024;

/**
 * `--disk FILE`: the host's block device (READ_SECT / WRITE_SECT) starts as FILE's bytes
 * (zeroed when FILE does not exist) and is written back to FILE when an enclave wrote to it.
 */
function openDisk(path: string | undefined): { device?: BlockDevice; save: () => void } {
  if (path === undefined) return { save: () => {} };
  const full = resolve(path);
  let contents: Uint8Array | undefined;
  if (existsSync(full)) {
    if (!statSync(full).isFile()) throw new UsageError(`--disk ${path} is not a file`);
    if (statSync(full).size > MAX_DISK_BYTES) throw new UsageError(`--disk ${path} is larger than ${MAX_DISK_BYTES / (1024 * 1024)} MiB`);
    contents = new Uint8Array(readFileSync(full));
  }
  const device = new BlockDevice(contents);
  return { device, save: () => device.written && writeFileSync(full, device.contents()) };
}

/** Runs a host image with the given files under the monitor; returns the exit status. */
function runHost(hostName: string, hostElf: Uint8Array, files: Map<string, Uint8Array>, maxSteps: number | undefined, imageOf: ImageLookup, diskPath?: string): number {
  const disk = openDisk(diskPath);
  const outcome = runPlatform({
    disk: disk.device,
    hostElf,
    hostArgs: [hostName],
    files,
    stdout: (bytes) => write(1, bytes),
    onEvent: (event) => out(describeEvent(event, imageOf)),
    ...budgets(maxSteps),
  });
  if ('error' in outcome) throw new UsageError(`cannot start ${hostName}: ${outcome.error}`);
  disk.save();
  if (outcome.exitCode === undefined) {
    err(`penglaic: ${outcome.stopReason}\n`);
    return 3;
  }
  return outcome.exitCode;
}

/** `--caller X.elf --server name=Y.elf ...`: Penglai's test-caller host over ELF files. The
 *  launcher host opens each image under the path given here, so its messages name the user's files. */
function commandRunElfs(options: RunOptions, maxSteps: number | undefined): number {
  const files = new Map<string, Uint8Array>();
  const readImage = (path: string): string => {
    const full = resolve(path);
    if (!existsSync(full) || !statSync(full).isFile()) throw new UsageError(`${path} is not a file`);
    const file = path.replace(/^(\.\/)+/, ''); // as the host's openat looks it up
    files.set(file, new Uint8Array(readFileSync(full)));
    return file;
  };
  const caller = { name: 'test-caller', file: readImage(options.caller!) };
  const servers = (options.server ?? []).map((spec) => {
    const match = /^([^=]+)=(.+)$/.exec(spec);
    if (!match) throw new UsageError(`--server takes NAME=FILE.elf, not "${spec}"`);
    const [, name, path] = match;
    if (Buffer.byteLength(name) > MAX_NAME_CHARS) throw new UsageError(`server name "${name}" is longer than ${MAX_NAME_CHARS} bytes`);
    return { name, path };
  });
  const names = servers.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new UsageError(`server name "${duplicate}" is given twice`);
  const images = servers.map(({ name, path }) => ({ name, file: readImage(path) }));
  const launcher = launcherHost(caller, images);
  if ('errors' in launcher) throw new Error(`launcher host: ${launcher.errors.map((e) => e.message).join('; ')}`);
  const byName = new Map([...images, caller].map((image) => [image.name, image.file]));
  return runHost(caller.name, launcher.elf, files, maxSteps, (name) => files.get(byName.get(name) ?? ''), options.disk);
}

function commandRun(target: string | undefined, options: RunOptions): number {
  const maxSteps = options.maxSteps === undefined ? undefined : parseCount(options.maxSteps, '--max-steps');
  if (options.caller !== undefined) {
    if (target !== undefined) throw new UsageError('give either a build directory or --caller, not both');
    return commandRunElfs(options, maxSteps);
  }
  if (options.server !== undefined) throw new UsageError('--server needs --caller');
  const buildDir = findBuild(target);
  const manifest = readManifest(buildDir);
  const files = new Map<string, Uint8Array>();
  for (const image of manifest.images) {
    const path = join(buildDir, image.file);
    if (!existsSync(path)) throw new UsageError(`${displayPath(path)} is listed in the manifest but missing; rebuild with \`penglaic build\``);
    files.set(image.file, new Uint8Array(readFileSync(path)));
  }
  const host = manifest.images.find((i) => i.kind === 'host');
  if (!host) throw new UsageError(`the manifest in ${displayPath(buildDir)} has no host image`);
  const monitorName = (image: Manifest['images'][number]) => (image.registeredName ?? image.name).slice(0, MAX_NAME_CHARS);
  const imageOf = (name: string) => {
    const image = manifest.images.find((i) => i.kind !== 'host' && monitorName(i) === name);
    return image && files.get(image.file);
  };
  return runHost(host.file, files.get(host.file)!, files, maxSteps, imageOf, options.disk);
}

function commandEmu(file: string, args: string[], options: { bare?: boolean; stats?: boolean; maxSteps?: string }): number {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`${file} is not a file`);
  const bytes = new Uint8Array(readFileSync(path));
  const maxInstructions = options.maxSteps === undefined ? 10_000_000_000 : parseCount(options.maxSteps, '--max-steps');
  if (options.bare) {
    const result = runBare(bytes, { maxInstructions, stdout: (b) => write(1, b) });
    if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
    const value = result.value;
    if (options.stats) printStats(value.instret, value.wallMs);
    if (value.exitCode === null) {
      err(`penglaic: ${file} did not finish (${value.reason})\n`);
      return 3;
    }
    return value.exitCode;
  }
  const result = runLinuxElf(bytes, {
    args: [basename(file), ...args],
    stdout: (b) => write(1, b),
    stderr: (b) => write(2, b),
    maxInstructions,
  });
  if (!result.ok) throw new UsageError(`${file}: ${result.error.message}`);
  const value = result.value;
  if (options.stats) printStats(value.instret, value.wallMs);
  if (value.fault) {
    err(`penglaic: ${file} faulted: cause ${value.fault.cause} at pc 0x${value.fault.pc.toString(16)}, address 0x${value.fault.tval.toString(16)}\n`);
  }
  if (value.exitCode === null) {
    err(`penglaic: ${file} did not finish (${value.reason})\n`);
    return 3;
  }
  return value.exitCode;
}

/** `penglaic test`: builds the program, then runs each `test` block as its own host on a fresh machine. */
function commandTest(target: string | undefined, options: { maxSteps?: string; filter?: string }): number {
  const maxSteps = options.maxSteps === undefined ? undefined : parseCount(options.maxSteps, '--max-steps');
  const source = findSource(target);
  const sources = new DiskSources();
  const result = buildProgram(displayPath(source), sources, basename(source), predictImage);
  report(result.diagnostics.filter((d) => d.severity === 'error'), sources, false);
  if (!result.manifest) return 1;
  const files = new Map(result.images.map((image) => [image.source.fileName, image.elf]));
  const selected = result.tests.filter((test) => options.filter === undefined || test.name.includes(options.filter));
  if (result.tests.length === 0) {
    out('no tests: add `test "name" { ... }` blocks to the program\n');
    return 0;
  }
  let passed = 0;
  let failed = 0;
  for (const test of selected) {
    let captured = '';
    const outcome = runPlatform({
      hostElf: test.elf,
      hostArgs: [test.name],
      files,
      stdout: (bytes) => (captured += Buffer.from(bytes).toString('utf8')),
      onEvent: (event) => (captured += describeEvent(event, () => undefined)),
      ...budgets(maxSteps),
    });
    const ok = !('error' in outcome) && outcome.exitCode === 0;
    if (ok) passed++;
    else failed++;
    out(`test "${test.name}" ... ${ok ? 'ok' : 'FAILED'}\n`);
    if (!ok) {
      const why = 'error' in outcome ? outcome.error : outcome.exitCode === undefined ? outcome.stopReason : `the host exited with status ${outcome.exitCode}`;
      for (const line of `${captured}${why}`.trimEnd().split('\n')) out(`    ${line}\n`);
    }
  }
  out(`\n${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** `penglaic fmt`: rewrites files in the canonical layout, or with --check lists those that differ. */
function commandFmt(targets: string[], options: { check?: boolean; stdout?: boolean }): number {
  const files = targets.length > 0 ? targets.map((t) => resolve(t)) : [findSource(undefined)];
  let differing = 0;
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${displayPath(file)} is not a file`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch {
      throw new UsageError(`${displayPath(file)} is not UTF-8 text; it was left unchanged (\`penglaic check\` shows where)`);
    }
    const formatted = formatSource(text);
    if (options.stdout) out(formatted);
    else if (formatted !== text) {
      differing++;
      if (options.check) out(`${displayPath(file)} is not formatted\n`);
      else writeFileSync(file, formatted);
    }
  }
  return options.check && differing > 0 ? 1 : 0;
}

/** `penglaic lsp --stdio`: the language server, bundled separately, on this process's stdio. */
function commandLsp(options: { stdio?: boolean }): number {
  if (!options.stdio) throw new UsageError('the language server speaks over standard input and output: use `penglaic lsp --stdio`');
  const server = join(dirname(fileURLToPath(import.meta.url)), 'penglaic-lsp.js');
  if (!existsSync(server)) throw new UsageError(`the language server bundle ${server} is missing; run \`npm run build\``);
  const result = spawnSync(process.execPath, [server, '--stdio'], { stdio: 'inherit' });
  return result.status ?? 1;
}

function parseNonce(value: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value) || BigInt(value) >= 1n << 64n) throw new UsageError(`--nonce must be a 64-bit number, not "${value}"`);
  return BigInt(value);
}

function readElfFile(path: string): Uint8Array {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) throw new UsageError(`${path} is not a file`);
  return new Uint8Array(readFileSync(full));
}

/** The build's predictor: what the monitor will measure when it creates the section's enclave. */
const predictImage: MeasurementPredictor = (elf, image) => predictedMeasurement(elf, image.fileName);

/** The measurement the monitor will compute when it creates an enclave from this image. */
function predictedMeasurement(elf: Uint8Array, name: string): Uint8Array {
  const image = elfImage(elf);
  if ('error' in image) throw new UsageError(`${name}: ${image.error}`);
  return predictMeasurement(image);
}

/** `penglaic attest`: a report for an enclave image, signed by the emulated monitor. */
function commandAttest(file: string, options: { nonce: string; out: string; server?: boolean }): number {
  const result = attestImage(readElfFile(file), parseNonce(options.nonce), options.server ?? false);
  if ('error' in result) throw new UsageError(`${file}: ${result.error}`);
  writeFileSync(resolve(options.out), result.report);
  out(`wrote ${options.out}: report of ${file} for nonce ${options.nonce}\n`);
  return 0;
}

/** `penglaic verify`: checks a report against the measurement predicted from the ELF. */
function commandVerify(reportPath: string, options: { elf: string; nonce?: string }): number {
  const report = readElfFile(reportPath);
  const expected = predictedMeasurement(readElfFile(options.elf), options.elf);
  const verdict = verifyReport(report, expected, deriveAttestationKeys().monitorPublicKey, options.nonce === undefined ? undefined : parseNonce(options.nonce));
  if (!verdict.ok) {
    out(`report rejected: ${verdict.message}\n`);
    return 1;
  }
  out(`report verified: ${options.elf} (measurement ${Buffer.from(expected).toString('hex')}), nonce ${verdict.nonce}\n`);
  return 0;
}

function printStats(instret: number, wallMs: number): void {
  const mips = wallMs > 0 ? instret / wallMs / 1000 : 0;
  err(`instructions: ${instret}\nwall time: ${wallMs.toFixed(1)} ms\nMIPS: ${mips.toFixed(1)}\n`);
}

export function main(argv: string[]): number {
  let status = 0;
  const program = new Command('penglaic')
    .description('Build and run Penglai-style enclave programs on an emulated RISC-V machine.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();
  program
    .command('build')
    .description('check a program and compile it to build/: one ELF per enclave and server, host.elf and manifest.json')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('-o, --out-dir <dir>', 'where to write the images (default: build/ next to the source)')
    .addOption(new Option('--emit <stage>', 'print a stage instead of writing files: the IR or the RV64 assembly').choices(['ir', 'asm']))
    .option('--json', 'print diagnostics as JSON')
    .action((path, options) => {
      status = commandBuild(path, options);
    });
  program
    .command('check')
    .description('check a program and report diagnostics without building')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('--json', 'print diagnostics as JSON')
    .action((path, options) => {
      status = commandCheck(path, options);
    });
  program
    .command('run')
    .description("run a built program: the host, its enclaves and servers under the security monitor; exits with the host's status")
    .argument('[dir]', 'a build directory, or a directory holding build/ (default: .)')
    .option('--max-steps <n>', 'instruction budget of each enclave run (default 100000000); the whole run gets ten times that')
    .option('--caller <elf>', 'instead of a build directory: run this ELF as the caller enclave "test-caller"')
    .option('--server <name=elf>', 'with --caller: create a server enclave registered as NAME from ELF (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--disk <file>', 'back the block device of READ_SECT/WRITE_SECT with this file (saved when written; 4 KiB sectors)')
    .action((dir, options) => {
      status = commandRun(dir, options);
    });
  program
    .command('test')
    .description('build a program and run each of its `test "name" { ... }` blocks as a host of its own; exits 1 if any fails')
    .argument('[path]', 'a .pen file, or a directory with main.pen (default: .)')
    .option('--filter <text>', 'run only the tests whose name contains this text')
    .option('--max-steps <n>', 'instruction budget of each enclave run')
    .action((path, options) => {
      status = commandTest(path, options);
    });
  program
    .command('attest')
    .description('create an enclave from an ELF on a fresh machine and write the monitor-signed report for a nonce')
    .argument('<elf>', 'the enclave or server image')
    .requiredOption('--nonce <n>', 'the nonce the report answers')
    .requiredOption('--out <file>', 'where to write the 328-byte report')
    .option('--server', 'create it as a SERVER enclave')
    .action((file, options) => {
      status = commandAttest(file, options);
    });
  program
    .command('verify')
    .description("check a report against the measurement predicted from the image and the monitor's key; exits 1 if it does not hold")
    .argument('<report>', 'a report written by `penglaic attest` or by a host')
    .requiredOption('--elf <file>', 'the image the report should be about')
    .option('--nonce <n>', 'also require this nonce (a fresh report)')
    .action((report, options) => {
      status = commandVerify(report, options);
    });
  program
    .command('fmt')
    .description('format .pen files in place (default: main.pen or the only .pen file here)')
    .argument('[files...]', 'the files to format')
    .option('--check', 'change nothing; list files that are not formatted and exit 1 if any')
    .option('--stdout', 'print the formatted text instead of writing it')
    .action((files, options) => {
      status = commandFmt(files, options);
    });
  program
    .command('lsp')
    .description('start the language server for editors (VS Code, neovim, Emacs eglot, ...)')
    .option('--stdio', 'speak LSP over standard input and output')
    .action((options) => {
      status = commandLsp(options);
    });
  program
    .command('emu')
    .description('run one static riscv64 ELF: a Linux user program, or with --bare a bare-metal program using HTIF')
    .argument('<elf>', 'the ELF file')
    .argument('[args...]', 'arguments for the program')
    .option('--bare', 'boot in M-mode at the entry point; exit through HTIF tohost')
    .option('--stats', 'print retired instructions, wall time and MIPS to stderr')
    .option('--max-steps <n>', 'instruction budget (default 10000000000)')
    .action((file, args, options) => {
      status = commandEmu(file, args, options);
    });

  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      err(`penglaic: error: ${e.message}\n`);
      return 2;
    }
    err(`penglaic: internal error: ${(e as Error).message}\nThis is a bug in penglaic.\n`);
    return 70;
  }
  return status;
}

// Run when bundled as the `penglaic` binary (scripts/build.mjs sets this define).
declare const PENGLAIC_CLI: boolean | undefined;
if (typeof PENGLAIC_CLI !== 'undefined' && PENGLAIC_CLI) process.exitCode = main(process.argv.slice(2));
