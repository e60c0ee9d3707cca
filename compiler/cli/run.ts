// `penglaic run`: a built program (or Penglai's test-caller over ELF files) under the monitor.
import { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BlockDevice, debugPlatform, GDB_HOST, runPlatform, type PlatformOptions, type PlatformOutcome } from '../../emulator/index.js';
import { MAX_NAME_CHARS } from '../../runtime/abi.js';
import { budgets, displayPath, err, findBuild, out, parseCount, parsePort, readManifest, UsageError, write } from './common.js';
import { parseHartOptions, type HartChoice, type HartFlags } from './hart-options.js';
import { describeEvent, manifestLookup, type DomainLookup } from './describe-event.js';
import { TraceRecorder, type DomainImageLookup } from '../trace/trace-recorder.js';
import { FileSink, TraceWriter } from '../trace/trace-writer.js';
import { formatStats, statsJson } from '../trace/run-stats.js';
import { domainImagesOf, monitorNameOf } from '../trace/domain-images.js';

export { manifestLookup } from './describe-event.js';
import { deviceKeyOptions, deviceSeed, type DeviceKeyOptions } from './device-secret.js';

interface RunOptions extends DeviceKeyOptions, HartFlags {
  maxSteps?: string;
  caller?: string;
  server?: string[];
  disk?: string;
  gdb?: string;
  trace?: string;
  stats?: boolean;
  json?: boolean;
}

/** What `--trace` and `--stats` need to know of a run: what ran and its images. */
interface Observation {
  program: string;
  images: DomainImageLookup;
  tracePath?: string;
  stats?: 'text' | 'json';
}

/** A recorder when the run is traced or counted; none otherwise, so the monitor records nothing. */
function recorderFor(observation: Observation | undefined): { recorder?: TraceRecorder; writer?: TraceWriter } {
  if (!observation || (observation.tracePath === undefined && observation.stats === undefined)) return {};
  let writer: TraceWriter | undefined;
  if (observation.tracePath !== undefined) {
    let sink: FileSink;
    try {
      sink = new FileSink(resolve(observation.tracePath));
    } catch (e) {
      throw new UsageError(`cannot write the trace to ${observation.tracePath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    writer = new TraceWriter(sink, observation.program);
  }
  return { recorder: new TraceRecorder(observation.images, writer), writer };
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

interface HostRun {
  maxSteps: number | undefined;
  lookup: DomainLookup;
  diskPath?: string;
  /** The device secret the monitor derives its keys from (device-secret.ts). */
  deviceSeed: Uint8Array;
  gdbPort?: number;
  /** The section name behind a monitor name, for gdb's thread list. */
  sectionOf?: (monitorName: string) => string | undefined;
  /** What `--trace` and `--stats` record, when asked for. */
  observation?: Observation;
  /** `--harts N` and how they take turns. */
  harts?: HartChoice;
}

/** Runs a host image with the given files under the monitor; returns the exit status. */
async function runHost(hostName: string, hostElf: Uint8Array, files: Map<string, Uint8Array>, how: HostRun): Promise<number> {
  const disk = openDisk(how.diskPath);
  const { recorder, writer } = recorderFor(how.observation);
  const started = performance.now();
  const options: PlatformOptions = {
    tracer: recorder,
    deviceSeed: how.deviceSeed,
    disk: disk.device,
    hostElf,
    hostArgs: [hostName],
    files,
    stdout: (bytes) => write(1, bytes),
    onEvent: (event) => out(describeEvent(event, how.lookup)),
    ...budgets(how.maxSteps),
    ...how.harts,
  };
  let outcome: PlatformOutcome | { error: string };
  if (how.gdbPort === undefined) outcome = runPlatform(options);
  else {
    try {
      outcome = await debugPlatform(options, how.gdbPort, how.sectionOf ?? (() => undefined), (port) =>
        err(`penglaic: waiting for gdb on ${GDB_HOST}:${port} (in gdb: target remote :${port})\n`),
      );
    } catch (e) {
      throw new UsageError(`--gdb ${how.gdbPort}: ${(e as Error).message}`);
    }
  }
  const wallMs = performance.now() - started;
  if ('error' in outcome) {
    recorder?.finish({ instret: 0, stopReason: outcome.error, wallMs });
    throw new UsageError(`cannot start ${hostName}: ${outcome.error}`);
  }
  disk.save();
  if (recorder) {
    const stats = recorder.finish({ instret: outcome.instret, exitCode: outcome.exitCode, stopReason: outcome.stopReason, wallMs });
    if (writer) err(`penglaic: trace of ${writer.events} events written to ${how.observation!.tracePath}\n`);
    if (how.observation!.stats === 'json') err(statsJson(stats));
    else if (how.observation!.stats === 'text') err(formatStats(stats));
  }
  if (outcome.exitCode === undefined) {
    err(`penglaic: ${outcome.stopReason}\n`);
    return 3;
  }
  return outcome.exitCode;
}

/** `--caller X.elf --server name=Y.elf ...`: Penglai's test-caller host over ELF files. The
 *  launcher host opens each image under the path given here, so its messages name the user's files. */
async function runElfs(options: RunOptions, maxSteps: number | undefined): Promise<number> {
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
  // The launcher is assembled on the spot: load the assembler only for this form of `run`.
  const { launcherHost } = await import('../codegen/launcher-host.js');
  const launcher = launcherHost(caller, images);
  if ('errors' in launcher) throw new Error(`launcher host: ${launcher.errors.map((e) => e.message).join('; ')}`);
  const byName = new Map([...images, caller].map((image) => [image.name, image.file]));
  const elfOf = (name: string) => files.get(byName.get(name) ?? '');
  return runHost(caller.name, launcher.elf, files, {
    harts: hartsOf(options),
    maxSteps,
    lookup: (name) => ({ image: elfOf(name) }),
    diskPath: options.disk,
    gdbPort: options.gdb === undefined ? undefined : parsePort(options.gdb),
    deviceSeed: deviceSeed(options),
    observation: observe(options, caller.file, (name) => ({ elf: elfOf(name) })),
  });
}


function observe(options: RunOptions, program: string, images: DomainImageLookup): Observation | undefined {
  if (options.json && !options.stats) throw new UsageError('--json goes with --stats');
  if (options.trace === undefined && !options.stats) return undefined;
  return { program, images, tracePath: options.trace, stats: options.stats ? (options.json ? 'json' : 'text') : undefined };
}

async function run(target: string | undefined, options: RunOptions): Promise<number> {
  const maxSteps = options.maxSteps === undefined ? undefined : parseCount(options.maxSteps, '--max-steps');
  if (options.caller !== undefined) {
    if (target !== undefined) throw new UsageError('give either a build directory or --caller, not both');
    return runElfs(options, maxSteps);
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
  return runHost(host.file, files.get(host.file)!, files, {
    harts: hartsOf(options),
    maxSteps,
    lookup: manifestLookup(manifest, files),
    diskPath: options.disk,
    gdbPort: options.gdb === undefined ? undefined : parsePort(options.gdb),
    sectionOf: (name) => manifest.images.find((i) => i.kind !== 'host' && monitorNameOf(i) === name)?.name,
    deviceSeed: deviceSeed(options),
    observation: observe(options, manifest.source, domainImagesOf(manifest, (file) => files.get(file), files.get(host.file))),
  });
}

/** `--harts N`: the host on hart 0, START_ON_HART on the others; not yet traced, counted or debugged. */
function hartsOf(options: RunOptions): HartChoice {
  const choice = parseHartOptions(options);
  if (choice.harts > 1 && (options.gdb !== undefined || options.trace !== undefined || options.stats)) {
    throw new UsageError('--harts above 1 cannot be combined with --gdb, --trace or --stats yet');
  }
  return choice;
}

export function runCommand(setStatus: (status: number) => void): Command {
  const command = new Command('run')
    .description("run a built program: the host, its enclaves and servers under the security monitor; exits with the host's status")
    .argument('[dir]', 'a build directory, or a directory holding build/ (default: .)')
    .option('--max-steps <n>', 'instruction budget of each enclave run (default 100000000); the whole run gets ten times that')
    .option('--caller <elf>', 'instead of a build directory: run this ELF as the caller enclave "test-caller"')
    .option('--server <name=elf>', 'with --caller: create a server enclave registered as NAME from ELF (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--disk <file>', 'back the block device of READ_SECT/WRITE_SECT with this file (saved when written; 4 KiB sectors)')
    .option('--gdb <port>', 'wait for gdb on 127.0.0.1:PORT before the first instruction (gdb-multiarch: target remote :PORT); the host and each enclave and server are threads; `monitor focus NAME` stops breakpoints only in that section')
    .option('--trace <file>', 'record every monitor event to this trace file (JSON Lines; draw it with `penglaic trace`)')
    .option('--stats', 'print per-enclave statistics and the run\'s MIPS on standard error when the run ends')
    .option('--json', 'with --stats: the statistics as JSON')
    .option('--harts <n>', 'harts of the machine (default 1): the host runs on hart 0, START_ON_HART runs enclaves on the others')
    .option('--schedule <kind>', 'how harts take turns: round-robin (default) or random')
    .option('--seed <s>', 'with --schedule random: the seed of the interleaving (default 1)')
    .option('--quantum <n>', 'instructions per turn (random: up to this many; default 1000)');
  for (const option of deviceKeyOptions()) command.addOption(option);
  return command.action(async (dir, options) => setStatus(await run(dir, options)));
}
