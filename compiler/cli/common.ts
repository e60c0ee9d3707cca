// What every `penglaic` command shares: the user-facing error, the standard streams, finding
// sources and builds, printing diagnostics and parsing counts.
import { existsSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { MANIFEST_VERSION, type Manifest } from '../manifest.js';
import type { SourceHost } from '../check/index.js';
import { renderDiagnostics, renderJson } from '../diagnostics/render.js';
import type { TierStats } from '../../emulator/index.js';

/** A user-facing failure: printed as `penglaic: error: ...`, exit status 2. */
export class UsageError extends Error {}

/** Writes to a standard stream; a reader that went away (`| head`) ends the program quietly. */
export function write(fd: number, data: string | Uint8Array): void {
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    throw e;
  }
}
export const out = (text: string) => write(1, text);
export const err = (text: string) => write(2, text);

/** Reads sources from disk, remembering them for rendering diagnostics. */
export class DiskSources implements SourceHost {
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
export function findSource(target: string | undefined): string {
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

/** A path as the user would type it: relative to the working directory when under it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** Prints diagnostics as rustc-style frames on stderr with a summary line, or as JSON on stdout. */
export function report(diagnostics: readonly Diagnostic[], sources: DiskSources, json: boolean): void {
  if (json) {
    out(renderJson(diagnostics) + '\n');
    return;
  }
  if (diagnostics.length === 0) return;
  err(renderDiagnostics(diagnostics, sources.texts) + '\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  err(`${errors ? 'error' : 'warning'}: ${parts.join(', ')} found\n`);
  // As rustc does: point at the catalogue for the codes just printed.
  const codes = [...new Set([...diagnostics].sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error')).map((d) => d.code))];
  err(`${codes.length === 1 ? 'For more about this code' : `For more about a code (${codes.join(', ')})`}, try \`penglaic explain ${codes[0]}\`.\n`);
}

export function parseCount(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

/** `--max-steps` bounds each enclave run; the whole program gets ten times that. */
export function budgets(maxSteps: number | undefined): { enclaveMaxSteps?: number; totalMaxSteps?: number } {
  return maxSteps === undefined ? {} : { enclaveMaxSteps: maxSteps, totalMaxSteps: maxSteps * 10 };
}

/** The build directory a `run` works on: DIR itself when it has a manifest, else DIR/build. */
export function findBuild(target: string | undefined): string {
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

export function readManifest(buildDir: string): Manifest {
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

/** A file the user named, read whole; a clear error when it is missing or a directory. */
export function readUserFile(path: string): Uint8Array {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) throw new UsageError(`${path} is not a file`);
  return new Uint8Array(readFileSync(full));
}

export function printStats(instret: number, wallMs: number, tiers?: TierStats): void {
  const mips = wallMs > 0 ? instret / wallMs / 1000 : 0;
  err(`instructions: ${instret}\nwall time: ${wallMs.toFixed(1)} ms\nMIPS: ${mips.toFixed(1)}\n`);
  if (tiers) err(tierLines(instret, wallMs, tiers));
}

/** Instructions and time per execution tier, and translation effort (`--stats`). */
function tierLines(instret: number, wallMs: number, t: TierStats): string {
  const translateMs = t.blockCompileMs + t.regionCompileMs;
  const rest = Math.max(0, wallMs - t.blockMs - t.regionMs - translateMs);
  const share = (part: number, whole: number) => (whole > 0 ? (100 * part / whole).toFixed(1) : '0.0');
  const line = (name: string, insns: number, ms: number) =>
    `tier ${name}: ${insns} instructions (${share(insns, instret)}%), ${ms.toFixed(1)} ms (${share(ms, wallMs)}%)\n`;
  return line('interpreter (and syscalls, traps)', instret - t.blockInsns - t.regionInsns, rest)
    + line('JS blocks', t.blockInsns, t.blockMs)
    + line('wasm regions', t.regionInsns, t.regionMs)
    + `translation: ${t.blocksCompiled} blocks in ${t.blockCompileMs.toFixed(1)} ms, ${t.regionsCompiled} regions in ${t.regionCompileMs.toFixed(1)} ms (${share(translateMs, wallMs)}%)\n`;
}

/** `--gdb PORT`: a TCP port number (0 picks a free one, which is then printed). */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--gdb takes a TCP port number (0-65535), not "${value}"`);
  return Number(value);
}
